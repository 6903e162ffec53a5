// hall-rules as an auditor runs it: the contract of docs/procedures.md,
// "Evaluating a round offline" (fields, statuses, exit codes, one error line
// on stderr and nothing on stdout for bad input).
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.h"

namespace hall::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kRules = HALL_RULES_BINARY;
const fs::path kSource = HALL_SOURCE_DIR;

CommandResult Evaluate(const json& round) {
  return RunCommand(Quote(kRules) + " evaluate -", round.dump());
}

// The example input of the contract, verbatim.
json ContractExample() {
  return json::parse(R"({
    "procedure": "vn-138-appointment",
    "step": "2",
    "electorate": {"convened": 40, "present": 30, "members": 9},
    "slots": 1,
    "candidates": ["A", "B", "C"],
    "head_nominee": "B",
    "previous_selection": ["A"],
    "date": "2027-02-10",
    "ballots": {"cast": 30, "blank": 2},
    "counts": {"A": 15, "B": 9, "C": 4},
    "counts_b": {}
  })");
}

TEST(HallRulesEvaluate, AnswersTheContractExample) {
  auto r = Evaluate(ContractExample());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  json out = json::parse(r.out);
  EXPECT_EQ(out["procedure"], "vn-138-appointment");
  EXPECT_EQ(out["step"], "2");
  EXPECT_EQ(out["ballot"], "nominate");
  EXPECT_EQ(out["disclosure"], "sealed");
  EXPECT_EQ(out["quorum"], json::parse(R"({"required": 27, "present": 30, "met": true})"));
  EXPECT_EQ(out["denominator"], json::parse(R"({"name": "convened", "value": 40})"));
  ASSERT_EQ(out["outcomes"].size(), 3u);
  const char* expected[][2] = {{"A", "carried_forward"}, {"B", "carried_forward"},
                               {"C", "not_selected"}};
  const int votes[] = {15, 9, 4};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(out["outcomes"][i]["candidate"], expected[i][0]);
    EXPECT_EQ(out["outcomes"][i]["status"], expected[i][1]);
    EXPECT_EQ(out["outcomes"][i]["votes"], votes[i]);
    EXPECT_TRUE(out["outcomes"][i]["reason"].is_string());
  }
  EXPECT_EQ(out["flags"], json::array());
}

TEST(HallRulesEvaluate, ReadsAFile) {
  const fs::path file = fs::temp_directory_path() / "hall-contract-example.json";
  std::ofstream(file) << ContractExample().dump();
  auto r = RunCommand(Quote(kRules) + " evaluate " + Quote(file.string()));
  fs::remove(file);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["outcomes"][0]["status"], "carried_forward");
}

TEST(HallRulesEvaluate, EveryShippedSampleRoundEvaluates) {
  int samples = 0;
  for (const auto& entry : fs::directory_iterator(kSource / "shared" / "examples")) {
    auto r = RunCommand(Quote(kRules) + " evaluate " + Quote(entry.path().string()));
    EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
    ++samples;
  }
  EXPECT_EQ(samples, 7);
}

TEST(HallRulesEvaluate, Rate3OutcomesCarryALevel) {
  json round = {{"procedure", "vn-confidence-vote"}, {"step", "2r"},
                {"electorate", {{"convened", 30}, {"present", 30}}},
                {"candidates", {"A"}},
                {"ballots", {{"cast", 30}}},
                {"counts", {{"A", {{"high", 5}, {"medium", 5}, {"low", 20}}}}}};
  auto r = Evaluate(round);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json out = json::parse(r.out);
  EXPECT_EQ(out["outcomes"][0]["level"], "low");
  EXPECT_EQ(out["flags"], json::parse(R"(["low_majority", "low_two_thirds"])"));
}

