// End to end, one meeting per procedure (P1-P7): every balloted step of the
// procedure file through the real hall-server process and the headless
// voting client over mutual TLS, several persons on every ballot, marks
// drawn at random from a fixed seed (hall-demo --procedure P --seed N). For
// every round:
// - the minutes' counts (per person per option, cast, blank) equal the
//   marks cast, counted here from the marks;
// - the minutes' outcome and flags equal what the `hall-rules evaluate`
//   program says for a round JSON built here from those marks and the
//   demo roll's electorate (never from the minutes); P1 step 3's
//   previous_selection is what hall-rules gave for step 2;
// - a ballot headed by an earlier step's outcome lists exactly the persons
//   hall-rules took on from that step, in that step's ballot order.
// Sealed rounds are read with the recipient key the demo holds; every round
// carries the date of the meeting's sitting (P6 checks it). Each meeting's
// election record (hall-admin record export) passes hall-audit verify.
#include <gtest/gtest.h>
#include <stdio.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "hall/sim/demo/meeting.h"
#include "hall/sim/demo/procedure_script.h"
#include "hall/sim/loadgen/election.h"

namespace hall::sim::demo {
namespace {

using nlohmann::json;

constexpr std::uint64_t kSeed = 20261204;

const std::vector<std::string>& Options(crypto::BallotKind kind) {
  static const std::map<crypto::BallotKind, std::vector<std::string>> names = {
      {crypto::BallotKind::kNominate, {}},
      {crypto::BallotKind::kApprove, {"agree", "disagree"}},
      {crypto::BallotKind::kYesNoAbstain, {"agree", "disagree", "abstain"}},
      {crypto::BallotKind::kRate3, {"high", "medium", "low"}},
      {crypto::BallotKind::kRate4,
       {"excellent", "competent", "basic", "incompetent"}}};
  return names.at(kind);
}

// The counts the marks add up to, as the minutes and hall-rules write them.
json CountsOfMarks(const DemoRound& r, int& blank) {
  json counts = json::object();
  blank = 0;
  if (r.kind == crypto::BallotKind::kNominate) {
    for (const auto& p : r.persons) counts[p] = 0;
    for (const auto& c : r.choices) {
      EXPECT_EQ(c.size(), 1u);
      if (c[0])
        counts[r.persons.at(*c[0])] = counts[r.persons[*c[0]]].get<int>() + 1;
      else
        ++blank;
    }
    return counts;
  }
  const auto& options = Options(r.kind);
  for (std::size_t p = 0; p < r.persons.size(); ++p) {
    json per = json::object();
    for (const auto& o : options) per[o] = 0;
    for (const auto& c : r.choices) {
      EXPECT_EQ(c.size(), r.persons.size());
      // Only approve may leave a person unmarked.
      if (!c[p]) {
        EXPECT_EQ(r.kind, crypto::BallotKind::kApprove);
        continue;
      }
      const std::string& o = options.at(*c[p]);
      per[o] = per[o].get<int>() + 1;
    }
    counts[r.persons[p]] = per;
  }
  return counts;
}

// Each voter class's ballots are those cast with its codes; each tally
// group's counts are its classes' marks, counted here; no class with fewer
// ballots than a box opens with (3) is decrypted on its own.
void CheckClassTallies(const DemoRound& r, const json& vc) {
  std::map<std::string, std::size_t> cast;
  for (const auto& c : r.choice_classes) ++cast[c];
  for (const auto& c : vc["classes"])
    EXPECT_EQ(c["cast"], cast[c["class"].get<std::string>()]) << c.dump();
  std::size_t total = 0;
  for (const auto& t : vc["tallies"]) {
    std::set<std::string> names;
    for (const auto& n : t["classes"]) names.insert(n.get<std::string>());
    DemoRound part = r;
    part.choices.clear();
    for (std::size_t i = 0; i < r.choices.size(); ++i)
      if (names.count(r.choice_classes[i])) part.choices.push_back(r.choices[i]);
    EXPECT_EQ(t["cast"], part.choices.size());
    total += part.choices.size();
    if (!t.contains("counts")) {
      EXPECT_LT(part.choices.size(), 3u) << t.dump();
      continue;
    }
    EXPECT_GE(part.choices.size(), 3u) << t.dump();
    int blank = 0;
    EXPECT_EQ(t["counts"], CountsOfMarks(part, blank)) << t.dump();
    if (r.kind == crypto::BallotKind::kNominate) {
      EXPECT_EQ(t["blank"], blank);
    }
  }
  EXPECT_EQ(total, r.choices.size());
}

struct Evaluated {
  int exit_status = -1;
  std::string out;
  std::string err;
};

// Runs `hall-rules evaluate FILE` on `round`.
Evaluated HallRulesEvaluate(const json& round) {
  loadgen::TempDir dir("hall-rules-e2e");
  const auto input = dir.path() / "round.json";
  const auto err = dir.path() / "stderr";
  std::ofstream(input) << round.dump(2);
  const std::string command = std::string(HALL_RULES_BINARY) + " evaluate '" +
                              input.string() + "' 2>'" + err.string() + "'";
  Evaluated e;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return e;
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;)
    e.out.append(buf, n);
  const int status = pclose(pipe);
  e.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(err);
  std::stringstream s;
  s << in.rdbuf();
  e.err = s.str();
  return e;
}

// The persons an outcome takes on, in `ballot` order.
std::vector<std::string> GoingOn(const json& outcome,
                                 const std::vector<std::string>& ballot) {
  std::set<std::string> on;
  for (const auto& o : outcome["outcomes"]) {
    const std::string status = o["status"];
    if (status == "selected" || status == "carried_forward" ||
        status == "needs_decision")
      on.insert(o["candidate"].get<std::string>());
  }
  std::vector<std::string> out;
  for (const auto& p : ballot)
    if (on.count(p)) out.push_back(p);
  return out;
}

struct Expect {
  std::string procedure;
  std::size_t rounds;  // balloted steps held
  // Steps whose tally is refused today, with the reason's text.
  std::map<std::string, std::string> refused;
  // Step -> the step whose outcome heads its ballot.
  std::map<std::string, std::string> carried;
  // The steps without a ballot, recorded and signed.
  std::vector<std::string> recorded;
};

class ProcedureMeeting : public ::testing::TestWithParam<Expect> {};

TEST_P(ProcedureMeeting, MinutesCountTheMarksAndHallRulesAgrees) {
  const Expect& want = GetParam();
  DemoOptions options;
  options.server_binary = HALL_SERVER_BINARY;
  options.seal_cost = crypto::KeyFileCost::kMin;
  options.procedure = want.procedure;
  options.seed = kSeed;
  // Kept until the test ends, to read the exported record.
  loadgen::TempDir work("procedure-meeting-e2e");
  options.work_dir = work.path() / "meeting";
  std::ostringstream narration;
  auto report = RunMeeting(options, narration);
  ASSERT_TRUE(report.ok()) << report.message() << "\n" << narration.str();
  ASSERT_EQ(report->rounds.size(), want.rounds) << narration.str();
  EXPECT_EQ(report->recorded, want.recorded) << narration.str();
  // The meeting's election record, exported by hall-admin, passes every
  // check of hall-audit verify (RunMeeting refuses otherwise; the summary
  // says so in the auditor's words).
  EXPECT_TRUE(report->record_verified) << report->audit_summary;
  EXPECT_NE(report->audit_summary.find("0 FAILED, 0 not checked"),
            std::string::npos)
      << report->audit_summary;
  // P7 tallies step 1 per voter group and step 3 with A and B ballots.
  std::set<std::string> classed;
  for (const auto& r : report->rounds)
    if (!r.choice_classes.empty()) classed.insert(r.step);
  const std::set<std::string> p7_classed = {"1", "3"};
  EXPECT_EQ(classed,
            want.procedure == "P7" ? p7_classed : std::set<std::string>());
  // P7 defers its first step-3 vote after half voted (暂缓表决): the round
  // is cancelled, signed by the seal, and its ballots are never counted;
  // the record holds its cancellation and no tally.
  ASSERT_EQ(report->deferred.size(), want.procedure == "P7" ? 1u : 0u);
  for (const auto& d : report->deferred) {
    EXPECT_EQ(d.step, "3");
    EXPECT_GT(d.ballots_in_box, 0u);
    for (const auto& r : report->rounds) EXPECT_NE(r.id, d.id);
    const auto folder = report->record / "rounds" / std::to_string(d.id);
    EXPECT_TRUE(std::filesystem::exists(folder / "cancellation.bin"));
    for (const char* f : {"tally-request.bin", "minutes.json", "partials.bin",
                          "sealed-tally.bin"})
      EXPECT_FALSE(std::filesystem::exists(folder / f)) << f;
    const json record = json::parse(std::ifstream(report->record / "record.json"));
    bool listed = false;
    for (const auto& r : record["rounds"]) {
      if (r["id"] != d.id) continue;
      listed = true;
      EXPECT_EQ(r["state"], "cancelled") << r.dump();
      EXPECT_EQ(r["cancelled"], d.reason);
      EXPECT_EQ(r["board"]["count"], d.ballots_in_box);
    }
    EXPECT_TRUE(listed);
  }
  std::map<std::string, json> evaluated;  // step -> hall-rules' outcome
  std::map<std::string, const DemoRound*> by_step;
  for (const auto& all : report->rounds) {
    SCOPED_TRACE(want.procedure + " step " + all.step);
    by_step[all.step] = &all;
    // The ballots that decide: all, or those not of class B (P7 step 3's
    // attending leaders, whose ballots are recorded and decide nothing).
    DemoRound r = all;
    if (!all.choice_classes.empty()) {
      ASSERT_EQ(all.choice_classes.size(), all.choices.size());
      r.choices.clear();
      for (std::size_t i = 0; i < all.choices.size(); ++i)
        if (all.choice_classes[i] != "B") r.choices.push_back(all.choices[i]);
    }
    ASSERT_GE(r.persons.size(), 2u) << "every ballot has several persons";
    ASSERT_GE(r.choices.size(), 5u);
    EXPECT_EQ(all.receipts, all.choices.size());
    EXPECT_EQ(r.choices.size(), r.present);
    int blank = 0;
    const json counts = CountsOfMarks(r, blank);
    json round = {{"procedure", report->procedure},
                  {"step", r.step},
                  {"electorate",
                   {{"convened", r.convened},
                    {"present", r.present},
                    {"members", r.members}}},
                  {"slots", r.slots},
                  {"candidates", r.persons},
                  {"ballots", {{"cast", r.choices.size()}}},
                  {"counts", counts}};
    if (r.kind == crypto::BallotKind::kNominate)
      round["ballots"]["blank"] = blank;
    if (r.head_nominee) round["head_nominee"] = *r.head_nominee;
    round["date"] = FindScript(want.procedure)->date;
    if (!r.compared_step.empty()) {
      ASSERT_TRUE(evaluated.count(r.compared_step));
      round["previous_selection"] = GoingOn(evaluated[r.compared_step],
                                            by_step[r.compared_step]->persons);
    }
    if (auto c = want.carried.find(r.step); c != want.carried.end()) {
      ASSERT_TRUE(evaluated.count(c->second));
      const auto on =
          GoingOn(evaluated[c->second], by_step[c->second]->persons);
      ASSERT_LE(on.size(), r.persons.size());
      EXPECT_EQ(std::vector<std::string>(r.persons.begin(),
                                         r.persons.begin() + on.size()),
                on);
    }
    const Evaluated rules = HallRulesEvaluate(round);
    if (auto refused = want.refused.find(r.step);
        refused != want.refused.end()) {
      EXPECT_TRUE(r.minutes_json.empty());
      EXPECT_NE(r.tally_error.find(refused->second), std::string::npos)
          << r.tally_error;
      EXPECT_EQ(rules.exit_status, 2) << rules.out;
      EXPECT_NE(rules.err.find(refused->second), std::string::npos)
          << rules.err;
      EXPECT_TRUE(rules.out.empty());
      continue;
    }
    ASSERT_TRUE(r.tally_error.empty()) << r.tally_error;
    ASSERT_EQ(rules.exit_status, 0) << rules.err << "\n" << round.dump(2);
    const json outcome = json::parse(rules.out);
    evaluated[r.step] = outcome;
    const json minutes = json::parse(r.minutes_json);
    EXPECT_EQ(minutes["counts"], counts);
    EXPECT_EQ(minutes.contains("voter_classes"), !all.choice_classes.empty());
    if (!all.choice_classes.empty())
      CheckClassTallies(all, minutes["voter_classes"]);
    EXPECT_EQ(minutes["ballots"]["cast"], r.choices.size());
    if (r.kind == crypto::BallotKind::kNominate) {
      EXPECT_EQ(minutes["ballots"]["blank"], blank);
    }
    EXPECT_EQ(minutes["electorate"]["convened"], r.convened);
    EXPECT_EQ(minutes["electorate"]["present"], r.present);
    EXPECT_EQ(minutes["outcome"]["outcomes"], outcome["outcomes"]);
    EXPECT_EQ(minutes["outcome"]["flags"], outcome["flags"]);
    EXPECT_EQ(minutes["outcome"]["quorum"], outcome["quorum"]);
    EXPECT_EQ(minutes["outcome"]["denominator"], outcome["denominator"]);
    // The hall saw the result only of an announced round.
    ASSERT_TRUE(r.hall_status.round.has_value());
    EXPECT_EQ(r.hall_status.round->round_id, r.id);
    if (r.disclosure == "sealed") {
      EXPECT_TRUE(r.hall_status.round->announced_outcome.empty());
    } else if (!r.compared_step.empty()) {
      // The hall cannot read the sealed round compared with: its
      // announcement has the outcomes, the recipient's minutes also the
      // divergence flag.
      EXPECT_EQ(json::parse(r.hall_status.round->announced_outcome)["outcomes"],
                minutes["outcome"]["outcomes"]);
    } else {
      EXPECT_EQ(json::parse(r.hall_status.round->announced_outcome),
                minutes["outcome"]);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllProcedures, ProcedureMeeting,
    ::testing::Values(
        Expect{"P1",
               4,
               {},
               {{"4", "3"}},
               {"1"}},
        Expect{"P2", 2, {}, {{"3", "2"}}, {"1"}},
        Expect{"P3", 3, {}, {{"2", "1b"}}, {}},
        Expect{"P4",
               1,
               {},
               {},
               {"1", "2", "3"}},
        Expect{"P5", 3, {}, {}, {"1", "3"}},
        // Every P6 round needs its sitting's date: the script's, in the
        // first quarter.
        Expect{"P6", 4, {}, {}, {}},
        Expect{"P7", 4, {}, {}, {"4"}}),
    [](const ::testing::TestParamInfo<Expect>& info) {
      return info.param.procedure;
    });

}  // namespace
}  // namespace hall::sim::demo
