#include "hall/shared/procedure_loader.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <limits>
#include <set>
#include "hall/shared/json_input.h"


namespace hall::rules {
namespace {

using nlohmann::json;

// Collects problems while walking the document.
class Walker {
 public:
  void Problem(const std::string& path, const std::string& what) {
    problems_.push_back(path + ": " + what);
  }
  const std::vector<std::string>& problems() const { return problems_; }

  void CheckKeys(const json& obj, const std::string& path,
                 const std::set<std::string>& allowed) {
    for (const auto& [key, value] : obj.items()) {
      if (!allowed.count(key)) Problem(Join(path, key), "unknown field");
    }
  }

  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  const json* Field(const json& obj, const std::string& path, const std::string& key,
                    bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Problem(Join(path, key), "missing");
      return nullptr;
    }
    return &*it;
  }

  bool String(const json& obj, const std::string& path, const std::string& key,
              std::string& out, bool required) {
    const json* v = Field(obj, path, key, required);
    if (!v) return false;
    if (!v->is_string() || v->get<std::string>().empty()) {
      Problem(Join(path, key), "must be a non-empty string");
      return false;
    }
    out = v->get<std::string>();
    return true;
  }

  bool Int(const json& obj, const std::string& path, const std::string& key,
           std::int64_t min, std::int64_t max, std::int64_t& out, bool required) {
    const json* v = Field(obj, path, key, required);
    if (!v) return false;
    const bool too_big_for_int64 =
        v->is_number_unsigned() &&
        v->get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!v->is_number_integer() || too_big_for_int64 ||
        v->get<std::int64_t>() < min || v->get<std::int64_t>() > max) {
      Problem(Join(path, key), "must be a whole number from " + std::to_string(min) +
                                   " to " + std::to_string(max));
      return false;
    }
    out = v->get<std::int64_t>();
    return true;
  }

  bool Bool(const json& obj, const std::string& path, const std::string& key, bool& out) {
    const json* v = Field(obj, path, key, false);
    if (!v) return false;
    if (!v->is_boolean()) {
      Problem(Join(path, key), "must be true or false");
      return false;
    }
    out = v->get<bool>();
    return true;
  }

  template <typename E>
  bool Enum(const json& obj, const std::string& path, const std::string& key,
            const std::vector<std::pair<std::string, E>>& names, E& out, bool required) {
    std::string s;
    if (!String(obj, path, key, s, required)) return false;
    for (const auto& [name, value] : names) {
      if (name == s) {
        out = value;
        return true;
      }
    }
    std::string list;
    for (const auto& [name, value] : names) list += (list.empty() ? "" : ", ") + name;
    Problem(Join(path, key), "\"" + s + "\" is not one of: " + list);
    return false;
  }

  void ReadText(const json& obj, const std::string& path, const std::string& key,
                Text& out, bool required) {
    const json* v = Field(obj, path, key, required);
    if (!v) return;
    const std::string p = Join(path, key);
    if (!v->is_object()) {
      Problem(p, "must be an object of texts by language, e.g. {\"en\": ..., \"vi\": ...}");
      return;
    }
    for (const auto& [lang, text] : v->items()) {
      if (lang != "en" && lang != "vi" && lang != "zh") {
        Problem(Join(p, lang), "unknown language (use en, vi, zh)");
      } else if (!text.is_string() || text.get<std::string>().empty()) {
        Problem(Join(p, lang), "must be a non-empty string");
      } else {
        out.by_language[lang] = text.get<std::string>();
      }
    }
    if (!out.by_language.count("en") && v->is_object()) Problem(Join(p, "en"), "missing");
  }

