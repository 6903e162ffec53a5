// P1 step 5 through the hall server: the head's nominee, named when the
// round is created, is signed into the box-sealed statement and reaches the
// rules at the tally. Two persons tied at exactly half of the members: the
// nominee is appointed; three tied: every one needs a decision.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hall/server/ballot_box.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::CreateSealAndOpen;
using testing::FillBallot;
using testing::MakeMeeting;
using testing::MeetingSpec;
using testing::TempInstallation;
using json = nlohmann::json;
using Marks = std::vector<crypto::Mark>;

class HeadNomineeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MeetingSpec spec;
    spec.members = 8;
    spec.roll = 8;
    spec.present = 8;
    spec.candidates = "name\nAn\nBình\nChâu\n";
    spec.recipient = &authority_;
    auto m = MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(m.ok()) << m.message();
    meeting_ = std::move(m).value();
  }

  void Cast(const testing::OpenTestRound& round, const std::vector<Marks>& ballots) {
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    for (std::size_t i = 0; i < ballots.size(); ++i) {
      auto receipt = (*box)->Cast(
          round.id, FillBallot(install_.db(), round.id, round.codes[i], ballots[i]));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
    }
    (*box)->Stop();
  }

  // Creates, seals, opens, fills with `ballots`, closes and tallies a round.
  Result<TallyOutcome> Run(NewRound spec, const std::vector<Marks>& ballots) {
    auto id = committee_.CreateRound(spec);
    if (!id.ok()) return id.status();
    auto sealed = committee_.SealRound(*id, install_.seal());
    if (!sealed.ok()) return sealed.status();
    if (Status s = committee_.OpenRound(*id); !s.ok()) return s;
    Cast({*id, std::move(sealed->codes)}, ballots);
    if (auto c = committee_.CloseRound(*id, install_.seal()); !c.ok())
      return c.status();
    return committee_.RehearseTally(
        *id, {&meeting_.shares[0], &meeting_.shares[1]}, install_.seal());
  }

  NewRound Spec(const std::string& step, std::vector<std::string> persons) {
    NewRound r;
    r.meeting_id = meeting_.id;
    r.step = step;
    r.persons = std::move(persons);
    return r;
  }

  // Steps 2, 3 and 4 held and tallied, so step 5 may open.
  void EarlierSteps() {
    const std::vector<Marks> nominate(8, Marks{0u});
    auto s2 = Run(Spec("2", {"An", "Bình"}), nominate);
    ASSERT_TRUE(s2.ok()) << s2.message();
    NewRound s3 = Spec("3", {"An", "Bình"});
    s3.compare_with = 1;
    auto t3 = Run(s3, nominate);
    ASSERT_TRUE(t3.ok()) << t3.message();
    auto t4 = Run(Spec("4", {"An", "Bình"}), std::vector<Marks>(8, Marks{0u, 1u}));
    ASSERT_TRUE(t4.ok()) << t4.message();
  }

  static std::map<std::string, std::string> Statuses(const json& minutes) {
    std::map<std::string, std::string> out;
    for (const auto& o : minutes["outcome"]["outcomes"])
      out[o["candidate"].get<std::string>()] = o["status"].get<std::string>();
    return out;
  }
  static bool HasFlag(const json& minutes, const std::string& flag) {
    for (const auto& f : minutes["outcome"]["flags"])
      if (f.dump().find(flag) != std::string::npos) return true;
    return false;
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  RecipientKey authority_ = GenerateRecipientKey();
  testing::ReadyMeeting meeting_;
};

TEST_F(HeadNomineeTest, TwoTiedAtHalfTheNomineeIsAppointed) {
  EarlierSteps();
  NewRound s5 = Spec("5", {"An", "Bình"});
  s5.head_nominee = "Bình";
  // An: 4 agree, 4 disagree; Bình: 4 agree, 3 disagree, 1 abstains.
  std::vector<Marks> ballots(4, Marks{0u, 0u});
  for (int i = 0; i < 3; ++i) ballots.push_back({1u, 1u});
  ballots.push_back({1u, 2u});
  auto t = Run(s5, ballots);
  ASSERT_TRUE(t.ok()) << t.message();
  const json minutes = json::parse(t->minutes_json);
  const auto st = Statuses(minutes);
  EXPECT_EQ(st.at("Bình"), "selected") << minutes.dump(1);
  EXPECT_EQ(st.at("An"), "not_selected");
  EXPECT_TRUE(HasFlag(minutes, "head_tiebreak_applied")) << minutes.dump(1);
}

TEST_F(HeadNomineeTest, ThreeTiedAtHalfAllNeedADecision) {
  EarlierSteps();
  NewRound s5 = Spec("5", {"An", "Bình", "Châu"});
  s5.head_nominee = "Bình";
  std::vector<Marks> ballots(4, Marks{0u, 0u, 0u});
  for (int i = 0; i < 3; ++i) ballots.push_back({1u, 1u, 1u});
  ballots.push_back({1u, 1u, 2u});
  auto t = Run(s5, ballots);
  ASSERT_TRUE(t.ok()) << t.message();
  const json minutes = json::parse(t->minutes_json);
  for (const auto& [name, status] : Statuses(minutes))
    EXPECT_EQ(status, "needs_decision") << name << "\n" << minutes.dump(1);
  EXPECT_FALSE(HasFlag(minutes, "head_tiebreak_applied"));
  EXPECT_TRUE(HasFlag(minutes, "tie_at_cut"));
}

}  // namespace
}  // namespace hall::server
