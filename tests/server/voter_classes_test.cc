// Voter classes through the hall server (PROCEDURES.md P7): the class is a
// property of the ballot code, signed in the credential list and the
// box-sealed statement; each class is tallied as its own aggregate.
// - P7 step 1 tallied per group: the minutes give the counts per group
//   beside the total, which the rule uses; a group with fewer ballots than
//   a box opens with is tallied together with another, never alone.
// - P7 step 3 with A and B ballots: B ballots are counted and recorded and
//   decide nothing; a B class too small to open is never decrypted.
// - A credential list whose classes are not the round's is refused.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "hall/server/ballot_box.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::FillBallot;
using testing::TempInstallation;
using json = nlohmann::json;
using Marks = std::vector<crypto::Mark>;

// 5 standing committee members, 4 middle managers, 3 unit heads, 2 others,
// 3 attending leaders; everyone present.
constexpr char kRoll[] =
    "person_id,name,group\n"
    "s1,Wang,standing\ns2,Li,standing\ns3,Zhang,standing\ns4,Liu,standing\n"
    "s5,Chen,standing\n"
    "m1,Yang,managers\nm2,Zhao,managers\nm3,Huang,managers\nm4,Zhou,managers\n"
    "u1,Wu,units\nu2,Xu,units\nu3,Sun,units\n"
    "o1,Ma,others\no2,Zhu,others\n"
    "l1,Qian,leaders\nl2,Guo,leaders\nl3,Luo,leaders\n";

class VoterClassesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto id = committee_.CreateMeeting("县委全体会议", "P7", 5,
                                       MeetingMode::kRehearsal);
    ASSERT_TRUE(id.ok()) << id.message();
    meeting_ = *id;
    ASSERT_TRUE(committee_.ImportRoll(meeting_, kRoll).ok());
    ASSERT_TRUE(
        committee_.ImportCandidates(meeting_, "name\nZheng\nHe\nGao\n").ok());
    ASSERT_TRUE(committee_
                    .CheckIn(meeting_, {"s1", "s2", "s3", "s4", "s5", "m1",
                                        "m2", "m3", "m4", "u1", "u2", "u3",
                                        "o1", "o2", "l1", "l2", "l3"})
                    .ok());
    ASSERT_TRUE(committee_
                    .AddRecipient(meeting_, "competent authority",
                                  authority_.public_key())
                    .ok());
    auto shares = committee_.RunKeyCeremony(meeting_, {"T1", "T2", "T3"}, 2);
    ASSERT_TRUE(shares.ok()) << shares.message();
    shares_ = std::move(shares).value();
    ASSERT_TRUE(testing::RecordStepsWithoutBallot(committee_, meeting_,
                                                  install_.seal())
                    .ok());
  }

  // Creates and seals the round; its codes by class.
  std::map<std::string, std::vector<crypto::CredentialCode>> Seal(
      const NewRound& spec, std::uint64_t& id) {
    auto created = committee_.CreateRound(spec);
    EXPECT_TRUE(created.ok()) << created.message();
    id = created.ok() ? *created : 0;
    auto sealed = committee_.SealRound(id, install_.seal());
    EXPECT_TRUE(sealed.ok()) << sealed.message();
    std::map<std::string, std::vector<crypto::CredentialCode>> by_class;
    if (!sealed.ok()) return by_class;
    const bool classed = !sealed->code_classes.empty();
    if (classed) {
      EXPECT_EQ(sealed->code_classes.size(), sealed->codes.size());
    }
    for (std::size_t i = 0; i < sealed->codes.size(); ++i)
      by_class[classed ? sealed->code_classes[i] : ""].push_back(
          std::move(sealed->codes[i]));
    return by_class;
  }

  // Opens, casts `marks[class]` with that class's codes, closes, tallies;
  // the minutes (opened with the recipient's key for a sealed step).
  json Run(std::uint64_t id,
           const std::map<std::string, std::vector<crypto::CredentialCode>>&
               codes,
           const std::map<std::string, std::vector<Marks>>& marks) {
    EXPECT_TRUE(committee_.OpenRound(id).ok());
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    EXPECT_TRUE(box.ok());
    for (const auto& [cls, ballots] : marks) {
      for (std::size_t i = 0; i < ballots.size(); ++i) {
        auto receipt = (*box)->Cast(
            id, FillBallot(install_.db(), id, codes.at(cls).at(i), ballots[i]));
        EXPECT_TRUE(receipt.ok()) << receipt.message();
      }
    }
    (*box)->Stop();
    EXPECT_TRUE(committee_.CloseRound(id, install_.seal()).ok());
    auto t = committee_.RehearseTally(id, {&shares_[0], &shares_[2]},
                                      install_.seal());
    EXPECT_TRUE(t.ok()) << t.message();
    auto minutes = committee_.Minutes(id, &authority_);
    EXPECT_TRUE(minutes.ok()) << minutes.message();
    return minutes.ok() ? json::parse(*minutes) : json();
  }

  // P7 step 3: the standing committee decides, the attending leaders vote B.
  NewRound StepThreeWithB() const {
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "3";
    r.persons = {"Zheng", "He"};
    r.groups = {"standing"};
    r.advisory_groups = {"leaders"};
    return r;
  }

  // Steps 1 and 2 held (no classes), so that step 3 may open.
  void EarlierSteps() {
    NewRound s1;
    s1.meeting_id = meeting_;
    s1.step = "1";
    s1.persons = {"Zheng", "He"};
    s1.groups = {"standing", "managers", "units", "others"};
    std::uint64_t id1 = 0;
    auto c1 = Seal(s1, id1);
    Run(id1, c1, {{"", std::vector<Marks>(14, Marks{0u})}});
    NewRound s2 = s1;
    s2.step = "2";
    std::uint64_t id2 = 0;
    auto c2 = Seal(s2, id2);
    Run(id2, c2, {{"", std::vector<Marks>(14, Marks{0u, 1u})}});
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  RecipientKey authority_ = GenerateRecipientKey();
  std::uint64_t meeting_ = 0;
  std::vector<crypto::TrusteeShare> shares_;
};

