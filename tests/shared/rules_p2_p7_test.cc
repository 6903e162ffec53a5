// P2-P7: every rule and boundary of the planning, confidence, annual-review
// and Chinese cadre-selection procedures.
#include "rules_test_util.h"

namespace hall::rules::testing {
namespace {

TEST(P2Step2, MoreThanThirtyPercentOfPresentIsStrict) {
  auto r = Eval(Options("vn-planning-next-term", "2", 60, 50, 50,
                        {{"A", AD(15, 35)}, {"B", AD(16, 34)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "not_selected");  // 15 = exactly 30% of 50
  EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
  EXPECT_EQ(r->denominator, Base::kPresent);
  EXPECT_EQ(r->denominator_value, 50);
}

TEST(P2Step2, ThirtyPercentOfPresentNotOfConvened) {
  // 10 of 30 present is more than 30%, though only 25% of the 40 convened.
  auto r = Eval(Options("vn-planning-next-term", "2", 40, 30, 30,
                        {{"A", AD(10, 20)}, {"B", AD(9, 21)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
}

TEST(P2Step3, TopDownToTheSlotsAboveHalfOfConvened) {
  auto round = Options("vn-planning-next-term", "3", 10, 10, 10,
                       {{"A", AD(9, 1)}, {"B", AD(8, 2)}, {"C", AD(7, 3)}, {"D", AD(5, 5)}});
  round["slots"] = 2;
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "selected");
  EXPECT_EQ(StatusOf(*r, "C"), "not_selected");  // above 50% but the slots are filled
  EXPECT_EQ(StatusOf(*r, "D"), "not_selected");  // exactly 50%
  EXPECT_FALSE(HasFlag(*r, "tie_at_cut"));
}

TEST(P2Step3, TieAboveHalfAtTheSlotCutNeedsTheHeadsDecision) {
  auto round = Options("vn-planning-next-term", "3", 10, 10, 10,
                       {{"A", AD(8, 2)}, {"B", AD(7, 3)}, {"C", AD(7, 3)}});
  round["slots"] = 2;
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "C"), "needs_decision");
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
}

TEST(P2Step3, FewerAboveHalfThanSlotsSelectsThemAll) {
  auto round = Options("vn-planning-next-term", "3", 10, 10, 10,
                       {{"A", AD(6, 4)}, {"B", AD(6, 4)}, {"C", AD(4, 6)}});
  round["slots"] = 3;
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "selected");
  EXPECT_EQ(StatusOf(*r, "C"), "not_selected");
  EXPECT_FALSE(HasFlag(*r, "tie_at_cut"));
}

TEST(P3Step1a, RemovalNeedsMoreThanHalfOfConvened) {
  auto r = Eval(Options("vn-planning-annual-review", "1a", 45, 40, 40,
                        {{"A", ADA(23, 15, 2)}, {"B", ADA(22, 16, 2)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "removal_proposed");
  EXPECT_EQ(StatusOf(*r, "B"), "kept");  // 44 is not more than 45
  EXPECT_EQ(r->disclosure, Disclosure::kSealed);
}

TEST(P3Step1b, NewCandidatesNeedMoreThanThirtyPercentOfPresent) {
  auto r = Eval(Options("vn-planning-annual-review", "1b", 45, 40, 40,
                        {{"A", AD(12, 28)}, {"B", AD(13, 27)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "not_selected");
  EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
}

TEST(P3Step2, LeadershipSelectsAboveHalfAnnounced) {
  auto r = Eval(Options("vn-planning-annual-review", "2", 9, 9, 9,
                        {{"A", AD(5, 4)}, {"B", AD(4, 5)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
  EXPECT_EQ(r->disclosure, Disclosure::kAnnounced);
}

TEST(P4Step4, WithinTheQuota) {
  auto round = Options("vn-planning-external", "4", 9, 9, 9,
                       {{"A", AD(8, 1)}, {"B", AD(6, 3)}, {"C", AD(5, 4)}});
  round["slots"] = 1;
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
}

TEST(P4, PreparationStepsHaveNoBallot) {
  auto round = Options("vn-planning-external", "2", 9, 9, 9, {{"A", AD(8, 1)}});
  auto r = Eval(round);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("has no ballot"), std::string::npos) << r.message();
}

TEST(P5Step2, CandidatesNotMoreThanSlotsIsFlagged) {
  auto one = Options("vn-confidence-vote", "2", 30, 30, 30, {{"A", AD(20, 10)}});
  one["slots"] = 1;
  auto r = Eval(one);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_TRUE(HasFlag(*r, "candidates_not_more_than_slots"));
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  auto two = Options("vn-confidence-vote", "2", 30, 30, 30, {{"A", AD(20, 10)}, {"B", AD(25, 5)}});
  auto ok = Eval(two);
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_FALSE(HasFlag(*ok, "candidates_not_more_than_slots"));
  EXPECT_EQ(ok->disclosure, Disclosure::kSealed);
}

nlohmann::json Rate3(int cast, int high, int medium, int low) {
  return Options("vn-confidence-vote", "2r", cast, cast, cast,
                 {{"A", {{"high", high}, {"medium", medium}, {"low", low}}}});
}

TEST(P5Step2r, TheLevelWithTheMostVotesTiesGoLower) {
  auto r = Eval(Rate3(25, 10, 10, 5));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(*Of(*r, "A").level, Level::kMedium);
  EXPECT_FALSE(Of(*r, "A").votes.has_value());
  auto high = Eval(Rate3(25, 11, 10, 4));
  ASSERT_TRUE(high.ok());
  EXPECT_EQ(*Of(*high, "A").level, Level::kHigh);
  auto low = Eval(Rate3(24, 8, 8, 8));
  ASSERT_TRUE(low.ok());
  EXPECT_EQ(*Of(*low, "A").level, Level::kLow);
}

TEST(P5Step2r, LowMajorityIsStrictlyMoreThanHalfOfCast) {
  auto half = Eval(Rate3(20, 5, 5, 10));
  ASSERT_TRUE(half.ok());
  EXPECT_FALSE(HasFlag(*half, "low_majority"));
  auto over = Eval(Rate3(20, 5, 4, 11));
  ASSERT_TRUE(over.ok());
  EXPECT_TRUE(HasFlag(*over, "low_majority"));
  EXPECT_FALSE(HasFlag(*over, "low_two_thirds"));
}

TEST(P5Step2r, LowTwoThirdsIncludesExactlyTwoThirds) {
  auto exact = Eval(Rate3(30, 5, 5, 20));
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(HasFlag(*exact, "low_two_thirds"));
  EXPECT_TRUE(HasFlag(*exact, "low_majority"));
  auto under = Eval(Rate3(30, 6, 5, 19));
  ASSERT_TRUE(under.ok());
  EXPECT_FALSE(HasFlag(*under, "low_two_thirds"));
}

TEST(P5Step4, AboveHalfOfMembers) {
  auto r = Eval(Options("vn-confidence-vote", "4", 7, 7, 7,
                        {{"A", ADA(4, 3, 0)}, {"B", ADA(3, 3, 1)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "selected");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
}

nlohmann::json P6(const std::string& step, const char* date, const nlohmann::json& counts) {
  auto round = Options("vn-central-annual-review", step, 11, 11, 11, counts);
  if (date) round["date"] = date;
  return round;
}

TEST(P6, OutsideTheFirstQuarterWarnsButStillDecides) {
  auto r = Eval(P6("1", "2027-04-01", {{"A", ADA(6, 5, 0)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_TRUE(HasFlag(*r, "outside_q1"));
  EXPECT_EQ(StatusOf(*r, "A"), "removal_proposed");
  auto inside = Eval(P6("1", "2027-03-31", {{"A", ADA(5, 6, 0)}}));
  ASSERT_TRUE(inside.ok()) << inside.message();
  EXPECT_FALSE(HasFlag(*inside, "outside_q1"));
  EXPECT_EQ(StatusOf(*inside, "A"), "kept");
}

TEST(P6, TheDateIsRequired) {
  auto r = Eval(P6("1", nullptr, {{"A", ADA(6, 5, 0)}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message().rfind("date:", 0), 0u) << r.message();
}

TEST(P6, OpinionStepsSelectNoOne) {
  for (const char* step : {"2", "3"}) {
    auto r = Eval(P6(step, "2027-02-01", {{"A", AD(11, 0)}, {"B", AD(0, 11)}}));
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
    EXPECT_EQ(StatusOf(*r, "B"), "carried_forward");
    EXPECT_EQ(r->disclosure, Disclosure::kSealed);
  }
}

TEST(P6Step4, TieAtTheCutNeedsADecision) {
  auto round = P6("4", "2027-01-15", {{"A", AD(7, 4)}, {"B", AD(7, 4)}, {"C", AD(2, 9)}});
  round["slots"] = 1;
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "B"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "C"), "not_selected");
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
}

// P7 step 1 with `participants` present and one candidate "A" with `votes`.
std::string P7Step1(int participants, int votes) {
  nlohmann::json round = {
      {"procedure", "cn-cadre-selection"},
      {"step", "1"},
      {"electorate", {{"convened", participants}, {"present", participants}}},
      {"candidates", {"A", "B"}},
      {"ballots", {{"cast", participants}}},
      {"counts", {{"A", votes}, {"B", participants - votes}}}};
  auto r = Eval(round);
  HALL_CHECK(r.ok());
  return StatusOf(*r, "A");
}

TEST(P7Step1, ParticipantBracketEdges) {
  // 1-10 participants: at least 80%.
  EXPECT_EQ(P7Step1(10, 8), "carried_forward");
  EXPECT_EQ(P7Step1(10, 7), "not_selected");
  // 11-20: at least 70% (8 of 11 is 72.7%: passes 70%, would fail 80%).
  EXPECT_EQ(P7Step1(11, 8), "carried_forward");
  EXPECT_EQ(P7Step1(11, 7), "not_selected");
  EXPECT_EQ(P7Step1(20, 14), "carried_forward");
  EXPECT_EQ(P7Step1(20, 13), "not_selected");  // 65%: would pass 60%
  // 21-29: at least 60%.
  EXPECT_EQ(P7Step1(21, 13), "carried_forward");  // 61.9%: would fail 70%
  EXPECT_EQ(P7Step1(21, 12), "not_selected");
  EXPECT_EQ(P7Step1(29, 18), "carried_forward");
  EXPECT_EQ(P7Step1(29, 17), "not_selected");  // 58.6%: would pass 50%
  // 30 or more ("30人以上" includes 30): at least 50%.
  EXPECT_EQ(P7Step1(30, 15), "carried_forward");  // exactly 50%: would fail 60%
  EXPECT_EQ(P7Step1(30, 14), "not_selected");
  EXPECT_EQ(P7Step1(31, 16), "carried_forward");
  EXPECT_EQ(P7Step1(31, 15), "not_selected");
  EXPECT_EQ(P7Step1(40, 20), "carried_forward");  // exactly 50% passes (>=)
}

TEST(P7Step1, InspectionCandidatesMustOutnumberThePosts) {
  nlohmann::json round = {
      {"procedure", "cn-cadre-selection"},
      {"step", "1"},
      {"electorate", {{"convened", 12}, {"present", 10}}},
      {"slots", 1},
      {"candidates", {"A", "B", "C"}},
      {"ballots", {{"cast", 10}}},
      {"counts", {{"A", 9}, {"B", 1}, {"C", 0}}}};
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_TRUE(HasFlag(*r, "candidates_not_more_than_slots"));
  EXPECT_EQ(r->denominator, Base::kPresent);
}

nlohmann::json Rate4(int cast, int excellent, int competent, int basic, int incompetent) {
  return Options("cn-cadre-selection", "2", cast, cast, cast,
                 {{"A", {{"excellent", excellent}, {"competent", competent},
                         {"basic", basic}, {"incompetent", incompetent}}}});
}

TEST(P7Step2, EvaluationAtExactlyEightyPercentIsBelow) {
  auto exact = Eval(Rate4(10, 3, 5, 1, 1));
  ASSERT_TRUE(exact.ok()) << exact.message();
  EXPECT_EQ(StatusOf(*exact, "A"), "not_selected");
  EXPECT_TRUE(HasFlag(*exact, "evaluation_below_80"));
  auto over = Eval(Rate4(10, 4, 5, 1, 0));
  ASSERT_TRUE(over.ok());
  EXPECT_EQ(StatusOf(*over, "A"), "carried_forward");
  EXPECT_FALSE(HasFlag(*over, "evaluation_below_80"));
}

nlohmann::json P7Step3(int members, int present, const nlohmann::json& counts,
                       const nlohmann::json& counts_b = nlohmann::json::object()) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& [name, v] : counts.items()) candidates.push_back(name);
  return {{"procedure", "cn-cadre-selection"},
          {"step", "3"},
          {"electorate", {{"convened", members}, {"present", present}, {"members", members}}},
          {"candidates", candidates},
          {"ballots", {{"cast", present}}},
          {"counts", counts},
          {"counts_b", counts_b}};
}

TEST(P7Step3, QuorumIsTwoThirdsOfMembers) {
  auto r = Eval(P7Step3(11, 7, {{"A", ADA(7, 0, 0)}, {"B", ADA(0, 7, 0)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_FALSE(r->quorum.met);
  EXPECT_EQ(r->quorum.required, 8);
  EXPECT_EQ(StatusOf(*r, "A"), "not_selected");
  EXPECT_TRUE(HasFlag(*r, "quorum_not_met"));
}

TEST(P7Step3, BBallotsAreRecordedAndDecideNothing) {
  auto r = Eval(P7Step3(11, 11, {{"A", ADA(5, 6, 0)}, {"B", ADA(6, 5, 0)}},
                        {{"A", ADA(9, 0, 0)}, {"B", ADA(0, 9, 0)}}));
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "B"), "selected");
  EXPECT_EQ(StatusOf(*r, "A"), "not_selected");  // 5 of 11 A ballots; B ballots ignored
  EXPECT_NE(Of(*r, "A").reason.find("B ballots, recorded only: agree 9"), std::string::npos);
}

// P7 step 3 with `persons` persons named P1..Pn, each 6 agree of 11.
nlohmann::json P7Step3Persons(int persons, int slots) {
  nlohmann::json counts = nlohmann::json::object();
  for (int i = 1; i <= persons; ++i) counts["P" + std::to_string(i)] = ADA(6, 5, 0);
  auto round = P7Step3(11, 11, counts);
  round["slots"] = slots;
  return round;
}

TEST(P7Step3, AtMostThirtyPersonsPerSitting) {
  // 30 persons on the ballot is the limit; the posts do not matter.
  auto thirty = Eval(P7Step3Persons(30, 15));
  ASSERT_TRUE(thirty.ok()) << thirty.message();
  auto r = Eval(P7Step3Persons(31, 15));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message().rfind("candidates:", 0), 0u) << r.message();
  EXPECT_NE(r.message().find("30"), std::string::npos) << r.message();
}

TEST(P7Step3, FewerCandidatesThanTwoPerPostAreFlagged) {
  // 1:2 is the ratio: 2 persons for 1 post pass, 3 for 2 posts are flagged.
  auto two_for_one = Eval(P7Step3Persons(2, 1));
  ASSERT_TRUE(two_for_one.ok()) << two_for_one.message();
  EXPECT_FALSE(HasFlag(*two_for_one, "candidates_below_ratio"));
  auto one_for_one = Eval(P7Step3Persons(1, 1));
  ASSERT_TRUE(one_for_one.ok());
  EXPECT_TRUE(HasFlag(*one_for_one, "candidates_below_ratio"));
  auto three_for_two = Eval(P7Step3Persons(3, 2));
  ASSERT_TRUE(three_for_two.ok());
  EXPECT_TRUE(HasFlag(*three_for_two, "candidates_below_ratio"));
  auto four_for_two = Eval(P7Step3Persons(4, 2));
  ASSERT_TRUE(four_for_two.ok());
  EXPECT_FALSE(HasFlag(*four_for_two, "candidates_below_ratio"));
}

TEST(P7, RecommendationAndEvaluationNeedNoQuorum) {
  // 5 of 40 convened take part: no quorum is required for steps 1 and 2.
  nlohmann::json step1 = {{"procedure", "cn-cadre-selection"},
                {"step", "1"},
                {"electorate", {{"convened", 40}, {"present", 5}}},
                {"candidates", {"A", "B"}},
                {"ballots", {{"cast", 5}}},
                {"counts", {{"A", 4}, {"B", 1}}}};
  auto r1 = Eval(step1);
  ASSERT_TRUE(r1.ok()) << r1.message();
  EXPECT_EQ(r1->quorum.required, 0);
  EXPECT_TRUE(r1->quorum.met);
  EXPECT_FALSE(HasFlag(*r1, "quorum_not_met"));
  EXPECT_EQ(StatusOf(*r1, "A"), "carried_forward");  // 4 of 5 = 80%
  nlohmann::json step2 = {{"procedure", "cn-cadre-selection"},
                {"step", "2"},
                {"electorate", {{"convened", 40}, {"present", 5}}},
                {"candidates", {"A"}},
                {"ballots", {{"cast", 5}}},
                {"counts",
                 {{"A",
                   {{"excellent", 4}, {"competent", 1}, {"basic", 0}, {"incompetent", 0}}}}}};
  auto r2 = Eval(step2);
  ASSERT_TRUE(r2.ok()) << r2.message();
  EXPECT_EQ(r2->quorum.required, 0);
  EXPECT_EQ(StatusOf(*r2, "A"), "carried_forward");
}

TEST(P7Step1, NobodyIsProposedOnZeroVotesEvenWithoutParticipants) {
  // No quorum, no participants: 0 of 0 must not "reach" 80%.
  nlohmann::json none = {{"procedure", "cn-cadre-selection"},
                         {"step", "1"},
                         {"electorate", {{"convened", 10}, {"present", 0}}},
                         {"candidates", {"A", "B"}},
                         {"ballots", {{"cast", 0}}},
                         {"counts", {{"A", 0}, {"B", 0}}}};
  auto r = Eval(none);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "not_selected");
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
}

TEST(P7Step3r, ReconsiderationCarriesWithMoreThanHalfOfMembers) {
  auto round = P7Step3(11, 11, {{"A", ADA(6, 5, 0)}, {"B", ADA(5, 6, 0)}});
  round["step"] = "3r";
  auto r = Eval(round);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");  // 6 of 11 members
  EXPECT_EQ(StatusOf(*r, "B"), "not_selected");
}

TEST(P7, DatesOnlyStepHasNoBallot) {
  auto round = P7Step3(11, 11, {{"A", ADA(6, 5, 0)}});
  round["step"] = "4";
  auto r = Eval(round);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("has no ballot"), std::string::npos) << r.message();
}

}  // namespace
}  // namespace hall::rules::testing
