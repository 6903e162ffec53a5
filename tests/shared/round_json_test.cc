// The JSON of an outcome (round_json.h) read back: every reason code with
// its arguments and every flag survive RoundResultToJson -> ParseRoundResult
// unchanged, the re-encoding is byte for byte the same, and a decoded
// reason renders the very "reason" text that was written.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "hall/shared/procedure_loader.h"
#include "rules_test_util.h"

namespace hall::rules::testing {
namespace {

using nlohmann::json;

// Evaluates `round` against `procedure` (a changed copy of a shipped one
// where a case needs it).
RoundResult EvalWith(const Procedure& procedure, const std::string& step,
                     const json& round) {
  auto parsed = ParseRound(round.dump(), Catalog::Builtin());
  HALL_CHECK(parsed.ok());
  const Step* s = procedure.FindStep(step);
  HALL_CHECK(s != nullptr);
  auto r = Evaluate(procedure, *s, parsed->input);
  HALL_CHECK(r.ok());
  return *r;
}

// Rounds that between them give every reason code and every flag.
std::vector<RoundResult> Corpus() {
  std::vector<RoundResult> out;
  auto add = [&](const json& round) {
    auto r = Eval(round);
    HALL_CHECK(r.ok());
    out.push_back(*r);
  };
  for (const auto& file : EmbeddedExampleRounds()) add(json::parse(file.text));
  add(Nominate("2", 40, 20, 20, {{"A", 10}, {"B", 5}}));  // below quorum
  add(Nominate("2", 40, 30, 30, {{"A", 25}, {"B", 3}}));  // the most
  add(Nominate("2", 40, 30, 30,
               {{"A", 10}, {"B", 8}, {"C", 8}, {"D", 0}, {"E", 1}}));
  auto div = Nominate("3", 9, 9, 9, {{"A", 4}, {"B", 3}, {"C", 2}});
  div["previous_selection"] = {"A"};
  add(div);
  auto ranked = Options("vn-planning-external", "4", 9, 9, 9,
                        {{"A", AD(8, 1)},
                         {"B", AD(6, 3)},
                         {"C", AD(6, 3)},
                         {"D", AD(5, 4)},
                         {"E", AD(2, 7)}});
  ranked["slots"] = 1;
  add(ranked);
  ranked["slots"] = 2;
  add(ranked);
  auto head = Options("vn-138-appointment", "5", 8, 8, 8,
                      {{"A", ADA(4, 4, 0)}, {"B", ADA(4, 4, 0)}});
  head["head_nominee"] = "B";
  add(head);
  head["head_nominee"] = "A";
  head["counts"]["B"] = ADA(1, 7, 0);
  add(head);  // one at exactly 1/2
  head.erase("head_nominee");
  head["counts"]["B"] = ADA(4, 4, 0);
  add(head);  // tied, no nominee among them
  head["head_nominee"] = "A";
  head["candidates"] = {"A", "B", "C"};
  head["counts"]["C"] = ADA(4, 4, 0);
  add(head);  // three tied at exactly 1/2: the head's rule covers two
  add(Options("vn-planning-annual-review", "1a", 45, 40, 40,
              {{"A", ADA(23, 10, 7)}, {"B", ADA(5, 30, 5)}}));
  auto p6 =
      Options("vn-central-annual-review", "2", 30, 30, 30, {{"A", AD(20, 5)}});
  p6["date"] = "2027-05-10";
  add(p6);
  add(Options("vn-confidence-vote", "2r", 30, 30, 30,
              {{"A", {{"high", 5}, {"medium", 5}, {"low", 20}}}}));
  add(Options(
      "cn-cadre-selection", "2", 10, 10, 10,
      {{"A",
        {{"excellent", 5}, {"competent", 4}, {"basic", 1}, {"incompetent", 0}}},
       {"B",
        {{"excellent", 4},
         {"competent", 4},
         {"basic", 1},
         {"incompetent", 1}}}}));
  json bracket = {{"procedure", "cn-cadre-selection"},
                  {"step", "1"},
                  {"electorate", {{"convened", 12}, {"present", 12}}},
                  {"candidates", {"A", "B"}},
                  {"ballots", {{"cast", 12}}},
                  {"counts", {{"A", 9}, {"B", 2}}}};
  add(bracket);
  json p7 = {
      {"procedure", "cn-cadre-selection"},
      {"step", "3"},
      {"electorate", {{"convened", 11}, {"present", 6}, {"members", 11}}},
      {"candidates", {"A"}},
      {"ballots", {{"cast", 6}}},
      {"counts", {{"A", ADA(5, 1, 0)}}},
      {"counts_b", {{"A", ADA(3, 0, 0)}}}};
  add(p7);  // below quorum, with B ballots
  p7["electorate"]["present"] = 11;
  p7["ballots"]["cast"] = 11;
  add(p7);  // one candidate for one post: below the 1:2 ratio
  // A tie for the most above the threshold, and a tie at the carry cut that
  // needs a decision: P1 step 2 with other parameters.
  Procedure variant = *Catalog::Builtin().Find("P1");
  Step& step2 = variant.steps[1];
  step2.rule->threshold =
      Threshold{Comparison::kAtLeast, {1, 4}, Base::kConvened};
  out.push_back(EvalWith(variant, "2",
                         Nominate("2", 40, 30, 30, {{"A", 12}, {"B", 12}})));
  step2.rule->threshold =
      Threshold{Comparison::kGreater, {1, 2}, Base::kConvened};
  step2.rule->params.tie_at_carry_cut = TieHandling::kNeedsDecision;
  out.push_back(
      EvalWith(variant, "2",
               Nominate("2", 40, 30, 30, {{"A", 12}, {"B", 9}, {"C", 9}})));
  return out;
}

TEST(RoundResultJson, EveryReasonAndFlagRoundTrips) {
  std::set<ReasonCode> codes;
  std::set<Flag> flags;
  bool b_ballots = false;
  for (const RoundResult& r : Corpus()) {
    const std::string text = RoundResultToJson(r);
    auto back = ParseRoundResult(text);
    ASSERT_TRUE(back.ok()) << back.message() << "\n" << text;
    EXPECT_EQ(back->procedure, r.procedure);
    EXPECT_EQ(back->step, r.step);
    EXPECT_EQ(back->ballot, r.ballot);
    EXPECT_EQ(back->disclosure, r.disclosure);
    EXPECT_EQ(back->quorum.required, r.quorum.required);
    EXPECT_EQ(back->quorum.met, r.quorum.met);
    EXPECT_EQ(back->denominator, r.denominator);
    EXPECT_EQ(back->denominator_value, r.denominator_value);
    EXPECT_EQ(back->flags, r.flags);
    ASSERT_EQ(back->outcomes.size(), r.outcomes.size());
    const json j = json::parse(text);
    for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
      const Outcome& o = r.outcomes[i];
      EXPECT_EQ(back->outcomes[i].candidate, o.candidate);
      EXPECT_EQ(back->outcomes[i].status, o.status);
      EXPECT_EQ(back->outcomes[i].votes, o.votes);
      EXPECT_EQ(back->outcomes[i].level, o.level);
      EXPECT_TRUE(back->outcomes[i].reason == o.reason)
          << ReasonCodeName(o.reason.code) << " in " << text;
      EXPECT_EQ(j["outcomes"][i]["reason_code"], ReasonCodeName(o.reason.code));
      EXPECT_EQ(j["outcomes"][i]["reason"],
                RenderReason(back->outcomes[i].reason, Language::kEn));
      codes.insert(o.reason.code);
      b_ballots |= o.reason.b_ballots.has_value();
    }
    EXPECT_EQ(RoundResultToJson(*back), text);
    flags.insert(r.flags.begin(), r.flags.end());
  }
  for (ReasonCode code : AllReasonCodes()) {
    EXPECT_TRUE(codes.count(code)) << "no round gives " << ReasonCodeName(code);
  }
  for (Flag f : AllFlags()) {
    EXPECT_TRUE(flags.count(f)) << "no round raises " << FlagName(f);
  }
  EXPECT_TRUE(b_ballots);
}

TEST(RoundResultJson, ReasonCodeAndArgumentsAreWrittenAsDocumented) {
  auto r = Eval(Nominate("2", 40, 30, 30, {{"A", 15}, {"B", 9}, {"C", 4}}));
  ASSERT_TRUE(r.ok());
  const json j = json::parse(RoundResultToJson(*r));
  EXPECT_EQ(j["outcomes"][0]["reason_code"], "carried_in_top");
  EXPECT_EQ(j["outcomes"][0]["reason_args"], json::parse(R"({
    "counted": "votes", "count": 15,
    "threshold": {"compare": ">", "fraction": "1/2", "of": "convened", "count": 40},
    "top": 2})"));
  EXPECT_EQ(j["outcomes"][2]["reason_code"], "not_in_top");
  EXPECT_FALSE(j.contains("flags_zh"));
  EXPECT_FALSE(j["outcomes"][0].contains("reason_zh"));
}

TEST(RoundResultJson, AnotherLanguageIsAddedBesideTheEnglish) {
  auto r = Eval(json::parse(R"({
    "procedure": "vn-confidence-vote", "step": "2r",
    "electorate": {"convened": 30, "present": 30},
    "candidates": ["A"], "ballots": {"cast": 30},
    "counts": {"A": {"high": 5, "medium": 5, "low": 20}}})"));
  ASSERT_TRUE(r.ok());
  const json en = json::parse(RoundResultToJson(*r));
  const json vi = json::parse(RoundResultToJson(*r, Language::kVi));
  EXPECT_EQ(vi["outcomes"][0]["reason"], en["outcomes"][0]["reason"]);
  EXPECT_EQ(vi["outcomes"][0]["reason_vi"],
            RenderReason(r->outcomes[0].reason, Language::kVi));
  EXPECT_EQ(vi["flags"], en["flags"]);
  EXPECT_EQ(vi["flags_vi"],
            json({RenderFlag(Flag::kLowMajority, Language::kVi),
                  RenderFlag(Flag::kLowTwoThirds, Language::kVi)}));
  // The decoder reads the codes and ignores the texts.
  auto back = ParseRoundResult(vi.dump());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(back->outcomes[0].reason == r->outcomes[0].reason);
}

TEST(RoundResultJson, BadOutcomesNameTheField) {
  auto r = Eval(Nominate("2", 40, 30, 30, {{"A", 15}, {"B", 9}}));
  ASSERT_TRUE(r.ok());
  const json good = json::parse(RoundResultToJson(*r));
  auto expect = [&](const std::string& pointer, const json* value,
                    const std::string& message) {
    json bad = good;
    if (value) {
      bad[json::json_pointer(pointer)] = *value;
    } else {
      const json::json_pointer p(pointer);
      bad[p.parent_pointer()].erase(p.back());
    }
    auto parsed = ParseRoundResult(bad.dump());
    ASSERT_FALSE(parsed.ok()) << pointer;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.message(), message);
  };
  const json nope = "nope";
  const json seven = 7;
  // Minutes written before reasons had codes.
  expect("/outcomes/0/reason_code", nullptr,
         "outcomes[0].reason_code: missing");
  expect("/outcomes/1/reason_code", &nope,
         "outcomes[1].reason_code: unknown code \"nope\"");
  expect("/outcomes/0/reason_args/top", nullptr,
         "outcomes[0].reason_args.top: missing");
  expect("/outcomes/0/reason_args/slots", &seven,
         "outcomes[0].reason_args.slots: not an argument of reason "
         "carried_in_top");
  expect("/outcomes/0/reason_args/threshold/of", &nope,
         "outcomes[0].reason_args.threshold.of: unknown value \"nope\"");
  // Counts no meeting has: they would overflow the threshold arithmetic.
  const json huge = json::parse("18446744073709551615");
  const json negative = -1;
  const json billion_and_one = 1'000'000'001;
  const std::string bound = ": must be a whole number from 0 to 1000000000";
  expect("/outcomes/0/reason_args/threshold/count", &huge,
         "outcomes[0].reason_args.threshold.count" + bound);
  expect("/outcomes/0/reason_args/count", &negative,
         "outcomes[0].reason_args.count" + bound);
  expect("/denominator/value", &billion_and_one, "denominator.value" + bound);
  const json bad_flags = json::parse(R"(["tie_at_cut", "nope"])");
  expect("/flags", &bad_flags, "flags[1]: unknown flag \"nope\"");
  EXPECT_EQ(ParseRoundResult("{").message(),
            "outcome: ends too soon at line 1, column 2 (is the file cut off?)");
}

TEST(RoundResultJson, TheBallotIsSpelledAsTheProcedureFileSpellsIt) {
  for (const RoundResult& r : Corpus()) {
    ASSERT_TRUE(r.ballot.has_value());
    const json j = json::parse(RoundResultToJson(r));
    EXPECT_EQ(j["ballot"], std::string(crypto::BallotKindName(*r.ballot)));
  }
  RoundResult none = Corpus().front();
  none.ballot = std::nullopt;
  const std::string text = RoundResultToJson(none);
  EXPECT_EQ(json::parse(text)["ballot"], "none");
  auto back = ParseRoundResult(text);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->ballot, std::nullopt);
  json bad = json::parse(text);
  bad["ballot"] = "ranked";
  EXPECT_EQ(ParseRoundResult(bad.dump()).message(),
            "ballot: unknown value \"ranked\"");
}

}  // namespace
}  // namespace hall::rules::testing
