#include "hall/shared/rules.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hall::rules {
namespace {

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

ThresholdFacts Facts(const Threshold& t, std::int64_t of_count) {
  return ThresholdFacts{t.compare, t.fraction, t.of, of_count};
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
      const std::string where = step.ballot == crypto::BallotKind::kNominate
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
        if (step.ballot == crypto::BallotKind::kNominate) {
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
  if (!step.ballot || !step.rule) {
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
    // Where the count is measured against the members, the members vote:
    // more ballots than members would let a rule pass on ballots nobody had.
    if (in.cast > *in.members) {
      return Status::InvalidArgument("ballots.cast: " + Num(in.cast) +
                                     " is more than electorate.members (" + Num(*in.members) +
                                     "), who are the ones voting in step " + step.id);
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
  if (params.max_persons_per_sitting > 0 &&
      static_cast<std::int64_t>(in.candidates.size()) > params.max_persons_per_sitting) {
    return Status::InvalidArgument(
        "candidates: " + Num(static_cast<std::int64_t>(in.candidates.size())) +
        " persons is more than the " + Num(params.max_persons_per_sitting) +
        " one sitting may study; put the others to another sitting");
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
  if (step.ballot == crypto::BallotKind::kNominate) {
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
    if (step_.ballot == crypto::BallotKind::kNominate) return o.at("votes");
    if (step_.ballot == crypto::BallotKind::kApprove ||
        step_.ballot == crypto::BallotKind::kYesNoAbstain) {
      return o.at("agree");
    }
    return 0;
  }
  // Candidates ordered by the compared count, most first; list order breaks ties.
  std::vector<std::string> Ranked() const {
    std::vector<std::string> order = in_.candidates;
    std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
      return Compared(a) > Compared(b);
    });
    return order;
  }
  // A reason stating `c`'s compared count (and nothing else yet).
  Reason Counting(ReasonCode code, const std::string& c) const {
    Reason r;
    r.code = code;
    r.counted = step_.ballot == crypto::BallotKind::kNominate ? Counted::kVotes
                                                      : Counted::kAgree;
    r.count = Compared(c);
    return r;
  }
  // A reason stating `c`'s count and the rule's threshold.
  Reason AgainstThreshold(ReasonCode code, const std::string& c) const {
    Reason r = Counting(code, c);
    r.threshold = RuleThreshold();
    return r;
  }
  void Add(const std::string& c, OutcomeStatus status, Reason reason,
           bool with_votes = true) {
    Outcome o;
    o.candidate = c;
    o.status = status;
    if (with_votes) o.votes = Compared(c);
    o.reason = std::move(reason);
    o.reason.b_ballots = BBallots(c);
    result_.outcomes.push_back(std::move(o));
  }
  // The B ballots recorded for `c`, every option of the ballot in order.
  std::optional<std::vector<OptionCount>> BBallots(const std::string& c) const {
    auto it = in_.counts_b.find(c);
    if (it == in_.counts_b.end()) return std::nullopt;
    std::vector<OptionCount> b;
    for (const auto& option : OptionNames(step_.ballot)) {
      auto v = it->second.find(option);
      b.push_back({option, v == it->second.end() ? 0 : v->second});
    }
    return b;
  }
  void Raise(Flag f) { flags_.insert(f); }
  bool PassesThreshold(std::int64_t v) const {
    const Threshold& t = *rule_.threshold;
    return Passes(v, t.compare, t.fraction, BaseValue(t.of, in_));
  }
  ThresholdFacts RuleThreshold() const {
    return Facts(*rule_.threshold, BaseValue(rule_.threshold->of, in_));
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
    Reason reason;
    reason.code = ReasonCode::kQuorumNotMet;
    reason.threshold =
        Facts(step_.quorum ? *step_.quorum : procedure_.quorum, qbase);
    reason.threshold.of = result_.quorum.of;
    reason.present = in_.present;
    reason.required = result_.quorum.required;
    const bool with_votes = step_.ballot != crypto::BallotKind::kRate3;
    for (const auto& c : in_.candidates) Add(c, OutcomeStatus::kNotSelected, reason, with_votes);
  }

  // Where the first n of `eligible` (ranked) end: the count of the n-th
  // (-1 when all of them fit) and whether more than n share or beat it, in
  // which case the tie at the cut is flagged.
  struct Cut {
    std::int64_t count = -1;
    bool tie = false;
  };
  Cut FindCut(const std::vector<std::string>& eligible, std::int64_t n) {
    Cut cut;
    if (static_cast<std::int64_t>(eligible.size()) > n) {
      cut.count = Compared(eligible[n - 1]);
      const auto at_or_above =
          std::count_if(eligible.begin(), eligible.end(), [&](const auto& c) {
            return Compared(c) >= cut.count;
          });
      cut.tie = at_or_above > n;
    }
    if (cut.tie) Raise(Flag::kTieAtCut);
    return cut;
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
          Add(c, OutcomeStatus::kSelected,
              AgainstThreshold(ReasonCode::kTopPassed, c));
        } else if (v == top) {
          Reason r = Counting(ReasonCode::kTiedForTop, c);
          r.others = static_cast<std::int64_t>(tops.size()) - 1;
          Add(c, OutcomeStatus::kNeedsDecision, r);
        } else {
          Add(c, OutcomeStatus::kNotSelected,
              Counting(ReasonCode::kBelowSelected, c));
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
    const auto [cut, tie] = FindCut(eligible, n);
    // Nobody passed: every reason says so, with the threshold.
    auto none_passed = [&](ReasonCode code, const std::string& c) {
      Reason r = AgainstThreshold(code, c);
      r.top = n;
      return r;
    };
    for (const auto& c : ranked) {
      const std::int64_t v = Compared(c);
      const bool is_eligible = v >= params_.carry_min_votes;
      if (is_eligible && (cut < 0 || v > cut || (v == cut && !tie))) {
        Add(c, OutcomeStatus::kCarriedForward,
            none_passed(ReasonCode::kCarriedInTop, c));
      } else if (is_eligible && v == cut && tie) {
        if (params_.tie_at_carry_cut == TieHandling::kCarryAll) {
          Add(c, OutcomeStatus::kCarriedForward,
              none_passed(ReasonCode::kCarriedTiedAtCut, c));
        } else {
          Add(c, OutcomeStatus::kNeedsDecision,
              none_passed(ReasonCode::kTiedAtCarryCut, c));
        }
      } else if (!is_eligible) {
        Reason r = AgainstThreshold(ReasonCode::kBelowCarryMinimum, c);
        r.min_votes = params_.carry_min_votes;
        Add(c, OutcomeStatus::kNotSelected, r);
      } else {
        Add(c, OutcomeStatus::kNotSelected,
            none_passed(ReasonCode::kNotInTop, c));
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
    const auto [cut, tie] = FindCut(eligible, slots);
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
    const bool head_wins = exact_applies &&
                           exact.size() == static_cast<std::size_t>(
                                               params_.head_nominee_tie_persons) &&
                           in_.head_nominee &&
                           std::count(exact.begin(), exact.end(), *in_.head_nominee);
    if (head_wins) Raise(Flag::kHeadTiebreakApplied);
    if (exact_applies && exact.size() >= 2 && !head_wins)
      Raise(Flag::kTieAtCut);
    // Above the threshold: the reason also states the slots.
    auto with_slots = [&](ReasonCode code, const std::string& c) {
      Reason r = AgainstThreshold(code, c);
      r.slots = slots;
      return r;
    };
    for (const auto& c : ranked) {
      const std::int64_t v = Compared(c);
      const bool passes = PassesThreshold(v);
      const bool is_exact = std::count(exact.begin(), exact.end(), c) > 0;
      if (passes && (cut < 0 || v > cut || (v == cut && !tie))) {
        Add(c, OutcomeStatus::kSelected,
            with_slots(ReasonCode::kWithinSlots, c));
      } else if (passes && v == cut && tie) {
        Add(c, OutcomeStatus::kNeedsDecision,
            with_slots(ReasonCode::kTiedAtSlotCut, c));
      } else if (passes) {
        Add(c, OutcomeStatus::kNotSelected,
            with_slots(ReasonCode::kSlotsFilled, c));
      } else if (exact_applies && is_exact && exact.size() >= 2) {
        if (head_wins && c == *in_.head_nominee) {
          Add(c, OutcomeStatus::kSelected,
              AgainstThreshold(ReasonCode::kHeadNomineeAppointed, c));
        } else if (head_wins) {
          Add(c, OutcomeStatus::kNotSelected,
              AgainstThreshold(ReasonCode::kTiedWithHeadNominee, c));
        } else if (exact.size() > static_cast<std::size_t>(
                                      params_.head_nominee_tie_persons)) {
          Add(c, OutcomeStatus::kNeedsDecision,
              AgainstThreshold(ReasonCode::kExactTieOfMany, c));
        } else {
          Add(c, OutcomeStatus::kNeedsDecision,
              AgainstThreshold(ReasonCode::kExactTieWithoutNominee, c));
        }
      } else if (exact_applies && is_exact) {
        Add(c, params_.single_at_exact_threshold,
            AgainstThreshold(ReasonCode::kExactlyAtThreshold, c));
      } else {
        Add(c, OutcomeStatus::kNotSelected,
            AgainstThreshold(ReasonCode::kBelowThreshold, c));
      }
    }
  }

  void ThresholdRule() {
    for (const auto& c : Ranked()) {
      if (PassesThreshold(Compared(c))) {
        Add(c, params_.pass_status,
            AgainstThreshold(ReasonCode::kPassesThreshold, c));
      } else {
        Add(c, params_.fail_status,
            AgainstThreshold(ReasonCode::kBelowThreshold, c));
      }
    }
  }

  // `c`'s count of every option of the ballot, in ballot order.
  std::vector<OptionCount> CountsOf(const std::string& c) const {
    std::vector<OptionCount> counts;
    for (const auto& option : OptionNames(step_.ballot)) {
      counts.push_back({option, in_.counts.at(c).at(option)});
    }
    return counts;
  }

  void Opinion() {
    for (const auto& c : Ranked()) {
      Reason r;
      r.code = ReasonCode::kOpinionOnly;
      r.options = CountsOf(c);
      r.cast = in_.cast;
      Add(c, OutcomeStatus::kCarriedForward, r);
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
    const ThresholdFacts share{t.compare, bracket->fraction, Base::kPresent,
                               participants};
    std::int64_t passing = 0;
    for (const auto& c : Ranked()) {
      const std::int64_t v = Compared(c);
      // Nobody is proposed on fewer than carry_min_votes (0 of 0 "reaches" 80%).
      const bool passes = Passes(v, t.compare, bracket->fraction, participants) &&
                          v >= params_.carry_min_votes;
      Reason r = Counting(passes ? ReasonCode::kInspectionCandidate
                                 : ReasonCode::kBelowBracketShare,
                          c);
      r.threshold = share;
      if (passes) {
        ++passing;
        Add(c, OutcomeStatus::kCarriedForward, r);
      } else {
        Add(c, OutcomeStatus::kNotSelected, r);
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
      Reason reason;
      reason.code = ReasonCode::kRate3Level;
      reason.options = CountsOf(c);
      reason.cast = in_.cast;
      reason.level = level;
      if (Passes(low, lm.compare, lm.fraction, BaseValue(lm.of, in_))) {
        Raise(Flag::kLowMajority);
        reason.low_majority = Facts(lm, BaseValue(lm.of, in_));
      }
      if (Passes(low, l23.compare, l23.fraction, BaseValue(l23.of, in_))) {
        Raise(Flag::kLowTwoThirds);
        reason.low_two_thirds = Facts(l23, BaseValue(l23.of, in_));
      }
      Outcome out;
      out.candidate = c;
      out.status = OutcomeStatus::kCarriedForward;
      out.level = level;
      out.reason = std::move(reason);
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
      out.reason.counted = Counted::kExcellentCompetent;
      out.reason.count = good;
      out.reason.threshold = RuleThreshold();
      if (PassesThreshold(good)) {
        out.status = OutcomeStatus::kCarriedForward;
        out.reason.code = ReasonCode::kEvaluationPassed;
      } else {
        Raise(Flag::kEvaluationBelow80);
        out.status = OutcomeStatus::kNotSelected;
        out.reason.code = ReasonCode::kEvaluationBelow;
      }
      result_.outcomes.push_back(std::move(out));
    }
  }

  void CheckCandidatesOutnumberSlots() {
    const auto candidates = static_cast<std::int64_t>(in_.candidates.size());
    if (params_.candidates_must_outnumber_slots && candidates <= in_.slots) {
      Raise(Flag::kCandidatesNotMoreThanSlots);
    }
    if (params_.candidates_per_slot > 0 &&
        candidates < params_.candidates_per_slot * in_.slots) {
      Raise(Flag::kCandidatesBelowRatio);
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

const Threshold& QuorumThreshold(const Procedure& procedure, const Step* step) {
  return step && step->quorum ? *step->quorum : procedure.quorum;
}

QuorumCheck CheckQuorum(const Procedure& procedure, const Step* step,
                        const Attendance& a) {
  const Threshold& q = QuorumThreshold(procedure, step);
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
