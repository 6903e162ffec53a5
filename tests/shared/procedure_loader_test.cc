// The procedure files: every shipped file loads, the loader reports every
// problem with its path, and an adapted file changes the engine's behaviour
// through its named parameters.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "hall/shared/catalog.h"
#include "hall/shared/describe.h"
#include "hall/shared/procedure_loader.h"
#include "rules_test_util.h"

namespace hall::rules::testing {
namespace {

std::string ShippedText(const std::string& name) {
  for (const auto& f : EmbeddedProcedureFiles()) {
    if (name == f.name) return f.text;
  }
  return "";
}

TEST(Catalog, ShipsTheSevenProcedures) {
  const auto& c = Catalog::Builtin();
  ASSERT_EQ(c.procedures().size(), 7u);
  const char* ids[] = {"vn-138-appointment",      "vn-planning-next-term",
                       "vn-planning-annual-review", "vn-planning-external",
                       "vn-confidence-vote",      "vn-central-annual-review",
                       "cn-cadre-selection"};
  for (int i = 0; i < 7; ++i) {
    const Procedure* p = c.Find(ids[i]);
    ASSERT_NE(p, nullptr) << ids[i];
    EXPECT_EQ(p->code, "P" + std::to_string(i + 1));
    EXPECT_EQ(c.Find(p->code), p);
  }
}

TEST(Catalog, SealedStepsAreTheOnesThePageNames) {
  const auto& c = Catalog::Builtin();
  auto disclosure = [&](const char* id, const char* step) {
    return c.Find(id)->FindStep(step)->disclosure;
  };
  EXPECT_EQ(disclosure("P1", "2"), Disclosure::kSealed);
  EXPECT_EQ(disclosure("P1", "3"), Disclosure::kAnnounced);
  EXPECT_EQ(disclosure("P1", "4"), Disclosure::kSealed);
  EXPECT_EQ(disclosure("P1", "5"), Disclosure::kAnnounced);
  EXPECT_EQ(disclosure("P2", "2"), Disclosure::kSealed);
  EXPECT_EQ(disclosure("P5", "2r"), Disclosure::kSealed);
  EXPECT_EQ(disclosure("P7", "1"), Disclosure::kSealed);
  EXPECT_EQ(disclosure("P7", "3"), Disclosure::kAnnounced);
}

TEST(Loader, MissingThresholdIsReportedWithItsPath) {
  std::string text = ShippedText("p1-vn-138-appointment.json");
  const std::string threshold =
      "\"threshold\": {\"compare\": \">\", \"fraction\": \"1/2\", \"of\": \"convened\"},";
  const auto at = text.find(threshold);
  ASSERT_NE(at, std::string::npos);
  text.erase(at, threshold.size());
  auto p = ParseProcedure(text, "p1.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.message(), "p1.json: steps[1].rule.threshold: missing");
}

TEST(Loader, AStepIdMustStartWithItsStageNumber) {
  std::string text = ShippedText("p1-vn-138-appointment.json");
  const std::string id = "\"id\": \"3\"";
  const auto at = text.find(id);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, id.size(), "\"id\": \"final\"");
  auto p = ParseProcedure(text, "p1.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.message().find(".id: \"final\" must start with the number of "
                             "its stage"),
            std::string::npos)
      << p.message();
}

TEST(Loader, AStepWithoutAQuorumSaysNoneAndAZeroFractionIsRefused) {
  std::string text = ShippedText("p7-cn-cadre-selection.json");
  auto p = ParseProcedure(text, "p7.json");
  ASSERT_TRUE(p.ok()) << p.message();
  ASSERT_TRUE(p->FindStep("1")->quorum.has_value());
  EXPECT_TRUE(IsNoQuorum(*p->FindStep("1")->quorum));
  EXPECT_FALSE(IsNoQuorum(*p->FindStep("3")->quorum));
  const std::string none = "\"quorum\": \"none\"";
  const auto at = text.find(none);
  ASSERT_NE(at, std::string::npos);
  std::string zero = text;
  zero.replace(at, none.size(),
               "\"quorum\": {\"compare\": \">\", \"fraction\": \"0/1\", \"of\": \"present\"}");
  auto refused = ParseProcedure(zero, "p7.json");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("steps[0].quorum: a fraction of 0 is no quorum"),
            std::string::npos)
      << refused.message();
  std::string other = text;
  other.replace(at, none.size(), "\"quorum\": \"nobody\"");
  auto bad = ParseProcedure(other, "p7.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("steps[0].quorum: must be \"none\""), std::string::npos)
      << bad.message();
}

