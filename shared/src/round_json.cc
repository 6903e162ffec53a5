#include "hall/shared/round_json.h"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>

#include "hall/shared/json_input.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/procedure_loader.h"
#include "hall/shared/rules_text.h"

namespace hall::rules {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

Status Missing(const std::string& field) {
  return Status::InvalidArgument(field + ": missing");
}

Status ReadCount(const json& v, const std::string& field, std::int64_t& out) {
  if (v.is_number_unsigned() &&
      v.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxCount)) {
    return Status::InvalidArgument(field + ": " + v.dump() +
                                   " is too large; counts are at most " +
                                   std::to_string(kMaxCount));
  }
  if (v.is_number_integer()) {
    const std::int64_t n = v.get<std::int64_t>();
    if (n > kMaxCount) {
      return Status::InvalidArgument(field + ": " + std::to_string(n) +
                                     " is too large; counts are at most " +
                                     std::to_string(kMaxCount));
    }
    if (n < 0) {
      return Status::InvalidArgument(field + ": " + std::to_string(n) +
                                     " is negative; counts are whole numbers from 0");
    }
    out = n;
    return Status::Ok();
  }
  if (v.is_number_unsigned()) {
    return Status::InvalidArgument(field + ": the number is too large");
  }
  if (v.is_number()) {
    if (v.get<double>() < 0) {
      return Status::InvalidArgument(field + ": " + v.dump() +
                                     " is negative; counts are whole numbers from 0");
    }
    return Status::InvalidArgument(field + ": " + v.dump() + " is not a whole number");
  }
  return Status::InvalidArgument(field + ": must be a whole number, not " + v.dump());
}

Status ReadOptionalCount(const json& obj, const std::string& parent, const std::string& key,
                         std::int64_t& out, bool required) {
  const std::string field = parent.empty() ? key : parent + "." + key;
  auto it = obj.find(key);
  if (it == obj.end()) return required ? Missing(field) : Status::Ok();
  return ReadCount(*it, field, out);
}

Status ReadCounts(const json& v, const std::string& field, crypto::BallotKind kind,
                  std::map<std::string, OptionCounts>& out) {
  if (!v.is_object())
    return Status::InvalidArgument(field + ": must be an object keyed by candidate");
  for (const auto& [typed_name, value] : v.items()) {
    // A name as hall stores it (NFC): two spellings of one name are one.
    auto clean = shared::HumanText(typed_name, field + ": a candidate's name",
                                   shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    const std::string& name = *clean;
    if (out.count(name))
      return Status::InvalidArgument(field + ": \"" + name +
                                     "\" is counted twice (two spellings of one "
                                     "name): keep one");
    const std::string f = field + "." + name;
    OptionCounts counts;
    if (kind == crypto::BallotKind::kNominate) {
      if (!value.is_number()) {
        return Status::InvalidArgument(f + ": nominate ballots take one number per candidate");
      }
      std::int64_t n = 0;
      if (Status s = ReadCount(value, f, n); !s.ok()) return s;
      counts["votes"] = n;
    } else {
      if (!value.is_object()) {
        std::string list;
        for (const auto& o : OptionNames(kind)) list += (list.empty() ? "" : ", ") + o;
        return Status::InvalidArgument(f + ": " + std::string(crypto::BallotKindName(kind)) +
                                       " ballots take an object of option counts (" + list + ")");
      }
      for (const auto& [option, n] : value.items()) {
        std::int64_t c = 0;
        if (Status s = ReadCount(n, f + "." + option, c); !s.ok()) return s;
        counts[option] = c;
      }
    }
    out[name] = std::move(counts);
  }
  return Status::Ok();
}

Status ReadNames(const json& v, const std::string& field, std::vector<std::string>& out) {
  if (!v.is_array()) return Status::InvalidArgument(field + ": must be a list of names");
  for (const auto& n : v) {
    if (!n.is_string()) return Status::InvalidArgument(field + ": every name must be a string");
    auto clean = shared::HumanText(n.get<std::string>(), field + ": a name",
                                   shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    out.push_back(std::move(clean).value());
  }
  return Status::Ok();
}

}  // namespace

bool ParseDate(const std::string& s, Date& d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  d.year = std::stoi(s.substr(0, 4));
  d.month = std::stoi(s.substr(5, 2));
  d.day = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > kDays[d.month - 1]) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  if (d.month == 2 && d.day == 29 && !leap) return false;
  return true;
}

