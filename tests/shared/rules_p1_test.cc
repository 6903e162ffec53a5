// P1 vn-138-appointment: every rule and boundary of steps 2-5.
#include "rules_test_util.h"

namespace hall::rules::testing {
namespace {

TEST(P1Step2, ExactlyHalfOfConvenedIsNotEnoughAndTopTwoGoForward) {
  auto r = Eval(Nominate("2", 40, 40, 40, {{"A", 20}, {"B", 12}, {"C", 8}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "C"), "not_selected");
  EXPECT_EQ(r->denominator, Base::kConvened);
  EXPECT_EQ(r->denominator_value, 40);
  EXPECT_EQ(r->disclosure, Disclosure::kSealed);
  EXPECT_TRUE(r->flags.empty());
}

TEST(P1Step2, OneVoteOverHalfOfConvenedSelects) {
  auto r = Eval(Nominate("2", 40, 40, 40, {{"A", 21}, {"B", 11}, {"C", 8}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
  EXPECT_EQ(*Of(*r, "A").votes, 21);
}

TEST(P1Step2, DenominatorIsConvenedNotPresent) {
  // 16 of 30 present is a majority of those present but not of the 40 convened.
  auto r = Eval(Nominate("2", 40, 30, 30, {{"A", 16}, {"B", 10}, {"C", 4}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
}

TEST(P1Step2, TieAtTheCarryForwardCutCarriesEveryoneTied) {
  auto r = Eval(Nominate("2", 40, 30, 30, {{"A", 15}, {"B", 7}, {"C", 7}, {"D", 1}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "C"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "D"), "not_selected");
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
}

TEST(P1Step2, ThreeWayTieForFirstBelowMajorityCarriesAllThree) {
  auto r = Eval(Nominate("2", 30, 30, 30, {{"A", 9}, {"B", 9}, {"C", 9}, {"D", 3}}));
  ASSERT_TRUE(r.ok()) << r.message();
  for (const char* c : {"A", "B", "C"}) EXPECT_EQ(StatusOf(*r, c), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "D"), "not_selected");
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
}

TEST(P1Step2, NoTieWhenSecondPlaceIsClear) {
  auto r = Eval(Nominate("2", 40, 30, 30, {{"A", 15}, {"B", 8}, {"C", 7}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "C"), "not_selected");
  EXPECT_FALSE(HasFlag(*r, "tie_at_cut"));
}

TEST(P1Step2, APersonWithNoVotesIsNeverCarriedForward) {
  auto r = Eval(Nominate("2", 40, 30, 30, {{"A", 14}, {"B", 0}, {"C", 0}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
  EXPECT_EQ(StatusOf(*r, "C"), "not_selected");
  EXPECT_FALSE(HasFlag(*r, "tie_at_cut"));
}

TEST(P1Step3, MembersAreTheDenominator) {
  auto step3 = [](int members, const nlohmann::json& counts) {
    auto round = Nominate("3", members, members, members, counts, members);
    round["previous_selection"] = {"A", "B"};
    return round;
  };
  auto over = Eval(step3(9, {{"A", 5}, {"B", 4}}));
  ASSERT_TRUE(over.ok()) << over.message();
  EXPECT_EQ(StatusOf(*over, "A"), "selected");
  EXPECT_EQ(over->denominator, Base::kMembers);
  auto half = Eval(step3(8, {{"A", 4}, {"B", 4}}));
  ASSERT_TRUE(half.ok()) << half.message();
  EXPECT_EQ(StatusOf(*half, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*half, "B"), "carried_forward");
}

TEST(P1Step3, DivergenceFromStepTwoIsFlagged) {
  auto round = Nominate("3", 9, 9, 9, {{"A", 2}, {"B", 1}, {"C", 6}});
  round["previous_selection"] = {"A", "B"};
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "C"), "selected");
  EXPECT_TRUE(HasFlag(*r, "report_divergence"));
}

TEST(P1Step3, ChoosingFromStepTwosListIsNotADivergence) {
  auto round = Nominate("3", 9, 9, 9, {{"A", 6}, {"B", 2}, {"C", 1}});
  round["previous_selection"] = {"A", "B"};
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_FALSE(HasFlag(*r, "report_divergence"));
}

TEST(P1Step3, CarryingSomeoneStepTwoDidNotChooseIsADivergence) {
  auto round = Nominate("3", 9, 9, 9, {{"A", 4}, {"B", 3}, {"C", 2}});
  round["previous_selection"] = {"A"};
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
  EXPECT_TRUE(HasFlag(*r, "report_divergence"));
}

TEST(P1Step3, PreviousSelectionIsRequired) {
  auto r = Eval(Nominate("3", 9, 9, 9, {{"A", 6}, {"B", 3}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message().rfind("previous_selection:", 0), 0u) << r.message();
}

TEST(P1Step4, ConfidenceVoteIsOpinionOnlyAndSealed) {
  auto r = Eval(Options("vn-138-appointment", "4", 30, 25, 25,
                        {{"A", AD(20, 5)}, {"B", AD(3, 22)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
  EXPECT_EQ(*Of(*r, "B").votes, 3);
  EXPECT_EQ(r->disclosure, Disclosure::kSealed);
}

nlohmann::json Step5(int members, const nlohmann::json& counts, const char* head = nullptr) {
  auto round = Options("vn-138-appointment", "5", members, members, members, counts);
  if (head) round["head_nominee"] = head;
  return round;
}

TEST(P1Step5, MostAgreeAboveHalfOfMembersIsAppointed) {
  auto r = Eval(Step5(9, {{"A", ADA(6, 3, 0)}, {"B", ADA(5, 4, 0)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
  EXPECT_EQ(r->disclosure, Disclosure::kAnnounced);
}

TEST(P1Step5, TwoTiedAtExactlyHalfTheHeadsNomineeIsAppointed) {
  auto r = Eval(Step5(8, {{"A", ADA(4, 4, 0)}, {"B", ADA(4, 3, 1)}}, "B"));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "B"), "selected");
  EXPECT_EQ(StatusOf(*r, "A"), "not_selected");
  EXPECT_TRUE(HasFlag(*r, "head_tiebreak_applied"));
  EXPECT_NE(Of(*r, "B").reason.find("competent authority"), std::string::npos);
}

TEST(P1Step5, TiedAtHalfWithoutTheHeadsNomineeNeedsADecision) {
  auto r = Eval(Step5(8, {{"A", ADA(4, 4, 0)}, {"B", ADA(4, 4, 0)}, {"C", ADA(1, 7, 0)}}, "C"));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "B"), "needs_decision");
  EXPECT_FALSE(HasFlag(*r, "head_tiebreak_applied"));
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
}

TEST(P1Step5, ThreeTiedAtHalfAllNeedADecisionEvenWithTheHeadsNominee) {
  // The seed's head's-nominee rule covers two persons; [interp] three or more
  // tied at exactly 50% are all needs_decision, the nominee among them.
  auto r = Eval(Step5(8, {{"A", ADA(4, 4, 0)}, {"B", ADA(4, 4, 0)}, {"C", ADA(4, 3, 1)}}, "B"));
  ASSERT_TRUE(r.ok()) << r.message();
  for (const char* c : {"A", "B", "C"}) EXPECT_EQ(StatusOf(*r, c), "needs_decision") << c;
  EXPECT_FALSE(HasFlag(*r, "head_tiebreak_applied"));
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
  EXPECT_NE(Of(*r, "B").reason.find("a tie of two only"), std::string::npos)
      << Of(*r, "B").reason;
}

TEST(P1Step5, TheTiedPersonsTheHeadsRuleCoversAreAParameter) {
  Procedure variant = *Catalog::Builtin().Find("P1");
  variant.steps[4].rule->params.head_nominee_tie_persons = 3;
  auto parsed = ParseRound(
      Step5(8, {{"A", ADA(4, 4, 0)}, {"B", ADA(4, 4, 0)}, {"C", ADA(4, 3, 1)}}, "B").dump(),
      Catalog::Builtin());
  ASSERT_TRUE(parsed.ok()) << parsed.message();
  auto r = Evaluate(variant, variant.steps[4], parsed->input);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "B"), "selected");
  EXPECT_TRUE(HasFlag(*r, "head_tiebreak_applied"));
}

TEST(P1Step5, ASinglePersonAtExactlyHalfNeedsADecision) {
  auto r = Eval(Step5(8, {{"A", ADA(4, 4, 0)}, {"B", ADA(3, 5, 0)}}, "A"));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
  EXPECT_FALSE(HasFlag(*r, "head_tiebreak_applied"));
}

TEST(P1Step5, TwoTiedForMostAboveHalfBothNeedADecision) {
  auto r = Eval(Step5(9, {{"A", ADA(6, 3, 0)}, {"B", ADA(6, 2, 1)}}, "A"));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "B"), "needs_decision");
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
  EXPECT_FALSE(HasFlag(*r, "head_tiebreak_applied"));
}

TEST(Quorum, ExactlyTwoThirdsWithConvenedNotDivisibleByThree) {
  // 2/3 of 40 is 26.67: 27 present is enough, 26 is not.
  auto met = Eval(Nominate("2", 40, 27, 27, {{"A", 20}, {"B", 7}}));
  ASSERT_TRUE(met.ok()) << met.message();
  EXPECT_TRUE(met->quorum.met);
  EXPECT_EQ(met->quorum.required, 27);
  auto short_by_one = Eval(Nominate("2", 40, 26, 26, {{"A", 21}, {"B", 5}}));
  ASSERT_TRUE(short_by_one.ok()) << short_by_one.message();
  EXPECT_FALSE(short_by_one->quorum.met);
  EXPECT_EQ(short_by_one->quorum.required, 27);
  EXPECT_TRUE(HasFlag(*short_by_one, "quorum_not_met"));
  EXPECT_EQ(StatusOf(*short_by_one, "A"), "not_selected");
  EXPECT_EQ(StatusOf(*short_by_one, "B"), "not_selected");
  EXPECT_NE(Of(*short_by_one, "A").reason.find("1 more must check in"), std::string::npos);
}

TEST(Quorum, ExactlyTwoThirdsWhenDivisible) {
  auto r = Eval(Nominate("2", 30, 20, 20, {{"A", 16}, {"B", 4}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_TRUE(r->quorum.met);
  EXPECT_EQ(r->quorum.required, 20);
  auto below = Eval(Nominate("2", 31, 20, 20, {{"A", 16}, {"B", 4}}));
  ASSERT_TRUE(below.ok()) << below.message();
  EXPECT_FALSE(below->quorum.met);
  EXPECT_EQ(below->quorum.required, 21);
}

}  // namespace
}  // namespace hall::rules::testing
