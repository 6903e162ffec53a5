// The round lifecycle: one enum, one name table, one place that says which
// action a state allows.
//
//   draft -> sealed -> open -> closed -> tallied -> announced
//                                    \-> minutes_sealed   (sealed steps)
//                           \-> cancelled (closed below the minimum)
//   draft, sealed, open or closed --Cancel (the committee, a reason)--> cancelled
//
// RoundStateName is the only spelling of a state: in the database's `state`
// column, on the wire (protocol RoundStatus::state) and in docs/protocol.md.
// CheckAllowed is called by the committee before every transition and by
// hall-admin before it asks for a passphrase, so their refusals are the same
// words. The refusal says what must happen first.
#ifndef HALL_SERVER_ROUND_STATE_H_
#define HALL_SERVER_ROUND_STATE_H_

#include <cstdint>
#include <string_view>

#include "hall/base/status.h"

namespace hall::server {

// Declared in lifecycle order (CheckAllowed relies on it).
enum class RoundState : std::uint8_t {
  kDraft,
  kSealed,
  kOpen,
  kClosed,
  kTallied,
  kMinutesSealed,
  kAnnounced,
  // Closed with fewer ballots than a box is opened with
  // (shared::MinBallotsToOpen), or cancelled by the committee with a
  // reason before its minutes exist: never tallied; the reason is stored.
  kCancelled,
};

enum class RoundAction : std::uint8_t {
  kSeal,
  kOpen,
  kClose,
  kTally,
  kAnnounce,
  kCancel,  // from draft, sealed, open or closed
};

// "draft", "sealed", "open", "closed", "tallied", "minutes_sealed",
// "announced", "cancelled".
std::string_view RoundStateName(RoundState state);
// Corruption for any other spelling (the column is written only from the
// table above).
Result<RoundState> ParseRoundState(std::string_view name);

// OK when `action` may be taken on round `round_id` in `state`; otherwise
// FailedPrecondition naming the state and what comes first.
Status CheckAllowed(std::uint64_t round_id, RoundState state,
                    RoundAction action);

// The round has been tallied (its minutes are signed, read or sealed).
inline bool IsTallied(RoundState s) {
  return s == RoundState::kTallied || s == RoundState::kAnnounced ||
         s == RoundState::kMinutesSealed;
}

}  // namespace hall::server

#endif  // HALL_SERVER_ROUND_STATE_H_
