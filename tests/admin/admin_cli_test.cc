// hall-admin as the committee uses it: the real binary, run through a shell,
// on a throw-away installation (seal and key files at the minimum cost so
// the suite stays fast). Ballots are cast in-process into the installation's
// database the way the kiosk service does, with the codes from --codes-out.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/run_command.h"
#include "hall/crypto/seal.h"
#include "hall/server/admin/cli.h"
#include "hall/server/admin/distributed_ceremony.h"
#include "hall/server/ballot_box.h"
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
constexpr char kTrustee[] = "trustee passphrase";
constexpr char kRecipient[] = "recipient passphrase";

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// A PDF's text as pdftotext reads it.
std::string PdfText(const std::string& pdf) {
  return RunCommand("pdftotext -layout " + Quote(pdf) + " -").out;
}

// Every QR code of a PDF's pages as zbarimg scans them from pdftoppm's
// pictures, sorted.
std::vector<std::string> ScanPdf(const std::string& pdf) {
  const std::string prefix = pdf + "-page";
  RunCommand("pdftoppm -r 150 -gray -png " + Quote(pdf) + " " + Quote(prefix));
  return SortedLines(
      RunCommand("zbarimg -q --raw " + Quote(prefix) + "-*.png").out);
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

int Mode(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class AdminCli : public ::testing::Test {
 protected:
  AdminCli() {
    char tmpl[] = "/tmp/hall-admin-test-XXXXXX";
    root_ = mkdtemp(tmpl);
    dir_ = root_ / "install";
  }
  ~AdminCli() override { fs::remove_all(root_); }

  // hall-admin with the test's secrets in the environment and HALL_DIR set;
  // `env` overrides them ("NAME=value") or unsets one ("-u NAME").
  CommandResult Admin(const std::string& args, const std::string& env = "") {
    const bool unset = env.rfind("-u", 0) == 0;
    const std::string cmd = "env " + (unset ? env : std::string()) +
                            " HALL_DIR=" + Quote(dir_.string()) +
                            " HALL_SEAL_PASSPHRASE=" + Quote(kSeal) +
                            " HALL_TRUSTEE_PASSPHRASE=" + Quote(kTrustee) +
                            " HALL_RECIPIENT_PASSPHRASE=" + Quote(kRecipient) +
                            " " + (unset ? std::string() : env) + " " +
                            HALL_ADMIN_BINARY + " " + args;
    return RunCommand(cmd);
  }
  // hall-admin with nothing from the environment.
  CommandResult Bare(const std::string& args) {
    return RunCommand(
        "env -u HALL_DIR -u HALL_SEAL_PASSPHRASE -u HALL_DB_PASSPHRASE "
        "-u HALL_TRUSTEE_PASSPHRASE -u HALL_RECIPIENT_PASSPHRASE " +
        std::string(HALL_ADMIN_BINARY) + " " + args);
  }

  std::string Path(const std::string& name) const {
    return (root_ / name).string();
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / name, std::ios::binary) << text;
    return Path(name);
  }

  // init, a P1 rehearsal meeting with 6 people (3 leadership, 3 extended),
  // 3 candidates, one recipient, and a 2-of-3 key ceremony in one process
  // (a real meeting's split is distributed_ceremony_test.cc).
  void SetUpMeeting() {
    auto init = Admin("init --seal-cost min --name 'Hall A'");
    ASSERT_EQ(init.exit_code, 0) << init.err;
    std::smatch fp;
    ASSERT_TRUE(std::regex_search(
        init.out, fp,
        std::regex("seal fingerprint: ([0-9A-Z]{4}(-[0-9A-Z]{4}){3})")))
        << init.out;
    fingerprint_ = fp[1];
    auto m = Admin(
        "meeting create --rehearsal --title 'Hội nghị cán bộ chủ chốt / "
        "干部会议' --procedure P1 --members 3");
    ASSERT_EQ(m.exit_code, 0) << m.err;
    ASSERT_EQ(Trim(m.out), "1");
    const std::string roll = Write(
        "roll.csv",
        "person_id,name,group\np1,Nguyễn Văn An,leadership\n"
        "p2,Trần Thị Bình,leadership\np3,Lê Văn Châu,leadership\n"
        "p4,Phạm Dung,extended\np5,Hoàng Em,extended\np6,Vũ Giang,extended\n");
    auto r = Admin("roll import --meeting 1 " + roll);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("imported 6 people"), std::string::npos) << r.out;
    auto c = Admin("candidates import --meeting 1 " +
                   Write("cand.csv", "name\nAn\nBình\nChâu\n"));
    ASSERT_EQ(c.exit_code, 0) << c.err;
    auto rec = Admin(
        "recipient add --meeting 1 --name 'Competent authority' --key-cost "
        "min --key-out " +
        Path("recipient.key"));
    ASSERT_EQ(rec.exit_code, 0) << rec.err;
    EXPECT_EQ(Mode(Path("recipient.key")), 0600);
    auto cer = Admin(
        "ceremony run --meeting 1 --k 2 --trustee T1 --trustee 'Trần T2' "
        "--trustee T3 --key-cost min --key-dir " +
        Path("keys"));
    ASSERT_EQ(cer.exit_code, 0) << cer.err;
    EXPECT_TRUE(
        std::regex_search(cer.out, std::regex("box key digest: [0-9a-f]{64}")))
        << cer.out;
    for (int i = 1; i <= 3; ++i) {
      EXPECT_EQ(Mode(Path("keys/trustee-" + std::to_string(i) + ".key")), 0600);
    }
    // Step 1 has no ballot: the committee records it before step 2 opens.
    auto step1 = Admin("step record --meeting 1 --step 1 --text 'Cơ cấu, tiêu chuẩn'");
    ASSERT_EQ(step1.exit_code, 0) << step1.err;
  }

  std::string Key(int i) const {
    return Path("keys/trustee-" + std::to_string(i) + ".key");
  }

  // Casts one ballot per marks entry with the codes in `codes_file`.
  void Cast(std::uint64_t round, const std::string& codes_file,
            const std::vector<crypto::Mark>& marks) {
    server::testing::CastWithCodes(dir_, round, Slurp(codes_file), marks);
  }

  // hall-recipient with the test's recipient passphrase.
  CommandResult Recipient(const std::string& args) {
    return RunCommand("env HALL_RECIPIENT_PASSPHRASE=" + Quote(kRecipient) +
                      " " + HALL_RECIPIENT_BINARY + " " + args);
  }

  fs::path root_;
  fs::path dir_;
  std::string fingerprint_;
};

// One name is one name however it was typed: decomposed accents (as some
// keyboards and PDFs give them) are composed to NFC where the text comes in,
// and bytes that are not UTF-8 are refused there, naming the field, before
// anything is stored (once they broke every tally and record export).
TEST_F(AdminCli, HumanTextIsComposedAndBadBytesAreRefusedWhereTheyEnter) {
  SetUpMeeting();
  const std::string nfd_binh = "Bi\xcc\x80nh";  // i + U+0300: the "Bình" on file
  auto twice = Admin("candidates import --meeting 1 " +
                     Write("nfd.csv", "name\nNguye\xcc\x82\xcc\x83n Hoa\n"
                                      "Nguy\xe1\xbb\x85n Hoa\n"));
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("candidates line 3: \"Nguy\xe1\xbb\x85n Hoa\" appears "
                           "twice (first on line 2)"),
            std::string::npos) << twice.err;
  auto again = Admin("candidates import --meeting 1 " +
                     Write("nfd2.csv", "name\n" + nfd_binh + "\n"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("imported 0 new candidates; meeting 1 has 3"),
            std::string::npos) << again.out;
  auto round = Admin("round create --meeting 1 --step 2 --person An --person '" +
                     nfd_binh + "'");
  ASSERT_EQ(round.exit_code, 0) << round.err;
  auto bad_reason = Admin("round cancel 1 --reason \"$(printf 'sai \\377')\"");
  EXPECT_EQ(bad_reason.exit_code, 2);
  EXPECT_NE(bad_reason.err.find("the reason \"sai ?\" is not UTF-8 text"),
            std::string::npos) << bad_reason.err;
  auto bad_record = Admin("step record --meeting 1 --step 1 --text \"$(printf "
                          "'d\\303ng 1\\nd\\377ng 2')\"");
  EXPECT_EQ(bad_record.exit_code, 2);
  EXPECT_NE(bad_record.err.find("the record's text (line 1)"), std::string::npos)
      << bad_record.err;
  auto bad_recipient = Admin("recipient add --meeting 1 --name \"$(printf "
                             "'x\\377')\" --public-key " + std::string(64, 'a'));
  EXPECT_EQ(bad_recipient.exit_code, 2);
  EXPECT_NE(bad_recipient.err.find("the recipient's name"), std::string::npos)
      << bad_recipient.err;
  // A fresh meeting: a trustee's name is refused before any key is made,
  // and the ceremony then runs as if nothing had happened.
  ASSERT_EQ(Admin("meeting create --rehearsal --title T --procedure P1 --members 3")
                .exit_code, 0);
  auto bad_trustee = Admin(
      "ceremony run --meeting 2 --k 1 --trustee \"$(printf 'T\\377')\" "
      "--trustee B --key-cost min --key-dir " + Path("keys2"));
  EXPECT_EQ(bad_trustee.exit_code, 2);
  EXPECT_NE(bad_trustee.err.find("trustee 1's name \"T?\" is not UTF-8 text"),
            std::string::npos) << bad_trustee.err;
  EXPECT_FALSE(fs::exists(Path("keys2/trustee-1.key")));
  auto good = Admin("ceremony run --meeting 2 --k 1 --trustee 'Tra\xcc\x82\xcc\x80n' "
                    "--trustee B --key-cost min --key-dir " + Path("keys2"));
  ASSERT_EQ(good.exit_code, 0) << good.err;
  EXPECT_NE(good.out.find("Tr\xe1\xba\xa7n"), std::string::npos) << good.out;
}