TEST(Loader, KeepsTheFileItParsed) {
  const std::string text = ShippedText("p1-vn-138-appointment.json");
  auto p = ParseProcedure(text, "p1.json");
  ASSERT_TRUE(p.ok()) << p.message();
  EXPECT_EQ(p->file_text, text);
}

TEST(Loader, ReportsEveryProblemAtOnce) {
  const char* text = R"({
    "format": "hall-procedure/1", "id": "x", "code": "PX",
    "title": {"en": "X"}, "source": "test",
    "quorum": {"compare": ">=", "fraction": "3/2", "of": "convened"},
    "steps": [
      {"id": "1", "title": {"en": "a"}, "electorate": {"en": "b"}, "ballot": "nominate",
       "disclosure": "secret", "rule": {"kind": "top_majority",
       "threshold": {"compare": ">", "fraction": "1/2", "of": "everyone"}}},
      {"id": "1", "title": {"en": "a"}, "electorate": {"en": "b"}, "ballot": "rate3",
       "disclosure": "sealed", "rule": {"kind": "top_majority", "treshold": {}}}
    ]})";
  auto p = ParseProcedure(text, "x.json");
  ASSERT_FALSE(p.ok());
  const std::string m = p.message();
  for (const char* expected :
       {"x.json: quorum.fraction: \"3/2\" is not an exact fraction",
        "x.json: steps[0].disclosure: \"secret\" is not one of",
        "x.json: steps[0].rule.threshold.of: \"everyone\" is not one of",
        "x.json: steps[1].rule.treshold: unknown field",
        "x.json: steps[1].rule.kind: \"top_majority\" cannot read rate3 ballots",
        "x.json: steps[1].rule.threshold: missing",
        "x.json: steps[1].id: \"1\" is used by another step"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << "missing: " << expected << "\n" << m;
  }
}

// A number that does not fit is refused, never cut to fit: 4294967297
// once passed check and was read as January.
TEST(Loader, AMonthThatDoesNotFitIsRefusedNotWrapped) {
  std::string text = ShippedText("p6-vn-central-annual-review.json");
  const std::string months = "\"months\": [1, 2, 3]";
  const auto at = text.find(months);
  ASSERT_NE(at, std::string::npos);
  for (const char* bad : {"[4294967297]", "[18446744073709551615]", "[-1]", "[1.0]"}) {
    std::string changed = text;
    changed.replace(at, months.size(), std::string("\"months\": ") + bad);
    auto p = ParseProcedure(changed, "p6.json");
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.message(),
              "p6.json: season.months: each month must be a whole number from 1 to 12")
        << bad;
  }
  std::string big_min = ShippedText("p1-vn-138-appointment.json");
  big_min.insert(big_min.find('{') + 1, "\"min_ballots\": 18446744073709551615,");
  auto p = ParseProcedure(big_min, "p1.json");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.message().find("min_ballots: must be a whole number from 3 to 1000000"),
            std::string::npos) << p.message();
}

TEST(Loader, NotJson) {
  auto p = ParseProcedure("{", "broken.json");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.message(), "broken.json: ends too soon at line 1, column 2 (is the file cut off?)");
}

TEST(Loader, AMalformedFileIsInvalidArgument) {
  EXPECT_EQ(ParseProcedure("{", "broken.json").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseProcedure("[]", "list.json").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Catalog::FromFolder("/nonexistent/hall-procedures").code(),
            StatusCode::kInvalidArgument);
}

TEST(Loader, FractionsAreExact) {
  Fraction f;
  EXPECT_TRUE(ParseFraction("2/3", f));
  EXPECT_EQ(f.num, 2);
  EXPECT_EQ(f.den, 3);
  EXPECT_FALSE(ParseFraction("0.5", f));
  EXPECT_FALSE(ParseFraction("1/0", f));
  EXPECT_FALSE(ParseFraction("4/3", f));
  EXPECT_FALSE(ParseFraction("1/2x", f));
}

TEST(Parameters, MinBallotsIsThreeUnlessTheFileAsksForMore) {
  std::string text = ShippedText("p1-vn-138-appointment.json");
  auto shipped = ParseProcedure(text, "p1.json");
  ASSERT_TRUE(shipped.ok()) << shipped.message();
  EXPECT_EQ(shipped->min_ballots, 3);
  const auto at = text.find("\"quorum\":");
  ASSERT_NE(at, std::string::npos);
  std::string more = text;
  more.insert(at, "\"min_ballots\": 7, ");
  auto seven = ParseProcedure(more, "adapted.json");
  ASSERT_TRUE(seven.ok()) << seven.message();
  EXPECT_EQ(seven->min_ballots, 7);
  std::string fewer = text;
  fewer.insert(at, "\"min_ballots\": 2, ");
  auto two = ParseProcedure(fewer, "adapted.json");
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.message().find("min_ballots: must be a whole number from 3"),
            std::string::npos)
      << two.message();
}

