// Check 18: a round's state in record.json (which the seal does not sign)
// is the one its signed files show, so that an edited state cannot make
// checks "not applicable": a sealed round has no ballots, only an announced
// round has minutes, only a sealed step's round a sealed tally.
#include <set>

#include "auditor.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/json_input.h"
#include "hall/shared/procedure.h"
#include "hall/shared/record_format.h"

namespace hall::audit {
namespace record = shared::record;
using nlohmann::json;

namespace {

// The states the exporter writes (hall/server/round_state.h's names).
const std::set<std::string>& KnownStates() {
  static const std::set<std::string> states = {
      "draft",   "sealed",    "open",           "closed",
      "tallied", "announced", "minutes_sealed", "cancelled"};
  return states;
}

struct FileRule {
  std::string_view file;
  std::set<std::string> states;  // the only states a round with it is in
};

const std::vector<FileRule>& Rules() {
  static const std::vector<FileRule> rules = {
      {record::kBoxClosed,
       {"closed", "tallied", "announced", "minutes_sealed", "cancelled"}},
      {record::kBoxClosedSig,
       {"closed", "tallied", "announced", "minutes_sealed", "cancelled"}},
      {record::kTallyRequest,
       {"closed", "tallied", "announced", "minutes_sealed"}},
      {record::kSpoiled,
       {"open", "closed", "tallied", "announced", "minutes_sealed",
        "cancelled"}},
      {record::kMinutes, {"announced"}},
      {record::kMinutesSig, {"announced"}},
      {record::kPartials, {"announced"}},
      {record::kSealedTally, {"minutes_sealed"}},
      {record::kCancellation, {"cancelled"}},
      {record::kCancellationSig, {"cancelled"}},
  };
  return rules;
}

std::string Join(const std::set<std::string>& states) {
  std::string out;
  for (const auto& s : states) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void Auditor::CheckRoundState(const json& r, std::set<std::uint64_t>& seen) {
  const std::uint64_t id = r.value("id", 0ull);
  const std::string subject = "round " + std::to_string(id);
  Open c = Begin(CheckKind::kRoundState, subject);
  const std::string state =
      r.contains("state") && r["state"].is_string() ? r["state"].get<std::string>()
                                                    : std::string();
  if (!seen.insert(id).second) {
    c.Fail("record.json lists round " + std::to_string(id) + " twice");
    return;
  }
  if (!KnownStates().count(state)) {
    c.Fail("record.json gives the round the state \"" + state +
           "\", which is none of " + Join(KnownStates()));
    return;
  }
  auto has = [&](std::string_view name) {
    return files_.Exists(record::RoundFile(id, name));
  };
  const bool has_template = has(record::kTemplate);
  if (state == "draft" && (has_template || has(record::kBoard))) {
    c.Fail("record.json says draft, but the round has a signed template or "
           "a board: it was sealed");
    return;
  }
  if (!has_template && (has(record::kBoxClosed) || has(record::kBoard))) {
    c.Fail("the round has a box-closed statement or a board but no signed "
           "template");
    return;
  }
  if (!has_template && state != "draft" && state != "cancelled") {
    c.Fail("record.json says " + state + ", but the round has no signed "
           "template");
    return;
  }
  for (const FileRule& rule : Rules()) {
    if (has(rule.file) && !rule.states.count(state)) {
      c.Fail("record.json says " + state + ", but the round has " +
             record::RoundFile(id, rule.file) + ", which only a round " +
             Join(rule.states) + " has");
      return;
    }
  }
  if (state == "sealed") {
    // Its ballots would go unverified: a sealed box holds none.
    auto board = files_.Read(record::RoundFile(id, record::kBoard));
    auto parsed_board =
        board ? shared::ParseJsonInput(
                    *board,
                    "board.json", shared::kRecordJson)
              : Result<json>(json());
    const json entries = parsed_board.ok() ? std::move(parsed_board.value())
                                           : json();
    if (!entries.is_array() || !entries.empty()) {
      c.Fail("record.json says sealed (never opened), but " +
             record::RoundFile(id, record::kBoard) +
             (entries.is_array() ? " holds " + std::to_string(entries.size()) +
                                       " ballots"
                                 : " is missing or not a JSON array"));
      return;
    }
  }
  // The hall server opens a later step's box only once every round of the
  // earlier steps is counted (or cancelled): an earlier round shown as not
  // yet counted is a record rolled back.
  if (state == "sealed" || state == "open" || state == "closed") {
    const int stage = rules::StageOf(r.value("step", ""));
    for (const json& other : files_.index().value("rounds", json::array())) {
      if (!other.is_object()) continue;
      const std::string other_state = other.value("state", "");
      if (other_state == "draft" || other_state == "sealed" ||
          other_state == "cancelled")
        continue;
      if (rules::StageOf(other.value("step", "")) > stage) {
        c.Fail("record.json says " + state + ", but round " +
               std::to_string(other.value("id", 0ull)) + " of a later step (" +
               other.value("step", "") + ") was opened, which the hall "
               "server allows only once this round is counted: the record "
               "is rolled back");
        return;
      }
    }
  }
  std::string disclosure;
  if (has_template) {
    auto bytes = files_.Read(record::RoundFile(id, record::kTemplate));
    if (bytes) {
      if (auto t = shared::BallotTemplate::Decode(*bytes); t.ok())
        disclosure = t->disclosure;
    }
    const std::string listed = r.value("disclosure", json()).is_string()
                                   ? r["disclosure"].get<std::string>()
                                   : std::string();
    if (!disclosure.empty() && listed != disclosure) {
      c.Fail("record.json says the step is " + listed +
             "; the signed template says " + disclosure);
      return;
    }
    if (state == "announced" && disclosure == "sealed") {
      c.Fail("the round's minutes are in the record as announced, but the "
             "signed template's step is sealed: its result is never "
             "announced in the hall");
      return;
    }
    if (state == "minutes_sealed" && disclosure == "announced") {
      c.Fail("the round's result is in the record only as a sealed tally, "
             "but the signed template's step is announced: its minutes must "
             "be in the record");
      return;
    }
  }
  c.Ok("record.json's state, " + state + ", is what the files show" +
       (disclosure.empty() ? "" : " (a step " + disclosure + " in its signed "
                                  "template)") +
       ": none a later state writes is there");
}

}  // namespace hall::audit