// The nominate count of `person` in a tally.
int Votes(const json& tally, const std::string& person) {
  return tally["counts"][person].get<int>();
}

TEST_F(VoterClassesTest, StepOneIsTalliedPerGroupAndASmallGroupIsMerged) {
  NewRound spec;
  spec.meeting_id = meeting_;
  spec.step = "1";
  spec.persons = {"Zheng", "He", "Gao"};
  spec.groups = {"standing", "managers", "units", "others"};
  spec.tally_by_group = true;
  std::uint64_t id = 0;
  auto codes = Seal(spec, id);
  ASSERT_EQ(codes.size(), 4u);
  EXPECT_EQ(codes["standing"].size(), 5u);
  EXPECT_EQ(codes["others"].size(), 2u);
  // standing: Zheng 4, He 1; managers: He 3, Gao 1; units: Gao 2, blank 1;
  // others: Zheng 2 (two ballots: too few to open alone).
  const Marks zheng{0u}, he{1u}, gao{2u}, blank{std::nullopt};
  const json m = Run(id, codes,
                     {{"standing", {zheng, zheng, zheng, zheng, he}},
                      {"managers", {he, he, he, gao}},
                      {"units", {gao, gao, blank}},
                      {"others", {zheng, zheng}}});
  ASSERT_TRUE(m.contains("voter_classes")) << m.dump(1);
  // The total the rule applies to is every group's.
  EXPECT_EQ(m["counts"], json({{"Zheng", 6}, {"He", 4}, {"Gao", 3}}));
  EXPECT_EQ(m["ballots"]["cast"], 14);
  EXPECT_EQ(m["ballots"]["blank"], 1);
  const json& classes = m["voter_classes"]["classes"];
  ASSERT_EQ(classes.size(), 4u);
  EXPECT_EQ(classes[0]["class"], "managers");  // sorted by name
  EXPECT_EQ(classes[1]["class"], "others");
  EXPECT_EQ(classes[1]["cast"], 2);
  const json& tallies = m["voter_classes"]["tallies"];
  ASSERT_EQ(tallies.size(), 3u) << tallies.dump(1);
  std::map<std::string, json> by;
  for (const auto& t : tallies) {
    std::string names;
    for (const auto& n : t["classes"]) names += n.get<std::string>() + ";";
    by[names] = t;
  }
  ASSERT_TRUE(by.count("standing;"));
  ASSERT_TRUE(by.count("managers;"));
  // "others" never stands alone: it joins the smallest group (units, 3).
  ASSERT_TRUE(by.count("others;units;")) << tallies.dump(1);
  EXPECT_EQ(Votes(by["standing;"], "Zheng"), 4);
  EXPECT_EQ(Votes(by["standing;"], "He"), 1);
  EXPECT_EQ(Votes(by["managers;"], "He"), 3);
  EXPECT_EQ(Votes(by["others;units;"], "Zheng"), 2);
  EXPECT_EQ(Votes(by["others;units;"], "Gao"), 2);
  EXPECT_EQ(by["others;units;"]["cast"], 5);
  EXPECT_EQ(by["others;units;"]["blank"], 1);
  EXPECT_TRUE(by["others;units;"]["merged"].get<bool>());
  EXPECT_FALSE(by["standing;"]["merged"].get<bool>());
}

