// A meeting runs the procedure it was created with: an adapted procedure
// file (hall-admin meeting create --procedures DIR) is stored with the
// meeting, and every later command applies it even when started with the
// shipped catalog. A stored procedure altered in the database is refused.
#include <gtest/gtest.h>

#include <fstream>

#include "hall/shared/catalog.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

std::string ShippedP1() {
  for (const auto& f : rules::EmbeddedProcedureFiles()) {
    if (std::string(f.name).find("p1-") == 0) return f.text;
  }
  HALL_CHECK(false && "P1 is shipped");
  return "";
}

class MeetingProcedureTest : public ::testing::Test {
 protected:
  // P1 as a committee adapted it: a quorum of one half instead of two thirds.
  // With `min_ballots`, the adapted file also asks for that many ballots
  // before a box is opened.
  rules::Catalog Adapted(int min_ballots = 0) {
    std::string text = ShippedP1();
    if (min_ballots) {
      const std::string quorum_key = "\"quorum\":";
      const auto q = text.find(quorum_key);
      HALL_CHECK(q != std::string::npos);
      text.insert(q, "\"min_ballots\": " + std::to_string(min_ballots) +
                         ",\n  ");
    }
    const std::string two_thirds = "\"fraction\": \"2/3\", \"of\": \"convened\"";
    const auto at = text.find(two_thirds);
    HALL_CHECK(at != std::string::npos);
    text.replace(at, two_thirds.size(),
                 "\"fraction\": \"1/2\", \"of\": \"convened\"");
    adapted_text_ = text;
    const auto dir = install_.paths().dir.parent_path() / "procedures";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "p1.json") << text;
    auto catalog = rules::Catalog::FromFolder(dir.string());
    HALL_CHECK(catalog.ok());
    return std::move(catalog).value();
  }

  std::uint64_t MeetingOfNine(Committee& committee) {
    auto id = committee.CreateMeeting("Bổ nhiệm Phó Giám đốc", "P1", 5, MeetingMode::kRehearsal);
    HALL_CHECK(id.ok());
    std::string roll = "person_id,name,group\n";
    for (int i = 1; i <= 9; ++i)
      roll += "p" + std::to_string(i) + ",Person " + std::to_string(i) + ",x\n";
    HALL_CHECK(committee.ImportRoll(*id, roll).ok());
    HALL_CHECK(committee.ImportCandidates(*id, "name\nAn\nBình\n").ok());
    HALL_CHECK(committee
                   .AddRecipient(*id, "authority",
                                 GenerateRecipientKey().public_key())
                   .ok());
    HALL_CHECK(committee.RunKeyCeremony(*id, {"T1", "T2"}, 2).ok());
    HALL_CHECK(RecordStepsWithoutBallot(committee, *id, install_.seal()).ok());
    HALL_CHECK(
        committee.CheckIn(*id, {"p1", "p2", "p3", "p4", "p5"}).ok());
    return *id;
  }

  TempInstallation install_;
  std::string adapted_text_;
};