  bool ReadThreshold(const json& obj, const std::string& path, const std::string& key,
                     Threshold& out, bool required, bool need_fraction = true) {
    const json* v = Field(obj, path, key, required);
    if (!v) return false;
    const std::string p = Join(path, key);
    if (!v->is_object()) {
      Problem(p, "must be an object {\"compare\": \">\", \"fraction\": \"1/2\", \"of\": "
                 "\"convened\"}");
      return false;
    }
    CheckKeys(*v, p, {"compare", "fraction", "of"});
    bool ok = Enum<Comparison>(*v, p, "compare",
                               {{">", Comparison::kGreater}, {">=", Comparison::kAtLeast}},
                               out.compare, true);
    ok &= Enum<Base>(*v, p, "of",
                     {{"convened", Base::kConvened},
                      {"present", Base::kPresent},
                      {"members", Base::kMembers},
                      {"cast", Base::kCast},
                      {"valid", Base::kValid}},
                     out.of, true);
    if (need_fraction) ok &= ReadFraction(*v, p, "fraction", out.fraction, true);
    return ok;
  }

  bool ReadFraction(const json& obj, const std::string& path, const std::string& key,
                    Fraction& out, bool required) {
    std::string s;
    if (!String(obj, path, key, s, required)) return false;
    if (!ParseFraction(s, out)) {
      Problem(Join(path, key), "\"" + s + "\" is not an exact fraction \"a/b\" with "
                               "0 <= a <= b <= 1000 (e.g. \"1/2\", \"2/3\")");
      return false;
    }
    return true;
  }

 private:
  std::vector<std::string> problems_;
};

const std::vector<std::pair<std::string, Disclosure>> kDisclosures = {
    {"announced", Disclosure::kAnnounced},
    {"sealed", Disclosure::kSealed},
    {"minutes_only", Disclosure::kMinutesOnly}};
const std::vector<std::pair<std::string, RuleKind>> kRuleKinds = {
    {"top_majority", RuleKind::kTopMajority},
    {"ranked_majority", RuleKind::kRankedMajority},
    {"threshold", RuleKind::kThreshold},
    {"opinion", RuleKind::kOpinion},
    {"bracket_share", RuleKind::kBracketShare},
    {"rate3_classify", RuleKind::kRate3Classify},
    {"rate4_evaluation", RuleKind::kRate4Evaluation}};
const std::vector<std::pair<std::string, OutcomeStatus>> kStatuses = {
    {"selected", OutcomeStatus::kSelected},
    {"carried_forward", OutcomeStatus::kCarriedForward},
    {"not_selected", OutcomeStatus::kNotSelected},
    {"removal_proposed", OutcomeStatus::kRemovalProposed},
    {"kept", OutcomeStatus::kKept},
    {"needs_decision", OutcomeStatus::kNeedsDecision}};
const std::vector<std::pair<std::string, TieHandling>> kTies = {
    {"carry_all", TieHandling::kCarryAll}, {"needs_decision", TieHandling::kNeedsDecision}};

// Which ballot kinds each rule kind can read.
bool RuleFitsBallot(RuleKind rule, crypto::BallotKind ballot) {
  switch (rule) {
    case RuleKind::kTopMajority:
    case RuleKind::kBracketShare:
      return ballot == crypto::BallotKind::kNominate;
    case RuleKind::kRankedMajority:
    case RuleKind::kThreshold:
    case RuleKind::kOpinion:
      return ballot == crypto::BallotKind::kApprove ||
             ballot == crypto::BallotKind::kYesNoAbstain;
    case RuleKind::kRate3Classify:
      return ballot == crypto::BallotKind::kRate3;
    case RuleKind::kRate4Evaluation:
      return ballot == crypto::BallotKind::kRate4;
  }
  return false;
}

