// Bad input of every kind: one message naming the field and the problem.
#include "rules_test_util.h"

namespace hall::rules::testing {
namespace {

// Asserts that `round` is refused with a message starting with `field`.
void ExpectRefused(const nlohmann::json& round, const std::string& field,
                   const std::string& words) {
  auto r = Eval(round);
  ASSERT_FALSE(r.ok()) << "accepted: " << round.dump();
  EXPECT_EQ(r.message().rfind(field + ":", 0), 0u) << r.message();
  EXPECT_NE(r.message().find(words), std::string::npos) << r.message();
  EXPECT_EQ(r.message().find('\n'), std::string::npos) << "more than one line";
}

nlohmann::json Good() { return Nominate("2", 40, 30, 30, {{"A", 15}, {"B", 9}, {"C", 4}}); }

TEST(BadInput, TheGoodRoundIsAccepted) { ASSERT_TRUE(Eval(Good()).ok()); }

TEST(BadInput, UnknownProcedure) {
  auto round = Good();
  round["procedure"] = "vn-999";
  ExpectRefused(round, "procedure", "unknown procedure");
}

TEST(BadInput, UnknownStep) {
  auto round = Good();
  round["step"] = "9";
  ExpectRefused(round, "step", "unknown step");
}

TEST(BadInput, StepWithoutABallot) {
  auto round = Good();
  round["step"] = "1";
  ExpectRefused(round, "step", "has no ballot");
}

TEST(BadInput, CountAboveCast) {
  auto round = Good();
  round["counts"]["A"] = 31;
  ExpectRefused(round, "counts.A", "more than ballots.cast");
}

TEST(BadInput, NominateCountsPlusBlankAboveCast) {
  auto round = Good();
  round["ballots"]["blank"] = 3;
  ExpectRefused(round, "counts", "plus 3 blank is more than ballots.cast (30)");
}

TEST(BadInput, OptionCountsAboveCast) {
  auto round = Options("vn-138-appointment", "4", 30, 25, 25, {{"A", AD(20, 6)}});
  ExpectRefused(round, "counts.A", "add up to 26");
}

TEST(BadInput, NegativeNumbers) {
  auto round = Good();
  round["counts"]["B"] = -1;
  ExpectRefused(round, "counts.B", "negative");
  auto electorate = Good();
  electorate["electorate"]["present"] = -3;
  ExpectRefused(electorate, "electorate.present", "negative");
  auto option = Options("vn-138-appointment", "4", 30, 25, 25, {{"A", AD(-2, 6)}});
  ExpectRefused(option, "counts.A.agree", "negative");
}

TEST(BadInput, FractionalCount) {
  auto round = Good();
  round["counts"]["B"] = 2.5;
  ExpectRefused(round, "counts.B", "not a whole number");
}

TEST(BadInput, PresentAboveConvened) {
  auto round = Good();
  round["electorate"]["present"] = 41;
  ExpectRefused(round, "electorate.present", "more than electorate.convened (40)");
}

TEST(BadInput, CastAbovePresent) {
  auto round = Good();
  round["ballots"]["cast"] = 31;
  ExpectRefused(round, "ballots.cast", "more than electorate.present");
}

TEST(BadInput, UnknownCandidate) {
  auto round = Good();
  round["counts"]["Z"] = 1;
  ExpectRefused(round, "counts.Z", "not among candidates");
}

TEST(BadInput, MissingFields) {
  for (const char* field : {"procedure", "step", "electorate", "candidates", "ballots", "counts"}) {
    auto round = Good();
    round.erase(field);
    ExpectRefused(round, field, "missing");
  }
  auto cast = Good();
  cast["ballots"].erase("cast");
  ExpectRefused(cast, "ballots.cast", "missing");
  auto count = Good();
  count["counts"].erase("B");
  ExpectRefused(count, "counts.B", "missing");
  auto option = Options("vn-138-appointment", "4", 30, 25, 25, {{"A", {{"agree", 3}}}});
  ExpectRefused(option, "counts.A.disagree", "missing");
}

TEST(BadInput, WrongShapeOfCounts) {
  auto round = Good();
  round["counts"]["A"] = {{"agree", 3}};
  ExpectRefused(round, "counts.A", "nominate ballots take one number");
  auto option = Options("vn-138-appointment", "4", 30, 25, 25, {{"A", 3}});
  ExpectRefused(option, "counts.A", "approve ballots take an object");
  auto unknown = Options("vn-138-appointment", "4", 30, 25, 25,
                         {{"A", {{"agree", 3}, {"disagree", 1}, {"maybe", 1}}}});
  ExpectRefused(unknown, "counts.A.maybe", "not an option of approve ballots");
}

TEST(BadInput, UnknownFieldIsATypo) {
  auto round = Good();
  round["candidate"] = {"A"};
  ExpectRefused(round, "candidate", "unknown field");
}

TEST(BadInput, HeadNomineeNotACandidate) {
  auto round = Good();
  round["head_nominee"] = "Z";
  ExpectRefused(round, "head_nominee", "not among candidates");
}

TEST(BadInput, DuplicateCandidate) {
  auto round = Good();
  round["candidates"] = {"A", "B", "A", "C"};
  ExpectRefused(round, "candidates", "listed twice");
}

TEST(BadInput, BadDate) {
  auto round = Good();
  round["date"] = "2027-02-30";
  ExpectRefused(round, "date", "not a date");
}

TEST(BadInput, BBallotsWhereTheStepHasNone) {
  auto round = Good();
  round["counts_b"] = {{"A", 1}};
  ExpectRefused(round, "counts_b", "has no B ballots");
}

// P1 step 3 measures against the 9 members of the collective: they vote, so
// a 10th ballot is refused (it once let a rule pass on a ballot nobody had).
TEST(BadInput, MoreBallotsThanMembersWhereTheMembersVote) {
  auto round = Nominate("3", 12, 12, 10, {{"A", 6}, {"B", 3}, {"C", 1}}, 9);
  round["previous_selection"] = {"A", "B"};
  ExpectRefused(round, "ballots.cast", "is more than electorate.members (9)");
  round["ballots"]["cast"] = 9;
  round["counts"]["C"] = 0;
  auto nine = Eval(round);
  EXPECT_TRUE(nine.ok()) << nine.message();
}

TEST(BadInput, MalformedJson) {
  auto r = ParseRound("{\"procedure\": \"vn-138-appointment\",", Catalog::Builtin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message().rfind("input: ends too soon at line 1", 0), 0u) << r.message();
}

// A caller branches on the code, never on the message: malformed input is
// kInvalidArgument, a procedure or step the catalog does not hold kNotFound.
TEST(BadInputCode, MalformedRoundInputIsInvalidArgument) {
  EXPECT_EQ(ParseRound("{\"procedure\": \"vn-138-appointment\",", Catalog::Builtin()).code(),
            StatusCode::kInvalidArgument);
  auto fractional = Good();
  fractional["counts"]["B"] = 2.5;
  EXPECT_EQ(Eval(fractional).code(), StatusCode::kInvalidArgument);
  auto typo = Good();
  typo["ballot"] = typo["ballots"];
  EXPECT_EQ(Eval(typo).code(), StatusCode::kInvalidArgument);
  // Checked by the engine (ValidateRound), not by the JSON reader.
  auto above_cast = Good();
  above_cast["counts"]["A"] = 31;
  EXPECT_EQ(Eval(above_cast).code(), StatusCode::kInvalidArgument);
  auto no_ballot = Good();
  no_ballot["step"] = "1";
  EXPECT_EQ(Eval(no_ballot).code(), StatusCode::kInvalidArgument);
}

TEST(BadInputCode, UnknownProcedureOrStepIsNotFound) {
  auto procedure = Good();
  procedure["procedure"] = "vn-999";
  EXPECT_EQ(Eval(procedure).code(), StatusCode::kNotFound);
  auto step = Good();
  step["step"] = "9";
  auto r = Eval(step);
  EXPECT_EQ(r.code(), StatusCode::kNotFound) << r.message();
}

}  // namespace
}  // namespace hall::rules::testing
