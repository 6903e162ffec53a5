// The hall-audit program as an auditor runs it: one line per check and a
// summary, exit 0 only when the record verifies, --json, --lang, the seal
// given as its public key file, and clear refusals of bad input.
#include <gtest/gtest.h>

#include "../cli/run_command.h"
#include "audit_record_fixture.h"
#include "hall/crypto/signing_key.h"
#include "hall/shared/seal_public_key_file.h"

namespace hall::audit::testing {
namespace {

using hall::testing::Quote;
using hall::testing::RunCommand;

std::string Audit(const std::string& args) {
  return std::string(HALL_AUDIT_BINARY) + " " + args;
}

TEST(AuditCli, VerifyPrintsEveryCheckAndPasses) {
  RecordCopy copy("cli");
  const auto r = RunCommand(Audit("verify " + Quote(copy.dir().string()) +
                                  " --seal " + Demo().fingerprint));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("  8  round 4   ballots"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 FAILED, 0 not checked"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the record verifies"), std::string::npos);

  const auto vi = RunCommand(Audit("verify " + Quote(copy.dir().string()) +
                                   " --lang vi --seal " + Demo().fingerprint));
  EXPECT_EQ(vi.exit_code, 0);
  EXPECT_NE(vi.out.find("hồ sơ bầu cử được xác minh"), std::string::npos) << vi.out;
  const auto zh = RunCommand(Audit("verify " + Quote(copy.dir().string()) +
                                   " --lang zh --seal " + Demo().fingerprint));
  EXPECT_NE(zh.out.find("选举记录核验通过"), std::string::npos) << zh.out;
}

TEST(AuditCli, JsonForMachines) {
  RecordCopy copy("cli-json");
  const auto r = RunCommand(Audit("verify " + Quote(copy.dir().string()) +
                                  " --json --seal " + Demo().fingerprint));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["verifies"], true);
  EXPECT_EQ(j["seal_fingerprint"], Demo().fingerprint);
  bool saw_partials = false;
  for (const json& c : j["checks"]) {
    EXPECT_NE(c["outcome"], "FAILED");
    saw_partials |= c["name"] == "partial decryptions" && c["subject"] == "round 4";
  }
  EXPECT_TRUE(saw_partials);
}

TEST(AuditCli, ATamperedRecordExitsOneNamingTheCheck) {
  RecordCopy copy("cli-tampered");
  fs::remove(copy.dir() / "rounds/2/partials.bin");
  const auto r = RunCommand(Audit("verify " + Quote(copy.dir().string()) +
                                  " --seal " + Demo().fingerprint));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("round 2   partial decryptions  FAILED"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the record does NOT verify"), std::string::npos);
}

TEST(AuditCli, TheSealMayBeGivenAsItsPublicKeyFile) {
  RecordCopy copy("cli-keyfile");
  const auto key = crypto::VerifyKey::FromBytes(ReadBytes(copy.dir() / "seal-public-key.bin"));
  ASSERT_TRUE(key.ok());
  const fs::path file = Demo().cases / "seal.pub";
  std::ofstream(file) << shared::EncodeSealPublicKeyFile(*key);
  const auto r = RunCommand(Audit("verify " + Quote(copy.dir().string()) +
                                  " --seal " + Quote(file.string())));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(AuditCli, BadInputIsRefusedClearly) {
  const auto none = RunCommand(Audit("verify /nonexistent --seal AAAA"));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("holds no record.json"), std::string::npos) << none.err;
  const fs::path junk = Demo().cases / "junk";
  fs::create_directories(junk);
  std::ofstream(junk / "record.json") << "{not json";
  const auto bad = RunCommand(Audit("verify " + Quote(junk.string()) + " --seal AAAA"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("not valid JSON at line 1, column 3"), std::string::npos) << bad.err;
  const auto usage = RunCommand(Audit("verify"));
  EXPECT_EQ(usage.exit_code, 2);
  const auto lang = RunCommand(Audit("verify /x --seal A --lang fr"));
  EXPECT_EQ(lang.exit_code, 2);
}

TEST(AuditCli, TrackAndExtends) {
  RecordCopy copy("cli-track");
  const std::string code =
      copy.Json(copy.Round(4, shared::record::kBoard))[0]["tracking_code"];
  const auto r = RunCommand(Audit("track " + Quote(copy.dir().string()) + " " +
                                  code + " --seal " + Demo().fingerprint));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("is ballot 1 of"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the head the seal signed"), std::string::npos) << r.out;
  const auto e = RunCommand(Audit("extends " + Quote(copy.dir().string()) + " " +
                                  Quote(copy.dir().string())));
  EXPECT_EQ(e.exit_code, 0) << e.out << e.err;
}

}  // namespace
}  // namespace hall::audit::testing
