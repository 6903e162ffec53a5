#include "hall/shared/reason.h"

#include <vector>

namespace hall::rules {
namespace {

using F = ReasonField;

// The one name table of ReasonCode, in the enum's order, with the fields
// each code's sentence states.
struct CodeEntry {
  ReasonCode code;
  const char* name;
  std::vector<ReasonField> fields;
};
const CodeEntry kCodes[] = {
    {ReasonCode::kQuorumNotMet,
     "quorum_not_met",
     {F::kThreshold, F::kPresent, F::kRequired}},
    {ReasonCode::kTopPassed, "top_passed", {F::kCount, F::kThreshold}},
    {ReasonCode::kTiedForTop, "tied_for_top", {F::kCount, F::kOthers}},
    {ReasonCode::kBelowSelected, "below_selected", {F::kCount}},
    {ReasonCode::kCarriedInTop,
     "carried_in_top",
     {F::kCount, F::kThreshold, F::kTop}},
    {ReasonCode::kCarriedTiedAtCut,
     "carried_tied_at_cut",
     {F::kCount, F::kThreshold, F::kTop}},
    {ReasonCode::kTiedAtCarryCut,
     "tied_at_carry_cut",
     {F::kCount, F::kThreshold, F::kTop}},
    {ReasonCode::kBelowCarryMinimum,
     "below_carry_minimum",
     {F::kCount, F::kThreshold, F::kMinVotes}},
    {ReasonCode::kNotInTop, "not_in_top", {F::kCount, F::kThreshold, F::kTop}},
    {ReasonCode::kWithinSlots,
     "within_slots",
     {F::kCount, F::kThreshold, F::kSlots}},
    {ReasonCode::kTiedAtSlotCut,
     "tied_at_slot_cut",
     {F::kCount, F::kThreshold, F::kSlots}},
    {ReasonCode::kSlotsFilled,
     "slots_filled",
     {F::kCount, F::kThreshold, F::kSlots}},
    {ReasonCode::kHeadNomineeAppointed,
     "head_nominee_appointed",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kTiedWithHeadNominee,
     "tied_with_head_nominee",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kExactTieWithoutNominee,
     "exact_tie_without_nominee",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kExactTieOfMany,
     "exact_tie_of_many",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kExactlyAtThreshold,
     "exactly_at_threshold",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kPassesThreshold,
     "passes_threshold",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kBelowThreshold,
     "below_threshold",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kOpinionOnly, "opinion_only", {F::kOptions, F::kCast}},
    {ReasonCode::kInspectionCandidate,
     "inspection_candidate",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kBelowBracketShare,
     "below_bracket_share",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kRate3Level,
     "rate3_level",
     {F::kOptions, F::kCast, F::kLevel}},
    {ReasonCode::kEvaluationPassed,
     "evaluation_passed",
     {F::kCount, F::kThreshold}},
    {ReasonCode::kEvaluationBelow,
     "evaluation_below",
     {F::kCount, F::kThreshold}},
};

const CodeEntry* Find(ReasonCode code) {
  for (const auto& e : kCodes) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace

const std::vector<ReasonCode>& AllReasonCodes() {
  static const std::vector<ReasonCode> kAll = [] {
    std::vector<ReasonCode> all;
    for (const auto& e : kCodes) all.push_back(e.code);
    return all;
  }();
  return kAll;
}

std::string ReasonCodeName(ReasonCode code) {
  const CodeEntry* e = Find(code);
  return e ? e->name : "?";
}

std::optional<ReasonCode> ParseReasonCode(std::string_view name) {
  for (const auto& e : kCodes) {
    if (name == e.name) return e.code;
  }
  return std::nullopt;
}

bool ReasonUses(ReasonCode code, ReasonField field) {
  const CodeEntry* e = Find(code);
  if (!e) return false;
  for (ReasonField f : e->fields) {
    if (f == field) return true;
  }
  return false;
}

std::string CountedName(Counted counted) {
  switch (counted) {
    case Counted::kVotes:
      return "votes";
    case Counted::kAgree:
      return "agree";
    case Counted::kExcellentCompetent:
      return "excellent_competent";
  }
  return "?";
}

std::optional<Counted> ParseCounted(std::string_view name) {
  for (Counted c :
       {Counted::kVotes, Counted::kAgree, Counted::kExcellentCompetent}) {
    if (name == CountedName(c)) return c;
  }
  return std::nullopt;
}

std::string LevelName(Level level) {
  switch (level) {
    case Level::kHigh:
      return "high";
    case Level::kMedium:
      return "medium";
    case Level::kLow:
      return "low";
  }
  return "?";
}

std::optional<Level> ParseLevel(std::string_view name) {
  for (Level l : {Level::kHigh, Level::kMedium, Level::kLow}) {
    if (name == LevelName(l)) return l;
  }
  return std::nullopt;
}

}  // namespace hall::rules