// A committee's day before and after the first seal: the roll and the
// candidates are corrected until the seal signs them, a late arrival is
// told what they can still vote in, and the attendance prints for signing.
TEST_F(AdminCli, CorrectionsUntilTheSealLateArrivalAndAttendance) {
  SetUpMeeting();
  auto dup = Admin("roll import --meeting 1 " +
                   Write("dup.csv", "Mã;Họ và tên;Nhóm\np7;Đặng Hải;extended\n"
                                    "p8;Bùi Khánh;extended\np7;Đỗ Lan;extended\n"));
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.err.find("roll line 4: person_id \"p7\" appears twice (first "
                         "on line 2); nothing was imported"),
            std::string::npos) << dup.err;
  // What could not be printed later is refused now, naming the line.
  auto esc = Admin("roll import --meeting 1 " +
                   Write("esc.csv", "person_id,name,group\np7,Bad\x1bName,extended\n"));
  EXPECT_EQ(esc.exit_code, 2);
  EXPECT_NE(esc.err.find("roll line 2: name \"Bad?Name\" holds a control character"),
            std::string::npos) << esc.err;
  EXPECT_EQ(esc.err.find('\x1b'), std::string::npos) << "never echoed raw";
  auto header_only = Admin("roll import --meeting 1 " +
                           Write("empty.csv", "person_id,name,group\n"));
  EXPECT_EQ(header_only.exit_code, 2);
  EXPECT_NE(header_only.err.find("nobody under it"), std::string::npos);
  auto title = Admin("meeting create --rehearsal --procedure P1 --members 3 --title "
                     "\"$(printf 'Hội nghị\\033[2J')\"");
  EXPECT_EQ(title.exit_code, 2);
  EXPECT_NE(title.err.find("the meeting's title"), std::string::npos) << title.err;
  auto fixed = Admin("roll correct --meeting 1 p4 --name 'Phạm Thị Dung'");
  ASSERT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("corrected: p4  Phạm Thị Dung  extended"),
            std::string::npos) << fixed.out;
  auto nobody = Admin("roll correct --meeting 1 p9 --group extended");
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_NE(nobody.err.find("\"p9\" is not on the roll"), std::string::npos);
  EXPECT_EQ(Admin("roll correct --meeting 1 p4").exit_code, 2);  // nothing to do
  auto removed = Admin("roll remove --meeting 1 p6");
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  auto list = Admin("roll list --meeting 1");
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("p4  Phạm Thị Dung  extended"), std::string::npos);
  EXPECT_EQ(list.out.find("p6"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("present 0 of 5 convened"), std::string::npos)
      << list.out;
  ASSERT_EQ(Admin("candidates remove --meeting 1 Châu").exit_code, 0);
  auto cands = Admin("candidates list --meeting 1");
  EXPECT_EQ(cands.out, "An\nBình\n2 candidates\n");
  EXPECT_EQ(Admin("candidates remove --meeting 1 Châu").exit_code, 2);
  auto re = Admin("candidates import --meeting 1 " + Write("again.csv", "name\nAn\n"));
  EXPECT_NE(re.out.find("imported 0 new candidates"), std::string::npos) << re.out;

  ASSERT_EQ(Admin("round create --meeting 1 --step 2 --person An --person Bình")
                .exit_code, 0);
  auto on_ballot = Admin("candidates remove --meeting 1 An");
  EXPECT_EQ(on_ballot.exit_code, 1);
  EXPECT_NE(on_ballot.err.find("\"An\" is on the ballot of round 1"),
            std::string::npos) << on_ballot.err;
  ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4").exit_code, 0);
  auto sealed = Admin("round seal 1 --slips " + Path("s.pdf"));
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  auto late = Admin("checkin --meeting 1 p5");
  ASSERT_EQ(late.exit_code, 0) << late.err;
  EXPECT_NE(late.out.find("present 5 of 5 convened"), std::string::npos);
  EXPECT_NE(late.out.find("p5 arrived after round 1 (step 2) was sealed and "
                          "cannot vote in it"),
            std::string::npos) << late.out;
  auto too_late = Admin("roll correct --meeting 1 p5 --name X");
  EXPECT_EQ(too_late.exit_code, 1);
  EXPECT_NE(too_late.err.find("the roll is fixed"), std::string::npos);
  EXPECT_EQ(Admin("roll remove --meeting 1 p5").exit_code, 1);
  auto again = Admin("checkin --meeting 1 p5 p1");
  EXPECT_EQ(again.out.find("arrived"), std::string::npos)
      << "they were here already: " << again.out;
  // Left and came back: p1 holds a code of round 1, and is told nothing.
  ASSERT_EQ(Admin("checkout --meeting 1 p1").exit_code, 0);
  auto back = Admin("checkin --meeting 1 p1");
  EXPECT_EQ(back.out.find("arrived"), std::string::npos) << back.out;
  auto left = Admin("checkout --meeting 1 p5");
  ASSERT_EQ(left.exit_code, 0) << left.err;
  EXPECT_NE(left.out.find("present 4 of 5 convened"), std::string::npos);

  ASSERT_EQ(Admin("attendance print --meeting 1 --out " + Path("door.pdf"))
                .exit_code, 0);
  const std::string door = PdfText(Path("door.pdf"));
  for (const char* text : {"DANH SÁCH ĐẠI BIỂU DỰ HỌP", "Ký tên",
                           "Phạm Thị Dung", "Hoàng Em", "DIỄN TẬP",
                           "Số đại biểu được triệu tập", "Thư ký"})
    EXPECT_NE(door.find(text), std::string::npos) << text << "\n" << door;
  auto present = Admin("attendance print --meeting 1 --present --out " +
                       Path("present.pdf"));
  ASSERT_EQ(present.exit_code, 0) << present.err;
  EXPECT_NE(present.out.find("(4 of 5)"), std::string::npos) << present.out;
  const std::string here = PdfText(Path("present.pdf"));
  EXPECT_NE(here.find("DANH SÁCH ĐẠI BIỂU CÓ MẶT"), std::string::npos) << here;
  EXPECT_NE(here.find("Phạm Thị Dung"), std::string::npos);
  EXPECT_EQ(here.find("Hoàng Em"), std::string::npos) << "p5 checked out";
  EXPECT_NE(Admin("attendance print --meeting 1 --out " + Path("door.pdf"))
                .exit_code, 0);  // never overwritten
  EXPECT_EQ(Admin("attendance print --meeting 1 --lang fr --out " +
                  Path("fr.pdf")).exit_code, 2);
}