// Bad input: exit 2, nothing on stdout, exactly one line on stderr that
// starts with the field.
void ExpectBadInput(const std::string& stdin_text, const std::string& field) {
  auto r = RunCommand(Quote(kRules) + " evaluate -", stdin_text);
  EXPECT_EQ(r.exit_code, 2) << stdin_text;
  EXPECT_EQ(r.out, "");
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "not one line: " << r.err;
  EXPECT_EQ(r.err.rfind(field + ":", 0), 0u) << r.err;
}

TEST(HallRulesEvaluate, BadInputExitsTwoWithOneLine) {
  auto with = [](const std::string& pointer, const json& value) {
    json round = ContractExample();
    round[json::json_pointer(pointer)] = value;
    return round.dump();
  };
  ExpectBadInput(with("/procedure", "nope"), "procedure");
  ExpectBadInput(with("/step", "7"), "step");
  ExpectBadInput(with("/step", "1"), "step");
  ExpectBadInput(with("/counts/A", 31), "counts.A");
  ExpectBadInput(with("/ballots/blank", 3), "counts");
  ExpectBadInput(with("/electorate/present", 41), "electorate.present");
  ExpectBadInput(with("/counts/Z", 1), "counts.Z");
  ExpectBadInput(with("/counts/B", -1), "counts.B");
  ExpectBadInput(with("/electorate/convened", -40), "electorate.convened");
  json missing = ContractExample();
  missing.erase("ballots");
  ExpectBadInput(missing.dump(), "ballots");
  ExpectBadInput("{\"procedure\": ", "input");
  ExpectBadInput("", "input");
  ExpectBadInput("[1, 2]", "input");
}

TEST(HallRulesEvaluate, UnreadableFileExitsTwo) {
  auto r = RunCommand(Quote(kRules) + " evaluate /nonexistent/round.json");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("/nonexistent/round.json: cannot read"), std::string::npos) << r.err;
}

