// The load generator's marks (sim/loadgen/marks.h): every kind's marks are
// ballots the crypto layer accepts, blanks only where the kind allows them,
// max_agree respected, the same seed giving the same marks, --marks weights
// followed and bad --marks refused with a message naming the entry; and,
// through the real hall-server process and the voting client, the minutes'
// counts of every kind equal what the load generator reports it cast.
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "hall/shared/client/voting_client.h"
#include "hall/sim/loadgen/earlier_steps.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/load.h"
#include "hall/sim/loadgen/marks.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::sim::loadgen {
namespace {

using crypto::BallotKind;
using crypto::BallotSpec;

TEST(LoadgenMarks, EveryKindDrawsBallotsTheCryptoLayerAccepts) {
  for (BallotKind kind : crypto::kAllBallotKinds) {
    SCOPED_TRACE(std::string(crypto::BallotKindName(kind)));
    const BallotSpec spec{kind, 6, std::nullopt};
    const auto marks = DrawMarks(spec, RandomDistribution(spec, 7), 400, 7);
    ASSERT_EQ(marks.size(), 400u);
    std::size_t unmarked = 0;
    std::set<std::vector<crypto::Mark>> distinct;
    for (const auto& m : marks) {
      ASSERT_TRUE(crypto::MarksToPlaintext(spec, m).ok());
      for (const auto& x : m) unmarked += x ? 0 : 1;
      distinct.insert(m);
    }
    // Blanks only where the kind allows them, and there they happen.
    if (kind == BallotKind::kNominate || kind == BallotKind::kApprove)
      EXPECT_GT(unmarked, 0u);
    else
      EXPECT_EQ(unmarked, 0u);
    EXPECT_GT(distinct.size(), 5u);  // not one mark for everyone
    const auto again = DrawMarks(spec, RandomDistribution(spec, 7), 400, 7);
    EXPECT_EQ(again, marks);
    const auto other = DrawMarks(spec, RandomDistribution(spec, 8), 400, 8);
    EXPECT_NE(other, marks);
  }
}

TEST(LoadgenMarks, ApproveRespectsMaxAgree) {
  const BallotSpec spec{BallotKind::kApprove, 8, 2};
  auto d = ParseMarks("*=agree:9,disagree:1", spec, 1);
  ASSERT_TRUE(d.ok()) << d.message();
  const auto marks = DrawMarks(spec, *d, 200, 3);
  std::size_t at_most = 0;
  for (const auto& m : marks) {
    ASSERT_TRUE(crypto::MarksToPlaintext(spec, m).ok());
    std::size_t agrees = 0;
    for (const auto& x : m) agrees += x == 0u;
    EXPECT_LE(agrees, 2u);
    at_most += agrees == 2;
  }
  EXPECT_GT(at_most, 150u);  // capped, not thinned out
}

TEST(LoadgenMarks, GivenWeightsAreFollowed) {
  const BallotSpec yna{BallotKind::kYesNoAbstain, 3, std::nullopt};
  auto d = ParseMarks("1=agree:1;2=abstain:1;*=disagree:1", yna, 1);
  ASSERT_TRUE(d.ok()) << d.message();
  const std::vector<std::string> persons = {"A", "B", "C"};
  const auto marks = DrawMarks(yna, *d, 50, 1);
  const auto c = CountMarks(yna, persons, marks);
  EXPECT_EQ(c.cast, 50u);
  EXPECT_EQ(c.counts.at("A").at("agree"), 50u);
  EXPECT_EQ(c.counts.at("B").at("abstain"), 50u);
  EXPECT_EQ(c.counts.at("C").at("disagree"), 50u);

  const BallotSpec nominate{BallotKind::kNominate, 4, std::nullopt};
  d = ParseMarks("2:3, blank:1", nominate, 1);
  ASSERT_TRUE(d.ok()) << d.message();
  const auto n =
      CountMarks(nominate, std::vector<std::string>{"A", "B", "C", "D"},
                 DrawMarks(nominate, *d, 400, 5));
  EXPECT_EQ(n.counts.at("A").at("votes") + n.counts.at("C").at("votes") +
                n.counts.at("D").at("votes"),
            0u);
  EXPECT_EQ(n.counts.at("B").at("votes") + n.blank, 400u);
  EXPECT_GT(n.counts.at("B").at("votes"), 250u);  // 3 in 4, roughly
  EXPECT_GT(n.blank, 50u);
}

TEST(LoadgenMarks, BadMarksAreRefusedWithWhatIsAllowed) {
  const BallotSpec yna{BallotKind::kYesNoAbstain, 3, std::nullopt};
  const BallotSpec nominate{BallotKind::kNominate, 3, std::nullopt};
  struct Case {
    const BallotSpec* spec;
    const char* text;
    const char* message;
  } cases[] = {
      {&yna, "1=none:1", "\"none\" is not a choice here"},
      {&yna, "4=agree:1", "not a position on the ballot (1 to 3"},
      {&yna, "1=agree", "is not CHOICE:WEIGHT"},
      {&yna, "1=agree:-1", "must be a number of at least 0"},
      {&yna, "1=agree:0", "at least one choice a weight above 0"},
      {&yna, "agree:1", "POSITION=CHOICE:WEIGHT"},
      {&nominate, "1=agree:1", "POSITION:WEIGHT"},
      {&nominate, "5:1", "\"5\" is not a choice here"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    auto d = ParseMarks(c.text, *c.spec, 1);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(d.message().find(c.message), std::string::npos) << d.message();
  }
}

// One round of each kind, cast through hall-server by two simulated kiosks.
struct KindRound {
  const char* procedure;
  const char* step;
  const char* marks;  // "" for random weights
};

class LoadgenThroughServer : public ::testing::TestWithParam<KindRound> {};

TEST_P(LoadgenThroughServer, MinutesCountWhatTheLoadGeneratorCast) {
  const KindRound& k = GetParam();
  TempDir tmp("hall-loadgen-marks");
  ASSERT_TRUE(tmp.ok());
  ElectionOptions eo;
  eo.people = 13;
  eo.ballot_persons = 4;
  eo.kiosks = 2;
  eo.procedure = k.procedure;
  auto election = Election::Create(tmp.path() / "installation", eo);
  ASSERT_TRUE(election.ok()) << election.message();
  ServerProcess server(HALL_SERVER_BINARY, tmp.path() / "installation",
                       tmp.path() / "server.log");
  ASSERT_TRUE(server.Start().ok());
  LoadOptions o;
  o.port = server.port();
  for (std::uint32_t i = 0; i < 2; ++i)
    o.kiosks.push_back((*election)->KioskTls(i));
  auto client = client::VotingClient::Connect(
      "127.0.0.1", server.port(), o.kiosks[0], (*election)->seal_public());
  ASSERT_TRUE(client.ok()) << client.message();
  // P7 step 2 opens only after a tallied step 1.
  auto earlier = RunEarlierSteps(**election, k.step, *client);
  ASSERT_TRUE(earlier.ok()) << earlier.message();
  EXPECT_EQ(earlier->size(),
            std::string(k.procedure) == "cn-cadre-selection" ? 1u : 0u);
  auto round = (*election)->AddRound(k.step, true);
  ASSERT_TRUE(round.ok()) << round.message();
  auto t = client->FetchBallot(round->id);
  ASSERT_TRUE(t.ok()) << t.message();
  const auto spec = t->Spec();
  auto d = std::string(k.marks).empty()
               ? Result<MarkDistribution>(RandomDistribution(spec, 11))
               : ParseMarks(k.marks, spec, 11);
  ASSERT_TRUE(d.ok()) << d.message();
  const auto marks = DrawMarks(spec, *d, round->codes.size(), 11);
  auto prepared = PrepareBallots(*t, round->codes, marks, 2);
  ASSERT_TRUE(prepared.ok()) << prepared.message();
  auto load = RunLoad(o, (*election)->seal_public(), *prepared);
  ASSERT_TRUE(load.ok()) << load.message();
  ASSERT_EQ(load->stored, marks.size());
  ASSERT_TRUE(server.Stop().ok());
  auto tally = (*election)->CloseAndTally(round->id);
  ASSERT_TRUE(tally.ok()) << tally.message();
  const auto cast = CountMarks(spec, round->persons, marks);
  EXPECT_EQ(tally->option_counts, cast.counts);
  EXPECT_EQ(tally->cast, cast.cast);
  if (spec.kind == BallotKind::kNominate) {
    EXPECT_EQ(tally->blank, cast.blank);
  }
  // The marks were spread: not every person has the same counts.
  std::set<std::map<std::string, std::uint64_t>> spread;
  for (const auto& [name, options] : cast.counts) spread.insert(options);
  EXPECT_GT(spread.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, LoadgenThroughServer,
    ::testing::Values(
        KindRound{"vn-138-appointment", "2", "1:5,2:3,3:1,blank:1"},
        KindRound{"vn-planning-next-term", "2",
                  "1=agree:6,disagree:3,none:1;2=disagree:1;*=agree:1,none:1"},
        KindRound{"vn-planning-annual-review", "1a", ""},
        KindRound{"vn-confidence-vote", "2r",
                  "1=high:1,low:1;*=medium:2,low:1"},
        KindRound{"cn-cadre-selection", "2", ""}),
    [](const ::testing::TestParamInfo<KindRound>& info) {
      std::string name = info.param.procedure;
      name += "_step_";
      name += info.param.step;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

}  // namespace
}  // namespace hall::sim::loadgen