// The backup drill: mid-round, with the ballot box still open in the
// server, the committee backs the installation up; the server's folder is
// then lost; the backup is restored into another folder, which finishes
// the round: every receipted ballot is counted, and no code is used twice.
TEST_F(AdminCli, BackupRestoreDrillFinishesTheRoundWithEveryReceiptedBallot) {
  SetUpMeeting();
  ASSERT_EQ(Admin("round create --meeting 1 --step 2 --person An --person Bình")
                .exit_code, 0);
  ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4").exit_code, 0);
  ASSERT_EQ(Admin("round seal 1 --slips " + Path("s.pdf") + " --codes-out " +
                  Path("c.txt")).exit_code, 0);
  ASSERT_EQ(Admin("round open 1").exit_code, 0);
  const std::vector<std::string> codes = SortedLines(Slurp(Path("c.txt")));
  ASSERT_EQ(codes.size(), 4u);
  const std::string first_two = codes[0] + "\n" + codes[1] + "\n";
  const std::string last_two = codes[2] + "\n" + codes[3] + "\n";
  const std::string env = "HALL_BACKUP_PASSPHRASE='backup passphrase 1'";
  {
    // The server is running: its ballot box holds the database open.
    InstallationPaths paths{dir_};
    auto key = InstallationDbKey(paths, std::nullopt);
    ASSERT_TRUE(key.ok());
    auto db = OpenInstallation(paths, *key);
    ASSERT_TRUE(db.ok());
    auto box = BallotBox::Open(paths.db(), *key);
    ASSERT_TRUE(box.ok()) << box.message();
    std::istringstream lines(first_two);
    for (std::string line; std::getline(lines, line);) {
      auto code = crypto::CredentialCode::Parse(line);
      ASSERT_TRUE(code.ok());
      auto receipt = (*box)->Cast(1, server::testing::FillBallot(*db, 1, *code, {0}));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
    }
    auto made = Admin("backup --key-cost interactive --out " + Path("hall.backup"), env);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("verified"), std::string::npos) << made.out;
    (*box)->Stop();
  }
  EXPECT_EQ(Mode(Path("hall.backup")), 0600);
  // Written under a temporary name, named only once verified.
  EXPECT_FALSE(fs::exists(Path("hall.backup") + ".incomplete"));
  // Nothing secret can be read from it without the passphrase.
  const std::string bytes = Slurp(Path("hall.backup"));
  for (const std::string& c : codes) EXPECT_EQ(bytes.find(c), std::string::npos);
  EXPECT_EQ(bytes.find("SQLite format"), std::string::npos);
  EXPECT_EQ(bytes.find("BEGIN"), std::string::npos) << "no key in clear";
  const std::string before = Slurp(Path("hall.backup"));
  auto again = Admin("backup --key-cost interactive --out " + Path("hall.backup"), env);
  EXPECT_EQ(again.exit_code, 2);  // never overwritten
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_EQ(Slurp(Path("hall.backup")), before);
  auto inside = Admin("backup --key-cost interactive --out " +
                          (dir_ / "self.backup").string(), env);
  EXPECT_EQ(inside.exit_code, 2);
  EXPECT_NE(inside.err.find("inside the installation folder"), std::string::npos)
      << inside.err;
  // Refused targets: a link to a folder (with or without a trailing slash),
  // a folder in a folder that does not exist.
  fs::create_directory(root_ / "elsewhere");
  fs::create_directory_symlink(root_ / "elsewhere", root_ / "link");
  for (const std::string& to : {Path("link"), Path("link") + "/", Path("no/such/dir")}) {
    auto refused = Admin("restore --from " + Path("hall.backup") + " --to " + to, env);
    EXPECT_NE(refused.exit_code, 0) << to;
    EXPECT_TRUE(fs::is_empty(root_ / "elsewhere")) << to;
  }
  EXPECT_FALSE(fs::exists(Path("no")));

  // The server's folder is lost.
  const fs::path lost = dir_;
  fs::remove_all(lost);
  const fs::path standby = root_ / "standby";
  auto wrong = Admin("restore --from " + Path("hall.backup") + " --to " +
                         standby.string(),
                     "HALL_BACKUP_PASSPHRASE='not it at all'");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("wrong backup passphrase"), std::string::npos) << wrong.err;
  EXPECT_FALSE(fs::exists(standby / "hall.db"));
  auto restored = Admin("restore --from " + Path("hall.backup") + " --to " +
                            standby.string(), env);
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_NE(restored.out.find("round 1 is open with 2 of 4 ballots cast"),
            std::string::npos) << restored.out;
  EXPECT_EQ(Mode((standby / "db.key").string()), 0600);
  EXPECT_NE(Admin("restore --from " + Path("hall.backup") + " --to " +
                  standby.string(), env).exit_code, 0);  // not over a folder

  dir_ = standby;
  // A code used before the backup stays used.
  {
    InstallationPaths paths{dir_};
    auto key = InstallationDbKey(paths, std::nullopt);
    auto db = OpenInstallation(paths, *key);
    ASSERT_TRUE(db.ok()) << db.message();
    auto box = BallotBox::Open(paths.db(), *key);
    ASSERT_TRUE(box.ok());
    auto code = crypto::CredentialCode::Parse(codes[0]);
    auto again = (*box)->Cast(1, server::testing::FillBallot(*db, 1, *code, {1}));
    EXPECT_FALSE(again.ok());
    (*box)->Stop();
  }
  Cast(1, Write("last.txt", last_two), {0, 1});
  auto closed = Admin("round close 1");
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_NE(closed.out.find("4 of 4 ballots cast"), std::string::npos) << closed.out;
  ASSERT_EQ(Admin("round tally 1 --trustee-key " + Key(1) + " --trustee-key " + Key(3))
                .exit_code, 0);
  ASSERT_EQ(Admin("record export --meeting 1 --out " + Path("record")).exit_code, 0);
  auto opened = Recipient("open --record " + Path("record") + " --round 1 --key " +
                          Path("recipient.key") + " --seal-fingerprint " + fingerprint_);
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  json m = json::parse(opened.out);
  EXPECT_EQ(m["counts"]["An"], 3);  // two before the loss, one after
  EXPECT_EQ(m["counts"]["Bình"], 1);
}

// hall-admin status follows the meeting and always names the next command.
TEST_F(AdminCli, StatusSaysWhereTheMeetingStandsAndWhatIsNext) {
  auto next = [&](const std::string& expected) {
    auto st = Admin("status");
    ASSERT_EQ(st.exit_code, 0) << st.err;
    const auto at = st.out.find("\nNext: ");
    ASSERT_NE(at, std::string::npos) << st.out;
    EXPECT_NE(st.out.find(expected, at), std::string::npos)
        << "expected next: " << expected << "\n" << st.out;
  };
  ASSERT_EQ(Admin("init --seal-cost min --name 'Hall A'").exit_code, 0);
  next("hall-admin meeting create");
  ASSERT_EQ(Admin("meeting create --rehearsal --title T --procedure P1 --members 3")
                .exit_code, 0);
  next("hall-admin roll import --meeting 1");
  fs::remove_all(dir_);
  SetUpMeeting();
  auto st = Admin("status");
  EXPECT_NE(st.out.find("  1  "), std::string::npos) << st.out;
  EXPECT_NE(st.out.find(": recorded\n"), std::string::npos) << st.out;
  EXPECT_NE(st.out.find("set-up: roll 6 · candidates 3 · recipients 1 · "
                        "ballot-box key made (2 of 3 trustees open it)"),
            std::string::npos) << st.out;
  next("hall-admin round create --meeting 1 --step 2");
  ASSERT_EQ(Admin("round create --meeting 1 --step 2 --person An --person Bình")
                .exit_code, 0);
  next("hall-admin round seal 1 --slips slips-1.pdf");
  ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4").exit_code, 0);
  ASSERT_EQ(Admin("round seal 1 --slips " + Path("s.pdf") + " --codes-out " +
                  Path("c.txt")).exit_code, 0);
  next("hall-admin round open 1");
  ASSERT_EQ(Admin("round open 1").exit_code, 0);
  next("round 1 is open (0 of 4 ballots cast)");
  Cast(1, Path("c.txt"), {0, 0, 1, 0});
  next("round 1 is open (4 of 4 ballots cast); when voting ends: hall-admin "
       "round close 1");
  ASSERT_EQ(Admin("round close 1").exit_code, 0);
  next("hall-admin round tally-request 1");
}

