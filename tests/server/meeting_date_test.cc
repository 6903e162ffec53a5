// The date of a meeting's sitting: set by the committee before the first
// round is sealed, signed in the meeting definition (version 3), given to the
// rules so that a P6 round tallies (P6 runs in the first quarter: outside it
// the committee confirms, and the minutes carry outside_q1).
#include <gtest/gtest.h>

#include "hall/server/meeting_definition.h"
#include "hall/server/round_store.h"
#include "hall/server/schema.h"
#include "hall/shared/statements.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::MakeMeeting;
using testing::MeetingSpec;
using testing::TempInstallation;

class MeetingDateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MeetingSpec spec;
    spec.title = "Hội nghị rà soát quy hoạch";
    spec.procedure = "P6";
    spec.recipient = &recipient_;
    spec.trustees = {"T1", "T2"};
    auto meeting = MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
    shares_ = std::move(meeting->shares);
  }

  Result<std::uint64_t> StepOne() {
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "1";
    r.persons = {"An", "Bình"};
    return committee_.CreateRound(r);
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  RecipientKey recipient_ = GenerateRecipientKey();
  std::uint64_t meeting_ = 0;
  std::vector<crypto::TrusteeShare> shares_;
};

TEST_F(MeetingDateTest, AP6RoundIsNotSealedWithoutTheMeetingsDate) {
  auto round = StepOne();
  ASSERT_TRUE(round.ok()) << round.message();
  auto refused = committee_.SealRound(*round, install_.seal());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("hall-admin meeting date"), std::string::npos)
      << refused.message();
}

TEST_F(MeetingDateTest, BadDatesAreRefusedAndOutsideTheSeasonNeedsConfirming) {
  for (const char* bad : {"2027-02-30", "2027-13-01", "10/02/2027", "", "2027-2-10",
                          "0000-01-01", "2027-02-29"}) {
    Status s = committee_.SetMeetingDate(meeting_, bad, false);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("YYYY-MM-DD"), std::string::npos) << s.message();
  }
  Status outside = committee_.SetMeetingDate(meeting_, "2027-05-10", false);
  EXPECT_EQ(outside.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(outside.message().find("--outside-season"), std::string::npos)
      << outside.message();
  EXPECT_EQ(committee_.Meeting(meeting_)->date, "");
  EXPECT_TRUE(committee_.SetMeetingDate(meeting_, "2027-05-10", true).ok());
  EXPECT_EQ(committee_.Meeting(meeting_)->date, "2027-05-10");
  EXPECT_TRUE(committee_.SetMeetingDate(meeting_, "2027-02-10", false).ok());
  EXPECT_EQ(committee_.Meeting(meeting_)->date, "2027-02-10");
}

TEST_F(MeetingDateTest, TheDateIsSignedInTheDefinitionAndFixedAfterSealing) {
  ASSERT_TRUE(committee_.SetMeetingDate(meeting_, "2027-02-10", false).ok());
  auto round = StepOne();
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee_.SealRound(*round, install_.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  auto def = LoadMeetingDefinition(install_.db(), meeting_);
  ASSERT_TRUE(def.ok()) << def.message();
  EXPECT_EQ(def->version, 3u);
  EXPECT_EQ(def->date, "2027-02-10");
  auto again = shared::MeetingDefinition::Decode(def->Encode());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->date, "2027-02-10");
  Status late = committee_.SetMeetingDate(meeting_, "2027-03-01", false);
  EXPECT_EQ(late.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(late.message().find("fixed"), std::string::npos) << late.message();
}

TEST_F(MeetingDateTest, AP6RoundTalliesWithTheDateAndFlagsOutsideTheFirstQuarter) {
  ASSERT_TRUE(committee_.SetMeetingDate(meeting_, "2027-05-10", true).ok());
  auto round = StepOne();
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee_.SealRound(*round, install_.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  ASSERT_TRUE(committee_.OpenRound(*round).ok());
  auto box = BallotBox::Open(install_.paths().db(), install_.key());
  ASSERT_TRUE(box.ok()) << box.message();
  // yesno_abstain, "remove from plan?": An agree from every ballot.
  for (const auto& code : sealed->codes) {
    auto receipt = (*box)->Cast(
        *round, testing::FillBallot(install_.db(), *round, code, {0u, 1u}));
    ASSERT_TRUE(receipt.ok()) << receipt.message();
  }
  (*box)->Stop();
  ASSERT_TRUE(committee_.CloseRound(*round, install_.seal()).ok());
  auto tally = committee_.RehearseTally(*round, {&shares_[0], &shares_[1]},
                                        install_.seal());
  ASSERT_TRUE(tally.ok()) << tally.message();
  const std::string minutes = tally->minutes_json;
  EXPECT_NE(minutes.find("2027-05-10"), std::string::npos) << minutes;
  EXPECT_NE(minutes.find("outside_q1"), std::string::npos) << minutes;
}

TEST(MeetingDateSchemaTest, AVersion5DatabaseGetsTheDateColumnAndKeepsItsMeetings) {
  TempInstallation install;
  Committee committee(install.db());
  auto id = committee.CreateMeeting("Hội nghị", "P6", 5, MeetingMode::kRehearsal);
  ASSERT_TRUE(id.ok()) << id.message();
  ASSERT_TRUE(install.db()
                  .Exec("CREATE TABLE v5 AS SELECT id, title, procedure, "
                        "procedure_file, members, trustees_k, box_key, "
                        "definition, definition_sig, rehearsal, created_at "
                        "FROM meetings; DROP TABLE meetings; ALTER TABLE v5 "
                        "RENAME TO meetings; UPDATE meta SET value = 5 WHERE "
                        "key = 'schema_version'")
                  .ok());
  EXPECT_EQ(CheckSchema(install.db()).code(), StatusCode::kFailedPrecondition);
  auto upgraded = OpenInstallation(install.paths(), install.key());
  ASSERT_TRUE(upgraded.ok()) << upgraded.message();
  EXPECT_TRUE(CheckSchema(*upgraded).ok());
  Committee after(*upgraded);
  auto m = after.Meeting(*id);
  ASSERT_TRUE(m.ok()) << m.message();
  EXPECT_EQ(m->title, "Hội nghị");
  EXPECT_EQ(m->date, "");
  EXPECT_TRUE(after.SetMeetingDate(*id, "2027-01-15", false).ok());
  EXPECT_EQ(after.Meeting(*id)->date, "2027-01-15");
}

}  // namespace
}  // namespace hall::server
