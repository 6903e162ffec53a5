// A throw-away installation for server tests: a temp folder with a real
// SQLCipher database, seal key, CA and server certificate, plus helpers to
// fill in a ballot the way a kiosk does (encrypt, prove, sign with the
// credential) without the network.
#ifndef HALL_TESTS_SERVER_SERVER_TEST_UTIL_H_
#define HALL_TESTS_SERVER_SERVER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/key_file.h"
#include "hall/server/ballot_box.h"
#include "hall/server/committee.h"
#include "hall/server/installation.h"
#include "hall/server/round_store.h"
#include "hall/shared/ballot_template.h"

namespace hall::server::testing {

inline constexpr char kSealPassphrase[] = "correct horse battery";

class TempInstallation {
 public:
  TempInstallation() {
    char tmpl[] = "/tmp/hall-test-XXXXXX";
    paths_.dir = std::filesystem::path(mkdtemp(tmpl)) / "install";
    InitOptions options;
    options.seal_passphrase = kSealPassphrase;
    options.seal_cost = crypto::KeyFileCost::kMin;
    auto init = InitInstallation(paths_, options);
    HALL_CHECK(init.ok());
    auto key = InstallationDbKey(paths_, std::nullopt);
    HALL_CHECK(key.ok());
    key_.emplace(std::move(key).value());
    auto db = OpenInstallation(paths_, *key_);
    HALL_CHECK(db.ok());
    db_.emplace(std::move(db).value());
    auto seal = crypto::LoadSigningKey(paths_.seal_key(), kSealPassphrase);
    HALL_CHECK(seal.ok());
    seal_.emplace(std::move(seal).value());
  }
  ~TempInstallation() { std::filesystem::remove_all(paths_.dir.parent_path()); }

  const InstallationPaths& paths() const { return paths_; }
  const DatabaseKey& key() const { return *key_; }
  Database& db() { return *db_; }
  const crypto::SigningKey& seal() const { return *seal_; }