TEST_F(AdminCli, WholeCommitteeFlowSealedThenAnnouncedRound) {
  SetUpMeeting();
  // Step 2 (sealed), the whole roll.
  auto r1 = Admin(
      "round create --meeting 1 --step 2 --person An --person "
      "Bình --person Châu");
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  ASSERT_EQ(Trim(r1.out), "1");

  auto few = Admin("checkin --meeting 1 p1 p2");
  ASSERT_EQ(few.exit_code, 0) << few.err;
  EXPECT_NE(few.out.find("present 2 of 6 convened; quorum 4: NOT met, 2 "
                         "more must check in"),
            std::string::npos)
      << few.out;
  auto below = Admin("round seal 1 --slips " + Path("s0.pdf"));
  EXPECT_EQ(below.exit_code, 1);
  EXPECT_NE(below.err.find("2 more must check in"), std::string::npos)
      << below.err;
  EXPECT_FALSE(fs::exists(Path("s0.pdf")));  // nothing left behind

  auto enough = Admin("checkin --meeting 1 p3 p4");
  ASSERT_EQ(enough.exit_code, 0);
  EXPECT_NE(enough.out.find("quorum 4: met"), std::string::npos);

  auto sealed = Admin("round seal 1 --slips " + Path("slips1.pdf") +
                      " --codes-out " + Path("codes1.txt"));
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  EXPECT_NE(sealed.out.find("4 ballot codes"), std::string::npos);
  const std::string slips = PdfText(Path("slips1.pdf"));
  EXPECT_NE(slips.find("PHIẾU MÃ BỎ PHIẾU"), std::string::npos) << slips;
  EXPECT_NE(slips.find("Hội nghị cán bộ chủ chốt"), std::string::npos);
  EXPECT_EQ(ScanPdf(Path("slips1.pdf")), SortedLines(Slurp(Path("codes1.txt"))));
  EXPECT_EQ(Mode(Path("slips1.pdf")), 0600);
  EXPECT_EQ(Mode(Path("codes1.txt")), 0600);
  EXPECT_EQ(Count(Slurp(Path("codes1.txt")), "\n"), 4u);
  // Each code's first group is on its slip.
  {
    std::istringstream lines(Slurp(Path("codes1.txt")));
    std::string code;
    while (std::getline(lines, code))
      EXPECT_NE(slips.find(code.substr(0, 4) + " " + code.substr(5, 4)),
                std::string::npos);
  }

  ASSERT_EQ(Admin("round open 1").exit_code, 0);
  Cast(1, Path("codes1.txt"), {0, 0, 0, 1});  // An 3, Bình 1 of 6 convened
  auto wrong_seal = Admin("round close 1", "HALL_SEAL_PASSPHRASE=nope-nope");
  EXPECT_EQ(wrong_seal.exit_code, 1);
  EXPECT_NE(wrong_seal.err.find("wrong passphrase"), std::string::npos)
      << wrong_seal.err;
  auto closed = Admin("round close 1");
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_NE(closed.out.find("4 of 4 ballots cast"), std::string::npos);

  auto short_k = Admin("round tally 1 --trustee-key " + Key(1));
  EXPECT_EQ(short_k.exit_code, 1);
  EXPECT_NE(short_k.err.find("needs 2 of 3 trustees"), std::string::npos)
      << short_k.err;
  auto both = Admin("round tally 1 --trustee-key " + Key(1) + " --partial " +
                    Key(2));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  auto t1 = Admin("round tally 1 --trustee-key " + Key(1) + " --trustee-key " +
                  Key(3));
  ASSERT_EQ(t1.exit_code, 0) << t1.err;
  // A sealed round prints only the digest: no counts, no outcome.
  EXPECT_TRUE(std::regex_match(
      t1.out,
      std::regex("round 1 is sealed: the trustees' partial decryptions are "
                 "stored boxed to 1 recipients; the hall server cannot read "
                 "the result. Digest [0-9a-f]{64}\n")))
      << t1.out;
  auto show1 = Admin("round show 1");
  ASSERT_EQ(show1.exit_code, 0);
  EXPECT_EQ(show1.out.find("carried_forward"), std::string::npos);
  EXPECT_NE(show1.out.find("minutes_sealed"), std::string::npos);

  auto announce_sealed = Admin("round announce 1");
  EXPECT_EQ(announce_sealed.exit_code, 1);
  EXPECT_NE(announce_sealed.err.find("NOT announced"), std::string::npos);
  auto no_key = Admin("minutes show 1");
  EXPECT_EQ(no_key.exit_code, 1);
  EXPECT_NE(no_key.err.find("recipient"), std::string::npos);
  // The recipient opens it from the record, on their own machine.
  ASSERT_EQ(Admin("record export --meeting 1 --out " + Path("record1"))
                .exit_code,
            0);
  const std::string open1 = "open --record " + Path("record1") +
                            " --round 1 --key " + Path("recipient.key") +
                            " --seal-fingerprint ";
  auto wrong_fp = Recipient(open1 + "AAAA-AAAA-AAAA-AAAA");
  EXPECT_EQ(wrong_fp.exit_code, 1);
  EXPECT_NE(wrong_fp.err.find("do not decrypt it"), std::string::npos)
      << wrong_fp.err;
  auto opened = Recipient(open1 + fingerprint_);
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  json m1 = json::parse(opened.out);
  EXPECT_EQ(m1["counts"]["An"], 3);
  EXPECT_EQ(m1["counts"]["Bình"], 1);
  EXPECT_EQ(m1["outcome"]["outcomes"][0]["status"], "carried_forward");
  // Printed for the counting committee to sign: the sealed title, the
  // counts it opened, and the round's tally request digest on every page.
  auto printed = Recipient(open1 + fingerprint_ + " --pdf " +
                           Path("minutes-1.pdf") + " --signers 4");
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_TRUE(printed.out.empty()) << "the PDF, not the JSON, was asked for";
  std::smatch request_digest;
  ASSERT_TRUE(std::regex_search(printed.err, request_digest,
                                std::regex("tally request digest ([0-9a-f]{64})")))
      << printed.err;
  const std::string minutes1 = PdfText(Path("minutes-1.pdf"));
  EXPECT_NE(minutes1.find("BIÊN BẢN KIỂM PHIẾU (MẬT)"), std::string::npos)
      << minutes1;
  EXPECT_NE(minutes1.find("Ủy viên"), std::string::npos);
  EXPECT_EQ(Count(minutes1, "Mã băm yêu cầu kiểm phiếu " + request_digest[1].str()),
            Count(minutes1, "\f"));
  EXPECT_NE(minutes1.find("Competent authority"), std::string::npos);
  std::smatch an;
  ASSERT_TRUE(std::regex_search(minutes1, an, std::regex("\n\\s*An\\s+3\\s")))
      << minutes1;
  EXPECT_EQ(Recipient(open1 + fingerprint_ + " --signers 4").exit_code, 2);
  EXPECT_EQ(Recipient(open1 + fingerprint_ + " --pdf " + Path("m.pdf") +
                      " --lang fr").exit_code, 2);
  EXPECT_FALSE(fs::exists(Path("m.pdf")));
  auto again = Recipient(open1 + fingerprint_ + " --pdf " + Path("minutes-1.pdf"));
  EXPECT_NE(again.exit_code, 0);  // never overwritten

  // Step 3 (announced), the leadership collective, compared with step 2.
  auto bad_group = Admin(
      "round create --meeting 1 --step 3 --group nobody --compare-with 1 "
      "--person An");
  EXPECT_EQ(bad_group.exit_code, 2);
  auto r2 = Admin(
      "round create --meeting 1 --step 3 --group leadership --compare-with 1 "
      "--person An --person Bình");
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  ASSERT_EQ(Trim(r2.out), "2");
  auto s2 = Admin("round seal 2 --slips " + Path("slips2.pdf") +
                  " --codes-out " + Path("codes2.txt"));
  ASSERT_EQ(s2.exit_code, 0) << s2.err;
  EXPECT_EQ(ScanPdf(Path("slips2.pdf")).size(), 3u);
  ASSERT_EQ(Admin("round open 2").exit_code, 0);
  Cast(2, Path("codes2.txt"), {1, 1, 0});  // Bình 2 of 3 members
  ASSERT_EQ(Admin("round close 2").exit_code, 0);
  // Compared with a sealed round the server cannot read: tallied without
  // the comparison, which the recipient makes.
  auto t2 = Admin("round tally 2 --trustee-key " + Key(2) + " --trustee-key " +
                  Key(3));
  ASSERT_EQ(t2.exit_code, 0) << t2.err;
  EXPECT_NE(t2.out.find("Bình: selected (2)"), std::string::npos) << t2.out;
  EXPECT_EQ(t2.out.find("report_divergence"), std::string::npos) << t2.out;
  auto a2 = Admin("round announce 2");
  ASSERT_EQ(a2.exit_code, 0) << a2.err;

  auto list = Admin("round list --meeting 1");
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("1  step 2  minutes_sealed"), std::string::npos);
  EXPECT_NE(list.out.find("2  step 3  announced"), std::string::npos);
  auto meeting = Admin("meeting show 1");
  ASSERT_EQ(meeting.exit_code, 0);
  EXPECT_NE(meeting.out.find("trustees: 2 of 3"), std::string::npos);
  EXPECT_NE(meeting.out.find("Competent authority"), std::string::npos);

  // Minutes export: the signed minutes, verifiable with the seal key.
  auto exp = Admin("minutes export 2 --out " + Path("minutes2.json"));
  ASSERT_EQ(exp.exit_code, 0) << exp.err;
  EXPECT_EQ(Mode(Path("minutes2.json")), 0600);
  EXPECT_EQ(Admin("minutes export 2 --out " + Path("minutes2.json")).exit_code,
            2);  // never overwritten
  json signed_minutes = json::parse(Slurp(Path("minutes2.json")));
  EXPECT_EQ(json::parse(
                signed_minutes["minutes"]
                    .get<std::string>())["outcome"]["outcomes"][0]["candidate"],
            "Bình");

  // The election record.
  auto rec = Admin("record export --meeting 1 --out " + Path("record"));
  ASSERT_EQ(rec.exit_code, 0) << rec.err;
  json index = json::parse(Slurp(Path("record/record.json")));
  EXPECT_EQ(index["format"], "hall-election-record/1");
  ASSERT_EQ(index["rounds"].size(), 2u);
  const json& rj1 = index["rounds"][0];
  const json& rj2 = index["rounds"][1];
  EXPECT_EQ(rj1["state"], "minutes_sealed");
  EXPECT_FALSE(rj1.contains("minutes"));
  EXPECT_TRUE(rj1["sealed_tally"].is_string());
  EXPECT_TRUE(fs::exists(Path("record/rounds/1/sealed-tally.bin")));
  EXPECT_TRUE(fs::exists(Path("record/rounds/1/tally-request.bin")));
  EXPECT_TRUE(fs::exists(Path("record/rounds/2/tally-request.bin")));
  EXPECT_EQ(index["meeting"]["rehearsal"], true);
  // Step 3 chose Bình, who step 2 carried forward: no divergence.
  auto compared = Recipient("open --record " + Path("record") +
                            " --round 2 --key " + Path("recipient.key") +
                            " --seal-fingerprint " + fingerprint_);
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_NE(compared.err.find("compared with round 1: no divergence"),
            std::string::npos)
      << compared.err;
  EXPECT_FALSE(fs::exists(Path("record/rounds/1/minutes.json")));
  json board1 = json::parse(Slurp(Path("record/rounds/1/board.json")));
  ASSERT_EQ(board1.size(), 4u);
  EXPECT_EQ(board1[3]["index"], 3);
  EXPECT_FALSE(board1[0]["tracking_code"].get<std::string>().empty());
  EXPECT_EQ(rj1["board"]["head"], board1[3]["entry_hash"]);
  EXPECT_EQ(rj2["state"], "announced");
  // Every signature in the record verifies with the seal public key.
  const std::string pub = Slurp(Path("record/seal-public-key.bin"));
  auto seal = crypto::VerifyKey::FromBytes(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(pub.data()), pub.size()));
  ASSERT_TRUE(seal.ok());
  auto verify = [&](const std::string& msg, const std::string& sig,
                    crypto::SignatureType type) {
    const std::string m = Slurp(Path("record/" + msg));
    const std::string s = Slurp(Path("record/" + sig));
    auto signature = crypto::Signature::FromBytes(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
    if (!signature.ok()) return false;
    return crypto::Verify(
               *seal, type,
               std::span<const std::uint8_t>(
                   reinterpret_cast<const std::uint8_t*>(m.data()), m.size()),
               *signature)
        .ok();
  };
  EXPECT_TRUE(verify(index["meeting"]["definition"],
                     index["meeting"]["definition_signature"],
                     crypto::SignatureType::kMeetingDefinition));
  for (const json& rj : index["rounds"]) {
    EXPECT_TRUE(verify(rj["template"], rj["template_signature"],
                       crypto::SignatureType::kBallotTemplate));
    EXPECT_TRUE(verify(rj["credential_list"], rj["credential_list_signature"],
                       crypto::SignatureType::kCredentialList));
    EXPECT_TRUE(verify(rj["box_sealed"], rj["box_sealed_signature"],
                       crypto::SignatureType::kBoxSealed));
    EXPECT_TRUE(verify(rj["box_closed"], rj["box_closed_signature"],
                       crypto::SignatureType::kBoxClosed));
  }
  EXPECT_TRUE(verify(rj2["minutes"], rj2["minutes_signature"],
                     crypto::SignatureType::kMinutes));
  EXPECT_TRUE(fs::exists(Path("record/rounds/2/partials.bin")));
  EXPECT_EQ(
      Admin("record export --meeting 1 --out " + Path("record")).exit_code, 2);
}

