// A real meeting with the committee console, each trustee and the recipient
// on their own machine: the real hall-admin (the hall server's folder, which
// never holds the seal key or a ballot code), hall-console (the committee's
// laptop: the seal, the codes and their slips), hall-trustee (one folder
// per trustee, each command given only that trustee's keys and the public
// files) and hall-recipient (its own folder) run through a shell. The key
// ceremony, then a sealed round voted in-process, closed, decrypted by
// three of the five trustees from its public tally request, tallied from
// their partial files without any secret on the server's side, and opened
// by the recipient from the election record. Refusals: a missing or
// foreign announcement, a bad dealer, a wrong passphrase, a second
// ceremony, a wrong seal fingerprint, k-1 partials, and every one-process
// shortcut a real meeting must not take.
#include "hall/server/admin/distributed_ceremony.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/run_command.h"
#include "hall/crypto/encoding.h"
#include "hall/server/ballot_box.h"
#include "hall/shared/seal_work.h"
#include "server/server_test_util.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;
using hall::testing::CommandResult;
using hall::testing::Quote;
using hall::testing::RunCommand;
using hall::testing::Slurp;
using json = nlohmann::json;

constexpr char kSeal[] = "seal passphrase 1";
constexpr char kRecipient[] = "recipient passphrase";
constexpr int kN = 5;

