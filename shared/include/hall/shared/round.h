// A round's counts (the input of the rules engine) and its outcome (the
// output), as plain data. Field names follow the `hall-rules` contract in
// docs/procedures.md, section "Evaluating a round offline".
#ifndef HALL_SHARED_ROUND_H_
#define HALL_SHARED_ROUND_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/shared/procedure.h"
#include "hall/shared/reason.h"

namespace hall::rules {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Per-person option counts. For nominate ballots only "votes" is used; for
// the other kinds the keys are the option names of the ballot kind
// ("agree", "disagree", "abstain", "high", "medium", "low", "excellent",
// "competent", "basic", "incompetent").
using OptionCounts = std::map<std::string, std::int64_t>;

struct RoundInput {
  std::string procedure;
  std::string step;
  std::int64_t convened = 0;
  std::int64_t present = 0;
  std::optional<std::int64_t> members;
  std::int64_t slots = 1;
  std::vector<std::string> candidates;
  std::optional<std::string> head_nominee;
  std::optional<std::vector<std::string>> previous_selection;
  std::optional<Date> date;
  std::int64_t cast = 0;
  std::int64_t blank = 0;
  // Keyed by candidate. nominate: {"votes": n}.
  std::map<std::string, OptionCounts> counts;
  std::map<std::string, OptionCounts> counts_b;
};

struct Outcome {
  std::string candidate;
  OutcomeStatus status = OutcomeStatus::kNotSelected;
  std::optional<std::int64_t> votes;  // the count the rule compared
  std::optional<Level> level;         // rate3 only
  Reason reason;                      // rules_text.h puts it in words
};

struct QuorumCheck {
  std::int64_t required = 0;
  std::int64_t present = 0;
  bool met = false;
  Base of = Base::kConvened;
  std::int64_t base = 0;  // how many `of` counts (e.g. the 40 convened)
};

// A flag on a round's outcome: a warning or a fact the minutes must carry.
// The enumerators are in the contract's order, the order a result lists its
// flags in; FlagName spells each as the contract (docs/procedures.md) does.
enum class Flag {
  kTieAtCut,                    // "tie_at_cut"
  kReportDivergence,            // "report_divergence"
  kHeadTiebreakApplied,         // "head_tiebreak_applied"
  kLowMajority,                 // "low_majority"
  kLowTwoThirds,                // "low_two_thirds"
  kEvaluationBelow80,           // "evaluation_below_80"
  kOutsideQ1,                   // "outside_q1"
  kQuorumNotMet,                // "quorum_not_met"
  kCandidatesNotMoreThanSlots,  // "candidates_not_more_than_slots"
  kCandidatesBelowRatio,        // "candidates_below_ratio"
};

// Every flag, in the contract's order.
const std::vector<Flag>& AllFlags();
// The contract's name of `flag` ("tie_at_cut").
std::string FlagName(Flag flag);
// The flag named `name`; nullopt for a name the contract does not have.
std::optional<Flag> ParseFlag(std::string_view name);

struct RoundResult {
  std::string procedure;
  std::string step;
  std::optional<crypto::BallotKind> ballot;  // nullopt: "none"
  Disclosure disclosure = Disclosure::kMinutesOnly;
  QuorumCheck quorum;
  Base denominator = Base::kConvened;
  std::int64_t denominator_value = 0;
  std::vector<Outcome> outcomes;
  std::vector<Flag> flags;  // in the contract's order, each at most once
};

// Option names of a ballot kind, in ballot order ("agree", "disagree", ...).
// Nominate ballots have the single pseudo-option "votes"; a step without a
// ballot has none.
const std::vector<std::string>& OptionNames(
    std::optional<crypto::BallotKind> ballot);

}  // namespace hall::rules

#endif  // HALL_SHARED_ROUND_H_
