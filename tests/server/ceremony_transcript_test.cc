// The key ceremony's transcript: the committee keeps the dealers'
// commitments with the box key it derives from them (one-process rehearsal
// ceremony and a ceremony recorded from the trustees' files alike), refuses
// commitments of another meeting, and a version 7 database upgrades to one
// with room for the transcript.
#include <gtest/gtest.h>

#include "hall/crypto/ceremony.h"
#include "hall/server/committee.h"
#include "hall/server/installation.h"
#include "hall/server/schema.h"
#include "hall/shared/statements.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::TempInstallation;

crypto::Bytes StoredTranscript(Database& db, std::uint64_t meeting) {
  auto q = db.Prepare("SELECT ceremony FROM meetings WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting));
  HALL_CHECK(q.Step());
  if (q.IsNull(0)) return {};
  const auto b = q.Blob(0);
  return crypto::Bytes(b.begin(), b.end());
}

const std::vector<std::string> kNames = {"Lan", "Minh", "Hoa"};

TEST(CeremonyTranscript, TheRecordedCeremonyKeepsTheCommitmentsTheKeyFollowsFrom) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = committee.CreateMeeting("Hội nghị", "P1", 9, MeetingMode::kReal);
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  auto ceremony = crypto::RunCeremonyInProcess(
      3, 2, shared::KeyCeremonyContext(Installation(install.db()), *meeting),
      crypto::DefaultRandom());
  ASSERT_TRUE(ceremony.ok());
  auto key = committee.RecordBoxKey(*meeting, kNames, 2, ceremony->commitments);
  ASSERT_TRUE(key.ok()) << key.message();
  EXPECT_TRUE(*key == ceremony->key);
  const crypto::Bytes transcript = StoredTranscript(install.db(), *meeting);
  EXPECT_TRUE(crypto::VerifyCeremonyTranscript(*key, transcript).ok());
  // A transcript with one commitment changed gives another key.
  auto changed = crypto::DecodeCeremonyTranscript(transcript);
  ASSERT_TRUE(changed.ok());
  std::swap((*changed)[0].commitments[0], (*changed)[1].commitments[0]);
  EXPECT_EQ(crypto::VerifyCeremonyTranscript(
                *key, crypto::EncodeCeremonyTranscript(*changed))
                .code(),
            StatusCode::kCorruption);
}

TEST(CeremonyTranscript, CommitmentsOfAnotherMeetingAreRefused) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = committee.CreateMeeting("Hội nghị", "P1", 9, MeetingMode::kReal);
  ASSERT_TRUE(meeting.ok());
  auto other = crypto::RunCeremonyInProcess(
      3, 2, shared::KeyCeremonyContext(Installation(install.db()), *meeting + 1),
      crypto::DefaultRandom());
  ASSERT_TRUE(other.ok());
  auto key = committee.RecordBoxKey(*meeting, kNames, 2, other->commitments);
  EXPECT_EQ(key.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(key.message().find("do not make meeting"), std::string::npos)
      << key.message();
  EXPECT_TRUE(StoredTranscript(install.db(), *meeting).empty());
  // Too few dealings for the trustees named.
  auto mine = crypto::RunCeremonyInProcess(
      3, 2, shared::KeyCeremonyContext(Installation(install.db()), *meeting),
      crypto::DefaultRandom());
  ASSERT_TRUE(mine.ok());
  std::vector<crypto::DealerCommitments> two(mine->commitments.begin(),
                                             mine->commitments.begin() + 2);
  EXPECT_EQ(committee.RecordBoxKey(*meeting, kNames, 2, two).code(),
            StatusCode::kInvalidArgument);
}

TEST(CeremonyTranscript, TheRehearsalCeremonyKeepsItsTranscriptToo) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting =
      committee.CreateMeeting("Diễn tập", "P1", 9, MeetingMode::kRehearsal);
  ASSERT_TRUE(meeting.ok());
  ASSERT_TRUE(committee.RunKeyCeremony(*meeting, kNames, 2).ok());
  auto key = committee.BoxKey(*meeting);
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(crypto::VerifyCeremonyTranscript(
                  *key, StoredTranscript(install.db(), *meeting))
                  .ok());
}

TEST(CeremonyTranscript, AVersion7DatabaseUpgradesKeepingItsMeetings) {
  TempInstallation install;
  Committee committee(install.db());
  auto id = committee.CreateMeeting("Hội nghị", "P1", 5, MeetingMode::kRehearsal);
  ASSERT_TRUE(id.ok());
  const Status dropped = install.db().Exec(
      "CREATE TABLE v7 AS SELECT id, title, procedure, procedure_file, "
      "members, trustees_k, box_key, definition, definition_sig, rehearsal, "
      "created_at, date FROM meetings; DROP TABLE meetings; ALTER TABLE v7 "
      "RENAME TO meetings; UPDATE meta SET value = 7 WHERE key = "
      "'schema_version'");
  ASSERT_TRUE(dropped.ok()) << dropped.message();
  EXPECT_EQ(CheckSchema(install.db()).code(), StatusCode::kFailedPrecondition);
  auto upgraded = OpenInstallation(install.paths(), install.key());
  ASSERT_TRUE(upgraded.ok()) << upgraded.message();
  EXPECT_TRUE(CheckSchema(*upgraded).ok());
  Committee after(*upgraded);
  auto m = after.Meeting(*id);
  ASSERT_TRUE(m.ok()) << m.message();
  EXPECT_EQ(m->title, "Hội nghị");
  // The transcript's column is back, empty for the meeting made before.
  auto q = upgraded->Prepare("SELECT ceremony IS NULL FROM meetings WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(*id));
  ASSERT_TRUE(q.Step());
  EXPECT_EQ(q.Int(0), 1);
}

}  // namespace
}  // namespace hall::server