int Mode(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

std::string Digest(const std::string& out) {
  std::smatch m;
  static const std::regex re("box key digest: ([0-9a-f]{64})");
  return std::regex_search(out, m, re) ? m[1].str() : std::string();
}

class DistributedCeremony : public ::testing::Test {
 protected:
  DistributedCeremony() {
    char tmpl[] = "/tmp/hall-trustee-test-XXXXXX";
    root_ = mkdtemp(tmpl);
    dir_ = root_ / "install";
    fs::create_directories(root_ / "public");
    fs::create_directories(root_ / "recipient");
    fs::create_directories(root_ / "console");
    for (int i = 1; i <= kN; ++i) {
      fs::create_directories(Folder(i));
      std::ofstream(Folder(i) / "pass.txt") << Passphrase(i) << "\n";
    }
  }
  ~DistributedCeremony() override { fs::remove_all(root_); }

  static std::string Passphrase(int i) {
    return "trustee " + std::to_string(i) + " passphrase";
  }
  fs::path Folder(int i) const {
    return root_ / ("trustee-" + std::to_string(i));
  }
  std::string Pub(const std::string& name) const {
    return (root_ / "public" / name).string();
  }
  std::string Path(const std::string& name) const {
    return (root_ / name).string();
  }

  // hall-admin on the hall server: no seal passphrase in reach.
  CommandResult Admin(const std::string& args) {
    return RunCommand(
        "env -u HALL_TRUSTEE_PASSPHRASE -u HALL_SEAL_PASSPHRASE HALL_DIR=" +
        Quote(dir_.string()) +
        " HALL_RECIPIENT_PASSPHRASE=" + Quote(kRecipient) + " " +
        HALL_ADMIN_BINARY + " " + args);
  }
  // hall-console on the committee's laptop: its own folder, the seal.
  CommandResult Console(const std::string& args) {
    return RunCommand("cd " + Quote((root_ / "console").string()) +
                      " && env -u HALL_DIR -u HALL_DB_PASSPHRASE "
                      "HALL_SEAL_PASSPHRASE=" + Quote(kSeal) + " " +
                      HALL_CONSOLE_BINARY + " " + args + " --dir .");
  }
  std::string ConsolePath(const std::string& name) const {
    return (root_ / "console" / name).string();
  }
  // hall-trustee run by trustee i in their own folder: no installation, no
  // server secret in reach; their passphrase in their folder.
  CommandResult Trustee(int i, const std::string& args,
                        const std::string& pass = "pass.txt") {
    return RunCommand("cd " + Quote(Folder(i).string()) +
                      " && env -u HALL_DIR -u HALL_SEAL_PASSPHRASE "
                      "-u HALL_DB_PASSPHRASE -u HALL_TRUSTEE_PASSPHRASE " +
                      HALL_TRUSTEE_BINARY + " " + args + " --passphrase-file " +
                      pass);
  }

  std::string Files(const std::string& prefix, std::vector<int> which) {
    std::string s;
    for (int i : which) s += " " + Pub(prefix + std::to_string(i) + ".bin");
    return s;
  }

  void SetUpMeeting() {
    // The seal is made on the committee's laptop; the server gets its
    // public key, and both print the same fingerprint.
    auto console = Console("init --seal-cost min");
    ASSERT_EQ(console.exit_code, 0) << console.err;
    const std::regex fp_re("seal fingerprint: ([0-9A-Z]{4}(-[0-9A-Z]{4}){3})");
    std::smatch console_fp;
    ASSERT_TRUE(std::regex_search(console.out, console_fp, fp_re))
        << console.out;
    EXPECT_EQ(Mode(root_ / "console" / "seal.key"), 0600);
    auto init = Admin("init --name 'Hall A' --seal-public-key " +
                      ConsolePath("seal.pub"));
    ASSERT_EQ(init.exit_code, 0) << init.err;
    std::smatch fp;
    ASSERT_TRUE(std::regex_search(init.out, fp, fp_re)) << init.out;
    seal_fingerprint_ = fp[1];
    EXPECT_EQ(seal_fingerprint_, console_fp[1].str());
    EXPECT_FALSE(fs::exists(dir_ / "seal.key"));
    ASSERT_EQ(
        Admin("meeting create --title M1 --procedure P1 --members 3").exit_code,
        0);
    std::ofstream(Path("roll.csv"))
        << "person_id,name,group\np1,An A,leadership\np2,Binh B,leadership\n"
           "p3,Chau C,leadership\np4,Dung D,extended\n";
    ASSERT_EQ(Admin("roll import --meeting 1 " + Path("roll.csv")).exit_code,
              0);
    std::ofstream(Path("cand.csv")) << "name\nAn\nBình\nChâu\n";
    ASSERT_EQ(
        Admin("candidates import --meeting 1 " + Path("cand.csv")).exit_code,
        0);
    // The recipient's key is made on the recipient's own machine; the
    // server gets the public key only.
    auto shortcut = Admin(
        "recipient add --meeting 1 --name Authority --key-cost min "
        "--key-out " +
        Path("recipient.key"));
    EXPECT_EQ(shortcut.exit_code, 1);
    EXPECT_NE(shortcut.err.find("is a real meeting"), std::string::npos)
        << shortcut.err;
    EXPECT_FALSE(fs::exists(Path("recipient.key")));
    auto key = Recipient("key --name Authority --key-cost min --out "
                         "authority.key");
    ASSERT_EQ(key.exit_code, 0) << key.err;
    std::smatch pub, key_fp;
    ASSERT_TRUE(std::regex_search(key.out, pub,
                                  std::regex("public key: ([0-9a-f]{64})")))
        << key.out;
    ASSERT_TRUE(std::regex_search(
        key.out, key_fp, std::regex("fingerprint: ([0-9A-Z-]{19})")))
        << key.out;
    EXPECT_EQ(Mode(root_ / "recipient" / "authority.key"), 0600);
    auto rec = Admin("recipient add --meeting 1 --name Authority "
                     "--public-key " + pub[1].str());
    ASSERT_EQ(rec.exit_code, 0) << rec.err;
    EXPECT_NE(rec.out.find(key_fp[1].str()), std::string::npos) << rec.out;
    EXPECT_EQ(Admin("recipient add --meeting 1 --name X --public-key 12")
                  .exit_code,
              2);
  }

  // hall-recipient in the recipient's own folder.
  CommandResult Recipient(const std::string& args) {
    return RunCommand("cd " + Quote((root_ / "recipient").string()) +
                      " && env -u HALL_DIR -u HALL_SEAL_PASSPHRASE "
                      "HALL_RECIPIENT_PASSPHRASE=" + Quote(kRecipient) + " " +
                      HALL_RECIPIENT_BINARY + " " + args);
  }

  void Cast(std::uint64_t round, const std::string& codes_file,
            const std::vector<crypto::Mark>& marks) {
    server::testing::CastWithCodes(dir_, round, Slurp(codes_file), marks);
  }

  fs::path root_;
  fs::path dir_;
  std::string seal_fingerprint_;
};

TEST_F(DistributedCeremony, ThreeOfFiveOnSeparateMachinesThenTally) {
  SetUpMeeting();
  const std::string ceremony = Pub("ceremony.json");
  auto start = Admin(
      "ceremony start --meeting 1 --k 3 --trustee T1 --trustee 'Trần T2' "
      "--trustee T3 --trustee T4 --trustee T5 --out " +
      ceremony);
  ASSERT_EQ(start.exit_code, 0) << start.err;
  EXPECT_EQ(Mode(ceremony), 0600);
  json plan_json = json::parse(Slurp(ceremony));
  EXPECT_EQ(plan_json["n"], 5);
  EXPECT_EQ(plan_json["k"], 3);
  EXPECT_EQ(plan_json["trustees"][1]["name"], "Trần T2");
  auto again =
      Admin("ceremony start --meeting 1 --k 2 --trustee A --trustee B --out " +
            Path("again.json"));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already has a pending key ceremony"),
            std::string::npos)
      << again.err;
  EXPECT_FALSE(fs::exists(Path("again.json")));

  // A second meeting's ceremony: its files must not mix with meeting 1's.
  ASSERT_EQ(
      Admin("meeting create --title M2 --procedure P1 --members 3").exit_code,
      0);
  ASSERT_EQ(Admin("ceremony start --meeting 2 --k 2 --trustee A --trustee B "
                  "--trustee C --trustee D --trustee E --out " +
                  Path("other.json"))
                .exit_code,
            0);
  auto foreign = Trustee(5, "announce --ceremony " + Path("other.json") +
                                " --index 5 --key-cost min --key-out "
                                "other-box.key --out " +
                                Path("other-announce-5.bin"));
  ASSERT_EQ(foreign.exit_code, 0) << foreign.err;

  // Announce: each trustee in their own folder.
  std::vector<std::string> fingerprints(kN + 1);
  for (int i = 1; i <= kN; ++i) {
    const std::string idx = std::to_string(i);
    auto a = Trustee(i, "announce --ceremony " + ceremony + " --index " + idx +
                            " --key-cost min --key-out my-box.key --out " +
                            Pub("announce-" + idx + ".bin"));
    ASSERT_EQ(a.exit_code, 0) << a.err;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(
        a.out, m,
        std::regex("announcement fingerprint: ([0-9A-Z]{4}(-[0-9A-Z]{4}){3})")))
        << a.out;
    fingerprints[i] = m[1].str();
    EXPECT_EQ(Mode(Folder(i) / "my-box.key"), 0600);
  }
  auto overwrite = Trustee(1, "announce --ceremony " + ceremony +
                                  " --index 1 --key-cost min --key-out "
                                  "my-box.key --out " +
                                  Path("x.bin"));
  EXPECT_EQ(overwrite.exit_code, 2);
  EXPECT_NE(overwrite.err.find("already exists"), std::string::npos);

  // Refusals while dealing.
  const std::string deal1 = "deal --ceremony " + ceremony +
                            " --index 1 --box-key my-box.key --out " +
                            Pub("dealing-1.bin") + " --announcements";
  auto missing = Trustee(1, deal1 + Files("announce-", {1, 2, 3, 4}));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("announcement of trustee 5 (T5) is missing"),
            std::string::npos)
      << missing.err;
  auto other = Trustee(1, deal1 + Files("announce-", {1, 2, 3, 4}) + " " +
                              Path("other-announce-5.bin"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("from another ceremony"), std::string::npos)
      << other.err;
  std::ofstream(Folder(1) / "wrong.txt") << "not my passphrase\n";
  auto wrong =
      Trustee(1, deal1 + Files("announce-", {1, 2, 3, 4, 5}), "wrong.txt");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("wrong passphrase"), std::string::npos) << wrong.err;
  auto not_mine =
      Trustee(1, "deal --ceremony " + ceremony +
                     " --index 2 --box-key my-box.key --out " + Path("x.bin") +
                     " --announcements" + Files("announce-", {1, 2, 3, 4, 5}));
  EXPECT_EQ(not_mine.exit_code, 2);
  EXPECT_NE(not_mine.err.find("trustee 1's box key, not trustee 2's"),
            std::string::npos)
      << not_mine.err;
  EXPECT_FALSE(fs::exists(Pub("dealing-1.bin")));
  EXPECT_FALSE(fs::exists(Path("x.bin")));

  // Deal: every trustee checks the fingerprints the others read aloud.
  for (int i = 1; i <= kN; ++i) {
    const std::string idx = std::to_string(i);
    auto d = Trustee(
        i, "deal --ceremony " + ceremony + " --index " + idx +
               " --box-key my-box.key --out " + Pub("dealing-" + idx + ".bin") +
               " --announcements" + Files("announce-", {5, 4, 3, 2, 1}));
    ASSERT_EQ(d.exit_code, 0) << d.err;
    for (int j = 1; j <= kN; ++j) {
      EXPECT_NE(d.out.find(fingerprints[j]), std::string::npos) << d.out;
    }
  }

  // A bad dealer: trustee 2's commitments from a second dealing with the
  // shares of the first do not match; finish names trustee 2.
  ASSERT_EQ(Trustee(2, "deal --ceremony " + ceremony +
                           " --index 2 --box-key my-box.key --out " +
                           Path("dealing-2b.bin") + " --announcements" +
                           Files("announce-", {1, 2, 3, 4, 5}))
                .exit_code,
            0);
  {
    auto plan = CeremonyPlan::FromJson(Slurp(ceremony));
    ASSERT_TRUE(plan.ok()) << plan.message();
    auto bytes = [](const std::string& s) {
      return std::span<const std::uint8_t>(
          reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    };
    const std::string a = Slurp(Pub("dealing-2.bin"));
    const std::string b = Slurp(Path("dealing-2b.bin"));
    auto first = DecodeDealingFile(*plan, bytes(a));
    auto second = DecodeDealingFile(*plan, bytes(b));
    ASSERT_TRUE(first.ok() && second.ok());
    first->commitments = second->commitments;
    const crypto::Bytes bad = EncodeDealingFile(*plan, *first);
    std::ofstream(Path("bad-dealing-2.bin"), std::ios::binary)
        .write(reinterpret_cast<const char*>(bad.data()),
               static_cast<std::streamsize>(bad.size()));
  }
  auto bad = Trustee(4, "finish --ceremony " + ceremony +
                            " --index 4 --box-key my-box.key --key-cost min "
                            "--key-out trustee-4.key --dealings" +
                            Files("dealing-", {1, 3, 4, 5}) + " " +
                            Path("bad-dealing-2.bin"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("trustee 2's share for trustee 4 does not match its "
                         "commitments"),
            std::string::npos)
      << bad.err;
  EXPECT_FALSE(fs::exists(Folder(4) / "trustee-4.key"));
  std::ofstream(Folder(3) / "wrong.txt") << "not my passphrase\n";
  auto wrong_finish =
      Trustee(3,
              "finish --ceremony " + ceremony +
                  " --index 3 --box-key my-box.key --key-cost min "
                  "--key-out trustee-3.key --dealings" +
                  Files("dealing-", {1, 2, 3, 4, 5}),
              "wrong.txt");
  EXPECT_EQ(wrong_finish.exit_code, 1);
  EXPECT_NE(wrong_finish.err.find("wrong passphrase"), std::string::npos)
      << wrong_finish.err;

  // Finish: every trustee gets the same box key digest as the committee.
  std::string digest;
  for (int i = 1; i <= kN; ++i) {
    const std::string idx = std::to_string(i);
    auto f = Trustee(i, "finish --ceremony " + ceremony + " --index " + idx +
                            " --box-key my-box.key --key-cost min --key-out "
                            "trustee-" +
                            idx + ".key --dealings" +
                            Files("dealing-", {1, 2, 3, 4, 5}));
    ASSERT_EQ(f.exit_code, 0) << f.err;
    EXPECT_EQ(Mode(Folder(i) / ("trustee-" + idx + ".key")), 0600);
    if (i == 1) digest = Digest(f.out);
    EXPECT_EQ(Digest(f.out), digest) << f.out;
  }
  ASSERT_EQ(digest.size(), 64u);

  auto foreign_finish =
      Admin("ceremony finish --meeting 1 --ceremony " + Path("other.json") +
            " --dealings" + Files("dealing-", {1, 2, 3, 4, 5}));
  EXPECT_EQ(foreign_finish.exit_code, 2);
  EXPECT_NE(foreign_finish.err.find("for meeting 2, not meeting 1"),
            std::string::npos)
      << foreign_finish.err;
  auto short_finish =
      Admin("ceremony finish --meeting 1 --ceremony " + ceremony +
            " --dealings" + Files("dealing-", {1, 2, 3, 5}));
  EXPECT_EQ(short_finish.exit_code, 2);
  EXPECT_NE(short_finish.err.find("dealing of trustee 4 (T4) is missing"),
            std::string::npos)
      << short_finish.err;
  auto finish = Admin("ceremony finish --meeting 1 --ceremony " + ceremony +
                      " --dealings" + Files("dealing-", {1, 2, 3, 4, 5}));
  ASSERT_EQ(finish.exit_code, 0) << finish.err;
  EXPECT_EQ(Digest(finish.out), digest) << finish.out;
  auto twice = Admin("ceremony finish --meeting 1 --ceremony " + ceremony +
                     " --dealings" + Files("dealing-", {1, 2, 3, 4, 5}));
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("already been run"), std::string::npos) << twice.err;
  EXPECT_EQ(Admin("ceremony cancel --meeting 1").exit_code, 1);
  auto meeting = Admin("meeting show 1");
  EXPECT_NE(meeting.out.find("trustees: 3 of 5"), std::string::npos)
      << meeting.out;

  // Meeting 2's pending ceremony can be cancelled and started again.
  ASSERT_EQ(Admin("ceremony cancel --meeting 2").exit_code, 0);
  EXPECT_EQ(Admin("ceremony start --meeting 2 --k 1 --trustee A --out " +
                  Path("other2.json"))
                .exit_code,
            0);

  // A round sealed, voted, closed and tallied with trustees 2, 4 and 5.
  ASSERT_EQ(Admin("round create --meeting 1 --step 2 --person An --person "
                  "Bình --person Châu")
                .exit_code,
            0);
  ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4").exit_code, 0);
  // No seal here: sealing goes through the committee console.
  auto here = Admin("round seal 1 --slips " + Path("slips.pdf"));
  EXPECT_EQ(here.exit_code, 1);
  EXPECT_NE(here.err.find("seal is on the committee console"),
            std::string::npos)
      << here.err;
  EXPECT_FALSE(fs::exists(Path("slips.pdf")));
  ASSERT_EQ(Admin("round seal 1 --request-out " + Pub("seal-1.request"))
                .exit_code,
            0);
  auto signed_seal =
      Console("sign --request " + Pub("seal-1.request") + " --out " +
              Pub("seal-1.answer") + " --slips slips.pdf --codes-out "
              "codes.txt");
  ASSERT_EQ(signed_seal.exit_code, 0) << signed_seal.err;
  // The console shows whom the codes are for and who gets the result.
  EXPECT_NE(signed_seal.out.find("p4  Dung D"), std::string::npos)
      << signed_seal.out;
  EXPECT_NE(signed_seal.out.find("Authority  "), std::string::npos)
      << signed_seal.out;
  EXPECT_NE(signed_seal.out.find("4 ballot codes made"), std::string::npos);
  // The console answers one request per round: the same again (a lost
  // answer file) yes, a different one for the same round never.
  {
    auto again = Console("sign --request " + Pub("seal-1.request") +
                         " --out " + Pub("seal-1-again.answer") +
                         " --slips slips-again.pdf");
    EXPECT_EQ(again.exit_code, 0) << again.err;
    auto r = shared::SealRequest::Decode(
        crypto::AsBytes(Slurp(Pub("seal-1.request"))));
    ASSERT_TRUE(r.ok()) << r.message();
    r->box_sealed.head_nominee = "An";
    const crypto::Bytes bytes = r->Encode();
    std::ofstream(Pub("seal-1-other.request"), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    auto other_request = Console("sign --request " + Pub("seal-1-other.request") +
                                 " --out " + Pub("seal-1-other.answer") +
                                 " --slips slips-other.pdf");
    EXPECT_EQ(other_request.exit_code, 1);
    EXPECT_NE(other_request.err.find("already sealed round 1 from another "
                                     "request"),
              std::string::npos)
        << other_request.err;
    EXPECT_FALSE(fs::exists(Pub("seal-1-other.answer")));
  }
  // An answer whose signature was changed on the way is refused.
  {
    std::string bytes = Slurp(Pub("seal-1.answer"));
    bytes.back() ^= 1;
    std::ofstream(Pub("forged.answer"), std::ios::binary) << bytes;
    auto forged = Admin("round seal 1 --answer " + Pub("forged.answer"));
    EXPECT_EQ(forged.exit_code, 1);
    EXPECT_NE(forged.err.find("without this installation's seal"),
              std::string::npos)
        << forged.err;
  }
  auto stored = Admin("round seal 1 --answer " + Pub("seal-1.answer"));
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_NE(stored.out.find("sealed by the committee console"),
            std::string::npos)
      << stored.out;
  EXPECT_NE(stored.out.find("attendance signed: 4"), std::string::npos);
  EXPECT_EQ(Admin("round seal 1 --answer " + Pub("seal-1.answer")).exit_code,
            1);  // sealed already
  // Step 1 has no ballot: round 1 (step 2) opens only once it is recorded.
  auto unrecorded = Admin("round open 1");
  EXPECT_EQ(unrecorded.exit_code, 1);
  EXPECT_NE(unrecorded.err.find("step 1 (no ballot) comes first and has no record"),
            std::string::npos)
      << unrecorded.err;
  ASSERT_EQ(Admin("step record --meeting 1 --step 1 --text 'Cơ cấu' "
                  "--request-out " + Pub("step1.request"))
                .exit_code,
            0);
  ASSERT_EQ(Console("sign --request " + Pub("step1.request") + " --out " +
                    Pub("step1.answer"))
                .exit_code,
            0);
  ASSERT_EQ(Admin("step record --meeting 1 --answer " + Pub("step1.answer"))
                .exit_code,
            0);
  ASSERT_EQ(Admin("round open 1").exit_code, 0);
  Cast(1, ConsolePath("codes.txt"), {0, 0, 0, 1});  // An 3, Bình 1
  // Closing: the box stops taking ballots; its statement waits for the seal
  // and no tally request exists before the console signs it.
  EXPECT_EQ(Admin("round close 1").exit_code, 1);
  auto closing = Admin("round close 1 --request-out " + Pub("close-1.request"));
  ASSERT_EQ(closing.exit_code, 0) << closing.err;
  EXPECT_NE(closing.out.find("4 of 4 ballots cast"), std::string::npos)
      << closing.out;
  auto early = Admin("round tally-request 1 --out " + Pub("early.bin"));
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(early.err.find("not signed yet"), std::string::npos) << early.err;
  auto signed_close = Console("sign --request " + Pub("close-1.request") +
                              " --out " + Pub("close-1.answer"));
  ASSERT_EQ(signed_close.exit_code, 0) << signed_close.err;
  EXPECT_NE(signed_close.out.find("4 cast of 4 codes issued"),
            std::string::npos)
      << signed_close.out;
  // A seal answer is not a close answer.
  EXPECT_EQ(Admin("round close 1 --answer " + Pub("seal-1.answer")).exit_code,
            2);
  auto closed = Admin("round close 1 --answer " + Pub("close-1.answer"));
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  // A real meeting never runs the one-process ceremony.
  ASSERT_EQ(
      Admin("meeting create --title M3 --procedure P1 --members 3").exit_code,
      0);
  auto one_process = Admin("ceremony run --meeting 3 --k 1 --trustee X "
                           "--key-cost min --key-dir " + Path("keys3"));
  EXPECT_EQ(one_process.exit_code, 1);
  EXPECT_NE(one_process.err.find("is a real meeting"), std::string::npos)
      << one_process.err;

  // The committee hands the public tally request to the trustees.
  const std::string request = Pub("tally-1.bin");
  auto req = Admin("round tally-request 1 --out " + request);
  ASSERT_EQ(req.exit_code, 0) << req.err;
  EXPECT_NE(req.out.find("4 ballots"), std::string::npos) << req.out;
  const std::string decrypt = "decrypt --request " + request +
                              " --seal-fingerprint ";
  auto partial = [&](int i) {
    return Pub("partial-1-" + std::to_string(i) + ".bin");
  };
  auto key_of = [](int i) { return "trustee-" + std::to_string(i) + ".key"; };
  // A request checked against another seal is refused, nothing written.
  auto foreign_seal = Trustee(1, decrypt + "AAAA-BBBB-CCCC-DDDD --key " +
                                     key_of(1) + " --out " + partial(1));
  EXPECT_EQ(foreign_seal.exit_code, 1);
  EXPECT_NE(foreign_seal.err.find("do not decrypt it"), std::string::npos)
      << foreign_seal.err;
  EXPECT_FALSE(fs::exists(partial(1)));
  // A damaged request is refused.
  {
    std::string bytes = Slurp(request);
    bytes[bytes.size() - 20] ^= 1;
    std::ofstream(Path("damaged.bin"), std::ios::binary) << bytes;
  }
  auto damaged = Trustee(1, "decrypt --request " + Path("damaged.bin") +
                                " --seal-fingerprint " + seal_fingerprint_ +
                                " --key " + key_of(1) + " --out " + partial(1));
  EXPECT_EQ(damaged.exit_code, 1);
  EXPECT_NE(damaged.err.find("tell the committee"), std::string::npos)
      << damaged.err;
  // A wrong passphrase from a file is refused at once, nothing written.
  std::ofstream(Folder(4) / "wrong.txt") << "not my passphrase\n";
  auto wrong_pass = Trustee(4, decrypt + seal_fingerprint_ + " --key " + key_of(4) +
                              " --out " + partial(4), "wrong.txt");
  EXPECT_EQ(wrong_pass.exit_code, 1);
  EXPECT_EQ(wrong_pass.err.find("try again"), std::string::npos) << wrong_pass.err;
  EXPECT_FALSE(fs::exists(partial(4)));
  // Typed at the terminal, a mistyped passphrase is asked again: trustee 5
  // gets it right the second time; nobody else starts over.
  if (RunCommand("command -v script").exit_code == 0) {
    const std::string typed_cmd =
        "cd " + Quote(Folder(5).string()) +
        " && env -u HALL_TRUSTEE_PASSPHRASE " + HALL_TRUSTEE_BINARY + " " +
        decrypt + seal_fingerprint_ + " --key " + key_of(5) + " --out " +
        partial(5);
    auto typed = RunCommand("(sleep 1; printf 'mistyped\\n'; sleep 2; printf '" +
                            Passphrase(5) + "\\n'; sleep 2) | script -qec " +
                            Quote(typed_cmd) + " /dev/null");
    EXPECT_EQ(typed.exit_code, 0) << typed.out << typed.err;
    EXPECT_NE(typed.out.find("did not open it"), std::string::npos) << typed.out;
    EXPECT_NE(typed.out.find("try again (2 more tries)"), std::string::npos)
        << typed.out;
    EXPECT_EQ(typed.out.find("mistyped"), std::string::npos) << "echo off";
    EXPECT_TRUE(fs::exists(partial(5)));
  }
  for (int i : {1, 2, 4, 5}) {
    if (i == 5 && fs::exists(partial(5))) continue;  // typed above
    auto d = Trustee(i, decrypt + seal_fingerprint_ + " --key " + key_of(i) +
                            " --out " + partial(i));
    ASSERT_EQ(d.exit_code, 0) << d.err;
    EXPECT_NE(d.out.find("4 cast of 4 codes issued"), std::string::npos)
        << d.out;
    EXPECT_NE(d.out.find("sealed to the meeting's recipients"),
              std::string::npos)
        << d.out;
    EXPECT_TRUE(fs::exists(Folder(i) / (key_of(i) + ".decrypted")));
  }
  // One size whatever the trustee (and whatever the counts).
  EXPECT_EQ(fs::file_size(partial(2)), fs::file_size(partial(4)));

  // The server side: no trustee key, no recipient key, no seal passphrase
  // needed for a sealed step.
  const std::string tally_cmd =
      "env -u HALL_SEAL_PASSPHRASE -u HALL_TRUSTEE_PASSPHRASE "
      "-u HALL_RECIPIENT_PASSPHRASE HALL_DIR=" + Quote(dir_.string()) + " " +
      HALL_ADMIN_BINARY + " round tally 1 --partial ";
  auto two = RunCommand(tally_cmd + partial(2) + " --partial " + partial(4));
  EXPECT_EQ(two.exit_code, 1);
  EXPECT_NE(two.err.find("needs 3 of 5 trustees"), std::string::npos)
      << two.err;
  auto shortcut = Admin("round tally 1 --trustee-key " +
                        (Folder(2) / key_of(2)).string());
  EXPECT_EQ(shortcut.exit_code, 1);
  EXPECT_NE(shortcut.err.find("is a real meeting"), std::string::npos)
      << shortcut.err;
  auto tally = RunCommand(tally_cmd + partial(2) + " --partial " + partial(4) +
                          " --partial " + partial(5));
  ASSERT_EQ(tally.exit_code, 0) << tally.err;
  EXPECT_NE(tally.out.find("the hall server cannot read the result"),
            std::string::npos)
      << tally.out;
  EXPECT_EQ(tally.out.find("An"), std::string::npos) << tally.out;

  // Nothing that decrypts, signs or votes is in the server's folder: no
  // trustee or recipient key, no seal key, no ballot code.
  std::vector<std::string> codes;
  {
    std::istringstream lines(Slurp(ConsolePath("codes.txt")));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) codes.push_back(line);
  }
  ASSERT_EQ(codes.size(), 4u);
  for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = Slurp(entry.path().string());
    EXPECT_EQ(bytes.find("hall/v1/trustee-key"), std::string::npos)
        << entry.path();
    EXPECT_EQ(bytes.find("hall/v1/recipient-key"), std::string::npos)
        << entry.path();
    EXPECT_NE(entry.path().filename(), "seal.key");
    for (const auto& code : codes)
      EXPECT_EQ(bytes.find(code), std::string::npos) << entry.path();
  }

  // The recipient opens the round from the election record.
  ASSERT_EQ(Admin("record export --meeting 1 --out " + Path("record"))
                .exit_code,
            0);
  auto opened = Recipient("open --record " + Path("record") +
                          " --round 1 --key authority.key --seal-fingerprint " +
                          seal_fingerprint_);
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  json minutes = json::parse(opened.out);
  EXPECT_EQ(minutes["counts"]["An"], 3);
  EXPECT_EQ(minutes["counts"]["Bình"], 1);
  EXPECT_EQ(minutes["counts"]["Châu"], 0);
  EXPECT_EQ(minutes["counting_board"]["trustees"],
            json::array({"Trần T2", "T4", "T5"}));
  EXPECT_NE(opened.err.find("3 trustees' partial decryptions verified"),
            std::string::npos)
      << opened.err;

  // Step 3, announced: sealed, closed and its minutes signed on the console,
  // which counts them itself from the trustees' partial files.
  ASSERT_EQ(Admin("round create --meeting 1 --step 3 --group leadership "
                  "--person An --person Bình --compare-with 1")
                .exit_code,
            0);
  ASSERT_EQ(Admin("round seal 2 --request-out " + Pub("seal-2.request"))
                .exit_code,
            0);
  ASSERT_EQ(Console("sign --request " + Pub("seal-2.request") + " --out " +
                    Pub("seal-2.answer") +
                    " --slips slips-2.pdf --codes-out codes-2.txt")
                .exit_code,
            0);
  ASSERT_EQ(Admin("round seal 2 --answer " + Pub("seal-2.answer")).exit_code,
            0);
  ASSERT_EQ(Admin("round open 2").exit_code, 0);
  Cast(2, ConsolePath("codes-2.txt"), {0, 0, 1});  // An 2, Bình 1
  ASSERT_EQ(Admin("round close 2 --request-out " + Pub("close-2.request"))
                .exit_code,
            0);
  ASSERT_EQ(Console("sign --request " + Pub("close-2.request") + " --out " +
                    Pub("close-2.answer"))
                .exit_code,
            0);
  ASSERT_EQ(Admin("round close 2 --answer " + Pub("close-2.answer")).exit_code,
            0);
  ASSERT_EQ(Admin("round tally-request 2 --out " + Pub("tally-2.bin")).exit_code,
            0);
  std::string partials2;
  for (int i : {1, 3, 5}) {
    const std::string out = Pub("partial-2-" + std::to_string(i) + ".bin");
    auto d = Trustee(i, "decrypt --request " + Pub("tally-2.bin") +
                            " --seal-fingerprint " + seal_fingerprint_ +
                            " --key trustee-" + std::to_string(i) +
                            ".key --out " + out);
    ASSERT_EQ(d.exit_code, 0) << d.err;
    partials2 += " --partial " + out;
  }
  auto unsigned_tally = Admin("round tally 2" + partials2);
  EXPECT_EQ(unsigned_tally.exit_code, 1);
  EXPECT_NE(unsigned_tally.err.find("seal is on the committee console"),
            std::string::npos)
      << unsigned_tally.err;
  ASSERT_EQ(Admin("round tally 2" + partials2 + " --request-out " +
                  Pub("minutes-2.request"))
                .exit_code,
            0);
  auto minutes2 = Console("sign --request " + Pub("minutes-2.request") +
                          " --out " + Pub("minutes-2.answer"));
  ASSERT_EQ(minutes2.exit_code, 0) << minutes2.err;
  EXPECT_NE(minutes2.out.find("\"An\": 2"), std::string::npos) << minutes2.out;
  EXPECT_NE(minutes2.out.find("\"Bình\": 1"), std::string::npos);
  // The answer with other partial files than its request's is refused.
  auto other_files = Admin("round tally 2 --partial " + Pub("partial-2-1.bin") +
                     " --partial " + Pub("partial-2-3.bin") + " --answer " +
                     Pub("minutes-2.answer"));
  EXPECT_EQ(other_files.exit_code, 1) << other_files.err;
  auto tallied2 = Admin("round tally 2" + partials2 + " --answer " +
                        Pub("minutes-2.answer"));
  ASSERT_EQ(tallied2.exit_code, 0) << tallied2.err;
  EXPECT_NE(tallied2.out.find("tallied; minutes digest"), std::string::npos)
      << tallied2.out;
  auto shown = Admin("minutes show 2");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("committee console"), std::string::npos)
      << shown.out;
  EXPECT_FALSE(fs::exists(dir_ / "seal.key"));
}

