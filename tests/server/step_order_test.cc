// Every procedure's stages run in order (PROCEDURES.md): for each procedure,
// a round of each later balloted stage may be sealed in advance but is
// refused at opening while an earlier balloted stage has no tallied round,
// and the refusal names the step that comes first.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hall/shared/catalog.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::MakeMeeting;
using testing::MeetingSpec;
using testing::TempInstallation;

// The first step of each balloted stage of `p`, in order.
std::vector<std::string> BallotedStages(const rules::Procedure& p) {
  std::vector<std::string> steps;
  int last = -1;
  for (const rules::Step& s : p.steps) {
    if (!s.ballot || rules::StageOf(s.id) == last) continue;
    last = rules::StageOf(s.id);
    steps.push_back(s.id);
  }
  return steps;
}

class StepOrderTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StepOrderTest, ALaterStageIsRefusedAtOpeningUntilTheEarlierIsTallied) {
  const rules::Procedure* p = rules::Catalog::Builtin().Find(GetParam());
  ASSERT_NE(p, nullptr);
  const std::vector<std::string> stages = BallotedStages(*p);
  if (stages.size() < 2) GTEST_SKIP() << p->code << " has one balloted stage";
  TempInstallation install;
  Committee committee(install.db());
  RecipientKey recipient = GenerateRecipientKey();
  MeetingSpec spec;
  spec.procedure = p->code;
  spec.recipient = &recipient;
  spec.trustees = {"T1", "T2"};
  auto meeting = MakeMeeting(committee, spec, install.seal());
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  if (p->season) {
    ASSERT_TRUE(committee.SetMeetingDate(meeting->id, "2027-02-10", false).ok());
  }
  // The first stage's round, a draft: a later step compared with it (P1
  // step 3) names it.
  NewRound first;
  first.meeting_id = meeting->id;
  first.step = stages[0];
  first.persons = {"An", "Bình"};
  auto first_round = committee.CreateRound(first);
  ASSERT_TRUE(first_round.ok()) << first_round.message();
  for (std::size_t later = 1; later < stages.size(); ++later) {
    NewRound r;
    r.meeting_id = meeting->id;
    r.step = stages[later];
    r.persons = {"An", "Bình"};
    const rules::Step* step = p->FindStep(r.step);
    if (step->rule && step->rule->params.check_divergence) r.compare_with = *first_round;
    auto round = committee.CreateRound(r);
    ASSERT_TRUE(round.ok()) << p->code << " step " << r.step << ": " << round.message();
    auto sealed = committee.SealRound(*round, install.seal());
    ASSERT_TRUE(sealed.ok()) << p->code << " step " << r.step << ": " << sealed.message();
    auto early = committee.OpenRound(*round);
    ASSERT_FALSE(early.ok()) << p->code << " step " << r.step << " opened first";
    EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(early.message().find("cannot be opened: step " + stages[0]),
              std::string::npos)
        << early.message();
    EXPECT_NE(early.message().find("comes first"), std::string::npos) << early.message();
    EXPECT_EQ(committee.Round(*round)->state, RoundState::kSealed);
  }
}

INSTANTIATE_TEST_SUITE_P(EveryProcedure, StepOrderTest,
                         ::testing::Values("P1", "P2", "P3", "P4", "P5", "P6", "P7"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace hall::server
