// Why a candidate got an outcome, as data: a ReasonCode and the numbers its
// sentence states (the count compared, the threshold with its base, the
// slots, the B ballots, ...). The rules engine builds Reasons and never
// sentences; rules_text.h renders a Reason in English, Vietnamese or Chinese
// (the English is the contract's "reason" text), and round_json.h encodes it
// as "reason_code" and "reason_args" (docs/procedures.md).
//
// Each code uses a fixed set of the fields (ReasonUses); the others keep
// their defaults, so two equal outcomes have equal Reasons.
#ifndef HALL_SHARED_REASON_H_
#define HALL_SHARED_REASON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/shared/fraction.h"

namespace hall::rules {

enum class Level { kHigh, kMedium, kLow };

enum class ReasonCode {
  kQuorumNotMet,            // below quorum: how many present, required
  kTopPassed,               // top_majority: the most, and above the threshold
  kTiedForTop,              // top_majority: tied for the most
  kBelowSelected,           // top_majority: fewer than the person selected
  kCarriedInTop,            // nobody passed: among the top N, carried forward
  kCarriedTiedAtCut,        // nobody passed: tied at the cut, all carried
  kTiedAtCarryCut,          // nobody passed: tied at the cut, to be decided
  kBelowCarryMinimum,       // nobody passed: fewer than carry_min_votes
  kNotInTop,                // nobody passed: not among the top N
  kWithinSlots,             // ranked_majority: above threshold, within slots
  kTiedAtSlotCut,           // ranked_majority: tied at the slot cut
  kSlotsFilled,             // ranked_majority: above threshold, slots filled
  kHeadNomineeAppointed,    // exact tie: the head's nominee, appointed
  kTiedWithHeadNominee,     // exact tie: another, the nominee is appointed
  kExactTieWithoutNominee,  // exact tie: no nominee among the tied
  kExactTieOfMany,          // exact tie of more than the head's rule covers
  kExactlyAtThreshold,      // one person at exactly the threshold
  kPassesThreshold,         // threshold: passes
  kBelowThreshold,          // ranked_majority, threshold: does not pass
  kOpinionOnly,             // opinion: the counts, recorded
  kInspectionCandidate,     // bracket_share: passes the bracket's share
  kBelowBracketShare,       // bracket_share: does not
  kRate3Level,              // rate3: the counts and the level
  kEvaluationPassed,        // rate4: excellent + competent above threshold
  kEvaluationBelow,         // rate4: not above; promotion not proposed
};

// The fields of a Reason that a code uses.
enum class ReasonField {
  kCount,      // counted and count
  kThreshold,  // threshold
  kPresent,
  kRequired,
  kOthers,
  kTop,
  kMinVotes,
  kSlots,
  kCast,
  kOptions,
  kLevel,
};

// What a reason's count counts: "15 votes", "9 agree",
// "excellent + competent 12".
enum class Counted { kVotes, kAgree, kExcellentCompetent };

// A threshold as the reason states it: "more than 1/2 of the 40 convened".
struct ThresholdFacts {
  Comparison compare = Comparison::kGreater;
  Fraction fraction;
  Base of = Base::kConvened;
  std::int64_t of_count = 0;  // how many `of` counts (the 40 convened)

  bool operator==(const ThresholdFacts&) const = default;
};

// One option's count, in ballot order ("agree" 5).
struct OptionCount {
  std::string option;
  std::int64_t count = 0;

  bool operator==(const OptionCount&) const = default;
};

struct Reason {
  ReasonCode code = ReasonCode::kBelowThreshold;
  Counted counted = Counted::kVotes;
  std::int64_t count = 0;  // the count the rule compared
  // The rule's threshold; for kQuorumNotMet the quorum's; for the
  // bracket_share codes the bracket's fraction of the participants (of
  // present).
  ThresholdFacts threshold;
  std::int64_t present = 0;    // kQuorumNotMet: those checked in
  std::int64_t required = 0;   // kQuorumNotMet: the fewest that make quorum
  std::int64_t others = 0;     // kTiedForTop: how many others are tied
  std::int64_t top = 0;        // the carry_forward N ("the top 2")
  std::int64_t min_votes = 0;  // kBelowCarryMinimum: carry_min_votes
  std::int64_t slots = 0;      // the posts a ranked_majority round fills
  std::int64_t cast = 0;       // ballots cast (opinion, rate3)
  std::vector<OptionCount> options;  // opinion, rate3: the counts
  Level level = Level::kMedium;      // kRate3Level
  // kRate3Level: set when the low count passes the step's low_majority /
  // low_two_thirds threshold (which the reason then states).
  std::optional<ThresholdFacts> low_majority;
  std::optional<ThresholdFacts> low_two_thirds;
  // B ballots recorded for this person (they decide nothing); any code.
  std::optional<std::vector<OptionCount>> b_ballots;

  bool operator==(const Reason&) const = default;
};

// Every code, in the enum's order.
const std::vector<ReasonCode>& AllReasonCodes();
// The stable name of `code` ("carried_in_top"): the JSON's "reason_code".
std::string ReasonCodeName(ReasonCode code);
std::optional<ReasonCode> ParseReasonCode(std::string_view name);
// True when `code`'s sentence states `field`.
bool ReasonUses(ReasonCode code, ReasonField field);

// "votes", "agree", "excellent_competent".
std::string CountedName(Counted counted);
std::optional<Counted> ParseCounted(std::string_view name);

std::string LevelName(Level level);  // "high", "medium", "low"
std::optional<Level> ParseLevel(std::string_view name);

}  // namespace hall::rules

#endif  // HALL_SHARED_REASON_H_