TEST_F(VoterClassesTest, BBallotsAreRecordedAndDecideNothing) {
  NewRound spec = StepThreeWithB();
  EarlierSteps();
  std::uint64_t id = 0;
  auto codes = Seal(spec, id);
  ASSERT_EQ(codes["A"].size(), 5u);
  ASSERT_EQ(codes["B"].size(), 3u);
  // A: Zheng 3 agree of 5 members (decided); He 1 agree. B: the other way.
  const Marks za{0u, 1u}, hz{1u, 0u}, dd{1u, 1u};
  const json m = Run(id, codes,
                     {{"A", {za, za, za, hz, dd}}, {"B", {hz, hz, hz}}});
  EXPECT_EQ(m["ballots"]["cast"], 5);
  EXPECT_EQ(m["electorate"]["present"], 5);
  EXPECT_EQ(m["counts"]["Zheng"]["agree"], 3);
  EXPECT_EQ(m["counts"]["He"]["agree"], 1);
  std::map<std::string, std::string> status;
  for (const auto& o : m["outcome"]["outcomes"])
    status[o["candidate"]] = o["status"];
  EXPECT_EQ(status["Zheng"], "selected") << m.dump(1);
  EXPECT_EQ(status["He"], "not_selected");
  const json& tallies = m["voter_classes"]["tallies"];
  ASSERT_EQ(tallies.size(), 2u);
  EXPECT_EQ(tallies[1]["classes"], json({"B"}));
  EXPECT_EQ(tallies[1]["role"], "advisory");
  EXPECT_EQ(tallies[1]["counts"]["He"]["agree"], 3);
  EXPECT_EQ(tallies[1]["counts"]["Zheng"]["agree"], 0);
}

TEST_F(VoterClassesTest, ABClassTooSmallIsNeverDecrypted) {
  NewRound spec = StepThreeWithB();
  EarlierSteps();
  std::uint64_t id = 0;
  auto codes = Seal(spec, id);
  const Marks za{0u, 1u};
  const json m =
      Run(id, codes, {{"A", {za, za, za, za, za}}, {"B", {za}}});
  const json& b = m["voter_classes"]["tallies"][1];
  EXPECT_EQ(b["cast"], 1);
  EXPECT_FALSE(b.contains("counts")) << b.dump();
  EXPECT_TRUE(b.contains("not_opened"));
  EXPECT_EQ(m["counts"]["Zheng"]["agree"], 5);
}