void ReadRule(Walker& w, const json& v, const std::string& p,
              std::optional<crypto::BallotKind> ballot, Rule& rule) {
  w.CheckKeys(v, p,
              {"kind", "threshold", "brackets", "carry_forward", "tie_at_carry_cut",
               "carry_min_votes", "tie_at_slot_cut", "head_nominee_breaks_exact_tie",
               "head_nominee_tie_persons", "single_at_exact_threshold", "check_divergence", "divergence_test",
               "candidates_must_outnumber_slots", "passing_must_outnumber_slots",
               "candidates_per_slot", "max_persons_per_sitting", "level_tie", "low_majority", "low_two_thirds", "pass_status",
               "fail_status", "has_b_ballots", "tally_by_group"});
  const bool have_kind = w.Enum(v, p, "kind", kRuleKinds, rule.kind, true);
  if (have_kind && ballot && !RuleFitsBallot(rule.kind, *ballot)) {
    w.Problem(p + ".kind", "\"" + RuleKindName(rule.kind) + "\" cannot read " +
                               BallotKindName(ballot) + " ballots");
  }
  const bool needs_threshold = have_kind && rule.kind != RuleKind::kOpinion &&
                               rule.kind != RuleKind::kRate3Classify;
  const bool brackets = have_kind && rule.kind == RuleKind::kBracketShare;
  Threshold t;
  if (w.ReadThreshold(v, p, "threshold", t, needs_threshold, !brackets)) rule.threshold = t;
  if (brackets) {
    const json* b = w.Field(v, p, "brackets", true);
    if (b && (!b->is_array() || b->empty())) {
      w.Problem(p + ".brackets", "must be a non-empty list of {\"up_to\": n, \"fraction\"}");
    } else if (b) {
      std::int64_t last = 0;
      for (std::size_t i = 0; i < b->size(); ++i) {
        const std::string bp = p + ".brackets[" + std::to_string(i) + "]";
        const json& e = (*b)[i];
        if (!e.is_object()) {
          w.Problem(bp, "must be an object");
          continue;
        }
        w.CheckKeys(e, bp, {"up_to", "fraction"});
        Bracket br;
        std::int64_t up = 0;
        if (w.Int(e, bp, "up_to", 1, 1'000'000, up, false)) {
          if (up <= last) w.Problem(bp + ".up_to", "must be larger than the previous bracket's");
          br.up_to = up;
          last = up;
        } else if (i + 1 != b->size()) {
          w.Problem(bp + ".up_to", "missing; only the last bracket may be open-ended");
        }
        w.ReadFraction(e, bp, "fraction", br.fraction, true);
        rule.brackets.push_back(br);
      }
      if (!rule.brackets.empty() && rule.brackets.back().up_to) {
        w.Problem(p + ".brackets", "the last bracket must have no up_to (it covers the rest)");
      }
    }
  }
  RuleParameters& q = rule.params;
  std::int64_t n = 0;
  if (w.Int(v, p, "carry_forward", 1, 100, n, false)) q.carry_forward = static_cast<int>(n);
  w.Enum(v, p, "tie_at_carry_cut", kTies, q.tie_at_carry_cut, false);
  w.Int(v, p, "carry_min_votes", 0, 1'000'000, q.carry_min_votes, false);
  w.Enum(v, p, "tie_at_slot_cut", kTies, q.tie_at_slot_cut, false);
  w.Bool(v, p, "head_nominee_breaks_exact_tie", q.head_nominee_breaks_exact_tie);
  if (w.Int(v, p, "head_nominee_tie_persons", 2, 1000, n, false))
    q.head_nominee_tie_persons = static_cast<int>(n);
  w.Enum(v, p, "single_at_exact_threshold", kStatuses, q.single_at_exact_threshold, false);
  w.Bool(v, p, "check_divergence", q.check_divergence);
  w.Enum<DivergenceTest>(v, p, "divergence_test",
                         {{"not_subset", DivergenceTest::kNotSubset},
                          {"not_equal", DivergenceTest::kNotEqual}},
                         q.divergence_test, false);
  w.Bool(v, p, "candidates_must_outnumber_slots", q.candidates_must_outnumber_slots);
  w.Bool(v, p, "passing_must_outnumber_slots", q.passing_must_outnumber_slots);
  if (w.Int(v, p, "candidates_per_slot", 0, 100, n, false))
    q.candidates_per_slot = static_cast<int>(n);
  if (w.Int(v, p, "max_persons_per_sitting", 0, 1000, n, false))
    q.max_persons_per_sitting = static_cast<int>(n);
  w.Enum<LevelTie>(v, p, "level_tie", {{"lower", LevelTie::kLower}, {"higher", LevelTie::kHigher}},
                   q.level_tie, false);
  w.ReadThreshold(v, p, "low_majority", q.low_majority, false);
  w.ReadThreshold(v, p, "low_two_thirds", q.low_two_thirds, false);
  w.Enum(v, p, "pass_status", kStatuses, q.pass_status, false);
  w.Enum(v, p, "fail_status", kStatuses, q.fail_status, false);
  w.Bool(v, p, "has_b_ballots", q.has_b_ballots);
  w.Bool(v, p, "tally_by_group", q.tally_by_group);
}

