// P7 step 3 studies at most 30 persons at one sitting (一次研究干部人数不能超过
// 30人): the persons on all of the sitting's ballots together, refused before
// a round is sealed; a cancelled or draft round does not count.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::PersonIds;
using testing::RollCsv;
using testing::TempInstallation;

std::vector<std::string> Names(int from, int to) {
  std::vector<std::string> names;
  for (int i = from; i <= to; ++i) names.push_back("Cadre " + std::to_string(i));
  return names;
}

class SittingLimitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto id = committee_.CreateMeeting("县委常委会", "P7", 11,
                                       MeetingMode::kRehearsal);
    ASSERT_TRUE(id.ok()) << id.message();
    meeting_ = *id;
    ASSERT_TRUE(committee_.ImportRoll(meeting_, RollCsv(11, "常委")).ok());
    std::string csv = "name\n";
    for (const auto& n : Names(1, 40)) csv += n + "\n";
    ASSERT_TRUE(committee_.ImportCandidates(meeting_, csv).ok());
    ASSERT_TRUE(committee_.CheckIn(meeting_, PersonIds(1, 11)).ok());
    ASSERT_TRUE(committee_.RunKeyCeremony(meeting_, {"T1", "T2", "T3"}, 2).ok());
  }

  Result<std::uint64_t> Round(std::vector<std::string> persons,
                              const std::string& step = "3") {
    NewRound r;
    r.meeting_id = meeting_;
    r.step = step;
    r.slots = std::max<std::size_t>(1, persons.size() / 2);
    r.persons = std::move(persons);
    return committee_.CreateRound(r);
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  std::uint64_t meeting_ = 0;
};

TEST_F(SittingLimitTest, ThirtyPersonsOnOneBallotSealAndThirtyOneAreRefused) {
  auto over = Round(Names(1, 31));
  ASSERT_TRUE(over.ok()) << over.message();
  auto refused = committee_.SealRound(*over, install_.seal());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("at most 30 persons at one sitting"),
            std::string::npos)
      << refused.message();
  EXPECT_NE(refused.message().find("puts 31"), std::string::npos)
      << refused.message();

  auto thirty = Round(Names(1, 30));
  ASSERT_TRUE(thirty.ok()) << thirty.message();
  auto sealed = committee_.SealRound(*thirty, install_.seal());
  EXPECT_TRUE(sealed.ok()) << sealed.message();
}

TEST_F(SittingLimitTest, TheSittingsBallotsCountTogetherAndAPersonOnceOnly) {
  auto first = Round(Names(1, 20));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(committee_.SealRound(*first, install_.seal()).ok());
  // 20 sealed + 11 new = 31 persons at the sitting: refused.
  auto second = Round(Names(21, 31));
  ASSERT_TRUE(second.ok());
  auto refused = committee_.SealRound(*second, install_.seal());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("puts 31"), std::string::npos)
      << refused.message();
  // 20 + 10 = 30, with two of the first ballot's persons again: 30 distinct.
  std::vector<std::string> again = Names(21, 30);
  again.push_back("Cadre 1");
  again.push_back("Cadre 2");
  auto third = Round(again);
  ASSERT_TRUE(third.ok());
  auto sealed = committee_.SealRound(*third, install_.seal());
  EXPECT_TRUE(sealed.ok()) << sealed.message();
}

TEST_F(SittingLimitTest, TheReconsiderationSitsWithStepThreeAndCountsToo) {
  auto decided = Round(Names(1, 30));
  ASSERT_TRUE(decided.ok());
  ASSERT_TRUE(committee_.SealRound(*decided, install_.seal()).ok());
  // 3r (复议) on one of them stays within the sitting; on a 31st is refused.
  auto again = Round({"Cadre 1"}, "3r");
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_TRUE(committee_.SealRound(*again, install_.seal()).ok());
  auto other = Round({"Cadre 31", "Cadre 32"}, "3r");
  ASSERT_TRUE(other.ok()) << other.message();
  auto refused = committee_.SealRound(*other, install_.seal());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("puts 32"), std::string::npos)
      << refused.message();
}

}  // namespace
}  // namespace hall::server
