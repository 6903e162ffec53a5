// The ballot-code slips of a sealed round, printed for the counting
// committee to cut and hand out (phiếu mã bỏ phiếu / 投票码凭条): a cover
// sheet with the count, the seal fingerprint and boxes for who printed and
// who received them, then A4 sheets of eight slips with dashed cut lines.
// Each slip has the meeting, the round, the step, the code in its groups
// and as a QR code, the voter class where the round has classes, the seal
// fingerprint the kiosk must show, and one line of instruction, all in the
// meeting's language.
//
// The codes are as secret as ballots: the caller wipes the codes and the
// returned PDF once written; nothing here keeps them.
#ifndef HALL_PAPER_SLIPS_PDF_H_
#define HALL_PAPER_SLIPS_PDF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/language.h"

namespace hall::paper {

struct SlipSheet {
  rules::Language language = rules::Language::kVi;
  std::string meeting_title;
  std::string meeting_date;      // "YYYY-MM-DD"; "" not set
  std::uint64_t round = 0;
  std::string procedure;         // "P1 — Bổ nhiệm ..."
  std::string step;              // "2"
  std::string step_title;        // in `language`
  // The voter class of each code (parallel to the codes) where the round
  // has classes; empty otherwise. The cover counts the slips per class.
  std::vector<std::string> code_classes;
  std::string seal_fingerprint;  // crypto::Fingerprint of the seal
  std::string template_digest;   // hex, of the signed ballot template
  std::string made_at;           // "YYYY-MM-DDThh:mm:ssZ": the PDF's dates
  bool rehearsal = false;
};

// At most this many slips in one PDF (a round of the largest congress).
inline constexpr std::size_t kMaxSlips = 20000;

// The PDF, one slip per code in the given order; kInvalidArgument for no
// codes or too many, kFailedPrecondition when the Noto fonts are missing.
Result<std::string> SlipsPdf(const SlipSheet& sheet,
                             const std::vector<std::string>& codes);

}  // namespace hall::paper

#endif  // HALL_PAPER_SLIPS_PDF_H_