void ReadStep(Walker& w, const json& v, const std::string& p, Step& step) {
  w.CheckKeys(v, p,
              {"id", "title", "electorate", "ballot", "max_agree", "voter_signature_optional",
               "disclosure", "quorum", "rule", "notes", "record_dates"});
  if (w.String(v, p, "id", step.id, true) &&
      (step.id.empty() || step.id[0] < '0' || step.id[0] > '9')) {
    w.Problem(p + ".id",
              "\"" + step.id +
                  "\" must start with the number of its stage (\"2\", \"2r\", "
                  "\"1a\"): the stages run in the order of their numbers");
  }
  w.ReadText(v, p, "title", step.title, true);
  w.ReadText(v, p, "electorate", step.electorate, true);
  w.ReadText(v, p, "notes", step.notes, false);
  // The procedure file spells the ballot as crypto does, or "none".
  if (std::string ballot; w.String(v, p, "ballot", ballot, true)) {
    auto parsed = ParseStepBallot(ballot);
    if (parsed.ok()) {
      step.ballot = *parsed;
    } else {
      w.Problem(Walker::Join(p, "ballot"),
                "\"" + ballot + "\" is not one of: " + StepBallotNames());
    }
  }
  std::int64_t max_agree = 0;
  if (w.Int(v, p, "max_agree", 1, 1000, max_agree, false)) {
    if (step.ballot != crypto::BallotKind::kApprove) {
      w.Problem(p + ".max_agree", "only approve ballots have a maximum of agrees");
    }
    step.max_agree = static_cast<int>(max_agree);
  }
  w.Bool(v, p, "voter_signature_optional", step.voter_signature_optional);
  w.Enum(v, p, "disclosure", kDisclosures, step.disclosure, true);
  // "quorum": "none" (P7 steps 1 and 2): nobody need be present; kept as
  // ">= 0 of present" so that every reader computes required 0, met.
  if (const json* none = w.Field(v, p, "quorum", false); none && none->is_string()) {
    if (*none == "none") {
      step.quorum = kNoQuorum;
    } else {
      w.Problem(p + ".quorum", "must be \"none\" or an object {\"compare\": \">=\", "
                               "\"fraction\": \"2/3\", \"of\": \"convened\"}");
    }
  } else if (Threshold q; w.ReadThreshold(v, p, "quorum", q, false)) {
    if (q.fraction.num == 0) {
      w.Problem(p + ".quorum", "a fraction of 0 is no quorum: write \"quorum\": \"none\"");
    }
    step.quorum = q;
  }
  w.Enum<RecordDates>(v, p, "record_dates",
                      {{"none", RecordDates::kNone},
                       {"publicity_talk_trial", RecordDates::kPublicityTalkTrial}},
                      step.record_dates, false);
  if (step.ballot && step.record_dates != RecordDates::kNone) {
    w.Problem(p + ".record_dates", "only a step without a ballot records dates");
  }
  const json* rule = w.Field(v, p, "rule", false);
  if (!step.ballot) {
    if (rule) w.Problem(p + ".rule", "a step without a ballot has no rule");
    return;
  }
  if (!rule) {
    w.Problem(p + ".rule", "missing; a step with a ballot needs a rule");
    return;
  }
  if (!rule->is_object()) {
    w.Problem(p + ".rule", "must be an object");
    return;
  }
  step.rule.emplace();
  ReadRule(w, *rule, p + ".rule", step.ballot, *step.rule);
}

}  // namespace

