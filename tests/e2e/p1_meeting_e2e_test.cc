// End to end: a whole P1 meeting (steps 2 to 5, sealed and announced rounds)
// with the real hall-server process on a loopback port and the headless
// voting client over mutual TLS. The counts in the minutes must match the
// choices the delegates made, the outcomes must be what the rules engine
// gives for those counts, and the hall must never see a sealed round's
// counts or outcome.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hall/sim/demo/meeting.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules.h"

namespace hall::sim::demo {
namespace {

using nlohmann::json;

const char* const kOptions[] = {"agree", "disagree", "abstain"};

// The minutes' counts recomputed from the delegates' choices.
json ExpectedCounts(const DemoRound& r) {
  json counts = json::object();
  if (r.step == "2" || r.step == "3") {
    for (const auto& p : r.persons) counts[p] = 0;
    for (const auto& c : r.choices) {
      if (c[0])
        counts[r.persons[*c[0]]] = counts[r.persons[*c[0]]].get<int>() + 1;
    }
    return counts;
  }
  const int levels = r.step == "4" ? 2 : 3;
  for (std::size_t p = 0; p < r.persons.size(); ++p) {
    json per = json::object();
    for (int l = 0; l < levels; ++l) per[kOptions[l]] = 0;
    for (const auto& c : r.choices) {
      if (c[p]) per[kOptions[*c[p]]] = per[kOptions[*c[p]]].get<int>() + 1;
    }
    counts[r.persons[p]] = per;
  }
  return counts;
}

TEST(P1MeetingEndToEnd, OutcomesFollowTheRulesAndSealedRoundsStaySealed) {
  DemoOptions options;
  options.server_binary = HALL_SERVER_BINARY;
  options.seal_cost = crypto::KeyFileCost::kMin;
  std::ostringstream narration;
  auto report = RunMeeting(options, narration);
  ASSERT_TRUE(report.ok()) << report.message() << "\n" << narration.str();
  ASSERT_EQ(report->rounds.size(), 4u);
  const std::map<std::string, std::pair<int, int>> electorate = {
      {"2", {20, 19}}, {"3", {7, 7}}, {"4", {30, 28}}, {"5", {7, 7}}};
  for (const auto& r : report->rounds) {
    SCOPED_TRACE("step " + r.step);
    EXPECT_EQ(r.receipts, r.choices.size());
    EXPECT_GT(r.inclusion_proofs_checked, 0u);
    const json minutes = json::parse(r.minutes_json);
    EXPECT_EQ(minutes["counts"], ExpectedCounts(r));
    EXPECT_EQ(minutes["ballots"]["cast"], r.choices.size());
    // The rules engine, run independently on the same counts, agrees.
    json round = {{"procedure", "vn-138-appointment"},
                  {"step", r.step},
                  {"electorate",
                   {{"convened", electorate.at(r.step).first},
                    {"present", electorate.at(r.step).second},
                    {"members", 7}}},
                  {"candidates", r.persons},
                  {"ballots", {{"cast", r.choices.size()}}},
                  {"counts", ExpectedCounts(r)}};
    if (r.step == "2") {
      int blank = 0;
      for (const auto& c : r.choices) blank += c[0] ? 0 : 1;
      round["ballots"]["blank"] = blank;
    }
    if (r.step == "3")
      round["previous_selection"] = {"Nguyễn Thị An", "Trần Văn Bình"};
    auto parsed = rules::ParseRound(round.dump(), rules::Catalog::Builtin());
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    auto expected =
        rules::Evaluate(*parsed->procedure, *parsed->step, parsed->input);
    ASSERT_TRUE(expected.ok()) << expected.message();
    const json want = json::parse(rules::RoundResultToJson(*expected));
    EXPECT_EQ(minutes["outcome"]["outcomes"], want["outcomes"]);
    EXPECT_EQ(minutes["outcome"]["flags"], want["flags"]);
    // What the hall display saw.
    ASSERT_TRUE(r.hall_status.round.has_value());
    const auto& hall = *r.hall_status.round;
    EXPECT_EQ(hall.round_id, r.id);
    EXPECT_EQ(hall.cast, r.choices.size());
    if (r.disclosure == "sealed") {
      EXPECT_EQ(hall.state, "minutes_sealed");
      EXPECT_TRUE(hall.announced_outcome.empty());
      EXPECT_EQ(hall.minutes_digest.size(), 64u);
      // Nothing in this round's part of the hall narration announces anything.
      const std::string text = narration.str();
      const auto begin = text.find("\nStep " + r.step + ":");
      const auto end = text.find("\nStep ", begin + 1);
      const std::string section = text.substr(begin, end - begin);
      const std::string hall_part =
          section.substr(0, section.find("outside the hall"));
      EXPECT_EQ(hall_part.find("announced:"), std::string::npos) << hall_part;
    } else {
      EXPECT_EQ(hall.state, "announced");
      EXPECT_EQ(json::parse(hall.announced_outcome), minutes["outcome"]);
    }
  }
  // Step 2: nobody above half of the 20 convened; An and Bình go forward.
  const json step2 =
      json::parse(report->rounds[0].minutes_json)["outcome"]["outcomes"];
  EXPECT_EQ(step2[0]["status"], "carried_forward");
  EXPECT_EQ(step2[1]["status"], "carried_forward");
  EXPECT_EQ(step2[2]["status"], "not_selected");
  // Step 5: Bình is appointed.
  const json step5 =
      json::parse(report->rounds[3].minutes_json)["outcome"]["outcomes"];
  EXPECT_EQ(step5[0]["candidate"], "Trần Văn Bình");
  EXPECT_EQ(step5[0]["status"], "selected");
}

std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every readable mapping of a running process's memory (what a core dump
// would hold), through /proc/PID/maps and /proc/PID/mem.
std::string ProcessMemory(int pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::ifstream mem("/proc/" + std::to_string(pid) + "/mem", std::ios::binary);
  std::string out;
  for (std::string line; std::getline(maps, line);) {
    std::istringstream fields(line);
    std::string range, perms;
    fields >> range >> perms;
    if (perms.empty() || perms[0] != 'r') continue;
    if (line.find("[vvar]") != std::string::npos ||
        line.find("[vsyscall]") != std::string::npos)
      continue;
    const auto dash = range.find('-');
    const std::uint64_t from = std::stoull(range.substr(0, dash), nullptr, 16);
    const std::uint64_t to = std::stoull(range.substr(dash + 1), nullptr, 16);
    // Sanitizer shadow memory is reserved in terabytes and mostly unused.
    if (to - from > (512u << 20)) continue;
    std::string chunk(to - from, '\0');
    mem.clear();
    mem.seekg(static_cast<std::streamoff>(from));
    mem.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    chunk.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, mem.gcount())));
    out += chunk;
  }
  return out;
}

