// The procedure model: what a procedure file (shared/procedures/*.json) says,
// as plain data. A Procedure has steps; a step with a ballot has a Rule that
// the rules engine (rules.h) applies to the round's counts.
//
// Every reading of the sources marked [interp] in docs/procedures.md is a named
// field of RuleParameters with the stated default, settable per step in the
// procedure file; none is a hidden constant.
#ifndef HALL_SHARED_PROCEDURE_H_
#define HALL_SHARED_PROCEDURE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/shared/fraction.h"
#include "hall/shared/language.h"

namespace hall::rules {

enum class Disclosure { kAnnounced, kSealed, kMinutesOnly };

enum class RuleKind {
  kTopMajority,      // nominate: top vote-getter above threshold, else top N forward
  kRankedMajority,   // agree above threshold, top down to the slots
  kThreshold,        // each person passes or not (carry forward / removal)
  kOpinion,          // no selection: everyone carried forward with counts
  kBracketShare,     // P7 step 1: share threshold depends on participants
  kRate3Classify,    // P5 step 2r: three confidence levels
  kRate4Evaluation,  // P7 step 2: excellent + competent above 80% of cast
};

enum class OutcomeStatus {
  kSelected,
  kCarriedForward,
  kNotSelected,
  kRemovalProposed,
  kKept,
  kNeedsDecision,
};

// What to do with persons tied at a cut line.
enum class TieHandling { kCarryAll, kNeedsDecision };

// How step 3 of P1 compares with step 2's result.
enum class DivergenceTest { kNotSubset, kNotEqual };

// Which rate3 level wins a tie for the most votes.
enum class LevelTie { kLower, kHigher };

struct Bracket {
  std::optional<std::int64_t> up_to;  // participants; nullopt = no upper end
  Fraction fraction;
};

// The named parameters of a rule. Defaults are docs/procedures.md's [interp]
// readings; a procedure file may set any of them for a step.
struct RuleParameters {
  // top_majority: how many go forward when nobody passes the threshold.
  int carry_forward = 2;
  // [interp] P1: ties for the last carried-forward place carry everyone tied.
  TieHandling tie_at_carry_cut = TieHandling::kCarryAll;
  // [interp] a person with fewer votes than this is never carried forward.
  std::int64_t carry_min_votes = 1;
  // ranked_majority: ties above the threshold at the slot cut.
  TieHandling tie_at_slot_cut = TieHandling::kNeedsDecision;
  // P1 step 5: persons tied exactly at the threshold; the head's nominee wins
  // when exactly this many are tied (the seed: "two persons"); [interp] more
  // tied persons are all needs_decision.
  bool head_nominee_breaks_exact_tie = false;
  int head_nominee_tie_persons = 2;
  // [interp] P1 step 5: one person exactly at the threshold, nobody above.
  OutcomeStatus single_at_exact_threshold = OutcomeStatus::kNotSelected;
  // P1 step 3: flag report_divergence when the result differs from
  // previous_selection; [interp] "differs" = not a subset of it.
  bool check_divergence = false;
  DivergenceTest divergence_test = DivergenceTest::kNotSubset;
  // Flag candidates_not_more_than_slots unless candidates > slots
  // (P5 step 2; P7 step 3, a competitive vote).
  bool candidates_must_outnumber_slots = false;
  // kBracketShare: flag when the persons passing are not more than slots.
  bool passing_must_outnumber_slots = false;
  // P7 step 3: flag candidates_below_ratio when candidates are fewer than
  // this many per post (1:2; 1:3 for open selection); 0 = no ratio.
  int candidates_per_slot = 0;
  // P7 step 3: the most persons one sitting may study, on all of its ballots
  // together; a ballot with more is refused; 0 = no limit.
  int max_persons_per_sitting = 0;
  // [interp] P5 rate3: the level with the most votes; ties go to the lower.
  LevelTie level_tie = LevelTie::kLower;
  // [interp] P5 rate3 flags, both measured against cast.
  Threshold low_majority{Comparison::kGreater, {1, 2}, Base::kCast};
  Threshold low_two_thirds{Comparison::kAtLeast, {2, 3}, Base::kCast};
  // kThreshold: the status for passing and for failing.
  OutcomeStatus pass_status = OutcomeStatus::kCarriedForward;
  OutcomeStatus fail_status = OutcomeStatus::kNotSelected;
  // The step has B ballots (counts_b) that are recorded and decide nothing;
  // only such a step's rounds may have advisory voters (class B).
  bool has_b_ballots = false;
  // The step's ballots may be tallied per voter group (P7 step 1, 分别统计);
  // only such a step's rounds may be.
  bool tally_by_group = false;
};

struct Rule {
  RuleKind kind = RuleKind::kOpinion;
  std::optional<Threshold> threshold;  // all kinds but opinion/rate3
  std::vector<Bracket> brackets;       // kBracketShare only
  RuleParameters params;
};

// Text in the languages a committee reads. English is always present.
struct Text {
  std::map<std::string, std::string> by_language;  // "en", "vi", "zh"
  const std::string& Get(const std::string& language) const;
};

// A step's quorum when its file says "quorum": "none": required 0, met.
inline constexpr Threshold kNoQuorum{Comparison::kAtLeast, {0, 1}, Base::kPresent};
// The loader refuses any other quorum with a zero fraction, so a zero
// numerator means "none" wherever a quorum is read.
inline bool IsNoQuorum(const Threshold& t) { return t.fraction.num == 0; }

// The dates a step without a ballot records (hall-admin step record
// --date), checked by shared::CheckStepRecordDates.
enum class RecordDates : std::uint8_t {
  kNone,
  // P7 step 4: publicity_start, publicity_end (at least 7 days of
  // publicity), talk (after the publicity), trial_start (not before the
  // talk) and trial_end (one year after trial_start).
  // "record_dates": "publicity_talk_trial" in the procedure file.
  kPublicityTalkTrial,
};

struct Step {
  std::string id;  // "2", "1a", "2r"
  Text title;
  Text electorate;
  // The step's ballot (crypto's kinds); nullopt: a step without a ballot,
  // e.g. a discussion step ("ballot": "none" in the procedure file).
  std::optional<crypto::BallotKind> ballot;
  std::optional<int> max_agree;  // approve ballots only
  bool voter_signature_optional = false;
  Disclosure disclosure = Disclosure::kMinutesOnly;
  std::optional<Threshold> quorum;  // overrides the procedure's quorum
  std::optional<Rule> rule;         // present iff ballot has a value
  Text notes;
  RecordDates record_dates = RecordDates::kNone;  // steps without a ballot
};

struct Season {
  std::vector<int> months;  // months when the procedure normally runs
};

// The fewest ballots any box is opened with, whatever a procedure asks.
inline constexpr std::int64_t kMinBallotsFloor = 3;

struct Procedure {
  std::string id;    // "vn-138-appointment"
  std::string code;  // "P1"
  Text title;
  std::string source;
  Threshold quorum{Comparison::kAtLeast, {2, 3}, Base::kConvened};
  std::optional<Season> season;  // P6: first quarter (outside_q1 warning)
  // A box is opened only with at least this many ballots, so that no count
  // comes close to a single vote; a round closed with fewer is cancelled.
  // "min_ballots" in the file; never below kMinBallotsFloor.
  std::int64_t min_ballots = kMinBallotsFloor;
  std::vector<Step> steps;
  // The procedure file this was parsed from, byte for byte: a meeting
  // stores it and every later command (and the auditor) parses it again.
  std::string file_text;