TEST_F(AdminCli, RefusesOutOfOrderAndBadInput) {
  SetUpMeeting();
  ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4 p5").exit_code, 0);
  ASSERT_EQ(Trim(Admin("round create --meeting 1 --step 2 --person An "
                       "--person Bình")
                     .out),
            "1");
  auto open_early = Admin("round open 1");
  EXPECT_EQ(open_early.exit_code, 1);
  EXPECT_NE(open_early.err.find("seal it first"), std::string::npos);
  auto close_early = Admin("round close 1");
  EXPECT_EQ(close_early.exit_code, 1);
  EXPECT_NE(close_early.err.find("open it first"), std::string::npos);
  auto tally_early = Admin("round tally 1 --trustee-key " + Key(1));
  EXPECT_EQ(tally_early.exit_code, 1);
  EXPECT_NE(tally_early.err.find("close it first"), std::string::npos);
  auto announce_early = Admin("round announce 1");
  EXPECT_EQ(announce_early.exit_code, 1);
  EXPECT_NE(announce_early.err.find("tally it first"), std::string::npos);

  // No seal passphrase and no terminal: no prompt, a clear refusal.
  auto no_pass = Bare("round seal 1 --dir " + dir_.string() + " --slips " +
                      Path("x.pdf"));
  EXPECT_EQ(no_pass.exit_code, 2);
  EXPECT_NE(no_pass.err.find("HALL_SEAL_PASSPHRASE"), std::string::npos);
  EXPECT_FALSE(fs::exists(Path("x.pdf")));
  // Wrong seal passphrase, also from a file.
  auto wrong =
      Admin("round seal 1 --slips " + Path("x.pdf") +
            " --seal-passphrase-file " + Write("bad-pass", "not the seal\n"));
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("wrong passphrase"), std::string::npos);
  EXPECT_FALSE(fs::exists(Path("x.pdf")));
  // The slips file is never overwritten, and nothing is sealed then.
  Write("taken.pdf", "mine");
  auto taken = Admin("round seal 1 --slips " + Path("taken.pdf"));
  EXPECT_EQ(taken.exit_code, 2);
  EXPECT_NE(taken.err.find("already exists"), std::string::npos);
  EXPECT_EQ(Slurp(Path("taken.pdf")), "mine");
  EXPECT_NE(Admin("round show 1").out.find("state: draft"), std::string::npos);
  // Good passphrase from a file.
  auto sealed = Admin("round seal 1 --slips " + Path("s.pdf") +
                          " --codes-out " + Path("c.txt") +
                          " --seal-passphrase-file " +
                          Write("good-pass", std::string(kSeal) + "\n"),
                      "HALL_SEAL_PASSPHRASE=");
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  // Recipients are part of the signed meeting definition: fixed now.
  auto late =
      Admin("recipient add --meeting 1 --name Late --key-cost min --key-out " +
            Path("late.key"));
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_NE(late.err.find("fixed"), std::string::npos) << late.err;
  EXPECT_FALSE(fs::exists(Path("late.key")));
  auto again = Admin("round seal 1 --slips " + Path("s2.pdf"));
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("only a draft round can be sealed"),
            std::string::npos);
  ASSERT_EQ(Admin("round open 1").exit_code, 0);
  Cast(1, Path("c.txt"), {0, 0, 1});
  ASSERT_EQ(Admin("round close 1").exit_code, 0);

  // Trustee keys: k-1, wrong passphrase, another meeting's key.
  auto k1 = Admin("round tally 1 --trustee-key " + Key(2));
  EXPECT_EQ(k1.exit_code, 1);
  EXPECT_NE(k1.err.find("the box needs 2 of 3 trustees' partial "
                        "decryptions; 1 given"),
            std::string::npos)
      << k1.err;
  auto bad_pass = Admin(
      "round tally 1 --trustee-key " + Key(1) + " --trustee-key " + Key(2),
      "HALL_TRUSTEE_PASSPHRASE=wrong-wrong");
  EXPECT_EQ(bad_pass.exit_code, 1);
  EXPECT_NE(bad_pass.err.find("wrong passphrase"), std::string::npos);
  ASSERT_EQ(Admin("meeting create --rehearsal --title Other --procedure P3 "
                  "--members 2")
                .exit_code,
            0);
  ASSERT_EQ(Admin("ceremony run --meeting 2 --k 1 --trustee X --key-cost min "
                  "--key-dir " +
                  Path("keys2"))
                .exit_code,
            0);
  auto other = Admin("round tally 1 --trustee-key " + Key(1) +
                     " --trustee-key " + Path("keys2/trustee-1.key"));
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_NE(other.err.find("is for meeting 2, not meeting 1"),
            std::string::npos)
      << other.err;
  auto again_ceremony = Admin(
      "ceremony run --meeting 2 --k 1 --trustee X --key-cost min --key-dir " +
      Path("keys3"));
  EXPECT_EQ(again_ceremony.exit_code, 1);
  EXPECT_NE(again_ceremony.err.find("already been run"), std::string::npos);
  // A box with fewer than 3 ballots is never opened: the round is
  // cancelled when it closes, with its reason.
  auto tallied1 = Admin("round tally 1 --trustee-key " + Key(1) +
                        " --trustee-key " + Key(2));
  ASSERT_EQ(tallied1.exit_code, 0) << tallied1.err;
  auto create2 = Admin(
      "round create --meeting 1 --step 3 --group leadership --person An "
      "--person Bình --compare-with 1");
  ASSERT_EQ(Trim(create2.out), "2") << create2.err;
  ASSERT_EQ(Admin("round seal 2 --slips " + Path("s3.pdf") + " --codes-out " +
                  Path("c3.txt"))
                .exit_code,
            0);
  ASSERT_EQ(Admin("round open 2").exit_code, 0);
  Cast(2, Path("c3.txt"), {0, 1});
  auto cancelled = Admin("round close 2");
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_NE(cancelled.out.find("CANCELLED: 2 ballots were cast; a box is "
                               "opened only with at least 3"),
            std::string::npos)
      << cancelled.out;
  EXPECT_NE(Admin("round show 2").out.find("state: cancelled"),
            std::string::npos);
  auto empty = Admin("round tally 2 --trustee-key " + Key(1) +
                     " --trustee-key " + Key(2));
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("round 2 was cancelled"), std::string::npos)
      << empty.err;

  // Unknown meeting / round.
  auto no_meeting = Admin("meeting show 99");
  EXPECT_EQ(no_meeting.exit_code, 2);
  EXPECT_NE(no_meeting.err.find("no meeting 99"), std::string::npos);
  EXPECT_EQ(Admin("checkin --meeting 99 p1").exit_code, 2);
  auto no_round = Admin("round open 42");
  EXPECT_EQ(no_round.exit_code, 2);
  EXPECT_NE(no_round.err.find("no round 42"), std::string::npos);
  EXPECT_EQ(Admin("round show 42").exit_code, 2);
  auto stranger = Admin("checkin --meeting 1 nobody");
  EXPECT_EQ(stranger.exit_code, 2);
  EXPECT_NE(stranger.err.find("\"nobody\" is not on the roll"),
            std::string::npos);
  // The roll is fixed once a round is sealed.
  EXPECT_EQ(Admin("roll import --meeting 1 " +
                  Write("late.csv", "person_id,name,group\np9,Late,x\n"))
                .exit_code,
            2);
}