TEST_F(MeetingProcedureTest, AMeetingKeepsTheAdaptedProcedureItWasCreatedWith) {
  const rules::Catalog adapted = Adapted();
  Committee creating(install_.db(), SystemClock(), crypto::DefaultRandom(),
                     adapted);
  const std::uint64_t meeting = MeetingOfNine(creating);
  auto stored = MeetingProcedure(install_.db(), meeting);
  ASSERT_TRUE(stored.ok()) << stored.message();
  EXPECT_EQ((*stored)->file_text, adapted_text_);

  // The first seal signs the adapted file, so it needs the committee's
  // adapted catalog; a later command starts with the shipped catalog (two
  // thirds: 6 of 9) and still applies the meeting's one half: 5 of 9
  // present suffice.
  Committee later(install_.db());
  NewRound r;
  r.meeting_id = meeting;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = later.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  EXPECT_EQ(later.SealRound(*round, install_.seal()).code(),
            StatusCode::kFailedPrecondition);
  auto sealed = creating.SealRound(*round, install_.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  EXPECT_EQ(sealed->codes.size(), 5u);
  EXPECT_TRUE(later.OpenRound(*round).ok());
}

TEST_F(MeetingProcedureTest, TheShippedProcedureStillNeedsTwoThirds) {
  Committee committee(install_.db());
  const std::uint64_t meeting = MeetingOfNine(committee);
  NewRound r;
  r.meeting_id = meeting;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee.SealRound(*round, install_.seal());
  ASSERT_FALSE(sealed.ok());
  EXPECT_EQ(sealed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(sealed.message().find("5 of 9 convened are present, 6 required"),
            std::string::npos)
      << sealed.message();
}

TEST_F(MeetingProcedureTest, AnUnknownProcedureNamesTheCatalogsProcedures) {
  const rules::Catalog adapted = Adapted();
  Committee committee(install_.db(), SystemClock(), crypto::DefaultRandom(),
                      adapted);
  auto id = committee.CreateMeeting("Bầu", "P2", 5, MeetingMode::kRehearsal);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.code(), StatusCode::kNotFound);
  EXPECT_EQ(id.message(),
            "unknown procedure \"P2\"; known: " + adapted.KnownIds());
}

TEST_F(MeetingProcedureTest, AnAlteredStoredProcedureIsRefused) {
  Committee committee(install_.db());
  const std::uint64_t meeting = MeetingOfNine(committee);
  auto upd = install_.db().Prepare(
      "UPDATE meetings SET procedure_file = ? WHERE id = ?");
  const std::string broken = "{\"format\": \"hall-procedure/1\"}";
  upd.Bind(1, std::span<const std::uint8_t>(
                  reinterpret_cast<const std::uint8_t*>(broken.data()),
                  broken.size()));
  upd.Bind(2, static_cast<std::int64_t>(meeting));
  ASSERT_TRUE(upd.Run().ok());
  auto p = MeetingProcedure(install_.db(), meeting);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.code(), StatusCode::kCorruption);
  NewRound r;
  r.meeting_id = meeting;
  r.step = "2";
  r.persons = {"An"};
  auto round = committee.CreateRound(r);
  ASSERT_FALSE(round.ok());
  EXPECT_EQ(round.code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace hall::server::testing

namespace hall::server::testing {
namespace {

// A procedure may ask for more than three ballots before a box is opened:
// a round closed below it is cancelled with the procedure's figure.
TEST_F(MeetingProcedureTest, AProcedureMayRaiseTheBallotsABoxIsOpenedWith) {
  const rules::Catalog adapted = Adapted(5);
  Committee committee(install_.db(), SystemClock(), crypto::DefaultRandom(),
                      adapted);
  const std::uint64_t meeting = MeetingOfNine(committee);
  auto stored = MeetingProcedure(install_.db(), meeting);
  ASSERT_TRUE(stored.ok()) << stored.message();
  EXPECT_EQ((*stored)->min_ballots, 5);
  NewRound r;
  r.meeting_id = meeting;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee.SealRound(*round, install_.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  ASSERT_TRUE(committee.OpenRound(*round).ok());
  auto box = BallotBox::Open(install_.paths().db(), install_.key());
  ASSERT_TRUE(box.ok()) << box.message();
  for (std::size_t i = 0; i < 4; ++i) {
    auto receipt = (*box)->Cast(
        *round, FillBallot(install_.db(), *round, sealed->codes[i],
                           {crypto::Mark(0)}));
    ASSERT_TRUE(receipt.ok()) << receipt.message();
  }
  (*box)->Stop();
  auto closed = committee.CloseRound(*round, install_.seal());
  ASSERT_TRUE(closed.ok()) << closed.message();
  EXPECT_EQ(*closed, RoundState::kCancelled);
  auto info = committee.Round(*round);
  ASSERT_TRUE(info.ok());
  EXPECT_NE(info->cancelled_reason.find("4 ballots were cast"),
            std::string::npos)
      << info->cancelled_reason;
  EXPECT_NE(info->cancelled_reason.find("at least 5"), std::string::npos)
      << info->cancelled_reason;
}

}  // namespace
}  // namespace hall::server::testing
