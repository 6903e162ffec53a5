#include "hall/shared/procedure.h"

#include "hall/shared/round.h"

namespace hall::rules {

std::string BaseName(Base base) {
  switch (base) {
    case Base::kConvened: return "convened";
    case Base::kPresent: return "present";
    case Base::kMembers: return "members";
    case Base::kCast: return "cast";
    case Base::kValid: return "valid";
  }
  return "?";
}

std::string FractionText(Fraction f) {
  return std::to_string(f.num) + "/" + std::to_string(f.den);
}

std::string ComparisonText(Comparison c) {
  return c == Comparison::kGreater ? ">" : ">=";
}

const std::string& Text::Get(const std::string& language) const {
  static const std::string kEmpty;
  auto it = by_language.find(language);
  if (it != by_language.end()) return it->second;
  it = by_language.find("en");
  return it != by_language.end() ? it->second : kEmpty;
}

int StageOf(const std::string& step_id) {
  int stage = 0;
  for (char c : step_id) {
    if (c < '0' || c > '9' || stage > 100000) break;
    stage = stage * 10 + (c - '0');
  }
  return stage;
}

const Step* Procedure::FindStep(const std::string& step_id) const {
  for (const auto& s : steps) {
    if (s.id == step_id) return &s;
  }
  return nullptr;
}

Language Procedure::MeetingLanguage() const {
  return title.by_language.count("zh") ? Language::kZh : Language::kVi;
}

namespace {
constexpr std::string_view kNoBallot = "none";
}  // namespace

std::string BallotKindName(std::optional<crypto::BallotKind> ballot) {
  return std::string(ballot ? crypto::BallotKindName(*ballot) : kNoBallot);
}

Result<std::optional<crypto::BallotKind>> ParseStepBallot(
    std::string_view name) {
  if (name == kNoBallot) return std::optional<crypto::BallotKind>();
  auto kind = crypto::ParseBallotKind(name);
  if (!kind.ok()) return kind.status();
  return std::optional<crypto::BallotKind>(*kind);
}

std::string StepBallotNames() {
  std::string names(kNoBallot);
  for (crypto::BallotKind k : crypto::kAllBallotKinds)
    names += ", " + std::string(crypto::BallotKindName(k));
  return names;
}

std::string DisclosureName(Disclosure d) {
  switch (d) {
    case Disclosure::kAnnounced: return "announced";
    case Disclosure::kSealed: return "sealed";
    case Disclosure::kMinutesOnly: return "minutes_only";
  }
  return "?";
}

std::string RuleKindName(RuleKind kind) {
  switch (kind) {
    case RuleKind::kTopMajority: return "top_majority";
    case RuleKind::kRankedMajority: return "ranked_majority";
    case RuleKind::kThreshold: return "threshold";
    case RuleKind::kOpinion: return "opinion";
    case RuleKind::kBracketShare: return "bracket_share";
    case RuleKind::kRate3Classify: return "rate3_classify";
    case RuleKind::kRate4Evaluation: return "rate4_evaluation";
  }
  return "?";
}

std::string StatusName(OutcomeStatus s) {
  switch (s) {
    case OutcomeStatus::kSelected: return "selected";
    case OutcomeStatus::kCarriedForward: return "carried_forward";
    case OutcomeStatus::kNotSelected: return "not_selected";
    case OutcomeStatus::kRemovalProposed: return "removal_proposed";
    case OutcomeStatus::kKept: return "kept";
    case OutcomeStatus::kNeedsDecision: return "needs_decision";
  }
  return "?";
}

const std::vector<std::string>& OptionNames(
    std::optional<crypto::BallotKind> ballot) {
  static const std::vector<std::string> kNominate{"votes"};
  static const std::vector<std::string> kApprove{"agree", "disagree"};
  static const std::vector<std::string> kYesNo{"agree", "disagree", "abstain"};
  static const std::vector<std::string> kRate3{"high", "medium", "low"};
  static const std::vector<std::string> kRate4{"excellent", "competent", "basic",
                                               "incompetent"};
  static const std::vector<std::string> kNone;
  if (!ballot) return kNone;
  switch (*ballot) {
    case crypto::BallotKind::kNominate: return kNominate;
    case crypto::BallotKind::kApprove: return kApprove;
    case crypto::BallotKind::kYesNoAbstain: return kYesNo;
    case crypto::BallotKind::kRate3: return kRate3;
    case crypto::BallotKind::kRate4: return kRate4;
  }
  return kNone;
}

namespace {

// The one name table of Flag, in the enum's (the contract's) order.
struct FlagEntry {
  Flag flag;
  const char* name;
};
constexpr FlagEntry kFlagNames[] = {
    {Flag::kTieAtCut, "tie_at_cut"},
    {Flag::kReportDivergence, "report_divergence"},
    {Flag::kHeadTiebreakApplied, "head_tiebreak_applied"},
    {Flag::kLowMajority, "low_majority"},
    {Flag::kLowTwoThirds, "low_two_thirds"},
    {Flag::kEvaluationBelow80, "evaluation_below_80"},
    {Flag::kOutsideQ1, "outside_q1"},
    {Flag::kQuorumNotMet, "quorum_not_met"},
    {Flag::kCandidatesNotMoreThanSlots, "candidates_not_more_than_slots"},
    {Flag::kCandidatesBelowRatio, "candidates_below_ratio"},
};

}  // namespace

const std::vector<Flag>& AllFlags() {
  static const std::vector<Flag> kAll = [] {
    std::vector<Flag> all;
    for (const auto& e : kFlagNames) all.push_back(e.flag);
    return all;
  }();
  return kAll;
}

std::string FlagName(Flag flag) {
  for (const auto& e : kFlagNames) {
    if (e.flag == flag) return e.name;
  }
  return "?";
}

std::optional<Flag> ParseFlag(std::string_view name) {
  for (const auto& e : kFlagNames) {
    if (name == e.name) return e.flag;
  }
  return std::nullopt;
}

}  // namespace hall::rules
