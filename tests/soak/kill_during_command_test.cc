// SIGKILL during the committee's commands: the real hall-admin is killed
// at growing delays (from a few ms to past its own run time) while it
// seals, closes and tallies a round and exports the election record, and is
// run again after each kill. Whatever the kill interrupted, the command
// re-runs to the same result: the round reaches its next state, the tally
// is the ballots cast, and the record is byte for byte the one an
// uninterrupted export writes (and verifies).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/run_command.h"
#include "hall/sim/loadgen/server_process.h"
#include "server/server_test_util.h"

namespace hall::sim::loadgen {
namespace {

namespace fs = std::filesystem;
using hall::testing::CommandResult;
using hall::testing::Quote;
using hall::testing::RunCommand;
using hall::testing::Slurp;
using json = nlohmann::json;

constexpr char kSeal[] = "soak seal passphrase";
constexpr char kTrustee[] = "soak trustee passphrase";
constexpr char kRecipient[] = "soak recipient passphrase";

// The kill delays: from 1 ms (before hall-admin has opened the database),
// each a quarter longer than the one before, to past its own run time (the
// run that is not killed ends the series). Run i is killed at Delay(i).
constexpr int kMaxRuns = 60;
std::chrono::microseconds Delay(int i) {
  double us = 1000;
  for (int j = 0; j < i; ++j) us *= 1.25;
  return std::chrono::microseconds(static_cast<long long>(us));
}

// Every file of a record folder by path; record.json without its
// "exported_at" (the time of the export, which differs from run to run).
std::map<std::string, std::string> FilesOf(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = fs::relative(e.path(), dir).string();
    files[name] = Slurp(e.path());
    if (name == "record.json") {
      json index = json::parse(files[name], nullptr, false);
      if (!index.is_discarded() && index.is_object()) {
        index.erase("exported_at");
        files[name] = index.dump();
      }
    }
  }
  return files;
}

// The paths of `a` that `b` lacks or holds otherwise.
std::string Differences(const std::map<std::string, std::string>& a,
                        const std::map<std::string, std::string>& b) {
  std::string out;
  for (const auto& [name, bytes] : a) {
    auto it = b.find(name);
    if (it == b.end())
      out += " missing " + name;
    else if (it->second != bytes)
      out += " differs " + name;
  }
  return out;
}

class KillDuringCommand : public ::testing::Test {
 protected:
  KillDuringCommand() {
    char tmpl[] = "/tmp/hall-soak-kill-XXXXXX";
    root_ = mkdtemp(tmpl);
    dir_ = root_ / "install";
    ::setenv("HALL_DIR", dir_.c_str(), 1);
    ::setenv("HALL_SEAL_PASSPHRASE", kSeal, 1);
    ::setenv("HALL_TRUSTEE_PASSPHRASE", kTrustee, 1);
    ::setenv("HALL_RECIPIENT_PASSPHRASE", kRecipient, 1);
  }
  ~KillDuringCommand() override { fs::remove_all(root_); }

  CommandResult Admin(const std::string& args) {
    return RunCommand(std::string(HALL_ADMIN_BINARY) + " " + args);
  }
  std::string Path(const std::string& name) const {
    return (root_ / name).string();
  }

  // hall-admin `args` killed at each Delay(i) in turn until a run
  // ends on its own (each kill is followed by the next run); that run's
  // exit status and output. `args_for(i)` gives run i's arguments.
  struct Series {
    int kills = 0;
    int exit_status = -1;
    std::string output;
    std::string log;  // one line per run, for the test's output
  };
  Series KillUntilDone(
      const std::function<std::vector<std::string>(int)>& args_for) {
    Series s;
    for (int i = 0; i < kMaxRuns; ++i) {
      const fs::path out = Path("run-" + std::to_string(++runs_) + ".txt");
      const auto start = std::chrono::steady_clock::now();
      auto end =
          RunProgramKilledAfter(HALL_ADMIN_BINARY, args_for(i), out, Delay(i));
      const double ms = std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - start)
                            .count();
      EXPECT_TRUE(end.ok()) << end.message();
      if (!end.ok()) return s;
      if (!end->has_value()) {
        ++s.kills;
        s.log += "  SIGKILL at " + std::to_string(Delay(i).count() / 1000.0) +
                 " ms\n";
        continue;
      }
      s.exit_status = **end;
      s.output = Slurp(out);
      s.log += "  ran to its end in " + std::to_string(static_cast<int>(ms)) +
               " ms, exit " + std::to_string(s.exit_status) + ": " +
               s.output.substr(0, s.output.find('\n')) + "\n";
      return s;
    }
    ADD_FAILURE() << "never ran to its end";
    return s;
  }

