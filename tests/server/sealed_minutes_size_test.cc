// A sealed round reveals nothing by its size (issue 8, finding 3): the same
// round definition, tallied through the committee with different outcomes
// (someone selected, two carried forward, a tie, all blank), stores a
// sealed tally (the trustees' partials boxed to the recipient) of exactly
// one size, each still opening for its recipient.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "hall/server/minutes.h"
#include "hall/shared/statements.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

struct Sealed {
  std::size_t size = 0;
  std::string outcome;  // each candidate's status, in order
  std::size_t minutes_size = 0;  // the minutes JSON inside
};

// One P1 meeting, one step-2 round (sealed) over the same three persons,
// five present, cast with `marks`, tallied by two of three trustees.
Sealed SealWith(const std::vector<crypto::Mark>& marks) {
  TempInstallation install;
  Committee committee(install.db());
  const RecipientKey recipient = GenerateRecipientKey();
  auto meeting = committee.CreateMeeting("Bổ nhiệm Phó Giám đốc", "P1", 5, MeetingMode::kRehearsal);
  HALL_CHECK(meeting.ok());
  std::string roll = "person_id,name,group\n";
  for (int i = 1; i <= 5; ++i)
    roll += "p" + std::to_string(i) + ",Person " + std::to_string(i) + ",x\n";
  HALL_CHECK(committee.ImportRoll(*meeting, roll).ok());
  HALL_CHECK(
      committee.ImportCandidates(*meeting, "name\nAn\nBình\nChâu\n").ok());
  HALL_CHECK(committee.CheckIn(*meeting, {"p1", "p2", "p3", "p4", "p5"}).ok());
  HALL_CHECK(committee
                 .AddRecipient(*meeting, "competent authority",
                               recipient.public_key())
                 .ok());
  auto shares = committee.RunKeyCeremony(*meeting, {"T1", "T2", "T3"}, 2);
  HALL_CHECK(shares.ok());
  HALL_CHECK(
      testing::RecordStepsWithoutBallot(committee, *meeting, install.seal()).ok());
  NewRound r;
  r.meeting_id = *meeting;
  r.step = "2";
  r.persons = {"An", "Bình", "Châu"};
  auto round = committee.CreateRound(r);
  HALL_CHECK(round.ok());
  auto sealed = committee.SealRound(*round, install.seal());
  HALL_CHECK(sealed.ok());
  HALL_CHECK(committee.OpenRound(*round).ok());
  {
    auto box = BallotBox::Open(install.paths().db(), install.key());
    HALL_CHECK(box.ok());
    for (std::size_t i = 0; i < marks.size(); ++i) {
      auto receipt = (*box)->Cast(
          *round, FillBallot(install.db(), *round, sealed->codes[i],
                             {marks[i]}));
      HALL_CHECK(receipt.ok());
    }
    (*box)->Stop();
  }
  HALL_CHECK(committee.CloseRound(*round, install.seal()).ok());
  auto tally = committee.RehearseTally(*round, {&(*shares)[0], &(*shares)[1]},
                                    install.seal());
  EXPECT_TRUE(tally.ok()) << tally.message();
  if (!tally.ok()) return {};
  EXPECT_TRUE(tally->sealed);
  Sealed out;
  auto q = install.db().Prepare(
      "SELECT sealed_minutes, minutes IS NULL FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(*round));
  HALL_CHECK(q.Step());
  out.size = q.Blob(0).size();
  EXPECT_EQ(q.Int(1), 1);  // no minutes in the clear
  auto text = MinutesText(install.db(), *round, &recipient);
  EXPECT_TRUE(text.ok()) << text.message();
  if (!text.ok()) return out;
  const nlohmann::json minutes = nlohmann::json::parse(*text);
  out.minutes_size = text->size();
  for (const auto& o : minutes["outcome"]["outcomes"])
    out.outcome += o["candidate"].get<std::string>() + "=" +
                   o["status"].get<std::string>() + " ";
  return out;
}

TEST(SealedMinutesSizeTest, EveryOutcomeOfOneRoundSealsToOneSize) {
  const std::vector<std::vector<crypto::Mark>> cases = {
      {0, 0, 0, 0, 0},                                      // An selected
      {0, 0, 1, 1, 2},                                      // two ahead
      {0, 1, 2, std::nullopt, std::nullopt},                // a tie
      {std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       std::nullopt},                                       // all blank
      {0, 0, 0, 1, 2},
  };
  std::set<std::size_t> sizes;
  std::set<std::string> outcomes;
  for (const auto& marks : cases) {
    const Sealed s = SealWith(marks);
    ASSERT_NE(s.size, 0u);
    std::cout << "sealed tally: " << s.size << " bytes (minutes "
              << s.minutes_size << ") for " << s.outcome
              << "\n";
    sizes.insert(s.size);
    outcomes.insert(s.outcome);
  }
  // The cases are different outcomes, yet one size.
  EXPECT_GE(outcomes.size(), 3u);
  EXPECT_EQ(sizes.size(), 1u);
}

}  // namespace
}  // namespace hall::server::testing
