// The minutes of a round printed for the counting committee to sign
// (biên bản kiểm phiếu / 计票结果报告单): one PDF from the minutes document
// hall writes (shared/minutes_document.h, "hall-minutes/1"), in the
// meeting's language or English, with the record's digest on every page and
// a signature box for every member of the counting committee.
//
// The same minutes and options give the same bytes (the PDF's date is the
// minutes' counted_at). Nothing is read but the minutes text: the PDF says
// what the signed minutes say, and only that.
#ifndef HALL_PAPER_MINUTES_PDF_H_
#define HALL_PAPER_MINUTES_PDF_H_

#include <optional>
#include <string>
#include <string_view>

#include "hall/base/status.h"
#include "hall/shared/language.h"

namespace hall::paper {

struct MinutesPrint {
  // nullopt: the meeting's language (MeetingLanguage).
  std::optional<rules::Language> language;
  // The members of the counting committee who sign: the head, members,
  // and the secretary (at least 1, at most kMaxSigners).
  int signers = 3;
  // The digest printed on every page: hall-admin's minutes digest, which
  // the record lists; for minutes a recipient opened, the round's tally
  // request digest (digest_is_tally_request), which the record lists too.
  std::string digest;
  bool digest_is_tally_request = false;
};

inline constexpr int kMaxSigners = 15;

// The language the procedure of these minutes is written for: Chinese for
// a procedure with a Chinese title (P7), else Vietnamese.
Result<rules::Language> MeetingLanguage(std::string_view minutes);

// The PDF; kInvalidArgument for text that is not hall's minutes (naming
// the field), kFailedPrecondition when the fonts are not installed.
Result<std::string> MinutesPdf(std::string_view minutes,
                               const MinutesPrint& print);

}  // namespace hall::paper

#endif  // HALL_PAPER_MINUTES_PDF_H_