bool ParseFraction(std::string_view text, Fraction& out) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return false;
  std::int64_t a = -1, b = -1;
  const char* begin = text.data();
  auto r1 = std::from_chars(begin, begin + slash, a);
  auto r2 = std::from_chars(begin + slash + 1, begin + text.size(), b);
  if (r1.ec != std::errc() || r1.ptr != begin + slash || r2.ec != std::errc() ||
      r2.ptr != begin + text.size()) {
    return false;
  }
  if (b < 1 || b > 1000 || a < 0 || a > b) return false;
  out = {a, b};
  return true;
}

Result<Procedure> ParseProcedure(std::string_view text, const std::string& origin) {
  auto parsed = shared::ParseJsonInput(text, origin);
  if (!parsed.ok()) return parsed.status();
  json doc = std::move(parsed.value());
  Walker w;
  Procedure proc;
  if (!doc.is_object()) {
    return Status::InvalidArgument(origin + ": the file must hold one JSON object");
  }
  w.CheckKeys(doc, "", {"format", "id", "code", "title", "source", "quorum", "season",
                        "min_ballots", "steps"});
  std::string format;
  if (w.String(doc, "", "format", format, true) && format != "hall-procedure/1") {
    w.Problem("format", "\"" + format + "\" is not supported (use \"hall-procedure/1\")");
  }
  w.String(doc, "", "id", proc.id, true);
  w.String(doc, "", "code", proc.code, true);
  w.ReadText(doc, "", "title", proc.title, true);
  w.String(doc, "", "source", proc.source, true);
  if (w.ReadThreshold(doc, "", "quorum", proc.quorum, true) && proc.quorum.fraction.num == 0) {
    w.Problem("quorum", "a fraction of 0 is no quorum; a step without one says \"quorum\": \"none\"");
  }
  w.Int(doc, "", "min_ballots", kMinBallotsFloor, 1'000'000, proc.min_ballots, false);
  if (const json* s = w.Field(doc, "", "season", false)) {
    Season season;
    const json* months = s->is_object() ? w.Field(*s, "season", "months", true) : nullptr;
    if (!s->is_object()) w.Problem("season", "must be an object {\"months\": [1, 2, 3]}");
    if (s->is_object()) w.CheckKeys(*s, "season", {"months"});
    if (months) {
      if (!months->is_array() || months->empty()) {
        w.Problem("season.months", "must be a non-empty list of months 1-12");
      } else {
        for (const auto& m : *months) {
          const auto month = shared::WholeNumberIn(m, 1, 12);
          if (!month) {
            w.Problem("season.months", "each month must be a whole number from 1 to 12");
            break;
          }
          season.months.push_back(static_cast<int>(*month));
        }
      }
    }
    proc.season = season;
  }
  const json* steps = w.Field(doc, "", "steps", true);
  if (steps && (!steps->is_array() || steps->empty())) {
    w.Problem("steps", "must be a non-empty list of steps");
  } else if (steps) {
    std::set<std::string> ids;
    for (std::size_t i = 0; i < steps->size(); ++i) {
      const std::string p = "steps[" + std::to_string(i) + "]";
      if (!(*steps)[i].is_object()) {
        w.Problem(p, "must be an object");
        continue;
      }
      Step step;
      ReadStep(w, (*steps)[i], p, step);
      if (!step.id.empty() && !ids.insert(step.id).second) {
        w.Problem(p + ".id", "\"" + step.id + "\" is used by another step");
      }
      proc.steps.push_back(std::move(step));
    }
  }
  if (!w.problems().empty()) {
    std::string message;
    for (const auto& problem : w.problems()) {
      message += (message.empty() ? "" : "\n") + origin + ": " + problem;
    }
    return Status::InvalidArgument(message);
  }
  proc.file_text = std::string(text);
  return proc;
}

}  // namespace hall::rules
