// Reading JSON that came from outside the process: files a person or another
// program wrote (procedure files, rounds for hall-rules, ceremony and trustee
// files, the election record) and documents read back from storage. Every
// such read goes through here, so each one refuses the same things, with a
// message that names the problem and where it is:
//   - text longer than the limit (before anything is parsed),
//   - text that is not JSON, or not UTF-8 ("line 3, column 14"),
//   - nesting deeper than the limit (no reader of hall goes past a few levels;
//     a 100,000-deep value is refused, not walked),
//   - an object that holds one key twice (JSON leaves that open; taking the
//     last one silently can change an outcome).
// Integers are not range-checked here: each reader checks its own fields.
#ifndef HALL_SHARED_JSON_INPUT_H_
#define HALL_SHARED_JSON_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include <nlohmann/json.hpp>

#include "hall/base/status.h"

namespace hall::shared {

struct JsonLimits {
  std::size_t max_bytes;
  int max_depth;  // a scalar at the top level is depth 0, {"a": 1} is 1
};

// Documents a person writes or a tool signs: procedure files, rounds,
// minutes, templates, statements, ceremony and trustee files, bundles.
inline constexpr JsonLimits kDocumentJson{4u << 20, 32};
// The election record's indexes and boards (every ballot of a meeting).
inline constexpr JsonLimits kRecordJson{1u << 30, 32};

// kInvalidArgument "WHAT: ..." for each problem above; `what` names the
// input for the person ("procedure file p1.json", "the round").
Result<nlohmann::json> ParseJsonInput(std::string_view text,
                                      std::string_view what,
                                      const JsonLimits& limits = kDocumentJson);
Result<nlohmann::ordered_json> ParseOrderedJsonInput(
    std::string_view text, std::string_view what,
    const JsonLimits& limits = kDocumentJson);

// The value of `v` when it is a whole number from `min` to `max`; nullopt
// for anything else, never a value cut to fit (4294967297 is not a month 1).
template <typename Json>
std::optional<std::uint64_t> WholeNumberIn(const Json& v, std::uint64_t min,
                                           std::uint64_t max) {
  std::uint64_t n = 0;
  if (v.is_number_unsigned()) {
    n = v.template get<std::uint64_t>();
  } else if (v.is_number_integer() && v.template get<std::int64_t>() >= 0) {
    n = static_cast<std::uint64_t>(v.template get<std::int64_t>());
  } else {
    return std::nullopt;  // negative, fractional, or not a number
  }
  if (n < min || n > max) return std::nullopt;
  return n;
}

// The same for bytes read from a file or a database column.
inline std::string_view BytesAsText(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline Result<nlohmann::json> ParseJsonInput(
    std::span<const std::uint8_t> bytes, std::string_view what,
    const JsonLimits& limits = kDocumentJson) {
  return ParseJsonInput(BytesAsText(bytes), what, limits);
}

}  // namespace hall::shared

#endif  // HALL_SHARED_JSON_INPUT_H_