TEST(HallRulesCheck, ProcedureFileWithAMissingThreshold) {
  const fs::path dir = fs::temp_directory_path() / "hall-procedures-missing-threshold";
  fs::create_directories(dir);
  std::string text;
  {
    std::ifstream in(kSource / "shared" / "procedures" / "p2-vn-planning-next-term.json");
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  const std::string threshold =
      "\"threshold\": {\"compare\": \">\", \"fraction\": \"3/10\", \"of\": \"present\"},";
  ASSERT_NE(text.find(threshold), std::string::npos);
  text.erase(text.find(threshold), threshold.size());
  const fs::path file = dir / "p2.json";
  std::ofstream(file) << text;

  auto check = RunCommand(Quote(kRules) + " check " + Quote(file.string()));
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_EQ(check.err, file.string() + ": steps[1].rule.threshold: missing\n");

  auto evaluate = RunCommand(Quote(kRules) + " --procedures " + Quote(dir.string()) +
                             " evaluate -", ContractExample().dump());
  EXPECT_EQ(evaluate.exit_code, 2);
  EXPECT_EQ(evaluate.out, "");
  EXPECT_NE(evaluate.err.find("steps[1].rule.threshold: missing"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HallRulesCheck, ShippedFilesAreValid) {
  auto r = RunCommand(Quote(kRules) + " check " +
                      Quote((kSource / "shared" / "procedures").string()) + "/*.json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("OK (P7 cn-cadre-selection, 5 steps)"), std::string::npos) << r.out;
}

TEST(HallRulesListShow, ListsEveryProcedureAndShowsOneInTwoLanguages) {
  auto list = RunCommand(Quote(kRules) + " list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* id : {"P1  vn-138-appointment", "P2  vn-planning-next-term",
                         "P3  vn-planning-annual-review", "P4  vn-planning-external",
                         "P5  vn-confidence-vote", "P6  vn-central-annual-review",
                         "P7  cn-cadre-selection"}) {
    EXPECT_NE(list.out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(list.out.find("2r  Key officials conference"), std::string::npos) << list.out;
  auto show = RunCommand(Quote(kRules) + " show P1");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Step 5: Leadership collective votes on the appointment"),
            std::string::npos);
  EXPECT_NE(show.out.find("Bước 5: Tập thể lãnh đạo biểu quyết bổ nhiệm"), std::string::npos);
  auto unknown = RunCommand(Quote(kRules) + " show P9");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown procedure \"P9\""), std::string::npos);
}

TEST(HallRulesUsage, NoCommandIsAnErrorAndHelpWorks) {
  auto none = RunCommand(Quote(kRules));
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("hall-rules --help"), std::string::npos);
  auto help = RunCommand(Quote(kRules) + " --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("evaluate"), std::string::npos);
}

// A P7 round (the standing committee's vote, A and B ballots) in Chinese:
// "reason" stays the English contract text, reason_zh and flags_zh are added.
TEST(HallRulesEvaluate, LangZhWritesAP7RoundInChinese) {
  const fs::path file = kSource / "shared" / "examples" / "p7-step3.json";
  auto en = RunCommand(Quote(kRules) + " evaluate " + Quote(file.string()));
  auto zh =
      RunCommand(Quote(kRules) + " evaluate --lang zh " + Quote(file.string()));
  ASSERT_EQ(en.exit_code, 0) << en.err;
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  const json e = json::parse(en.out);
  const json z = json::parse(zh.out);
  ASSERT_EQ(z["outcomes"].size(), 2u);
  EXPECT_EQ(z["outcomes"][0]["candidate"], "王伟");
  EXPECT_EQ(z["outcomes"][0]["status"], "selected");
  for (std::size_t i = 0; i < 2; ++i) {
    const json& o = z["outcomes"][i];
    EXPECT_EQ(o["reason"], e["outcomes"][i]["reason"]);
    EXPECT_EQ(o["reason_code"], e["outcomes"][i]["reason_code"]);
    ASSERT_TRUE(o["reason_zh"].is_string());
    const std::string text = o["reason_zh"];
    for (std::size_t k = 0; k + 1 < text.size(); ++k) {
      const bool letters =
          std::isalpha(static_cast<unsigned char>(text[k])) &&
          std::isalpha(static_cast<unsigned char>(text[k + 1]));
      EXPECT_FALSE(letters) << "Latin word in " << text;
    }
  }
  EXPECT_EQ(z["outcomes"][0]["reason_code"], "within_slots");
  EXPECT_EQ(z["outcomes"][0]["reason_zh"],
            "同意7票：超过应到会成员11人的半数，且按得票从高到低排在1个名额以内"
            "（B票单独统计，仅作记录：同意4票、不同意1票、弃权0票）");
  EXPECT_EQ(z["outcomes"][1]["reason_code"], "below_threshold");
  EXPECT_EQ(z["outcomes"][1]["reason_zh"],
            "同意3票：未超过应到会成员11人的半数"
            "（B票单独统计，仅作记录：同意1票、不同意4票、弃权0票）");
  EXPECT_EQ(z["flags"], e["flags"]);
  EXPECT_EQ(z["flags_zh"].size(), z["flags"].size());
  EXPECT_FALSE(e["outcomes"][0].contains("reason_zh"));
  EXPECT_FALSE(e.contains("flags_zh"));

  auto bad =
      RunCommand(Quote(kRules) + " evaluate --lang fr " + Quote(file.string()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
}

TEST(HallRulesDemo, LangZhShowsTheChineseTitlesAndReasons) {
  auto en = RunCommand(Quote(kRules) + " demo");
  auto zh = RunCommand(Quote(kRules) + " demo --lang zh");
  ASSERT_EQ(en.exit_code, 0) << en.err;
  ASSERT_EQ(zh.exit_code, 0) << zh.err;
  EXPECT_NE(en.out.find("step 3: Standing committee vote"), std::string::npos);
  EXPECT_NE(zh.out.find("step 3: 常委会票决"), std::string::npos) << zh.out;
  EXPECT_NE(zh.out.find("同意7票：超过应到会成员11人的半数"),
            std::string::npos);
  EXPECT_EQ(zh.out.find("more than 1/2 of the"), std::string::npos);
}

}  // namespace
}  // namespace hall::testing
