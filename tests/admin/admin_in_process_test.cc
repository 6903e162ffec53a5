// hall-admin run in-process with its standard streams given (RunAdmin with
// in/out/err, cli.h's ProgramStreams): a passphrase typed on the given
// input, the answer on the given output, a refusal as one line on the
// given error, and the real process's streams untouched.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "hall/server/admin/admin.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;

struct Ran {
  int status = 0;
  std::string out, err;
};

Ran Admin(std::vector<std::string> args, const std::string& typed = "") {
  args.insert(args.begin(), "hall-admin");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::istringstream in(typed);
  std::ostringstream out, err;
  Ran r;
  r.status = RunAdmin(static_cast<int>(argv.size()), argv.data(), in, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

class AdminInProcess : public ::testing::Test {
 protected:
  AdminInProcess() {
    char tmpl[] = "/tmp/hall-admin-inproc-XXXXXX";
    root_ = mkdtemp(tmpl);
    dir_ = (root_ / "install").string();
    unsetenv("HALL_DIR");
    unsetenv("HALL_SEAL_PASSPHRASE");
    unsetenv("HALL_DB_PASSPHRASE");
  }
  ~AdminInProcess() override { fs::remove_all(root_); }

  fs::path root_;
  std::string dir_;
};

TEST_F(AdminInProcess, ARefusalIsOneLineOnTheGivenErrorStream) {
  const Ran r = Admin({"meeting", "list", "--dir", dir_});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "hall-admin: " + dir_ +
                       ": not a hall installation (no hall.db); hall-admin "
                       "init --dir " + dir_ + " creates one\n");
}

TEST_F(AdminInProcess, ThePassphraseIsReadFromTheGivenInput) {
  // Typed twice (init confirms the seal passphrase).
  const Ran init = Admin(
      {"init", "--dir", dir_, "--name", "Hall A", "--seal-cost", "min"},
      "a seal passphrase\na seal passphrase\n");
  ASSERT_EQ(init.status, 0) << init.err;
  EXPECT_TRUE(std::regex_search(
      init.out, std::regex("seal fingerprint: [0-9A-Z]{4}(-[0-9A-Z]{4}){3}")))
      << init.out;
  const Ran create = Admin({"meeting", "create", "--dir", dir_, "--title",
                            "Hội nghị", "--procedure", "P1", "--members", "3",
                            "--rehearsal"});
  ASSERT_EQ(create.status, 0) << create.err;
  EXPECT_EQ(create.out, "1\n");
  const Ran list = Admin({"meeting", "list", "--dir", dir_});
  ASSERT_EQ(list.status, 0) << list.err;
  EXPECT_NE(list.out.find("Hội nghị"), std::string::npos) << list.out;
  // Mistyped confirmation: refused, nothing created.
  const Ran again = Admin(
      {"init", "--dir", (root_ / "other").string(), "--seal-cost", "min"},
      "one passphrase\nanother one\n");
  EXPECT_NE(again.status, 0);
  EXPECT_FALSE(fs::exists(root_ / "other" / "hall.db"));
  EXPECT_NE(again.err.find("hall-admin: "), std::string::npos) << again.err;
}

TEST_F(AdminInProcess, HelpGoesToTheGivenOutput) {
  const Ran r = Admin({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("hall-admin"), std::string::npos);
  EXPECT_NE(r.out.find("Exit status"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace hall::server::admin
