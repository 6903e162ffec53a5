// Every JSON hall reads from outside goes through ParseJsonInput: what it
// refuses, and that each refusal says what and where without quoting the text.
#include "hall/shared/json_input.h"

#include <gtest/gtest.h>

#include <string>

#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"

namespace hall::shared {
namespace {

std::string Refusal(std::string_view text,
                    const JsonLimits& limits = kDocumentJson) {
  auto r = ParseJsonInput(text, "f.json", limits);
  EXPECT_FALSE(r.ok()) << "accepted: " << text.substr(0, 80);
  if (r.ok()) return "";
  EXPECT_EQ(r.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.message().rfind("f.json: ", 0), 0u) << r.message();
  return r.message();
}

std::string Nested(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(JsonInput, AcceptsWhatTheParserAcceptsAndKeepsIt) {
  const std::string text = R"({"a": [1, {"b": "Nguyễn"}], "c": null})";
  auto r = ParseJsonInput(text, "f.json");
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(*r, nlohmann::json::parse(text));
  auto ordered = ParseOrderedJsonInput(R"({"z": 1, "a": 2})", "f.json");
  ASSERT_TRUE(ordered.ok());
  EXPECT_EQ(ordered->begin().key(), "z");
}

TEST(JsonInput, RefusesAKeyTwiceInOneObjectNamingItAndWhere) {
  EXPECT_EQ(Refusal(R"({"id": "x", "id": "y"})"),
            "f.json: the key \"id\" appears twice in one object (at the top "
            "level): keep one of them");
  EXPECT_EQ(Refusal(R"({"counts": {"A": 15, "B": 9, "A": 1}})"),
            "f.json: the key \"A\" appears twice in one object (at counts): "
            "keep one of them");
  EXPECT_NE(Refusal(R"({"x": {"y": [{"k": 1, "k": 1}]}})").find("(at x.y[0])"),
            std::string::npos);
  EXPECT_NE(Refusal(R"({"steps": [{"a": 1}, 7, [], {"r": {"t": 1, "t": 2}}]})")
                .find("(at steps[3].r)"),
            std::string::npos);
  // A key's control characters are not written back as they are.
  EXPECT_EQ(Refusal("{\"\\u001b[2J\": 1, \"\\u001b[2J\": 2}"),
            "f.json: the key \"\\x1B[2J\" appears twice in one object (at "
            "the top level): keep one of them");
}

TEST(JsonInput, TheSameKeyInDifferentObjectsIsFine) {
  EXPECT_TRUE(ParseJsonInput(R"([{"a": 1}, {"a": 2}])", "f").ok());
  EXPECT_TRUE(ParseJsonInput(R"({"x": {"a": 1}, "y": {"a": 1}, "a": 3})", "f")
                  .ok());
}

TEST(JsonInput, RefusesNestingPastTheLimitWithoutWalkingIt) {
  EXPECT_TRUE(ParseJsonInput(Nested(32), "f").ok());
  EXPECT_EQ(Refusal(Nested(33)),
            "f.json: nested deeper than 32 levels (no hall file goes that "
            "deep)");
  // 100,000 levels once crashed hall-rules; now one line, no crash.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "{\"x\":";
  deep += "1" + std::string(100000, '}');
  EXPECT_NE(Refusal(deep).find("nested deeper"), std::string::npos);
}

TEST(JsonInput, RefusesTextOverTheSizeLimitBeforeParsing) {
  const JsonLimits small{16, 32};
  EXPECT_EQ(Refusal(R"(["0123456789abcdef"])", small),
            "f.json: 20 bytes, more than the 16 bytes it may have");
  EXPECT_TRUE(ParseJsonInput("[1]", "f", small).ok());
}

TEST(JsonInput, SaysWhereTheTextIsBroken) {
  EXPECT_EQ(Refusal("{\"a\":\n 1,,}"),
            "f.json: not valid JSON at line 2, column 4 (check the brackets, "
            "quotes and commas there)");
  EXPECT_EQ(Refusal("{\"a\": \"Tr\xe1\xba\xa7n \xff\"}"),
            "f.json: not UTF-8 text at line 1, column 13 (save it as UTF-8 "
            "and try again)");
  EXPECT_EQ(Refusal("{\"a\": [1,"),
            "f.json: ends too soon at line 1, column 10 (is the file cut "
            "off?)");
  EXPECT_EQ(Refusal(" \n"), "f.json: empty: it must hold one JSON value");
  EXPECT_NE(Refusal("[1] [2]").find("not valid JSON"), std::string::npos);
}

TEST(JsonInput, NeverQuotesTheTextItRefuses) {
  // A trustee's file holds a secret: a refusal must not carry it to a log.
  const std::string secret = "c2VjcmV0IHNoYXJlIG9mIHRydXN0ZWUgMw";
  for (const std::string& text :
       {"{\"share\": \"" + secret + "\" \"x\": 1}", "{\"share\": " + secret,
        "{\"share\": \"" + secret + "\", \"share\": 1}",
        "{\"share\": \"" + secret + "\xff\"}"}) {
    const std::string m = Refusal(text);
    EXPECT_EQ(m.find("c2VjcmV0"), std::string::npos) << m;
  }
}

// The finding that changed an outcome: the second count for A was taken.
TEST(JsonInput, HallRulesRefusesARoundThatCountsOnePersonTwice) {
  const std::string round = R"({"procedure": "vn-138-appointment", "step": "2",
    "electorate": {"convened": 40, "present": 30},
    "candidates": ["A", "B", "C"], "ballots": {"cast": 30, "blank": 2},
    "counts": {"A": 15, "B": 9, "C": 4, "A": 1}})";
  auto r = rules::ParseRound(round, rules::Catalog::Builtin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(),
            "input: the key \"A\" appears twice in one object (at counts): "
            "keep one of them");
  // Two spellings of one name (decomposed and composed accents) are one
  // person to hall-rules too.
  const std::string nfd = "Nguye\xCC\x82\xCC\x83n";  // e + U+0302 + U+0303
  const std::string spelled =
      R"({"procedure": "vn-138-appointment", "step": "2",
    "electorate": {"convened": 40, "present": 30},
    "candidates": ["Nguyễn", "B"], "ballots": {"cast": 30, "blank": 2},
    "counts": {"Nguyễn": 15, ")" + nfd + R"(": 9, "B": 4}})";
  auto twice = rules::ParseRound(spelled, rules::Catalog::Builtin());
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.message().find("counted twice (two spellings of one name)"),
            std::string::npos)
      << twice.message();
  auto bidi = rules::ParseRound(
      R"({"procedure": "vn-138-appointment", "step": "2",
    "electorate": {"convened": 40, "present": 30},
    "candidates": ["A\u202Ex", "B"], "ballots": {"cast": 30, "blank": 2},
    "counts": {"A\u202Ex": 15, "B": 4}})",
      rules::Catalog::Builtin());
  EXPECT_FALSE(bidi.ok());
}

}  // namespace
}  // namespace hall::shared
