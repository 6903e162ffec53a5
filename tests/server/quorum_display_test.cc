// The quorum hall-admin and the hall display show is the quorum the
// committee enforces, for every step of every procedure: one function
// (rules::CheckQuorum) decides both. P7 step 3 (its own quorum of two thirds
// of the Central Committee's members, not of those convened) is the step
// where they used to differ.
#include <gtest/gtest.h>

#include "hall/server/kiosk_service.h"
#include "hall/shared/catalog.h"
#include "hall/shared/rules.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::PersonIds;
using testing::RollCsv;
using testing::TempInstallation;

constexpr std::uint64_t kMembers = 60;
constexpr int kConvened = 45;

TEST(QuorumDisplayTest, EveryStepShowsTheQuorumTheRulesEnforce) {
  TempInstallation install;
  Committee committee(install.db());
  for (const rules::Procedure& p : rules::Catalog::Builtin().procedures()) {
    auto id = committee.CreateMeeting("quorum of " + p.code, p.code, kMembers, MeetingMode::kRehearsal);
    ASSERT_TRUE(id.ok()) << id.message();
    ASSERT_TRUE(committee.ImportRoll(*id, RollCsv(kConvened, "delegates")).ok());
    ASSERT_TRUE(committee.CheckIn(*id, PersonIds(1, 31)).ok());
    for (const rules::Step& step : p.steps) {
      auto shown = LoadElectorate(install.db(), *id, {}, step.id);
      ASSERT_TRUE(shown.ok()) << shown.message();
      const rules::QuorumCheck enforced = rules::CheckQuorum(
          p, &step, rules::Attendance{kMembers, kConvened, 31});
      EXPECT_EQ(shown->quorum_required,
                static_cast<std::uint64_t>(enforced.required))
          << p.code << " step " << step.id;
      const bool members_based =
          step.quorum && step.quorum->of == rules::Base::kMembers;
      const bool none = step.quorum && rules::IsNoQuorum(*step.quorum);
      EXPECT_EQ(shown->quorum_required, none ? 0u : members_based ? 40u : 30u)
          << p.code << " step " << step.id;
    }
  }
}

// Through the committee and the kiosk status: with 35 of 45 convened present
// (enough for the procedure's quorum, 30) but not two thirds of the 60
// members (40), P7 step 3 is refused at sealing, and the hall display shows
// 40 as the quorum, not 30.
TEST(QuorumDisplayTest,
     P7Step3IsRefusedBelowItsMembersQuorumAndTheDisplaySaysSo) {
  TempInstallation install;
  Committee committee(install.db());
  auto id = committee.CreateMeeting("Hội nghị Trung ương", "P7", kMembers, MeetingMode::kRehearsal);
  ASSERT_TRUE(id.ok()) << id.message();
  ASSERT_TRUE(committee.ImportRoll(*id, RollCsv(kConvened, "delegates")).ok());
  ASSERT_TRUE(committee.ImportCandidates(*id, "name\nAn\nBình\nChâu\n").ok());
  ASSERT_TRUE(committee.CheckIn(*id, PersonIds(1, 35)).ok());
  ASSERT_TRUE(committee.RunKeyCeremony(*id, {"T1", "T2", "T3"}, 2).ok());
  NewRound r;
  r.meeting_id = *id;
  r.step = "3";
  r.persons = {"An", "Bình", "Châu"};
  r.slots = 2;
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();

  auto refused = committee.SealRound(*round, install.seal());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find(
                "quorum not met: 35 of 60 members are present, 40 required; "
                "5 more must check in"),
            std::string::npos)
      << refused.message();

  ASSERT_TRUE(committee.CheckIn(*id, PersonIds(36, 40)).ok());
  auto sealed = committee.SealRound(*round, install.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();

  auto box = BallotBox::Open(install.paths().db(), install.key());
  ASSERT_TRUE(box.ok());
  auto db = OpenInstallation(install.paths(), install.key());
  ASSERT_TRUE(db.ok());
  KioskService kiosk(**box, std::move(db).value());
  const shared::StatusResponse shown = kiosk.CurrentStatus();
  ASSERT_TRUE(shown.round.has_value());
  EXPECT_EQ(shown.round->step, "3");
  EXPECT_EQ(shown.present, 40u);
  EXPECT_EQ(shown.quorum_required, 40u);
  (*box)->Stop();
}

}  // namespace
}  // namespace hall::server