Result<ParsedRound> ParseRound(std::string_view text, const Catalog& catalog) {
  auto parsed = shared::ParseJsonInput(text, "input");
  if (!parsed.ok()) return parsed.status();
  json doc = std::move(parsed.value());
  if (!doc.is_object()) return Status::InvalidArgument("input: must be one JSON object (a round)");
  static const std::set<std::string> kFields = {
      "procedure", "step", "electorate", "slots", "candidates", "head_nominee",
      "previous_selection", "date", "ballots", "counts", "counts_b"};
  for (const auto& [key, value] : doc.items()) {
    if (!kFields.count(key)) return Status::InvalidArgument(key + ": unknown field");
  }
  ParsedRound out;
  RoundInput& in = out.input;
  auto str = [&](const char* key, std::string& dst) -> Status {
    auto it = doc.find(key);
    if (it == doc.end()) return Missing(key);
    if (!it->is_string()) return Status::InvalidArgument(std::string(key) + ": must be a string");
    dst = it->get<std::string>();
    return Status::Ok();
  };
  if (Status s = str("procedure", in.procedure); !s.ok()) return s;
  out.procedure = catalog.Find(in.procedure);
  if (!out.procedure) {
    return Status::NotFound("procedure: unknown procedure \"" + in.procedure +
                            "\"; known: " + catalog.KnownIds());
  }
  if (Status s = str("step", in.step); !s.ok()) return s;
  out.step = out.procedure->FindStep(in.step);
  if (!out.step) {
    std::string ids;
    for (const auto& st : out.procedure->steps) ids += (ids.empty() ? "" : ", ") + st.id;
    return Status::NotFound("step: unknown step \"" + in.step + "\" of " + out.procedure->id +
                            "; its steps are " + ids);
  }
  if (!out.step->ballot) {
    return Status::InvalidArgument("step: step " + in.step + " of " + out.procedure->id +
                                   " has no ballot, so there is no round to evaluate");
  }
  in.procedure = out.procedure->id;

  auto electorate = doc.find("electorate");
  if (electorate == doc.end()) return Missing("electorate");
  if (!electorate->is_object()) return Status::InvalidArgument("electorate: must be an object");
  for (const auto& [key, value] : electorate->items()) {
    if (key != "convened" && key != "present" && key != "members") {
      return Status::InvalidArgument("electorate." + key + ": unknown field");
    }
  }
  if (Status s = ReadOptionalCount(*electorate, "electorate", "convened", in.convened, true);
      !s.ok()) {
    return s;
  }
  if (Status s = ReadOptionalCount(*electorate, "electorate", "present", in.present, true);
      !s.ok()) {
    return s;
  }
  if (electorate->contains("members")) {
    std::int64_t members = 0;
    if (Status s = ReadOptionalCount(*electorate, "electorate", "members", members, true);
        !s.ok()) {
      return s;
    }
    in.members = members;
  }
  if (Status s = ReadOptionalCount(doc, "", "slots", in.slots, false); !s.ok()) return s;

  auto candidates = doc.find("candidates");
  if (candidates == doc.end()) return Missing("candidates");
  if (Status s = ReadNames(*candidates, "candidates", in.candidates); !s.ok()) return s;
  if (doc.contains("head_nominee")) {
    std::string head;
    if (Status s = str("head_nominee", head); !s.ok()) return s;
    auto clean = shared::HumanText(head, "head_nominee", shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    in.head_nominee = std::move(clean).value();
  }
  if (auto prev = doc.find("previous_selection"); prev != doc.end()) {
    std::vector<std::string> names;
    if (Status s = ReadNames(*prev, "previous_selection", names); !s.ok()) return s;
    in.previous_selection = names;
  }
  if (doc.contains("date")) {
    std::string date;
    if (Status s = str("date", date); !s.ok()) return s;
    Date d;
    if (!ParseDate(date, d)) {
      return Status::InvalidArgument("date: \"" + date + "\" is not a date YYYY-MM-DD");
    }
    in.date = d;
  }
  auto ballots = doc.find("ballots");
  if (ballots == doc.end()) return Missing("ballots");
  if (!ballots->is_object()) return Status::InvalidArgument("ballots: must be an object");
  for (const auto& [key, value] : ballots->items()) {
    if (key != "cast" && key != "blank")
      return Status::InvalidArgument("ballots." + key + ": unknown field");
  }
  if (Status s = ReadOptionalCount(*ballots, "ballots", "cast", in.cast, true); !s.ok()) {
    return s;
  }
  if (Status s = ReadOptionalCount(*ballots, "ballots", "blank", in.blank, false); !s.ok()) {
    return s;
  }
  auto counts = doc.find("counts");
  if (counts == doc.end()) return Missing("counts");
  if (Status s = ReadCounts(*counts, "counts", *out.step->ballot, in.counts); !s.ok()) return s;
  if (auto b = doc.find("counts_b"); b != doc.end()) {
    if (Status s = ReadCounts(*b, "counts_b", *out.step->ballot, in.counts_b); !s.ok()) {
      return s;
    }
  }
  return out;
}

namespace {

ordered_json ThresholdJson(const ThresholdFacts& t) {
  return {{"compare", ComparisonText(t.compare)},
          {"fraction", FractionText(t.fraction)},
          {"of", BaseName(t.of)},
          {"count", t.of_count}};
}

ordered_json OptionsJson(const std::vector<OptionCount>& options) {
  ordered_json j = ordered_json::object();
  for (const auto& o : options) j[o.option] = o.count;
  return j;
}

// The fields `r.code` uses, in a fixed order, then the optional ones.
ordered_json ReasonArgsJson(const Reason& r) {
  ordered_json j = ordered_json::object();
  auto uses = [&](ReasonField f) { return ReasonUses(r.code, f); };
  if (uses(ReasonField::kCount)) {
    j["counted"] = CountedName(r.counted);
    j["count"] = r.count;
  }
  if (uses(ReasonField::kThreshold))
    j["threshold"] = ThresholdJson(r.threshold);
  if (uses(ReasonField::kPresent)) j["present"] = r.present;
  if (uses(ReasonField::kRequired)) j["required"] = r.required;
  if (uses(ReasonField::kOthers)) j["others"] = r.others;
  if (uses(ReasonField::kTop)) j["top"] = r.top;
  if (uses(ReasonField::kMinVotes)) j["min_votes"] = r.min_votes;
  if (uses(ReasonField::kSlots)) j["slots"] = r.slots;
  if (uses(ReasonField::kCast)) j["cast"] = r.cast;
  if (uses(ReasonField::kOptions)) j["options"] = OptionsJson(r.options);
  if (uses(ReasonField::kLevel)) j["level"] = LevelName(r.level);
  if (r.low_majority) j["low_majority"] = ThresholdJson(*r.low_majority);
  if (r.low_two_thirds) j["low_two_thirds"] = ThresholdJson(*r.low_two_thirds);
  if (r.b_ballots) j["b_ballots"] = OptionsJson(*r.b_ballots);
  return j;
}

}  // namespace

std::string RoundResultToJson(const RoundResult& r, Language also) {
  const bool extra = also != Language::kEn;
  const std::string suffix = "_" + LanguageName(also);
  ordered_json j;
  j["procedure"] = r.procedure;
  j["step"] = r.step;
  j["ballot"] = BallotKindName(r.ballot);
  j["disclosure"] = DisclosureName(r.disclosure);
  j["quorum"] = {{"required", r.quorum.required},
                 {"present", r.quorum.present},
                 {"met", r.quorum.met}};
  j["denominator"] = {{"name", BaseName(r.denominator)}, {"value", r.denominator_value}};
  ordered_json outcomes = ordered_json::array();
  for (const auto& o : r.outcomes) {
    ordered_json e;
    e["candidate"] = o.candidate;
    e["status"] = StatusName(o.status);
    if (o.votes) e["votes"] = *o.votes;
    if (o.level) e["level"] = LevelName(*o.level);
    e["reason"] = RenderReason(o.reason, Language::kEn);
    if (extra) e["reason" + suffix] = RenderReason(o.reason, also);
    e["reason_code"] = ReasonCodeName(o.reason.code);
    e["reason_args"] = ReasonArgsJson(o.reason);
    outcomes.push_back(std::move(e));
  }
  j["outcomes"] = std::move(outcomes);
  ordered_json flags = ordered_json::array();
  for (Flag f : r.flags) flags.push_back(FlagName(f));
  j["flags"] = std::move(flags);
  if (extra) {
    ordered_json texts = ordered_json::array();
    for (Flag f : r.flags) texts.push_back(RenderFlag(f, also));
    j["flags" + suffix] = std::move(texts);
  }
  return j.dump(2);
}

namespace {

// A count of a record: a whole number from 0 to kMaxCount.
bool CountIn(const ordered_json& v, std::int64_t& out) {
  if (v.is_number_unsigned()) {
    if (v.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxCount))
      return false;
  } else if (!v.is_number_integer()) {
    return false;
  }
  const std::int64_t n = v.get<std::int64_t>();
  if (n < 0 || n > kMaxCount) return false;
  out = n;
  return true;
}

// Reads one field of a decoded outcome; every problem names its path.
class ResultReader {
 public:
  Status Problem(const std::string& path, const std::string& what) {
    return Status::InvalidArgument(path + ": " + what);
  }
  const ordered_json* Field(const ordered_json& obj, const std::string& path,
                            const std::string& key, Status& status) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      status = Problem(Join(path, key), "missing");
      return nullptr;
    }
    return &*it;
  }
  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  Status Int(const ordered_json& obj, const std::string& path,
             const std::string& key, std::int64_t& out) {
    Status s = Status::Ok();
    const ordered_json* v = Field(obj, path, key, s);
    if (!v) return s;
    if (!CountIn(*v, out))
      return Problem(Join(path, key), "must be a whole number from 0 to " +
                                          std::to_string(kMaxCount));
    return Status::Ok();
  }
  Status String(const ordered_json& obj, const std::string& path,
                const std::string& key, std::string& out) {
    Status s = Status::Ok();
    const ordered_json* v = Field(obj, path, key, s);
    if (!v) return s;
    if (!v->is_string()) return Problem(Join(path, key), "must be a string");
    out = v->get<std::string>();
    return Status::Ok();
  }
  // A name of one of `values`, as `name_of` spells it.
  template <typename E, typename NameOf>
  Status Name(const ordered_json& obj, const std::string& path,
              const std::string& key, std::initializer_list<E> values,
              NameOf name_of, E& out) {
    std::string text;
    if (Status s = String(obj, path, key, text); !s.ok()) return s;
    for (E e : values) {
      if (name_of(e) == text) {
        out = e;
        return Status::Ok();
      }
    }
    return Problem(Join(path, key), "unknown value \"" + text + "\"");
  }
  Status Threshold(const ordered_json& obj, const std::string& path,
                   const std::string& key, ThresholdFacts& out) {
    Status s = Status::Ok();
    const ordered_json* v = Field(obj, path, key, s);
    if (!v) return s;
    const std::string p = Join(path, key);
    if (!v->is_object()) return Problem(p, "must be an object");
    if (Status st =
            Name(*v, p, "compare", {Comparison::kGreater, Comparison::kAtLeast},
                 ComparisonText, out.compare);
        !st.ok()) {
      return st;
    }
    std::string fraction;
    if (Status st = String(*v, p, "fraction", fraction); !st.ok()) return st;
    if (!ParseFraction(fraction, out.fraction)) {
      return Problem(Join(p, "fraction"),
                     "\"" + fraction + "\" is not a fraction \"a/b\"");
    }
    if (Status st = Name(*v, p, "of",
                         {Base::kConvened, Base::kPresent, Base::kMembers,
                          Base::kCast, Base::kValid},
                         BaseName, out.of);
        !st.ok()) {
      return st;
    }
    return Int(*v, p, "count", out.of_count);
  }
  Status Options(const ordered_json& obj, const std::string& path,
                 const std::string& key, std::vector<OptionCount>& out) {
    Status s = Status::Ok();
    const ordered_json* v = Field(obj, path, key, s);
    if (!v) return s;
    const std::string p = Join(path, key);
    if (!v->is_object())
      return Problem(p, "must be an object of option counts");
    for (const auto& [option, n] : v->items()) {
      std::int64_t count = 0;
      if (!CountIn(n, count))
        return Problem(Join(p, option), "must be a whole number from 0 to " +
                                            std::to_string(kMaxCount));
      out.push_back({option, count});
    }
    // Ballot order, whatever order the keys came in (a JSON library may have
    // sorted them): every ballot kind's options keep this order.
    static const std::vector<std::string> kOrder = {
        "votes", "agree",     "disagree",  "abstain", "high",       "medium",
        "low",   "excellent", "competent", "basic",   "incompetent"};
    auto rank = [](const std::string& option) {
      return std::find(kOrder.begin(), kOrder.end(), option) - kOrder.begin();
    };
    std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
      return rank(a.option) < rank(b.option);
    });
    return Status::Ok();
  }

  Status ReadReason(const ordered_json& outcome, const std::string& path,
                    Reason& r) {
    std::string code;
    if (Status s = String(outcome, path, "reason_code", code); !s.ok())
      return s;
    const std::optional<ReasonCode> parsed = ParseReasonCode(code);
    if (!parsed)
      return Problem(Join(path, "reason_code"),
                     "unknown code \"" + code + "\"");
    r.code = *parsed;
    Status s = Status::Ok();
    const ordered_json* args = Field(outcome, path, "reason_args", s);
    if (!args) return s;
    const std::string p = Join(path, "reason_args");
    if (!args->is_object()) return Problem(p, "must be an object");
    static const std::set<std::string> kOptional = {
        "low_majority", "low_two_thirds", "b_ballots"};
    std::set<std::string> known = kOptional;
    auto uses = [&](ReasonField f, std::initializer_list<const char*> keys) {
      if (!ReasonUses(r.code, f)) return false;
      for (const char* k : keys) known.insert(k);
      return true;
    };
    if (uses(ReasonField::kCount, {"counted", "count"})) {
      if (Status st = Name(
              *args, p, "counted",
              {Counted::kVotes, Counted::kAgree, Counted::kExcellentCompetent},
              CountedName, r.counted);
          !st.ok()) {
        return st;
      }
      if (Status st = Int(*args, p, "count", r.count); !st.ok()) return st;
    }
    if (uses(ReasonField::kThreshold, {"threshold"})) {
      if (Status st = Threshold(*args, p, "threshold", r.threshold); !st.ok())
        return st;
    }
    const std::pair<ReasonField, std::pair<const char*, std::int64_t*>>
        numbers[] = {{ReasonField::kPresent, {"present", &r.present}},
                     {ReasonField::kRequired, {"required", &r.required}},
                     {ReasonField::kOthers, {"others", &r.others}},
                     {ReasonField::kTop, {"top", &r.top}},
                     {ReasonField::kMinVotes, {"min_votes", &r.min_votes}},
                     {ReasonField::kSlots, {"slots", &r.slots}},
                     {ReasonField::kCast, {"cast", &r.cast}}};
    for (const auto& [field, target] : numbers) {
      if (uses(field, {target.first})) {
        if (Status st = Int(*args, p, target.first, *target.second); !st.ok())
          return st;
      }
    }
    if (uses(ReasonField::kOptions, {"options"})) {
      if (Status st = Options(*args, p, "options", r.options); !st.ok())
        return st;
    }
    if (uses(ReasonField::kLevel, {"level"})) {
      if (Status st = Name(*args, p, "level",
                           {Level::kHigh, Level::kMedium, Level::kLow},
                           LevelName, r.level);
          !st.ok()) {
        return st;
      }
    }
    if (args->contains("low_majority")) {
      r.low_majority.emplace();
      if (Status st = Threshold(*args, p, "low_majority", *r.low_majority);
          !st.ok())
        return st;
    }
    if (args->contains("low_two_thirds")) {
      r.low_two_thirds.emplace();
      if (Status st = Threshold(*args, p, "low_two_thirds", *r.low_two_thirds);
          !st.ok()) {
        return st;
      }
    }
    if (args->contains("b_ballots")) {
      r.b_ballots.emplace();
      if (Status st = Options(*args, p, "b_ballots", *r.b_ballots); !st.ok())
        return st;
    }
    for (const auto& [key, value] : args->items()) {
      if (!known.count(key)) {
        return Problem(Join(p, key),
                       "not an argument of reason " + ReasonCodeName(r.code));
      }
    }
    return Status::Ok();
  }
};

}  // namespace

