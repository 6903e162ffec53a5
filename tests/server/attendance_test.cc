// Attendance is evidence (issue 8, finding 4): the box-sealed statement
// signs the ids of those checked in, one ballot code each, so an absentee
// cannot be given a code without being named, under the seal, as present;
// the trustees and the server refuse a statement whose attendance does not
// account for every code issued.
#include <gtest/gtest.h>

#include "hall/crypto/seal.h"
#include "hall/server/meeting_definition.h"
#include "hall/shared/statements.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::TempInstallation;

class AttendanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MeetingSpec spec;
    spec.recipient = &recipient_;
    spec.roll = 7;
    spec.members = 7;
    spec.present = 5;  // p6 and p7 are absent
    auto meeting = testing::MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
  }

  std::uint64_t SealOne() {
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "2";
    r.persons = {"An", "Bình"};
    auto round = committee_.CreateRound(r);
    EXPECT_TRUE(round.ok()) << round.message();
    auto sealed = committee_.SealRound(*round, install_.seal());
    EXPECT_TRUE(sealed.ok()) << sealed.message();
    codes_ = sealed->codes.size();
    return *round;
  }

  shared::BoxSealedStatement Statement(std::uint64_t round) {
    auto q = install_.db().Prepare(
        "SELECT sealed_statement FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(round));
    HALL_CHECK(q.Step());
    auto s = shared::BoxSealedStatement::Decode(q.Blob(0));
    HALL_CHECK(s.ok());
    return *s;
  }

  const RecipientKey recipient_ = GenerateRecipientKey();
  TempInstallation install_;
  Committee committee_{install_.db()};
  std::uint64_t meeting_ = 0;
  std::size_t codes_ = 0;
};

TEST_F(AttendanceTest, TheSealSignsWhoWasPresentOneCodeEach) {
  const std::uint64_t round = SealOne();
  const auto s = Statement(round);
  EXPECT_EQ(s.present,
            (std::vector<std::string>{"p1", "p2", "p3", "p4", "p5"}));
  EXPECT_EQ(s.issued, 5u);
  EXPECT_EQ(codes_, 5u);
}

TEST_F(AttendanceTest, AnAbsenteeGivenACodeIsNamedPresentUnderTheSeal) {
  // The operator flips p7's check-in flag in the database: p7 gets a code,
  // and the signed attendance, published in the record, names p7.
  ASSERT_TRUE(install_.db()
                  .Exec("UPDATE roll SET present = 1 WHERE person_id = 'p7'")
                  .ok());
  const std::uint64_t round = SealOne();
  const auto s = Statement(round);
  EXPECT_EQ(codes_, 6u);
  EXPECT_EQ(s.issued, 6u);
  EXPECT_NE(std::find(s.present.begin(), s.present.end(), "p7"),
            s.present.end());
}

TEST_F(AttendanceTest, AStatementNotAccountingForEveryCodeIsRefused) {
  const std::uint64_t round = SealOne();
  auto s = Statement(round);
  s.present.pop_back();  // a code issued to nobody named present
  const crypto::Bytes bytes = s.Encode();
  const auto sig =
      crypto::Sign(install_.seal(), crypto::SignatureType::kBoxSealed, bytes);
  auto upd = install_.db().Prepare(
      "UPDATE rounds SET sealed_statement = ?, sealed_sig = ? WHERE id = ?");
  upd.Bind(1, bytes).Bind(2, sig.bytes()).Bind(
      3, static_cast<std::int64_t>(round));
  ASSERT_TRUE(upd.Run().ok());
  auto info = committee_.Round(round);
  ASSERT_TRUE(info.ok());
  auto checked = LoadCheckedSealedRound(install_.db(), *info);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.message().find("names 4 people present but 5 ballot "
                                   "codes were issued"),
            std::string::npos)
      << checked.message();
  EXPECT_FALSE(committee_.OpenRound(round).ok());
}

TEST(CheckAttendanceTest, NamesWhatIsWrong) {
  shared::MeetingDefinition def;
  def.roll = {{"a", "A", "x"}, {"b", "B", "x"}, {"c", "C", "y"}};
  shared::BoxSealedStatement s;
  s.convened = 3;
  s.issued = 2;
  s.present = {"a", "b"};
  EXPECT_TRUE(shared::CheckAttendance(s, def).ok());
  s.present = {"b", "a"};
  EXPECT_NE(shared::CheckAttendance(s, def).message().find("not sorted"),
            std::string::npos);
  s.present = {"a", "z"};
  EXPECT_NE(shared::CheckAttendance(s, def).message().find("z, who is not on"),
            std::string::npos);
  s.present = {"a", "c"};
  s.groups = {"x"};
  s.convened = 2;
  EXPECT_NE(shared::CheckAttendance(s, def).message().find("not in the groups"),
            std::string::npos);
  s.present = {"a", "b"};
  s.convened = 3;  // a statement widening (or shrinking) the electorate
  EXPECT_NE(shared::CheckAttendance(s, def).message().find(
                "counts 3 convened but the signed roll has 2"),
            std::string::npos);
  s.groups = {};
  s.issued = 3;
  EXPECT_FALSE(shared::CheckAttendance(s, def).ok());
}

}  // namespace
}  // namespace hall::server