TEST_F(VoterClassesTest, RefusesClassesThatCannotBe) {
  NewRound spec;
  spec.meeting_id = meeting_;
  spec.step = "3";
  spec.persons = {"Zheng", "He"};
  spec.advisory_groups = {"leaders"};
  auto no_groups = committee_.CreateRound(spec);
  EXPECT_EQ(no_groups.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_groups.message().find("--group"), std::string::npos);
  spec.groups = {"standing", "leaders"};
  auto both = committee_.CreateRound(spec);
  EXPECT_EQ(both.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(both.message().find("both decide"), std::string::npos);
  spec.groups = {"standing"};
  spec.advisory_groups = {"nobody"};
  EXPECT_EQ(committee_.CreateRound(spec).code(), StatusCode::kNotFound);
}

TEST_F(VoterClassesTest, TooFewDecidingBallotsCancelTheRoundWhateverTheBBallots) {
  EarlierSteps();
  NewRound spec = StepThreeWithB();
  std::uint64_t id = 0;
  auto codes = Seal(spec, id);
  ASSERT_TRUE(committee_.OpenRound(id).ok());
  auto box = BallotBox::Open(install_.paths().db(), install_.key());
  ASSERT_TRUE(box.ok());
  const Marks za{0u, 1u};
  for (std::size_t i = 0; i < 2; ++i)
    ASSERT_TRUE((*box)->Cast(id, FillBallot(install_.db(), id, codes["A"][i], za)).ok());
  for (std::size_t i = 0; i < 3; ++i)
    ASSERT_TRUE((*box)->Cast(id, FillBallot(install_.db(), id, codes["B"][i], za)).ok());
  (*box)->Stop();
  ASSERT_TRUE(committee_.CloseRound(id, install_.seal()).ok());
  auto r = committee_.Round(id);
  ASSERT_TRUE(r.ok());
  // 5 ballots in the box, but only 2 of voters who decide: never opened.
  EXPECT_EQ(r->state, RoundState::kCancelled);
  EXPECT_NE(r->cancelled_reason.find("2 ballots of voters who decide"),
            std::string::npos)
      << r->cancelled_reason;
}

TEST_F(VoterClassesTest, ClassesTheStepDoesNotHaveAreRefusedAtCreation) {
  ASSERT_TRUE(committee_.CorrectRollEntry(meeting_, "o1", std::nullopt, "B").ok());
  ASSERT_TRUE(committee_.CorrectRollEntry(meeting_, "o2", std::nullopt, "B").ok());
  NewRound spec;
  spec.meeting_id = meeting_;
  spec.step = "1";
  spec.persons = {"Zheng", "He"};
  spec.groups = {"standing", "B"};
  spec.tally_by_group = true;
  spec.advisory_groups = {"leaders"};
  // P7 step 1 has no B ballots in its procedure file: refused for that.
  auto made = committee_.CreateRound(spec);
  EXPECT_EQ(made.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(made.message().find("has_b_ballots"), std::string::npos)
      << made.message();
  // Nor is step 3 tallied per group.
  spec.step = "3";
  spec.groups = {"standing"};
  spec.advisory_groups = {};
  auto grouped = committee_.CreateRound(spec);
  EXPECT_EQ(grouped.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(grouped.message().find("tally_by_group"), std::string::npos)
      << grouped.message();
}

TEST_F(VoterClassesTest, AdvisoryGroupsAreSignedInOneOrder) {
  // Given twice and out of order, they are stored once, sorted, and the
  // statement refuses any other encoding.
  NewRound spec;
  spec.meeting_id = meeting_;
  spec.step = "3";
  spec.persons = {"Zheng", "He"};
  spec.groups = {"standing"};
  spec.advisory_groups = {"units", "leaders", "units"};
  auto id = committee_.CreateRound(spec);
  ASSERT_TRUE(id.ok()) << id.message();
  auto r = committee_.Round(*id);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->advisory_groups, (std::vector<std::string>{"leaders", "units"}));
  shared::BoxSealedStatement st;
  st.groups = {"standing"};
  st.advisory_groups = {"units", "leaders"};
  EXPECT_FALSE(shared::BoxSealedStatement::Decode(st.Encode()).ok());
  st.advisory_groups = {"leaders", "units"};
  EXPECT_TRUE(shared::BoxSealedStatement::Decode(st.Encode()).ok());
}

}  // namespace
}  // namespace hall::server
