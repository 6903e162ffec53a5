// KioskAlert: what a kiosk tells the committee when it sees an integrity
// problem (protocol.h's AlertRequest). One enum, one name table: the wire
// carries the number, the database and hall-admin the name.
//
// Contract:
// - AlertKindName spells every kind; ParseAlertKind and AlertKindOfWire
//   refuse (nullopt) any other name or number, so a stored or received kind
//   is always one of the enum's.
// - SanitizeAlertText makes a text a kiosk wrote safe to store and to print
//   on the committee's terminal: at most kMaxAlertDetail bytes of valid
//   UTF-8, with no control character, no C1 control and no bidirectional
//   override (each such character, and each byte that is not valid UTF-8,
//   becomes U+FFFD; tabs and line breaks become a space). Pure, no locale.
#ifndef HALL_SHARED_KIOSK_ALERT_H_
#define HALL_SHARED_KIOSK_ALERT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hall::shared {

enum class AlertKind : std::uint8_t {
  // A ballot template failed its seal verification on the kiosk.
  kTemplateSealInvalid = 1,
  // A receipt's inclusion proof did not verify, or named another ballot.
  kInclusionCheckFailed = 2,
  // A spoiled (challenged) ballot did not open to the choices shown.
  kSpoiledCheckFailed = 3,
};

inline constexpr AlertKind kAllAlertKinds[] = {AlertKind::kTemplateSealInvalid,
                                               AlertKind::kInclusionCheckFailed,
                                               AlertKind::kSpoiledCheckFailed};

// The most bytes of detail an alert carries (the wire refuses more).
inline constexpr std::size_t kMaxAlertDetail = 500;

// "template_seal_invalid", "inclusion_check_failed", "spoiled_check_failed".
std::string_view AlertKindName(AlertKind kind);
std::optional<AlertKind> ParseAlertKind(std::string_view name);
std::optional<AlertKind> AlertKindOfWire(std::uint8_t value);

// See the contract. The result is at most `max_bytes` bytes (whole
// characters only).
std::string SanitizeAlertText(std::string_view text,
                              std::size_t max_bytes = kMaxAlertDetail);

}  // namespace hall::shared

#endif  // HALL_SHARED_KIOSK_ALERT_H_