TEST_F(AdminCli, BadCsvNamesTheLine) {
  ASSERT_EQ(Admin("init --seal-cost min").exit_code, 0);
  ASSERT_EQ(Admin("meeting create --title T --procedure P1 --members 3 "
                  "--rehearsal")
                .exit_code,
            0);
  auto bad = Admin(
      "roll import --meeting 1 " +
      Write("bad.csv", "person_id,name,group\np1,An,a\np2,Bình\np3,C,c\n"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("line 3"), std::string::npos) << bad.err;
  EXPECT_EQ(Count(bad.err, "\n"), 1u);  // one line
  auto header =
      Admin("roll import --meeting 1 " + Write("h.csv", "id,name\np1,An\n"));
  EXPECT_EQ(header.exit_code, 2);
  EXPECT_NE(header.err.find("line 1"), std::string::npos) << header.err;
  auto dup = Admin("roll import --meeting 1 " +
                   Write("d.csv", "person_id,name,group\np1,A,x\np1,B,x\n"));
  EXPECT_EQ(dup.exit_code, 2);
  EXPECT_NE(dup.err.find("line 3"), std::string::npos) << dup.err;
  auto missing = Admin("candidates import --meeting 1 " + Path("none.csv"));
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
  auto proc = Admin("meeting create --title T --procedure P9 --members 3 "
                    "--rehearsal");
  EXPECT_EQ(proc.exit_code, 2);
  EXPECT_NE(proc.err.find("unknown procedure"), std::string::npos);
  EXPECT_EQ(Admin("init --seal-cost min").exit_code, 2);  // never overwrites
}

TEST_F(AdminCli, InitRefusesANameCertificatesCannotCarry) {
  auto init = Admin("init --seal-cost min --name 'Hội trường A'");
  EXPECT_EQ(init.exit_code, 2);
  EXPECT_NE(init.err.find("--name"), std::string::npos) << init.err;
  EXPECT_FALSE(fs::exists(dir_ / "hall.db"));
}

// On a terminal the passphrase is asked for (twice for a new one) with echo
// off. `script` (util-linux) gives hall-admin a terminal.
TEST_F(AdminCli, PromptsOnTheTerminalWithEchoOff) {
  if (RunCommand("command -v script").exit_code != 0) GTEST_SKIP();
  const std::string cmd = "env -u HALL_SEAL_PASSPHRASE " +
                          std::string(HALL_ADMIN_BINARY) +
                          " init --seal-cost min --dir " + dir_.string();
  auto r = RunCommand(
      "(sleep 1; printf 'typed secret 1\\n'; sleep 1; "
      "printf 'typed secret 1\\n'; sleep 1) | script -qec " +
      Quote(cmd) + " /dev/null");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("new seal passphrase:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(again):"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("typed secret"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("seal fingerprint:"), std::string::npos) << r.out;
  EXPECT_TRUE(crypto::LoadSigningKey(dir_ / "seal.key", "typed secret 1").ok());
}

// Ctrl-C at a passphrase prompt: the program stops and the terminal shows
// what is typed again (stty run after it in the same terminal says echo).
TEST_F(AdminCli, CtrlCAtAPromptGivesTheTerminalBack) {
  if (RunCommand("command -v script").exit_code != 0) GTEST_SKIP();
  const std::string cmd = "trap : INT; env -u HALL_SEAL_PASSPHRASE " +
                          std::string(HALL_ADMIN_BINARY) +
                          " init --seal-cost min --dir " + dir_.string() +
                          "; echo; stty -a";
  auto r = RunCommand("(sleep 1; printf '\\003'; sleep 1) | script -qec " +
                      Quote("sh -c " + Quote(cmd)) + " /dev/null");
  EXPECT_NE(r.out.find("new seal passphrase:"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("(^|\\s)echo(\\s|;|$)")))
      << "echo is still off: " << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "hall.db"));
}

// An operator's folders keep their mode: init and record export into an
// existing shared folder (1777, sticky) leave it 1777, also when they fail;
// the folders hall makes are 0700. The test-only key cost "min" is refused
// unless the test suites' variable allows it.
TEST_F(AdminCli, ExistingFoldersKeepTheirModeAndTestKeyCostsAreRefused) {
  auto full_mode = [](const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777)
                                       : -1;
  };
  auto shared_folder = [&](const std::string& name) {
    const fs::path p = root_ / name;
    fs::create_directory(p);
    ::chmod(p.c_str(), 01777);
    return p;
  };
  const fs::path shared = shared_folder("shared");
  auto init = Admin("init --seal-cost min --dir " + Quote(shared.string()));
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(full_mode(shared), 01777);
  auto again = Admin("init --seal-cost min --dir " + Quote(shared.string()));
  EXPECT_NE(again.exit_code, 0);
  EXPECT_EQ(full_mode(shared), 01777);
  const fs::path deep = root_ / "new" / "deep";
  ASSERT_EQ(Admin("init --seal-cost min --dir " + Quote(deep.string()))
                .exit_code,
            0);
  EXPECT_EQ(full_mode(root_ / "new"), 0700);
  EXPECT_EQ(full_mode(deep), 0700);

  SetUpMeeting();
  const fs::path out = shared_folder("record-out");
  auto exported = Admin("record export --meeting 1 --out " + Quote(out.string()));
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(fs::exists(out / "record.json"));
  EXPECT_EQ(full_mode(out), 01777);
  auto twice = Admin("record export --meeting 1 --out " + Quote(out.string()));
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("never overwrites"), std::string::npos) << twice.err;
  EXPECT_EQ(full_mode(out), 01777);
  ASSERT_EQ(Admin("record export --meeting 1 --out " + Path("fresh-record"))
                .exit_code,
            0);
  EXPECT_EQ(full_mode(root_ / "fresh-record"), 0700);

  const fs::path real = root_ / "real";
  auto weak = Admin("init --seal-cost min --dir " + Quote(real.string()),
                    "-u HALL_ALLOW_TEST_KEY_COST");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("\"min\" is a key cost for tests only"),
            std::string::npos)
      << weak.err;
  EXPECT_FALSE(fs::exists(real / "hall.db"));
  auto recipient = Admin(
      "recipient add --meeting 1 --name Later --key-cost min --key-out " +
          Path("later.key"),
      "-u HALL_ALLOW_TEST_KEY_COST");
  EXPECT_EQ(recipient.exit_code, 2);
  EXPECT_FALSE(fs::exists(root_ / "later.key"));
  auto unknown = Admin("init --seal-cost fast --dir " + Quote(real.string()));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("\"fast\" is not a key cost"), std::string::npos)
      << unknown.err;
}