  const Step* FindStep(const std::string& step_id) const;
  // The language its meeting's documents are printed in: Chinese for a
  // procedure with a Chinese title (P7), Vietnamese for the others.
  Language MeetingLanguage() const;
};

// The stage a step belongs to: the number its id starts with. Steps of one
// stage are variants or parts of one sitting ("2" and "2r" in P5: a new
// appointment or a re-appointment; "1a" and "1b" in P3) and may run in any
// order; the stages run in order, and a balloted stage is done when one of
// its steps has a tallied round.
int StageOf(const std::string& step_id);

// A step's ballot as the procedure file and the round JSON spell it:
// crypto::BallotKindName of the kind, "none" for a step without a ballot.
std::string BallotKindName(std::optional<crypto::BallotKind> ballot);
// The ballot `name` spells ("none": nullopt), through crypto::ParseBallotKind;
// kInvalidArgument for any other name.
Result<std::optional<crypto::BallotKind>> ParseStepBallot(
    std::string_view name);
// "none, nominate, approve, rate3, rate4, yesno_abstain": every name above.
std::string StepBallotNames();
std::string DisclosureName(Disclosure d);
std::string RuleKindName(RuleKind kind);
std::string StatusName(OutcomeStatus s);

}  // namespace hall::rules

#endif  // HALL_SHARED_PROCEDURE_H_
