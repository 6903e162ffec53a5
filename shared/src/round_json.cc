#include "hall/shared/round_json.h"

#include <nlohmann/json.hpp>

#include <set>

namespace hall::rules {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

Status Missing(const std::string& field) {
  return Status::InvalidArgument(field + ": missing");
}

Status ReadCount(const json& v, const std::string& field, std::int64_t& out) {
  if (v.is_number_integer()) {
    const std::int64_t n = v.get<std::int64_t>();
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

Status ReadCounts(const json& v, const std::string& field, BallotKind kind,
                  std::map<std::string, OptionCounts>& out) {
  if (!v.is_object())
    return Status::InvalidArgument(field + ": must be an object keyed by candidate");
  for (const auto& [name, value] : v.items()) {
    const std::string f = field + "." + name;
    OptionCounts counts;
    if (kind == BallotKind::kNominate) {
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
        return Status::InvalidArgument(f + ": " + BallotKindName(kind) +
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
    out.push_back(n.get<std::string>());
  }
  return Status::Ok();
}

bool ParseDate(const std::string& s, Date& d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  d.year = std::stoi(s.substr(0, 4));
  d.month = std::stoi(s.substr(5, 2));
  d.day = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > kDays[d.month - 1]) return false;
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  if (d.month == 2 && d.day == 29 && !leap) return false;
  return true;
}

}  // namespace

Result<ParsedRound> ParseRound(std::string_view text, const Catalog& catalog) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    return Status::InvalidArgument("input: not valid JSON; check brackets, commas and quotes");
  }
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
  if (out.step->ballot == BallotKind::kNone) {
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
    in.head_nominee = head;
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
  if (Status s = ReadCounts(*counts, "counts", out.step->ballot, in.counts); !s.ok()) return s;
  if (auto b = doc.find("counts_b"); b != doc.end()) {
    if (Status s = ReadCounts(*b, "counts_b", out.step->ballot, in.counts_b); !s.ok()) {
      return s;
    }
  }
  return out;
}

std::string RoundResultToJson(const RoundResult& r) {
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
    e["reason"] = o.reason;
    outcomes.push_back(std::move(e));
  }
  j["outcomes"] = std::move(outcomes);
  ordered_json flags = ordered_json::array();
  for (Flag f : r.flags) flags.push_back(FlagName(f));
  j["flags"] = std::move(flags);
  return j.dump(2);
}

}  // namespace hall::rules