  void SetUpRound() {
    auto init = Admin("init --seal-cost min --name 'Soak hall'");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    std::smatch fp;
    ASSERT_TRUE(std::regex_search(
        init.out, fp,
        std::regex("seal fingerprint: ([0-9A-Z]{4}(-[0-9A-Z]{4}){3})")));
    fingerprint_ = fp[1];
    ASSERT_EQ(Admin("meeting create --rehearsal --title Soak --procedure P1 "
                    "--members 3")
                  .exit_code,
              0);
    std::ofstream(root_ / "roll.csv")
        << "person_id,name,group\np1,A One,leadership\np2,B Two,leadership\n"
           "p3,C Three,leadership\np4,D Four,extended\np5,E Five,extended\n"
           "p6,F Six,extended\n";
    std::ofstream(root_ / "cand.csv") << "name\nAn\nBinh\nChau\n";
    ASSERT_EQ(Admin("roll import --meeting 1 " + Path("roll.csv")).exit_code,
              0);
    ASSERT_EQ(
        Admin("candidates import --meeting 1 " + Path("cand.csv")).exit_code,
        0);
    auto rec = Admin(
        "recipient add --meeting 1 --name Authority --key-cost min "
        "--key-out " +
        Path("recipient.key"));
    ASSERT_EQ(rec.exit_code, 0) << rec.err;
    auto cer = Admin(
        "ceremony run --meeting 1 --k 2 --trustee T1 --trustee T2 --trustee "
        "T3 --key-cost min --key-dir " +
        Path("keys"));
    ASSERT_EQ(cer.exit_code, 0) << cer.err;
    ASSERT_EQ(
        Admin("step record --meeting 1 --step 1 --text 'Criteria'").exit_code,
        0);
    ASSERT_EQ(
        Admin("round create --meeting 1 --step 2 --person An --person Binh")
            .exit_code,
        0);
    ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4 p5 p6").exit_code, 0);
  }

  std::string RoundState() {
    auto show = Admin("round show 1");
    EXPECT_EQ(show.exit_code, 0) << show.err;
    return show.out;
  }

  fs::path root_;
  fs::path dir_;
  std::string fingerprint_;
  int runs_ = 0;
};