Result<RoundResult> ParseRoundResult(std::string_view text) {
  auto parsed = shared::ParseOrderedJsonInput(text, "outcome");
  if (!parsed.ok()) return parsed.status();
  const ordered_json doc = std::move(parsed.value());
  if (!doc.is_object())
    return Status::InvalidArgument("outcome: must be one JSON object");
  ResultReader rd;
  RoundResult r;
  if (Status s = rd.String(doc, "", "procedure", r.procedure); !s.ok())
    return s;
  if (Status s = rd.String(doc, "", "step", r.step); !s.ok()) return s;
  std::string ballot;
  if (Status s = rd.String(doc, "", "ballot", ballot); !s.ok()) return s;
  auto step_ballot = ParseStepBallot(ballot);
  if (!step_ballot.ok())
    return rd.Problem("ballot", "unknown value \"" + ballot + "\"");
  r.ballot = *step_ballot;
  if (Status s = rd.Name(doc, "", "disclosure",
                         {Disclosure::kAnnounced, Disclosure::kSealed,
                          Disclosure::kMinutesOnly},
                         DisclosureName, r.disclosure);
      !s.ok()) {
    return s;
  }
  Status status = Status::Ok();
  const ordered_json* quorum = rd.Field(doc, "", "quorum", status);
  if (!quorum) return status;
  if (!quorum->is_object()) return rd.Problem("quorum", "must be an object");
  if (Status s = rd.Int(*quorum, "quorum", "required", r.quorum.required);
      !s.ok())
    return s;
  if (Status s = rd.Int(*quorum, "quorum", "present", r.quorum.present);
      !s.ok())
    return s;
  const ordered_json* met = rd.Field(*quorum, "quorum", "met", status);
  if (!met) return status;
  if (!met->is_boolean())
    return rd.Problem("quorum.met", "must be true or false");
  r.quorum.met = met->get<bool>();
  const ordered_json* denominator = rd.Field(doc, "", "denominator", status);
  if (!denominator) return status;
  if (!denominator->is_object())
    return rd.Problem("denominator", "must be an object");
  if (Status s = rd.Name(*denominator, "denominator", "name",
                         {Base::kConvened, Base::kPresent, Base::kMembers,
                          Base::kCast, Base::kValid},
                         BaseName, r.denominator);
      !s.ok()) {
    return s;
  }
  if (Status s =
          rd.Int(*denominator, "denominator", "value", r.denominator_value);
      !s.ok()) {
    return s;
  }
  const ordered_json* outcomes = rd.Field(doc, "", "outcomes", status);
  if (!outcomes) return status;
  if (!outcomes->is_array()) return rd.Problem("outcomes", "must be a list");
  for (std::size_t i = 0; i < outcomes->size(); ++i) {
    const ordered_json& e = (*outcomes)[i];
    const std::string p = "outcomes[" + std::to_string(i) + "]";
    if (!e.is_object()) return rd.Problem(p, "must be an object");
    Outcome o;
    if (Status s = rd.String(e, p, "candidate", o.candidate); !s.ok()) return s;
    if (Status s = rd.Name(
            e, p, "status",
            {OutcomeStatus::kSelected, OutcomeStatus::kCarriedForward,
             OutcomeStatus::kNotSelected, OutcomeStatus::kRemovalProposed,
             OutcomeStatus::kKept, OutcomeStatus::kNeedsDecision},
            StatusName, o.status);
        !s.ok()) {
      return s;
    }
    if (e.contains("votes")) {
      std::int64_t votes = 0;
      if (Status s = rd.Int(e, p, "votes", votes); !s.ok()) return s;
      o.votes = votes;
    }
    if (e.contains("level")) {
      Level level = Level::kMedium;
      if (Status s = rd.Name(e, p, "level",
                             {Level::kHigh, Level::kMedium, Level::kLow},
                             LevelName, level);
          !s.ok()) {
        return s;
      }
      o.level = level;
    }
    if (Status s = rd.ReadReason(e, p, o.reason); !s.ok()) return s;
    r.outcomes.push_back(std::move(o));
  }
  const ordered_json* flags = rd.Field(doc, "", "flags", status);
  if (!flags) return status;
  if (!flags->is_array())
    return rd.Problem("flags", "must be a list of flag names");
  for (std::size_t i = 0; i < flags->size(); ++i) {
    const ordered_json& f = (*flags)[i];
    const std::string p = "flags[" + std::to_string(i) + "]";
    if (!f.is_string()) return rd.Problem(p, "must be a flag name");
    const std::optional<Flag> flag = ParseFlag(f.get<std::string>());
    if (!flag)
      return rd.Problem(p, "unknown flag \"" + f.get<std::string>() + "\"");
    r.flags.push_back(*flag);
  }
  return r;
}

}  // namespace hall::rules