TEST_F(DistributedCeremony, HelpAndUsage) {
  auto help = RunCommand(std::string(HALL_TRUSTEE_BINARY) + " --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("fingerprint"), std::string::npos);
  EXPECT_NE(help.out.find("box key digest"), std::string::npos);
  auto deal_help =
      RunCommand(std::string(HALL_TRUSTEE_BINARY) + " deal --help");
  EXPECT_EQ(deal_help.exit_code, 0);
  EXPECT_NE(deal_help.out.find("--announcements"), std::string::npos);
  auto none = RunCommand(std::string(HALL_TRUSTEE_BINARY));
  EXPECT_EQ(none.exit_code, 2);
  auto bad = RunCommand(std::string(HALL_TRUSTEE_BINARY) +
                        " announce --ceremony /nonexistent.json --index 1 "
                        "--key-out k --out o");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_EQ(bad.err.rfind("hall-trustee: ", 0), 0u) << bad.err;
  auto admin_help = Admin("ceremony start --help");
  EXPECT_EQ(admin_help.exit_code, 0);
  EXPECT_NE(admin_help.out.find("box key digest"), std::string::npos);
}

// What kind of failure each refusal of a ceremony file is.
TEST(CeremonyFilesTest, RefusalsCarryTheirCode) {
  CeremonyPlan plan;
  plan.installation = "inst";
  plan.meeting_id = 1;
  plan.k = 2;
  plan.trustees = {"An", "Binh", "Chau"};
  plan.nonce[0] = 7;
  ASSERT_TRUE(plan.Validate().ok());
  auto back = CeremonyPlan::FromJson(plan.ToJson());
  ASSERT_TRUE(back.ok()) << back.message();

  // Bad n, k or names are the committee's input.
  CeremonyPlan bad = plan;
  bad.k = 4;
  EXPECT_EQ(bad.Validate().code(), StatusCode::kInvalidArgument);
  bad = plan;
  bad.trustees = {"An", "An"};
  EXPECT_EQ(bad.Validate().code(), StatusCode::kInvalidArgument);
  // Not a ceremony file; a ceremony file whose contents were edited; one
  // whose plan is not valid (the inner code kept).
  EXPECT_EQ(CeremonyPlan::FromJson("{}").code(), StatusCode::kInvalidArgument);
  json edited = json::parse(plan.ToJson());
  edited["meeting"] = 2;
  EXPECT_EQ(CeremonyPlan::FromJson(edited.dump()).code(),
            StatusCode::kCorruption);
  edited = json::parse(plan.ToJson());
  edited["n"] = 4;
  EXPECT_EQ(CeremonyPlan::FromJson(edited.dump()).code(),
            StatusCode::kCorruption);
  bad = plan;
  bad.k = 4;
  auto invalid = CeremonyPlan::FromJson(bad.ToJson());
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(invalid.message().rfind("the ceremony file is not valid: ", 0), 0u)
      << invalid.message();

  // Announcements: of another ceremony, not one at all, one too many, one
  // missing, one naming a trustee who is not in the ceremony.
  auto as_file = [](const crypto::Bytes& b) {
    return std::string(b.begin(), b.end());
  };
  std::vector<NamedFile> files;
  for (std::uint32_t j = 1; j <= 3; ++j) {
    crypto::TrusteeAnnouncement a;
    a.trustee = j;
    a.box_public_key = crypto::BoxKey::Generate().public_key();
    files.push_back({"announce-" + std::to_string(j) + ".bin",
                     as_file(EncodeAnnouncementFile(plan, a))});
  }
  ASSERT_TRUE(CollectAnnouncements(plan, files).ok());
  CeremonyPlan other = plan;
  other.nonce[0] = 8;
  auto foreign = CollectAnnouncements(other, files);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(foreign.message().rfind("announce-1.bin: ", 0), 0u)
      << foreign.message();
  const std::string not_one = "not an announcement";
  EXPECT_EQ(DecodeAnnouncementFile(
                plan, std::span<const std::uint8_t>(
                          reinterpret_cast<const std::uint8_t*>(not_one.data()),
                          not_one.size()))
                .code(),
            StatusCode::kInvalidArgument);
  auto twice = files;
  twice.push_back(files[0]);
  EXPECT_EQ(CollectAnnouncements(plan, twice).code(),
            StatusCode::kInvalidArgument);
  auto missing = files;
  missing.pop_back();
  EXPECT_EQ(CollectAnnouncements(plan, missing).code(),
            StatusCode::kInvalidArgument);
  crypto::TrusteeAnnouncement stranger;
  stranger.trustee = 9;
  stranger.box_public_key = crypto::BoxKey::Generate().public_key();
  const crypto::Bytes stranger_file = EncodeAnnouncementFile(plan, stranger);
  EXPECT_EQ(DecodeAnnouncementFile(plan, stranger_file).code(),
            StatusCode::kInvalidArgument);
  // Dealings: not one at all, and none given.
  EXPECT_EQ(CollectDealings(plan, {{"d.bin", not_one}}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CollectDealings(plan, {}).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall::server::admin

namespace hall::server::admin {
namespace {

// With the seal on the committee console, a step record goes there and
// back: the console shows it, signs it; the hall server stores only that.
TEST_F(DistributedCeremony, StepRecordSignedOnTheConsole) {
  SetUpMeeting();
  fs::create_directories(root_ / "public");
  std::ofstream(Path("criteria.txt")) << "structure and criteria\n";
  auto here = Admin("step record --meeting 1 --step 1 --text T");
  EXPECT_EQ(here.exit_code, 1);
  EXPECT_NE(here.err.find("on the committee console"), std::string::npos)
      << here.err;
  auto request = Admin("step record --meeting 1 --step 1 --text 'Cơ cấu' "
                       "--document " + Path("criteria.txt") +
                       " --request-out " + Pub("record.request"));
  ASSERT_EQ(request.exit_code, 0) << request.err;
  auto list = Admin("step list --meeting 1");
  EXPECT_NE(list.out.find("NOT RECORDED"), std::string::npos)
      << "a record waiting for the seal is not a record: " << list.out;
  auto sign = Console("sign --request " + Pub("record.request") + " --out " +
                      Pub("record.answer"));
  ASSERT_EQ(sign.exit_code, 0) << sign.err;
  EXPECT_NE(sign.out.find("Cơ cấu"), std::string::npos) << sign.out;
  EXPECT_NE(sign.out.find("criteria.txt"), std::string::npos) << sign.out;
  auto stored = Admin("step record --meeting 1 --answer " + Pub("record.answer"));
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_NE(stored.out.find("record 1"), std::string::npos) << stored.out;
  EXPECT_EQ(Admin("step record --meeting 1 --answer " + Pub("record.answer"))
                .exit_code,
            1)
      << "an answer is stored once";
  list = Admin("step list --meeting 1");
  EXPECT_EQ(list.out.find("NOT RECORDED"), std::string::npos) << list.out;
}

}  // namespace
}  // namespace hall::server::admin