TEST(Parameters, AnAdaptedFileChangesTheTieRuleAtTheCarryCut) {
  std::string text = ShippedText("p1-vn-138-appointment.json");
  const std::string from = "\"tie_at_carry_cut\": \"carry_all\",\n        \"carry_min_votes\": 1\n      },\n      \"notes\": {\n        \"en\": \"Ballots issued";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("\"tie_at_carry_cut\": \"carry_all\"").size(),
               "\"tie_at_carry_cut\": \"needs_decision\"");
  auto proc = ParseProcedure(text, "adapted.json");
  ASSERT_TRUE(proc.ok()) << proc.message();
  const Step* step = proc->FindStep("2");
  EXPECT_EQ(step->rule->params.tie_at_carry_cut, TieHandling::kNeedsDecision);
  RoundInput in;
  in.procedure = proc->id;
  in.step = "2";
  in.convened = 40;
  in.present = 30;
  in.cast = 30;
  in.candidates = {"A", "B", "C"};
  in.counts = {{"A", {{"votes", 15}}}, {"B", {{"votes", 7}}}, {"C", {{"votes", 7}}}};
  auto r = Evaluate(*proc, *step, in);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(StatusOf(*r, "A"), "carried_forward");
  EXPECT_EQ(StatusOf(*r, "B"), "needs_decision");
  EXPECT_EQ(StatusOf(*r, "C"), "needs_decision");
  EXPECT_TRUE(HasFlag(*r, "tie_at_cut"));
}

TEST(Describe, ShowsTheRuleInEnglishAndVietnamese) {
  const Procedure* p1 = Catalog::Builtin().Find("P1");
  const std::string en = DescribeProcedure(*p1, "en");
  EXPECT_NE(en.find("more than 1/2 of those convened (2 × votes > convened)"), std::string::npos)
      << en;
  EXPECT_NE(en.find("NOT announced"), std::string::npos);
  EXPECT_NE(en.find("the head's nominee is appointed"), std::string::npos);
  const std::string vi = DescribeProcedure(*p1, "vi");
  EXPECT_NE(vi.find("trên 1/2 số người được triệu tập"), std::string::npos) << vi;
  EXPECT_NE(vi.find("KHÔNG công bố"), std::string::npos);
}

// A step's ballot is crypto's kind (or none): every shipped step spells it
// as its file does, and the name parses back to the same ballot.
TEST(Loader, EveryStepsBallotIsSpelledAsItsFileSpellsIt) {
  bool saw_none = false;
  for (const Procedure& p : Catalog::Builtin().procedures()) {
    const nlohmann::json file = nlohmann::json::parse(p.file_text);
    ASSERT_EQ(file["steps"].size(), p.steps.size()) << p.code;
    for (std::size_t i = 0; i < p.steps.size(); ++i) {
      const Step& step = p.steps[i];
      const std::string spelled = file["steps"][i]["ballot"];
      EXPECT_EQ(BallotKindName(step.ballot), spelled)
          << p.code << " step " << step.id;
      auto parsed = ParseStepBallot(spelled);
      ASSERT_TRUE(parsed.ok()) << parsed.message();
      EXPECT_EQ(*parsed, step.ballot) << p.code << " step " << step.id;
      EXPECT_EQ(step.rule.has_value(), step.ballot.has_value())
          << p.code << " step " << step.id;
      saw_none = saw_none || !step.ballot;
    }
  }
  EXPECT_TRUE(saw_none);  // P7 step 4 has no ballot
  EXPECT_EQ(ParseStepBallot("none").value(), std::nullopt);
  EXPECT_EQ(ParseStepBallot("yesno_abstain").value(),
            crypto::BallotKind::kYesNoAbstain);
  EXPECT_EQ(ParseStepBallot("None").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(StepBallotNames(),
            "none, nominate, approve, rate3, rate4, yesno_abstain");
}

TEST(Loader, AnUnknownBallotNamesEveryBallotThereIs) {
  const char* text = R"({
    "format": "hall-procedure/1", "id": "x", "code": "PX",
    "title": {"en": "X"}, "source": "test",
    "steps": [
      {"id": "1", "title": {"en": "a"}, "electorate": {"en": "b"}, "ballot": "ranked",
       "disclosure": "sealed", "rule": {"kind": "opinion"}}
    ]})";
  auto p = ParseProcedure(text, "x.json");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.message().find("x.json: steps[0].ballot: \"ranked\" is not one of: "
                             "none, nominate, approve, rate3, rate4, yesno_abstain"),
            std::string::npos)
      << p.message();
}

}  // namespace
}  // namespace hall::rules::testing
