// The printable sheet of ballot-code slips for a sealed round.
//
// RenderSlips returns one self-contained UTF-8 HTML page (no external
// resources: no fonts, images or scripts are fetched) laid out for A4: slips
// in a 2-column grid with dashed cut lines, never split across pages. Each
// slip shows the meeting title, the round and step, the ballot code in large
// monospace groups, and a QR code of the code (libqrencode, error correction
// level M) drawn as inline SVG. Every text is HTML-escaped.
//
// The codes are as secret as ballots: the returned page is meant only for
// the printer.
#ifndef HALL_SERVER_ADMIN_SLIPS_H_
#define HALL_SERVER_ADMIN_SLIPS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/credential.h"
#include "hall/server/admin/cli.h"
#include "hall/shared/ballot_template.h"

namespace hall::server::admin {

struct SlipHeading {
  std::string meeting_title;
  std::uint64_t meeting_id = 0;
  std::uint64_t round_id = 0;
  std::string procedure;         // "P1 vn-138-appointment"
  std::string step;              // "2"
  std::string step_title;        // e.g. English title
  std::string step_title_local;  // e.g. Vietnamese title (may be empty)
};

// A QR code of `text` (level M, 8-bit mode) as an <svg> element with a
// 4-module quiet zone, `size_mm` wide.
Result<std::string> QrSvg(std::string_view text, int size_mm = 40);

// The HTML sheet, one slip per code in the given order.
Result<std::string> RenderSlips(const SlipHeading& heading,
                                const std::vector<std::string>& codes);

// The heading of a sealed round's slips, from its signed template and its
// procedure's code ("P1").
SlipHeading HeadingOf(const shared::BallotTemplate& t,
                      const std::string& procedure_code);

// Renders the sheet of `codes` into `slips` (and one code per line into
// `codes_file` when given), syncs both and wipes the texts it made. Fails
// with the file's error; the caller's codes are not wiped.
Status WriteSlips(const SlipHeading& heading,
                  const std::vector<crypto::CredentialCode>& codes,
                  NewFile& slips, NewFile* codes_file);

// Escapes &, <, >, " and ' for HTML text and attributes.
std::string HtmlEscape(std::string_view text);

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_SLIPS_H_
