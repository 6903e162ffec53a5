// What a name or title must be for hall to print it (slips, minutes, the
// attendance sheet) and show it (kiosk, hall display): checked where the
// committee enters it, so nothing that is signed later cannot be printed.
#ifndef HALL_SHARED_PRINTABLE_TEXT_H_
#define HALL_SHARED_PRINTABLE_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "hall/base/status.h"

namespace hall::shared {

inline constexpr std::size_t kMaxNameBytes = 200;   // a person, a group
inline constexpr std::size_t kMaxTitleBytes = 300;  // a meeting's title

// kInvalidArgument naming `what` (e.g. "roll line 4: name") when `text` is
// empty, longer than `max_bytes`, not UTF-8, holds a control character, an
// invisible formatting character (zero-width spaces and joiners, direction
// overrides, a byte order mark inside the text: names that would look like
// another), a line or paragraph separator, a character no font prints
// (private use, unassigned, a noncharacter), or stacks more than three
// combining marks on one letter (text that draws over its neighbours).
Status CheckPrintableText(std::string_view text, const std::string& what,
                          std::size_t max_bytes);

enum class TextShape : std::uint8_t {
  kOneLine,  // a name, a group, a title
  kLines,    // a step record's text, a cancellation's reason: "\n" allowed
};

// Human text as hall stores it, for every text a person gives (a CSV, a
// command's argument, a file): checked as CheckPrintableText checks it (for
// kLines line by line, "\r\n" read as "\n"), and composed to Unicode NFC,
// so that "Nguyễn" typed with decomposed accents (e + U+0302 + U+0303) and
// with the composed letter is one name, stored, signed and compared as one.
Result<std::string> HumanText(std::string_view text, const std::string& what,
                              std::size_t max_bytes,
                              TextShape shape = TextShape::kOneLine);

// `text` made safe to write to a log or a terminal whoever chose it (a
// peer's certificate name, a key in a file): printable UTF-8 is kept, every
// other byte or character (controls, escapes, formatting characters, bytes
// that are not UTF-8) is written as \xNN or \u{XXXX}; cut to `max_bytes`
// with "..." after it.
std::string EscapeForLog(std::string_view text, std::size_t max_bytes = 256);

}  // namespace hall::shared

#endif  // HALL_SHARED_PRINTABLE_TEXT_H_