// Ctrl-C at a prompt after an output file was reserved (hall-console init
// reserves seal.pub, then asks for the new seal's passphrase): the file is
// removed, so the next run is not refused for it.
TEST_F(AdminCli, CtrlCAtAPromptLeavesNoReservedFile) {
  if (RunCommand("command -v script").exit_code != 0) GTEST_SKIP();
  const fs::path console = root_ / "console";
  const std::string cmd = "trap : INT; env -u HALL_SEAL_PASSPHRASE " +
                          std::string(HALL_CONSOLE_BINARY) +
                          " init --seal-cost min --dir " + console.string();
  auto r = RunCommand("(sleep 1; printf '\\003'; sleep 1) | script -qec " +
                      Quote("sh -c " + Quote(cmd)) + " /dev/null");
  EXPECT_NE(r.out.find("new seal passphrase:"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(console / "seal.pub"));
  EXPECT_FALSE(fs::exists(console / "seal.key"));
  auto again = RunCommand("env HALL_SEAL_PASSPHRASE=" + Quote(kSeal) + " " +
                          HALL_CONSOLE_BINARY + " init --seal-cost min --dir " +
                          console.string());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(fs::exists(console / "seal.pub"));
}

// --members is a whole number the rules can count with: a negative one (it
// once became 2^64-1 and left a round that could never be tallied) or one
// beyond the rules' range is refused at meeting create.
TEST_F(AdminCli, MembersOutOfRangeAreRefused) {
  ASSERT_EQ(Admin("init --seal-cost min --name 'Hall A'").exit_code, 0);
  for (const char* members : {"-1", "0", "1000000001", "4294967303", "x"}) {
    auto r = Admin(std::string("meeting create --rehearsal --title T "
                               "--procedure P1 --members ") + members);
    EXPECT_EQ(r.exit_code, 2) << members << ": " << r.out;
    EXPECT_NE(r.err.find("--members"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Admin("meeting list").out.find("T"), std::string::npos);
  EXPECT_EQ(Admin("meeting create --rehearsal --title T --procedure P1 "
                  "--members 1000000000")
                .exit_code,
            0);
}

// record export onto a disk that fills (a 12 KiB tmpfs; skipped where
// mounting is not allowed): it fails saying so and leaves no partial record
// that could pass for one.
TEST_F(AdminCli, RecordExportOnAFullDiskLeavesNothing) {
  SetUpMeeting();
  const fs::path small = root_ / "small";
  fs::create_directory(small);
  if (::geteuid() != 0 ||
      ::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=12k") != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  struct Unmount {
    fs::path at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{small};
  auto full = Admin("record export --meeting 1 --out " + (small / "rec").string());
  EXPECT_NE(full.exit_code, 0);
  EXPECT_NE(full.err.find("No space left"), std::string::npos) << full.err;
  EXPECT_FALSE(fs::exists(small / "rec"));
  fs::create_directory(small / "empty");
  auto into = Admin("record export --meeting 1 --out " + (small / "empty").string());
  EXPECT_NE(into.exit_code, 0);
  EXPECT_TRUE(fs::is_empty(small / "empty"));
}

TEST_F(AdminCli, DirIsRequiredAndChecked) {
  auto none = Bare("meeting list");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--dir"), std::string::npos) << none.err;
  EXPECT_EQ(Count(none.err, "\n"), 1u);
  auto nowhere = Bare("meeting list --dir " + Path("nowhere"));
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_NE(nowhere.err.find("not a hall installation"), std::string::npos);
  auto usage = Bare("meeting frobnicate");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(Bare("").exit_code, 2);
  EXPECT_EQ(Bare("round create --dir x").exit_code, 2);  // missing options
}

// A backup of an installation whose database is locked by a passphrase
// (no db.key): restore asks for it on the terminal like every other
// passphrase; with none to be had it stops and leaves nothing behind.
TEST_F(AdminCli, RestoreAsksForALockedDatabasesPassphrase) {
  if (RunCommand("command -v script").exit_code != 0) GTEST_SKIP();
  const std::string db_env = "HALL_DB_PASSPHRASE='db passphrase 1'";
  ASSERT_EQ(Admin("init --seal-cost min --db-passphrase", db_env).exit_code, 0);
  const std::string backup_env = "HALL_BACKUP_PASSPHRASE='backup passphrase 1'";
  auto made = Admin("backup --key-cost interactive --out " + Path("hall.backup"),
                    db_env + " " + backup_env);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const fs::path standby = root_ / "standby";
  auto none = Admin("restore --from " + Path("hall.backup") + " --to " +
                        standby.string() + " < /dev/null",
                    "-u HALL_DB_PASSPHRASE " + backup_env);
  EXPECT_NE(none.exit_code, 0);
  EXPECT_NE(none.err.find("database passphrase"), std::string::npos) << none.err;
  EXPECT_FALSE(fs::exists(standby / "hall.db"));
  EXPECT_FALSE(fs::exists(standby / "ca.key"));
  const std::string cmd = "env -u HALL_DB_PASSPHRASE " + backup_env + " " +
                          std::string(HALL_ADMIN_BINARY) + " restore --from " +
                          Path("hall.backup") + " --to " + standby.string();
  auto typed = RunCommand("(sleep 1; printf 'db passphrase 1\\n'; sleep 2) | "
                          "script -qec " + Quote(cmd) + " /dev/null");
  EXPECT_EQ(typed.exit_code, 0) << typed.out << typed.err;
  EXPECT_NE(typed.out.find("database passphrase:"), std::string::npos)
      << typed.out;
  EXPECT_EQ(typed.out.find("db passphrase 1"), std::string::npos) << typed.out;
  EXPECT_NE(typed.out.find("restored installation"), std::string::npos)
      << typed.out;
  EXPECT_TRUE(fs::exists(standby / "hall.db"));
  dir_ = standby;
  EXPECT_EQ(Admin("meeting list", db_env).exit_code, 0);
}

TEST_F(AdminCli, DatabasePassphraseAndKiosks) {
  auto init = Admin("init --seal-cost min --db-passphrase",
                    "HALL_DB_PASSPHRASE='db passphrase 1'");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_FALSE(fs::exists(dir_ / "db.key"));
  auto locked = Admin("meeting list", "-u HALL_DB_PASSPHRASE");
  EXPECT_EQ(locked.exit_code, 2);
  EXPECT_NE(locked.err.find("HALL_DB_PASSPHRASE"), std::string::npos);
  auto wrong = Admin("meeting list", "HALL_DB_PASSPHRASE=wrong-wrong");
  EXPECT_EQ(wrong.exit_code, 1);
  auto from_file = Admin("kiosk enrol kiosk-01 --db-passphrase-file " +
                             Write("dbp", "db passphrase 1\n"),
                         "-u HALL_DB_PASSPHRASE");
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_TRUE(fs::exists(dir_ / "kiosks/kiosk-01/kiosk.crt"));
  const std::string env = "HALL_DB_PASSPHRASE='db passphrase 1'";
  EXPECT_EQ(Admin("kiosk enrol kiosk-01", env).exit_code, 2);  // twice
  EXPECT_EQ(Admin("kiosk enrol 'bad name!'", env).exit_code, 2);
  auto revoke = Admin("kiosk revoke kiosk-01", env);
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_NE(revoke.out.find("kill -HUP"), std::string::npos);
  auto list = Admin("kiosk list", env);
  EXPECT_NE(list.out.find("kiosk-01"), std::string::npos);
  EXPECT_NE(list.out.find("REVOKED"), std::string::npos);
  EXPECT_EQ(Admin("kiosk revoke kiosk-01", env).exit_code, 1);
  // --server-pid signals only this installation's hall-server: a stand-in
  // process is refused, left alone, and nothing is revoked
  // (provisioning_test.cc signals a real one).
  ASSERT_EQ(Admin("kiosk enrol kiosk-02", env).exit_code, 0);
  auto hup =
      RunCommand("sleep 30 & pid=$!; env HALL_DIR=" + Quote(dir_.string()) +
                 " " + env + " " + HALL_ADMIN_BINARY +
                 " kiosk revoke kiosk-02 --server-pid $pid; rc=$?; sleep 0.3; "
                 "if kill -0 $pid 2>/dev/null; then echo ALIVE; kill $pid; "
                 "else echo GONE; fi; exit $rc");
  EXPECT_NE(hup.exit_code, 0) << hup.out;
  EXPECT_NE(hup.err.find("is sleep, not hall-server"), std::string::npos)
      << hup.err;
  EXPECT_NE(hup.err.find("kiosk-02 was not revoked"), std::string::npos)
      << hup.err;
  EXPECT_NE(hup.out.find("ALIVE"), std::string::npos) << hup.out;
  auto after = Admin("kiosk list", env);
  EXPECT_EQ(after.out.find("REVOKED", after.out.find("kiosk-02")),
            std::string::npos)
      << after.out;
}

TEST(AdminHelp, EveryCommandHasHelp) {
  for (const char* cmd : {"",
                          "init",
                          "kiosk",
                          "kiosk enrol",
                          "kiosk revoke",
                          "kiosk list",
                          "server",
                          "server show",
                          "server reissue-certificate",
                          "meeting",
                          "meeting create",
                          "meeting list",
                          "meeting show",
                          "roll import",
                          "candidates import",
                          "checkin",
                          "recipient add",
                          "ceremony run",
                          "round",
                          "round create",
                          "round list",
                          "round show",
                          "round seal",
                          "round open",
                          "round close",
                          "round tally",
                          "round announce",
                          "minutes show",
                          "minutes open",
                          "minutes export",
                          "record export"}) {
    auto r = RunCommand(std::string(HALL_ADMIN_BINARY) + " " + cmd + " --help");
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd;
  }
  auto seal = RunCommand(std::string(HALL_ADMIN_BINARY) + " round seal --help");
  EXPECT_NE(seal.out.find("real meeting prints slips only"), std::string::npos);
}

// A failure's exit status comes from its code through one table
// (ExitStatus), and --help documents that table: 2 for bad input such as a
// round that does not exist or a CSV syntax error, 1 for a refusal.
TEST_F(AdminCli, ExitStatusesFollowTheCodeAsDocumented) {
  ASSERT_EQ(Admin("init --seal-cost min").exit_code, 0);
  // A real meeting is refused where the seal key is kept (exit 1).
  auto real = Admin("meeting create --title T --procedure P1 --members 3");
  EXPECT_EQ(real.exit_code, 1);
  EXPECT_NE(real.err.find("runs rehearsal meetings only"), std::string::npos)
      << real.err;
  ASSERT_EQ(Admin("meeting create --title T --procedure P1 --members 3 "
                  "--rehearsal")
                .exit_code,
            0);
  auto not_found = Admin("round show 42");
  EXPECT_EQ(not_found.exit_code, ExitStatus(StatusCode::kNotFound));
  EXPECT_EQ(not_found.exit_code, 2);
  EXPECT_NE(not_found.err.find("no round 42"), std::string::npos)
      << not_found.err;
  auto invalid = Admin("candidates import --meeting 1 " +
                       Write("bad.csv", "name\n\"An\"x\n"));
  EXPECT_EQ(invalid.exit_code, ExitStatus(StatusCode::kInvalidArgument));
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("text after a closing quote"), std::string::npos)
      << invalid.err;
  // Refused: no round before the key ceremony (failed precondition).
  auto refused = Admin("round create --meeting 1 --step 2 --person An");
  EXPECT_EQ(refused.exit_code, ExitStatus(StatusCode::kFailedPrecondition));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("run the key ceremony first"), std::string::npos)
      << refused.err;
  EXPECT_EQ(ExitStatus(StatusCode::kOk), 0);

  auto help = Bare("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find(ExitStatusHelp()), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("2 bad usage or input (invalid argument, not found, "
                          "already exists)"),
            std::string::npos)
      << help.out;
  EXPECT_NE(help.out.find("1 refused or failed (failed precondition, "
                          "permission denied, corruption, unavailable, "
                          "cancelled, internal)"),
            std::string::npos)
      << help.out;
}

TEST_F(AdminCli, TrusteeExitStatusesFollowTheCodeAsDocumented) {
  const std::string trustee = std::string("env -u HALL_TRUSTEE_PASSPHRASE ") +
                              HALL_TRUSTEE_BINARY + " ";
  auto not_found = RunCommand(trustee + "announce --ceremony " +
                              Path("missing.json") + " --index 1 --key-out " +
                              Path("box.key") + " --out " + Path("a.bin"));
  EXPECT_EQ(not_found.exit_code, ExitStatus(StatusCode::kNotFound));
  EXPECT_NE(not_found.err.find("no such file"), std::string::npos)
      << not_found.err;
  CeremonyPlan plan;
  plan.installation = "inst";
  plan.meeting_id = 1;
  plan.k = 1;
  plan.trustees = {"An"};
  auto invalid = RunCommand(
      trustee + "announce --ceremony " + Write("ceremony.json", plan.ToJson()) +
      " --index 9 --key-out " + Path("box.key") + " --out " + Path("a.bin"));
  EXPECT_EQ(invalid.exit_code, ExitStatus(StatusCode::kInvalidArgument));
  EXPECT_NE(invalid.err.find("--index 9 is not a trustee"), std::string::npos)
      << invalid.err;
  auto help = RunCommand(trustee + "--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find(ExitStatusHelp()), std::string::npos) << help.out;
}

}  // namespace
}  // namespace hall::server::admin

namespace hall::server::admin {
namespace {

// The committee records step 1 with a document and cancels an open round
// with its reason; the record holds both, signed, byte for byte.
TEST_F(AdminCli, StepRecordAndRoundCancel) {
  SetUpMeeting();
  const std::string doc = Write("to-trinh.txt", "Cơ cấu: một Phó Giám đốc\n");
  auto rec = Admin("step record --meeting 1 --step 1 --text 'Tiêu chuẩn' "
                   "--document " + doc);
  ASSERT_EQ(rec.exit_code, 0) << rec.err;
  EXPECT_NE(rec.out.find("step 1, record 2"), std::string::npos) << rec.out;
  EXPECT_NE(rec.out.find("to-trinh.txt"), std::string::npos) << rec.out;
  auto dated = Admin("step record --meeting 1 --step 1 --text x --date talk=2027-01-01");
  EXPECT_EQ(dated.exit_code, 2) << dated.err;
  EXPECT_NE(dated.err.find("records no dates"), std::string::npos) << dated.err;
  auto bad_date = Admin("step record --meeting 1 --step 1 --date talk");
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.err.find("NAME=YYYY-MM-DD"), std::string::npos);
  auto list = Admin("step list --meeting 1");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("Tiêu chuẩn"), std::string::npos) << list.out;
  auto back = Admin("step document --meeting 1 --step 1 --record 2 --document 1 "
                    "--out " + Path("back.txt"));
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(Slurp(Path("back.txt")), Slurp(doc));

  ASSERT_EQ(Admin("checkin --meeting 1 p1 p2 p3 p4").exit_code, 0);
  ASSERT_EQ(Admin("round create --meeting 1 --step 2 --person An --person Bình")
                .exit_code,
            0);
  ASSERT_EQ(Admin("round seal 1 --slips " + Path("s.pdf") + " --codes-out " +
                  Path("codes.txt"))
                .exit_code,
            0);
  ASSERT_EQ(Admin("round open 1").exit_code, 0);
  Cast(1, Path("codes.txt"), {0, 1, 0});
  auto no_reason = Admin("round cancel 1");
  EXPECT_EQ(no_reason.exit_code, 2);
  EXPECT_NE(no_reason.err.find("--reason"), std::string::npos);
  auto cancel = Admin("round cancel 1 --reason 'Hoãn biểu quyết'");
  ASSERT_EQ(cancel.exit_code, 0) << cancel.err;
  EXPECT_NE(cancel.out.find("never counted"), std::string::npos) << cancel.out;
  auto tally = Admin("round tally 1 --trustee-key " + Key(1) +
                     " --trustee-key " + Key(2));
  EXPECT_EQ(tally.exit_code, 1);
  EXPECT_NE(tally.err.find("cancelled"), std::string::npos) << tally.err;
  auto show = Admin("round show 1");
  EXPECT_NE(show.out.find("cancelled: Hoãn biểu quyết"), std::string::npos)
      << show.out;

  ASSERT_EQ(Admin("record export --meeting 1 --out " + Path("rec")).exit_code, 0);
  const json index = json::parse(Slurp(Path("rec/record.json")));
  const json& round = index["rounds"][0];
  EXPECT_EQ(round["state"], "cancelled");
  ASSERT_TRUE(round.contains("cancellation")) << round.dump(1);
  EXPECT_TRUE(fs::exists(Path("rec/" + round["cancellation_signature"].get<std::string>())));
  ASSERT_EQ(index["step_records"].size(), 2u);
  const json& step = index["step_records"][1];
  EXPECT_EQ(step["step"], "1");
  EXPECT_EQ(Slurp(Path("rec/" + step["documents"][0]["file"].get<std::string>())),
            Slurp(doc));
  // The auditor finds the cancellation signed, the ballots never counted,
  // and both records of step 1 with their document.
  auto audit = RunCommand(std::string(HALL_AUDIT_BINARY) + " verify " +
                          Quote(Path("rec")) + " --seal " +
                          index["seal"]["fingerprint"].get<std::string>());
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
  EXPECT_NE(audit.out.find("round 1   cancellation         ok             "
                           "cancelled by the committee, signed by the seal "
                           "(when open, 3 ballots never counted): Hoãn biểu "
                           "quyết"),
            std::string::npos)
      << audit.out;
  EXPECT_NE(audit.out.find("round 1   tally request        not applicable"),
            std::string::npos)
      << audit.out;
  EXPECT_NE(audit.out.find("step 1    step records         ok             2 "
                           "record(s) signed by the seal, 1 attached"),
            std::string::npos)
      << audit.out;
}

}  // namespace
}  // namespace hall::server::admin