 private:
  InstallationPaths paths_;
  std::optional<DatabaseKey> key_;
  std::optional<Database> db_;
  std::optional<crypto::SigningKey> seal_;
};

// A roll of n people p1..pn named "Person i", all in `group`, as CSV.
inline std::string RollCsv(int n, const std::string& group) {
  std::string roll = "person_id,name,group\n";
  for (int i = 1; i <= n; ++i)
    roll += "p" + std::to_string(i) + ",Person " + std::to_string(i) + "," +
            group + "\n";
  return roll;
}

// The person ids p<from>..p<to>.
inline std::vector<std::string> PersonIds(int from, int to) {
  std::vector<std::string> ids;
  for (int i = from; i <= to; ++i) ids.push_back("p" + std::to_string(i));
  return ids;
}

// What a test meeting is made of before its first round.
struct MeetingSpec {
  std::string title = "Bổ nhiệm Phó Giám đốc";
  std::string procedure = "P1";
  std::uint64_t members = 5;
  int roll = 5;            // people p1..p<roll> on the roll
  std::string group = "x";
  std::string candidates = "name\nAn\nBình\n";
  int present = 5;         // p1..p<present> checked in
  // The recipient of sealed minutes ("competent authority"); none if null.
  const RecipientKey* recipient = nullptr;
  std::vector<std::string> trustees = {"T1", "T2", "T3"};
  std::uint32_t k = 2;
  // Records every step without a ballot (as hall-admin step record), so
  // that any balloted step may open.
  bool record_steps = true;
};
// Records each step without a ballot of the meeting's procedure, the dates
// its procedure asks for included (P7 step 4).
inline Status RecordStepsWithoutBallot(Committee& committee,
                                       std::uint64_t meeting_id,
                                       const crypto::SigningKey& seal) {
  auto info = committee.Meeting(meeting_id);
  if (!info.ok()) return info.status();
  const rules::Procedure* p = rules::Catalog::Builtin().Find(info->procedure);
  if (!p) return Status::NotFound("procedure " + info->procedure);
  for (const rules::Step& step : p->steps) {
    if (step.ballot) continue;
    NewStepRecord r;
    r.meeting_id = meeting_id;
    r.step = step.id;
    r.text = "recorded by the test";
    if (step.record_dates != rules::RecordDates::kNone) {
      r.dates = {{"publicity_start", "2027-02-15"},
                 {"publicity_end", "2027-02-21"},
                 {"talk", "2027-02-24"},
                 {"trial_start", "2027-03-01"},
                 {"trial_end", "2028-03-01"}};
    }
    auto rec = committee.RecordStep(r, seal);
    if (!rec.ok()) return rec.status();
  }
  return Status::Ok();
}

struct ReadyMeeting {
  std::uint64_t id = 0;
  std::vector<crypto::TrusteeShare> shares;
};
// Creates the meeting, imports its roll and candidates, checks people in,
// adds the recipient, runs the key ceremony and records the steps without a
// ballot: ready for CreateRound.
inline Result<ReadyMeeting> MakeMeeting(Committee& committee,
                                        const MeetingSpec& spec,
                                        const crypto::SigningKey& seal) {
  auto id = committee.CreateMeeting(spec.title, spec.procedure, spec.members, MeetingMode::kRehearsal);
  if (!id.ok()) return id.status();
  ReadyMeeting m;
  m.id = *id;
  if (auto r = committee.ImportRoll(m.id, RollCsv(spec.roll, spec.group));
      !r.ok())
    return r.status();
  if (auto c = committee.ImportCandidates(m.id, spec.candidates); !c.ok())
    return c.status();
  if (spec.present > 0) {
    if (auto in = committee.CheckIn(m.id, PersonIds(1, spec.present));
        !in.ok())
      return in.status();
  }
  if (spec.recipient) {
    if (Status s = committee.AddRecipient(m.id, "competent authority",
                                          spec.recipient->public_key());
        !s.ok())
      return s;
  }
  auto shares = committee.RunKeyCeremony(m.id, spec.trustees, spec.k);
  if (!shares.ok()) return shares.status();
  m.shares = std::move(shares).value();
  if (spec.record_steps) {
    if (Status s = RecordStepsWithoutBallot(committee, m.id, seal); !s.ok())
      return s;
  }
  return m;
}

// A round of step `step` with `persons`, created, sealed and opened; its id
// and ballot codes.
struct OpenTestRound {
  std::uint64_t id = 0;
  std::vector<crypto::CredentialCode> codes;
};
inline Result<OpenTestRound> CreateSealAndOpen(
    Committee& committee, const crypto::SigningKey& seal,
    std::uint64_t meeting_id, const std::string& step,
    std::vector<std::string> persons) {
  NewRound r;
  r.meeting_id = meeting_id;
  r.step = step;
  r.persons = std::move(persons);
  auto round = committee.CreateRound(r);
  if (!round.ok()) return round.status();
  auto sealed = committee.SealRound(*round, seal);
  if (!sealed.ok()) return sealed.status();
  if (Status s = committee.OpenRound(*round); !s.ok()) return s;
  return OpenTestRound{*round, std::move(sealed->codes)};
}

// A filled-in, encrypted, credential-signed ballot ready to cast.
inline crypto::Bytes FillBallot(Database& db, std::uint64_t round_id,
                                const crypto::CredentialCode& code,
                                const std::vector<crypto::Mark>& marks) {
  auto t = LoadTemplate(db, round_id);
  HALL_CHECK(t.ok());
  auto key = crypto::BallotBoxKey::Decode(t->box_key);
  HALL_CHECK(key.ok());
  auto shape = crypto::ShapeFor(t->Spec());
  HALL_CHECK(shape.ok());
  auto plaintext = crypto::MarksToPlaintext(t->Spec(), marks);
  HALL_CHECK(plaintext.ok());
  const auto digest = t->Digest();
  const crypto::SigningKey credential = code.DeriveKey();
  auto encrypted =
      crypto::EncryptBallot(key->joint_key(), *shape, *plaintext, digest,
                            credential.verify_key(), crypto::DefaultRandom());
  HALL_CHECK(encrypted.ok());
  const crypto::Bytes payload =
      shared::CastPayload(digest, encrypted->ballot.Encode());
  return crypto::SignEnvelope(credential, payload).Encode();
}

// Casts one ballot per entry of `marks` (one mark per ballot) into `round`
// of the installation in `dir`, with the ballot codes of `codes_text` (one
// per line, as `hall-admin round seal --codes-out` writes them), through the
// ballot box as the server does.
inline void CastWithCodes(const std::filesystem::path& dir, std::uint64_t round,
                          const std::string& codes_text,
                          const std::vector<crypto::Mark>& marks) {
  InstallationPaths paths{dir};
  auto key = InstallationDbKey(paths, std::nullopt);
  ASSERT_TRUE(key.ok());
  auto db = OpenInstallation(paths, *key);
  ASSERT_TRUE(db.ok());
  auto box = BallotBox::Open(paths.db(), *key);
  ASSERT_TRUE(box.ok()) << box.message();
  std::istringstream lines(codes_text);
  std::string line;
  std::size_t i = 0;
  while (i < marks.size() && std::getline(lines, line)) {
    auto code = crypto::CredentialCode::Parse(line);
    ASSERT_TRUE(code.ok()) << code.message();
    auto receipt =
        (*box)->Cast(round, FillBallot(*db, round, *code, {marks[i]}));
    ASSERT_TRUE(receipt.ok()) << receipt.message();
    ++i;
  }
  ASSERT_EQ(i, marks.size());
  (*box)->Stop();
}

}  // namespace hall::server::testing

#endif  // HALL_TESTS_SERVER_SERVER_TEST_UTIL_H_