TEST_F(KillDuringCommand, SealCloseTallyAndExportEachReRunToTheSameResult) {
  SetUpRound();
  // Seal: each run writes its codes to a new file; the run that completes
  // (or, when a killed run had committed, what that run wrote) holds them.
  Series seal = KillUntilDone([&](int i) {
    return std::vector<std::string>{
        "round",
        "seal",
        "1",
        "--slips",
        Path("slips-" + std::to_string(i) + ".pdf"),
        "--codes-out",
        Path("codes-" + std::to_string(i) + ".txt")};
  });
  std::printf("round seal 1: %d kills\n%s", seal.kills, seal.log.c_str());
  // A killed run that had sealed the round leaves nothing to do: the re-run
  // says so (exit 1). The codes and slips are written and synced inside the
  // sealing transaction, so the run that committed (the last to write
  // them: later runs stop before) left them whole.
  if (seal.exit_status != 0) {
    EXPECT_EQ(seal.exit_status, 1);
    EXPECT_NE(seal.output.find("round 1 is sealed"), std::string::npos)
        << seal.output;
  }
  std::string codes;
  int written = 0;
  for (int i = 0; i < kMaxRuns; ++i) {
    const fs::path f = Path("codes-" + std::to_string(i) + ".txt");
    if (fs::exists(f) && !Slurp(f).empty()) {
      codes = Slurp(f);
      ++written;
    }
  }
  std::printf(
      "codes files left by the seal's runs: %d (%d of them from runs "
      "killed before the commit: codes that never count)\n",
      written, written > 0 ? written - 1 : 0);
  std::istringstream code_lines(codes);
  int code_count = 0;
  for (std::string line; std::getline(code_lines, line);)
    if (!line.empty() && line[0] != '#') ++code_count;
  ASSERT_EQ(code_count, 6) << "the codes of the 6 present:\n" << codes;
  ASSERT_EQ(Admin("round open 1").exit_code, 0) << RoundState();
  server::testing::CastWithCodes(dir_, 1, codes, {0, 0, 1, 0});  // An 3, Binh 1

  Series close = KillUntilDone([](int) {
    return std::vector<std::string>{"round", "close", "1"};
  });
  std::printf("round close 1: %d kills\n%s", close.kills, close.log.c_str());
  // A killed run that had closed the round leaves nothing to do: the re-run
  // says so (exit 1, "refused") and the tally below proves the close whole.
  if (close.exit_status != 0) {
    EXPECT_EQ(close.exit_status, 1);
    EXPECT_NE(close.output.find("round 1 is closed"), std::string::npos)
        << close.output;
  }
  EXPECT_NE(RoundState().find("closed"), std::string::npos) << RoundState();

  Series tally = KillUntilDone([&](int) {
    return std::vector<std::string>{"round",
                                    "tally",
                                    "1",
                                    "--trustee-key",
                                    Path("keys/trustee-1.key"),
                                    "--trustee-key",
                                    Path("keys/trustee-3.key")};
  });
  std::printf("round tally 1: %d kills\n%s", tally.kills, tally.log.c_str());
  if (tally.exit_status != 0) {  // as for the close
    EXPECT_EQ(tally.exit_status, 1);
    EXPECT_NE(tally.output.find("round 1 is minutes_sealed"), std::string::npos)
        << tally.output;
  }

  // The record as an uninterrupted export writes it; then killed exports,
  // each run into a new folder.
  auto reference = Admin("record export --meeting 1 --out " + Path("ref"));
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const auto ref_files = FilesOf(Path("ref"));
  EXPECT_GT(ref_files.size(), 5u);
  auto record = [&](int i) { return Path("record-" + std::to_string(i)); };
  Series exported = KillUntilDone([&](int i) {
    return std::vector<std::string>{"record", "export", "--meeting",
                                    "1",      "--out",  record(i)};
  });
  std::printf("record export: %d kills\n%s", exported.kills,
              exported.log.c_str());
  ASSERT_EQ(exported.exit_status, 0) << exported.output;
  const std::string final_record = record(exported.kills);
  const auto files = FilesOf(final_record);
  EXPECT_EQ(files.size(), ref_files.size());
  for (const auto& [name, bytes] : ref_files) {
    auto it = files.find(name);
    if (it == files.end()) {
      ADD_FAILURE() << name << " is missing from the re-run export";
    } else {
      EXPECT_TRUE(it->second == bytes) << name << " differs";
    }
  }
  // What a killed export left is never taken for a record: unless it is
  // the whole record, the auditor refuses it; and hall-admin will not
  // write over it.
  int partial = 0, whole = 0;
  for (int i = 0; i < exported.kills; ++i) {
    if (!fs::exists(record(i)) || fs::is_empty(record(i))) continue;
    if (FilesOf(record(i)) == ref_files) {
      ++whole;
      continue;
    }
    ++partial;
    auto audit = RunCommand(std::string(HALL_AUDIT_BINARY) + " verify " +
                            record(i) + " --seal " + fingerprint_);
    EXPECT_NE(audit.exit_code, 0)
        << record(i) << ", cut short by SIGKILL, verifies:\n"
        << audit.out << "\nagainst the whole record:"
        << Differences(ref_files, FilesOf(record(i)));
    if (partial == 1) {
      auto again = Admin("record export --meeting 1 --out " + record(i));
      EXPECT_EQ(again.exit_code, 2) << again.out;
      std::printf("re-run into a killed export's folder: exit %d: %s",
                  again.exit_code, again.err.c_str());
    }
  }
  std::printf(
      "killed exports: %d left a partial folder (refused by "
      "hall-audit verify), %d a whole record\n",
      partial, whole);
  auto opened =
      RunCommand(std::string(HALL_RECIPIENT_BINARY) + " open --record " +
                 final_record + " --round 1 --key " + Path("recipient.key") +
                 " --seal-fingerprint " + fingerprint_);
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  json m = json::parse(opened.out);
  EXPECT_EQ(m["counts"]["An"], 3);
  EXPECT_EQ(m["counts"]["Binh"], 1);
  EXPECT_EQ(m["ballots"]["cast"], 4);
  auto audit = RunCommand(std::string(HALL_AUDIT_BINARY) + " verify " +
                          final_record + " --seal " + fingerprint_);
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

}  // namespace
}  // namespace hall::sim::loadgen
