#include "hall/shared/rules.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace hall::rules {
namespace {

constexpr std::int64_t kMaxCount = 1'000'000'000;

std::string Num(std::int64_t n) { return std::to_string(n); }

std::int64_t BaseValue(Base base, const RoundInput& in) {
  switch (base) {
    case Base::kConvened: return in.convened;
    case Base::kPresent: return in.present;
    case Base::kMembers: return in.members.value_or(0);
    case Base::kCast: return in.cast;
    case Base::kValid: return in.cast - in.blank;
  }
  return 0;
}

// "more than 1/2 of the 40 convened"
std::string ThresholdText(const Threshold& t, std::int64_t base_value) {
  std::string words = t.compare == Comparison::kGreater ? "more than " : "at least ";
  return words + FractionText(t.fraction) + " of the " + Num(base_value) + " " +
         BaseName(t.of);
}

bool UsesMembers(const Procedure& p, const Step& s) {
  const Threshold& q = s.quorum ? *s.quorum : p.quorum;
  if (q.of == Base::kMembers) return true;
  if (s.rule && s.rule->threshold && s.rule->threshold->of == Base::kMembers) return true;
  return false;
}

Status CheckCountsMap(const Step& step, const RoundInput& in,
                      const std::map<std::string, OptionCounts>& counts,
                      const std::string& field, bool require_all) {
  const std::set<std::string> known(in.candidates.begin(), in.candidates.end());
  const auto& options = OptionNames(step.ballot);
  for (const auto& [name, opts] : counts) {
    if (!known.count(name)) {
      return Status::InvalidArgument(field + "." + name + ": \"" + name +
                                     "\" is not among candidates; add it to candidates or "
                                     "correct the name");
    }
    for (const auto& [option, value] : opts) {
      if (std::find(options.begin(), options.end(), option) == options.end()) {
        std::string list;
        for (const auto& o : options) list += (list.empty() ? "" : ", ") + o;
        return Status::InvalidArgument(field + "." + name + "." + option + ": not an option of " +
                                       BallotKindName(step.ballot) + " ballots (" + list + ")");
      }
      const std::string where = step.ballot == BallotKind::kNominate
                                    ? field + "." + name
                                    : field + "." + name + "." + option;
      if (value < 0) {
        return Status::InvalidArgument(where + ": " + Num(value) +
                                       " is negative; counts are whole numbers from 0");
      }
      if (value > kMaxCount) {
        return Status::InvalidArgument(where + ": " + Num(value) + " is too large");
      }
    }
    for (const auto& option : options) {
      if (!opts.count(option)) {
        if (step.ballot == BallotKind::kNominate) {
          return Status::InvalidArgument(field + "." + name + ": missing; give 0 for no votes");
        }
        return Status::InvalidArgument(field + "." + name + "." + option +
                                       ": missing; give 0 if nobody marked it");
      }
    }
  }
  if (require_all) {
    for (const auto& c : in.candidates) {
      if (!counts.count(c)) {
        return Status::InvalidArgument(field + "." + c +
                                       ": missing; every candidate needs a "
                                       "count (give 0 for none)");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateRound(const Procedure& procedure, const Step& step,
                     const RoundInput& in) {
  if (step.ballot == BallotKind::kNone || !step.rule) {
    return Status::InvalidArgument("step: step " + step.id + " of " + procedure.id +
                                   " has no ballot, so there is no round to evaluate");
  }
  const std::pair<const char*, std::int64_t> numbers[] = {
      {"electorate.convened", in.convened}, {"electorate.present", in.present},
      {"electorate.members", in.members.value_or(0)}, {"slots", in.slots},
      {"ballots.cast", in.cast}, {"ballots.blank", in.blank}};
  for (const auto& [field, value] : numbers) {
    if (value < 0) {
      return Status::InvalidArgument(std::string(field) + ": " + Num(value) +
                                     " is negative; counts are whole numbers from 0");
    }
    if (value > kMaxCount) {
      return Status::InvalidArgument(std::string(field) + ": " + Num(value) + " is too large");
    }
  }
  if (in.present > in.convened) {
    return Status::InvalidArgument("electorate.present: " + Num(in.present) +
                                   " is more than electorate.convened (" + Num(in.convened) + ")");
  }
  const Threshold& quorum = step.quorum ? *step.quorum : procedure.quorum;
  if (UsesMembers(procedure, step)) {
    if (!in.members) {
      return Status::InvalidArgument("electorate.members: missing; step " + step.id +
                                     " measures against the members of the collective");
    }
    if (quorum.of == Base::kMembers && in.present > *in.members) {
      return Status::InvalidArgument("electorate.present: " + Num(in.present) +
                                     " is more than electorate.members (" + Num(*in.members) + ")");
    }
  }
  if (in.cast > in.present) {
    return Status::InvalidArgument("ballots.cast: " + Num(in.cast) +
                                   " is more than electorate.present (" + Num(in.present) + ")");
  }
  if (in.blank > in.cast) {
    return Status::InvalidArgument("ballots.blank: " + Num(in.blank) +
                                   " is more than ballots.cast (" + Num(in.cast) + ")");
  }
  if (in.slots < 1) {
    return Status::InvalidArgument("slots: must be at least 1");
  }
  const RuleParameters& params = step.rule->params;
  if (params.max_slots > 0 && in.slots > params.max_slots) {
    return Status::InvalidArgument("slots: " + Num(in.slots) + " is more than the " +
                                   Num(params.max_slots) + " cadres one sitting may decide");
  }
  if (in.candidates.empty()) {
    return Status::InvalidArgument("candidates: the list is empty; name at least one person");
  }
  std::set<std::string> seen;
  for (const auto& c : in.candidates) {
    if (c.empty()) return Status::InvalidArgument("candidates: a name is empty");
    if (!seen.insert(c).second) {
      return Status::InvalidArgument("candidates: \"" + c + "\" is listed twice");
    }
  }
  if (in.head_nominee && !seen.count(*in.head_nominee)) {
    return Status::InvalidArgument("head_nominee: \"" + *in.head_nominee +
                                   "\" is not among candidates");
  }
  if (params.check_divergence && !in.previous_selection) {
    return Status::InvalidArgument("previous_selection: missing; step " + step.id +
                                   " is compared with the previous step's result");
  }
  if (procedure.season && !in.date) {
    return Status::InvalidArgument("date: missing; " + procedure.id +
                                   " checks the date of the round (YYYY-MM-DD)");
  }
  if (Status s = CheckCountsMap(step, in, in.counts, "counts", true); !s.ok()) return s;
  if (!in.counts_b.empty()) {
    if (!params.has_b_ballots) {
      return Status::InvalidArgument("counts_b: step " + step.id + " of " + procedure.id +
                                     " has no B ballots; leave counts_b empty");
    }
    if (Status s = CheckCountsMap(step, in, in.counts_b, "counts_b", false); !s.ok()) {
      return s;
    }
  }
  if (step.ballot == BallotKind::kNominate) {
    std::int64_t total = 0;
    for (const auto& c : in.candidates) {
      const std::int64_t v = in.counts.at(c).at("votes");
      if (v > in.cast) {
        return Status::InvalidArgument("counts." + c + ": " + Num(v) +
                                       " is more than ballots.cast (" + Num(in.cast) + ")");
      }
      total += v;
    }
    if (total + in.blank > in.cast) {
      return Status::InvalidArgument("counts: " + Num(total) + " votes plus " + Num(in.blank) +
                                     " blank is more than ballots.cast (" + Num(in.cast) + ")");
    }
  } else {
    for (const auto& c : in.candidates) {
      std::int64_t total = 0;
      for (const auto& [option, v] : in.counts.at(c)) total += v;
      if (total > in.cast) {
        return Status::InvalidArgument("counts." + c + ": its options add up to " + Num(total) +
                                       ", more than ballots.cast (" + Num(in.cast) + ")");
      }
    }
  }
  return Status::Ok();
}

namespace {

class Evaluator {
 public:
  Evaluator(const Procedure& p, const Step& s, const RoundInput& in)
      : procedure_(p), step_(s), rule_(*s.rule), params_(s.rule->params), in_(in) {}

  RoundResult Run() {
    result_.procedure = procedure_.id;
    result_.step = step_.id;
    result_.ballot = step_.ballot;
    result_.disclosure = step_.disclosure;
    result_.quorum = CheckQuorum(
        procedure_, &step_,
        Attendance{in_.members.value_or(0), in_.convened, in_.present});
    const std::int64_t qbase = result_.quorum.base;
    result_.denominator = rule_.threshold ? rule_.threshold->of : Base::kCast;
    if (rule_.kind == RuleKind::kRate3Classify) result_.denominator = Base::kCast;
    result_.denominator_value = BaseValue(result_.denominator, in_);
    CheckSeason();
    if (!result_.quorum.met) {
      QuorumNotMet(qbase);
    } else {
      switch (rule_.kind) {
        case RuleKind::kTopMajority: TopMajority(); break;
        case RuleKind::kRankedMajority: RankedMajority(); break;
        case RuleKind::kThreshold: ThresholdRule(); break;
        case RuleKind::kOpinion: Opinion(); break;
        case RuleKind::kBracketShare: BracketShare(); break;
        case RuleKind::kRate3Classify: Rate3(); break;
        case RuleKind::kRate4Evaluation: Rate4(); break;
      }
      CheckCandidatesOutnumberSlots();
    }
    OrderFlags();
    return result_;
  }

 private:
  std::int64_t Compared(const std::string& c) const {
    const OptionCounts& o = in_.counts.at(c);
    if (step_.ballot == BallotKind::kNominate) return o.at("votes");
    if (step_.ballot == BallotKind::kApprove || step_.ballot == BallotKind::kYesNoAbstain) {
      return o.at("agree");
    }
    return 0;
  }
  std::string VotesWord() const {
    return step_.ballot == BallotKind::kNominate ? "votes" : "agree";
  }
  std::string VotesText(std::int64_t v) const {
    return step_.ballot == BallotKind::kNominate ? Num(v) + " votes" : Num(v) + " agree";
  }
  // Candidates ordered by the compared count, most first; list order breaks ties.
  std::vector<std::string> Ranked() const {
    std::vector<std::string> order = in_.candidates;
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return Compared(a) > Compared(b);
    });
    return order;
  }
  void Add(const std::string& c, OutcomeStatus status, std::string reason, bool with_votes = true) {
    Outcome o;
    o.candidate = c;
    o.status = status;
    if (with_votes) o.votes = Compared(c);
    o.reason = std::move(reason) + BNote(c);
    result_.outcomes.push_back(std::move(o));
  }
  std::string BNote(const std::string& c) const {
    auto it = in_.counts_b.find(c);
    if (it == in_.counts_b.end()) return "";
    std::string s = " (B ballots, recorded only:";
    for (const auto& option : OptionNames(step_.ballot)) {
      auto v = it->second.find(option);
      s += " " + option + " " + Num(v == it->second.end() ? 0 : v->second);
    }
    return s + ")";
  }
  void Raise(Flag f) { flags_.insert(f); }
  bool PassesThreshold(std::int64_t v) const {
    const Threshold& t = *rule_.threshold;
    return Passes(v, t.compare, t.fraction, BaseValue(t.of, in_));
  }
  std::string ThresholdWords() const {
    return ThresholdText(*rule_.threshold, BaseValue(rule_.threshold->of, in_));
  }

  void CheckSeason() {
    if (!procedure_.season || !in_.date) return;
    const auto& months = procedure_.season->months;
    if (std::find(months.begin(), months.end(), in_.date->month) == months.end()) {
      Raise(Flag::kOutsideQ1);
    }
  }

  void QuorumNotMet(std::int64_t qbase) {
    Raise(Flag::kQuorumNotMet);
    const std::int64_t more = result_.quorum.required - in_.present;
    const std::string reason = "quorum not met: " + Num(in_.present) + " present of " +
                               Num(qbase) + " " + BaseName(result_.quorum.of) + ", " +
                               Num(result_.quorum.required) + " required (" + Num(more) +
                               " more must check in)";
    const bool with_votes = step_.ballot != BallotKind::kRate3;
    for (const auto& c : in_.candidates) Add(c, OutcomeStatus::kNotSelected, reason, with_votes);
  }

  void TopMajority() {
    const auto ranked = Ranked();
    const std::int64_t top = Compared(ranked.front());
    std::vector<std::string> tops;
    for (const auto& c : ranked) {
      if (Compared(c) == top) tops.push_back(c);
    }
    if (top > 0 && PassesThreshold(top)) {
      const bool tied = tops.size() > 1;
      if (tied) Raise(Flag::kTieAtCut);
      for (const auto& c : ranked) {
        const std::int64_t v = Compared(c);
        if (v == top && !tied) {
          Add(c, OutcomeStatus::kSelected, VotesText(v) + ": the most, and " + ThresholdWords());
        } else if (v == top) {
          Add(c, OutcomeStatus::kNeedsDecision, VotesText(v) + ": tied for the most with " +
                                             Num(tops.size() - 1) +
                                             " other(s); the tie must be decided");
        } else {
          Add(c, OutcomeStatus::kNotSelected, VotesText(v) + ": fewer than the person selected");
        }
      }
      CheckDivergence();
      return;
    }
    const std::int64_t n = params_.carry_forward;
    std::vector<std::string> eligible;
    for (const auto& c : ranked) {
      if (Compared(c) >= params_.carry_min_votes) eligible.push_back(c);
    }
    std::int64_t cut = -1;
    bool tie = false;
    if (static_cast<std::int64_t>(eligible.size()) > n) {
      cut = Compared(eligible[n - 1]);
      const auto at_or_above = std::count_if(eligible.begin(), eligible.end(),
                                             [&](const auto& c) { return Compared(c) >= cut; });
      tie = at_or_above > n;
    }
    if (tie) Raise(Flag::kTieAtCut);
    const std::string none_passed = "nobody has " + ThresholdWords() + "; ";
    for (const auto& c : ranked) {
      const std::int64_t v = Compared(c);
      const bool is_eligible = v >= params_.carry_min_votes;
      if (is_eligible && (cut < 0 || v > cut || (v == cut && !tie))) {
        Add(c, OutcomeStatus::kCarriedForward,
            none_passed + VotesText(v) + " is among the top " + Num(n) +
                ", carried forward to the next step");
      } else if (is_eligible && v == cut && tie) {
        if (params_.tie_at_carry_cut == TieHandling::kCarryAll) {
          Add(c, OutcomeStatus::kCarriedForward,
              none_passed + VotesText(v) + " is tied at the cut for the top " + Num(n) +
                  "; everyone tied is carried forward");
        } else {
          Add(c, OutcomeStatus::kNeedsDecision,
              none_passed + VotesText(v) + " is tied at the cut for the top " + Num(n) +
                  "; the tie must be decided");
        }
      } else if (!is_eligible) {
        Add(c, OutcomeStatus::kNotSelected,
            none_passed + VotesText(v) + ": fewer than the " +
                Num(params_.carry_min_votes) + " needed to be carried forward");
      } else {
        Add(c, OutcomeStatus::kNotSelected,
            none_passed + VotesText(v) + " is not among the top " + Num(n));
      }
    }
    CheckDivergence();
  }

  void CheckDivergence() {
    if (!params_.check_divergence || !in_.previous_selection) return;
    std::set<std::string> now;
    for (const auto& o : result_.outcomes) {
      if (o.status == OutcomeStatus::kSelected || o.status == OutcomeStatus::kCarriedForward ||
          o.status == OutcomeStatus::kNeedsDecision) {
        now.insert(o.candidate);
      }
    }
    const std::set<std::string> before(in_.previous_selection->begin(),
                                       in_.previous_selection->end());
    bool diverges = false;
    if (params_.divergence_test == DivergenceTest::kNotEqual) {
      diverges = now != before;
    } else {
      diverges = !std::includes(before.begin(), before.end(), now.begin(), now.end());
    }
    if (diverges) Raise(Flag::kReportDivergence);
  }

  void RankedMajority() {
    const auto ranked = Ranked();
    std::vector<std::string> eligible;
    for (const auto& c : ranked) {
      if (PassesThreshold(Compared(c))) eligible.push_back(c);
    }
    const std::int64_t slots = in_.slots;
    std::int64_t cut = -1;
    bool tie = false;
    if (static_cast<std::int64_t>(eligible.size()) > slots) {
      cut = Compared(eligible[slots - 1]);
      const auto at_or_above = std::count_if(eligible.begin(), eligible.end(),
                                             [&](const auto& c) { return Compared(c) >= cut; });
      tie = at_or_above > slots;
    }
    if (tie) Raise(Flag::kTieAtCut);
    // Persons exactly at the threshold when nobody passes it (P1 step 5).
    std::vector<std::string> exact;
    if (eligible.empty()) {
      const Threshold& t = *rule_.threshold;
      for (const auto& c : ranked) {
        if (t.compare == Comparison::kGreater &&
            IsExactly(Compared(c), t.fraction, BaseValue(t.of, in_)) && Compared(c) > 0) {
          exact.push_back(c);
        }
      }
    }
    const bool exact_applies = params_.head_nominee_breaks_exact_tie && !exact.empty();
    const bool head_wins = exact_applies && exact.size() >= 2 && in_.head_nominee &&
                           std::count(exact.begin(), exact.end(), *in_.head_nominee);
    if (head_wins) Raise(Flag::kHeadTiebreakApplied);
    if (exact_applies && exact.size() >= 2 && !head_wins)
      Raise(Flag::kTieAtCut);
    const std::string slots_text = slots == 1 ? "the post" : Num(slots) + " posts";
    for (const auto& c : ranked) {
      const std::int64_t v = Compared(c);
      const bool passes = PassesThreshold(v);
      const bool is_exact = std::count(exact.begin(), exact.end(), c) > 0;
      if (passes && (cut < 0 || v > cut || (v == cut && !tie))) {
        Add(c, OutcomeStatus::kSelected, VotesText(v) + ": " + ThresholdWords() +
                                      ", and within " + slots_text + " from the top");
      } else if (passes && v == cut && tie) {
        Add(c, OutcomeStatus::kNeedsDecision,
            VotesText(v) + ": " + ThresholdWords() + ", tied at the cut for " + slots_text +
                "; the head (or competent authority) decides");
      } else if (passes) {
        Add(c, OutcomeStatus::kNotSelected,
            VotesText(v) + ": " + ThresholdWords() + ", but " + slots_text +
                " are filled by persons with more agree votes");
      } else if (exact_applies && is_exact && exact.size() >= 2) {
        if (head_wins && c == *in_.head_nominee) {
          Add(c, OutcomeStatus::kSelected,
              VotesText(v) + ": tied at exactly " +
                  FractionText(rule_.threshold->fraction) + " of the " +
                  Num(BaseValue(rule_.threshold->of, in_)) + " " +
                  BaseName(rule_.threshold->of) +
                  "; the head's nominee is appointed and the tie is reported to the "
                  "competent authority");
        } else if (head_wins) {
          Add(c, OutcomeStatus::kNotSelected,
              VotesText(v) + ": tied at exactly " + FractionText(rule_.threshold->fraction) +
                  " with the head's nominee, who is appointed; the tie is reported to "
                  "the competent authority");
        } else {
          Add(c, OutcomeStatus::kNeedsDecision,
              VotesText(v) + ": tied at exactly " + FractionText(rule_.threshold->fraction) +
                  " and none of the tied is the head's nominee; the head decides and "
                  "reports to the competent authority");
        }
      } else if (exact_applies && is_exact) {
        Add(c, params_.single_at_exact_threshold,
            VotesText(v) + ": exactly " + FractionText(rule_.threshold->fraction) +
                " of the " + Num(BaseValue(rule_.threshold->of, in_)) + " " +
                BaseName(rule_.threshold->of) +
                ", not more, and nobody is above; the head decides and reports to the "
                "competent authority");
      } else {
        Add(c, OutcomeStatus::kNotSelected, VotesText(v) + ": not " + ThresholdWords());
      }
    }
  }

  void ThresholdRule() {
    for (const auto& c : Ranked()) {
      const std::int64_t v = Compared(c);
      if (PassesThreshold(v)) {
        Add(c, params_.pass_status, VotesText(v) + ": " + ThresholdWords());
      } else {
        Add(c, params_.fail_status, VotesText(v) + ": not " + ThresholdWords());
      }
    }
  }

  std::string CountsText(const std::string& c) const {
    std::string s;
    for (const auto& option : OptionNames(step_.ballot)) {
      s += (s.empty() ? "" : ", ") + option + " " + Num(in_.counts.at(c).at(option));
    }
    return s;
  }

  void Opinion() {
    for (const auto& c : Ranked()) {
      Add(c, OutcomeStatus::kCarriedForward,
          "opinion only, no selection: " + CountsText(c) + " of " + Num(in_.cast) +
              " cast, recorded for the leadership");
    }
  }

  void BracketShare() {
    const std::int64_t participants = in_.present;
    const Bracket* bracket = &rule_.brackets.back();
    for (const auto& b : rule_.brackets) {
      if (!b.up_to || participants <= *b.up_to) {
        bracket = &b;
        break;
      }
    }
    const Threshold& t = *rule_.threshold;
    const std::string need = std::string(t.compare == Comparison::kGreater ? "more than "
                                                                            : "at least ") +
                             FractionText(bracket->fraction) + " of the " +
                             Num(participants) + " participants";
    std::int64_t passing = 0;
    for (const auto& c : Ranked()) {
      const std::int64_t v = Compared(c);
      if (Passes(v, t.compare, bracket->fraction, participants)) {
        ++passing;
        Add(c, OutcomeStatus::kCarriedForward,
            VotesText(v) + ": " + need + "; an inspection candidate");
      } else {
        Add(c, OutcomeStatus::kNotSelected, VotesText(v) + ": not " + need);
      }
    }
    if (params_.passing_must_outnumber_slots && passing <= in_.slots) {
      Raise(Flag::kCandidatesNotMoreThanSlots);
    }
  }

  void Rate3() {
    const Threshold& lm = params_.low_majority;
    const Threshold& l23 = params_.low_two_thirds;
    for (const auto& c : in_.candidates) {
      const OptionCounts& o = in_.counts.at(c);
      const std::int64_t high = o.at("high"), medium = o.at("medium"), low = o.at("low");
      Level level;
      if (params_.level_tie == LevelTie::kLower) {
        level = low >= medium && low >= high ? Level::kLow
                : medium >= high             ? Level::kMedium
                                             : Level::kHigh;
      } else {
        level = high >= medium && high >= low ? Level::kHigh
                : medium >= low               ? Level::kMedium
                                              : Level::kLow;
      }
      std::string reason = "high " + Num(high) + ", medium " + Num(medium) + ", low " +
                           Num(low) + " of " + Num(in_.cast) + " cast: level " +
                           LevelName(level);
      if (Passes(low, lm.compare, lm.fraction, BaseValue(lm.of, in_))) {
        Raise(Flag::kLowMajority);
        reason += "; low is " + ThresholdText(lm, BaseValue(lm.of, in_));
      }
      if (Passes(low, l23.compare, l23.fraction, BaseValue(l23.of, in_))) {
        Raise(Flag::kLowTwoThirds);
        reason += "; low is " + ThresholdText(l23, BaseValue(l23.of, in_));
      }
      Outcome out;
      out.candidate = c;
      out.status = OutcomeStatus::kCarriedForward;
      out.level = level;
      out.reason = reason;
      result_.outcomes.push_back(std::move(out));
    }
  }

  void Rate4() {
    for (const auto& c : in_.candidates) {
      const OptionCounts& o = in_.counts.at(c);
      const std::int64_t good = o.at("excellent") + o.at("competent");
      Outcome out;
      out.candidate = c;
      out.votes = good;
      const std::string text = "excellent + competent " + Num(good) + ": ";
      if (PassesThreshold(good)) {
        out.status = OutcomeStatus::kCarriedForward;
        out.reason = text + ThresholdWords();
      } else {
        Raise(Flag::kEvaluationBelow80);
        out.status = OutcomeStatus::kNotSelected;
        out.reason = text + "not " + ThresholdWords() +
                     "; promotion should generally not be proposed";
      }
      result_.outcomes.push_back(std::move(out));
    }
  }

  void CheckCandidatesOutnumberSlots() {
    if (params_.candidates_must_outnumber_slots &&
        static_cast<std::int64_t>(in_.candidates.size()) <= in_.slots) {
      Raise(Flag::kCandidatesNotMoreThanSlots);
    }
  }

  // std::set<Flag> iterates in the enum's order, which is the contract's.
  void OrderFlags() { result_.flags.assign(flags_.begin(), flags_.end()); }

  const Procedure& procedure_;
  const Step& step_;
  const Rule& rule_;
  const RuleParameters& params_;
  const RoundInput& in_;
  RoundResult result_;
  std::set<Flag> flags_;
};

}  // namespace

QuorumCheck CheckQuorum(const Procedure& procedure, const Step* step,
                        const Attendance& a) {
  const Threshold& q =
      step && step->quorum ? *step->quorum : procedure.quorum;
  QuorumCheck c;
  c.of = q.of;
  switch (q.of) {
    case Base::kMembers: c.base = a.members; break;
    case Base::kConvened: c.base = a.convened; break;
    case Base::kPresent:
    case Base::kCast:
    case Base::kValid: c.base = a.present; break;
  }
  c.required = SmallestPassing(q.compare, q.fraction, c.base);
  c.present = a.present;
  c.met = Passes(a.present, q.compare, q.fraction, c.base);
  return c;
}

Result<RoundResult> Evaluate(const Procedure& procedure, const Step& step,
                             const RoundInput& input) {
  if (Status s = ValidateRound(procedure, step, input); !s.ok()) return s;
  return Evaluator(procedure, step, input).Run();
}

}  // namespace hall::rules
