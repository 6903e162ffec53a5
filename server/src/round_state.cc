#include "hall/server/round_state.h"

#include <array>
#include <string>
#include <utility>

namespace hall::server {
namespace {

constexpr std::array<std::pair<RoundState, std::string_view>, 8> kNames{{
    {RoundState::kDraft, "draft"},
    {RoundState::kSealed, "sealed"},
    {RoundState::kOpen, "open"},
    {RoundState::kClosed, "closed"},
    {RoundState::kTallied, "tallied"},
    {RoundState::kMinutesSealed, "minutes_sealed"},
    {RoundState::kCancelled, "cancelled"},
    {RoundState::kAnnounced, "announced"},
}};

struct Transition {
  RoundState from;                // the only state the action is taken from
  std::string_view verb;          // "sealed", "opened", ...
  std::string_view earlier_hint;  // for a state before `from`
};

Transition TransitionOf(RoundAction action) {
  switch (action) {
    case RoundAction::kSeal:
      return {RoundState::kDraft, "sealed", ""};
    case RoundAction::kOpen:
      return {RoundState::kSealed, "opened",
              "seal it first (hall-admin round seal)"};
    case RoundAction::kClose:
      return {RoundState::kOpen, "closed",
              "open it first (hall-admin round open)"};
    case RoundAction::kTally:
      return {RoundState::kClosed, "tallied",
              "close it first (hall-admin round close)"};
    case RoundAction::kAnnounce:
      return {RoundState::kTallied, "announced",
              "tally it first (hall-admin round tally)"};
    case RoundAction::kCancel:
      break;  // CheckAllowed judges it alone
  }
  HALL_CHECK(false && "unknown RoundAction");
  return {};
}

}  // namespace

std::string_view RoundStateName(RoundState state) {
  for (const auto& [s, name] : kNames)
    if (s == state) return name;
  HALL_CHECK(false && "unknown RoundState");
  return "";
}

Result<RoundState> ParseRoundState(std::string_view name) {
  for (const auto& [s, n] : kNames)
    if (n == name) return s;
  return Status::Corruption("the stored round state \"" + std::string(name) +
                            "\" is not one hall writes; the database is "
                            "damaged: restore it from a backup");
}

Status CheckAllowed(std::uint64_t round_id, RoundState state,
                    RoundAction action) {
  if (action == RoundAction::kCancel) {
    if (state <= RoundState::kClosed) return Status::Ok();
    const std::string round = "round " + std::to_string(round_id);
    if (state == RoundState::kCancelled) {
      return Status::FailedPrecondition(round + " is cancelled already");
    }
    return Status::FailedPrecondition(
        round + " is " + std::string(RoundStateName(state)) +
        ": its minutes exist, so it can no longer be cancelled; a step that "
        "must be held again gets a new round");
  }
  const Transition t = TransitionOf(action);
  if (state == t.from) return Status::Ok();
  const std::string round = "round " + std::to_string(round_id);
  if (state == RoundState::kCancelled) {
    return Status::FailedPrecondition(
        round + " was cancelled (hall-admin round show gives the reason); "
                "its ballots are never counted: create a new round");
  }
  if (action == RoundAction::kAnnounce && state == RoundState::kMinutesSealed) {
    return Status::FailedPrecondition(
        round +
        " is sealed: its result is recorded in the minutes and is NOT "
        "announced in the hall");
  }
  std::string m = round + " is " + std::string(RoundStateName(state)) +
                  "; only a" + (t.from == RoundState::kOpen ? "n " : " ") +
                  std::string(RoundStateName(t.from)) + " round can be " +
                  std::string(t.verb);
  // The enum is declared in lifecycle order; every `from` is before the
  // tallied states, so "earlier" is plain enum order.
  if (state < t.from && !t.earlier_hint.empty()) {
    m += ": ";
    m += t.earlier_hint;
  }
  return Status::FailedPrecondition(std::move(m));
}

}  // namespace hall::server