// hall-demo --dir keeps each role in its own folder; the hall server's folder
// holds no seal key, no trustee key and no recipient key, while each of
// those is in its own role's folder.
TEST(P1MeetingEndToEnd, EachRoleKeepsItsSecretsInItsOwnFolder) {
  namespace fs = std::filesystem;
  char tmpl[] = "/tmp/hall-demo-roles-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = tmpl;
  DemoOptions options;
  options.server_binary = HALL_SERVER_BINARY;
  options.seal_cost = crypto::KeyFileCost::kMin;
  options.work_dir = dir;
  // After every round, the hall server's folder and the memory of the
  // running hall-server hold none of the round's ballot codes.
  int checkpoints = 0;
  options.after_round = [&](const RoundCheckpoint& c) {
    ++checkpoints;
    ASSERT_GT(c.server_pid, 0);
    ASSERT_FALSE(c.codes.empty());
    const std::string memory = ProcessMemory(c.server_pid);
    ASSERT_GT(memory.size(), 1u << 20) << "could not read hall-server's memory";
    // The scan sees the server's memory: its own constants are there.
    ASSERT_NE(memory.find("hall/v1/board-entry"), std::string::npos);
    std::string folder;
    for (const auto& e : fs::recursive_directory_iterator(dir / "server"))
      if (e.is_regular_file()) folder += Slurp(e.path());
    for (const auto& code : c.codes) {
      EXPECT_EQ(memory.find(code), std::string::npos) << "round " << c.round;
      EXPECT_EQ(folder.find(code), std::string::npos) << "round " << c.round;
    }
  };
  std::ostringstream narration;
  auto report = RunMeeting(options, narration);
  ASSERT_TRUE(report.ok()) << report.message() << "\n" << narration.str();
  EXPECT_TRUE(fs::exists(dir / "committee" / "seal.key"));
  for (int i = 1; i <= 5; ++i) {
    EXPECT_TRUE(fs::exists(dir / "trustees" / std::to_string(i) /
                           ("trustee-" + std::to_string(i) + ".key")));
  }
  EXPECT_TRUE(fs::exists(dir / "recipients" / "1" / "authority.key"));
  const std::string seal_file = Slurp(dir / "committee" / "seal.key");
  ASSERT_FALSE(seal_file.empty());
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "server")) {
    if (!e.is_regular_file()) continue;
    ++files;
    EXPECT_NE(e.path().filename(), "seal.key");
    const std::string bytes = Slurp(e.path());
    EXPECT_EQ(bytes.find("hall/v1/trustee-key"), std::string::npos) << e.path();
    EXPECT_EQ(bytes.find("hall/v1/recipient-key"), std::string::npos)
        << e.path();
    EXPECT_EQ(bytes.find(seal_file), std::string::npos) << e.path();
  }
  EXPECT_GT(files, 5);  // the database, its key, the CA, the kiosks' files
  EXPECT_EQ(checkpoints, 4);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace hall::sim::demo
