// The renderer of reasons and flags (rules_text.h): every ReasonCode and
// every Flag in Vietnamese, Chinese and English; no empty text, no English
// left in the Vietnamese or Chinese, and every argument of a reason in its
// text. The English sentences are the contract's and are pinned here.
#include "hall/shared/rules_text.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace hall::rules {
namespace {

const Language kLanguages[] = {Language::kVi, Language::kZh, Language::kEn};

// Distinct two-digit numbers, so that each argument can be found in the text.
Reason Sample(ReasonCode code) {
  Reason r;
  r.code = code;
  auto uses = [&](ReasonField f) { return ReasonUses(code, f); };
  if (uses(ReasonField::kCount)) {
    r.counted = code == ReasonCode::kEvaluationPassed ||
                        code == ReasonCode::kEvaluationBelow
                    ? Counted::kExcellentCompetent
                : code == ReasonCode::kTopPassed ||
                        code == ReasonCode::kTiedForTop ||
                        code == ReasonCode::kBelowSelected ||
                        code == ReasonCode::kInspectionCandidate ||
                        code == ReasonCode::kBelowBracketShare ||
                        code == ReasonCode::kCarriedInTop ||
                        code == ReasonCode::kCarriedTiedAtCut ||
                        code == ReasonCode::kTiedAtCarryCut ||
                        code == ReasonCode::kBelowCarryMinimum ||
                        code == ReasonCode::kNotInTop
                    ? Counted::kVotes
                    : Counted::kAgree;
    r.count = 17;
  }
  if (uses(ReasonField::kThreshold)) {
    r.threshold = {Comparison::kGreater, {3, 5}, Base::kConvened, 41};
  }
  if (uses(ReasonField::kPresent)) r.present = 23;
  if (uses(ReasonField::kRequired)) r.required = 28;
  if (uses(ReasonField::kOthers)) r.others = 19;
  if (uses(ReasonField::kTop)) r.top = 14;
  if (uses(ReasonField::kMinVotes)) r.min_votes = 15;
  if (uses(ReasonField::kSlots)) r.slots = 16;
  if (uses(ReasonField::kCast)) r.cast = 37;
  if (uses(ReasonField::kOptions)) {
    r.options = code == ReasonCode::kRate3Level
                    ? std::vector<OptionCount>{{"high", 11},
                                               {"medium", 12},
                                               {"low", 13}}
                    : std::vector<OptionCount>{
                          {"agree", 11}, {"disagree", 12}, {"abstain", 13}};
  }
  if (uses(ReasonField::kLevel)) r.level = Level::kLow;
  return r;
}

// The numbers a reason's text must show, by the fields its code uses.
std::vector<std::string> Numbers(const Reason& r) {
  std::vector<std::string> n;
  auto uses = [&](ReasonField f) { return ReasonUses(r.code, f); };
  if (uses(ReasonField::kCount)) n.push_back("17");
  if (uses(ReasonField::kPresent)) n.push_back("23");
  if (uses(ReasonField::kRequired)) n.push_back("28");
  if (uses(ReasonField::kOthers)) n.push_back("19");
  if (uses(ReasonField::kTop)) n.push_back("14");
  if (uses(ReasonField::kMinVotes)) n.push_back("15");
  if (uses(ReasonField::kSlots)) n.push_back("16");
  if (uses(ReasonField::kCast)) n.push_back("37");
  if (uses(ReasonField::kOptions)) {
    for (const char* s : {"11", "12", "13"}) n.push_back(s);
  }
  return n;
}

// How each language writes the sample's 3/5 threshold.
std::string FractionIn(Language language) {
  return language == Language::kEn ? "3/5" : "60%";
}

// ASCII words of two or more letters.
std::vector<std::string> AsciiWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && std::isalpha(u)) {
      word += static_cast<char>(std::tolower(u));
    } else {
      if (word.size() >= 2) words.push_back(word);
      word.clear();
    }
  }
  return words;
}

// Words made only of ASCII letters, split at spaces and punctuation (so
// Vietnamese words with diacritics are never among them).
std::set<std::string> PlainWords(const std::string& text) {
  std::set<std::string> words;
  std::string word;
  bool plain = true;
  for (char c : text + " ") {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalpha(u)) {
      if (u >= 0x80) plain = false;
      word += static_cast<char>(std::tolower(u));
    } else {
      if (plain && word.size() >= 2) words.insert(word);
      word.clear();
      plain = true;
    }
  }
  return words;
}

// Every English word of every English text (the words that must not be
// left untranslated).
std::set<std::string> EnglishVocabulary() {
  std::set<std::string> vocabulary;
  auto add = [&](const std::string& text) {
    for (const auto& w : AsciiWords(text)) vocabulary.insert(w);
  };
  for (ReasonCode code : AllReasonCodes()) {
    Reason r = Sample(code);
    r.b_ballots = {{"agree", 71}, {"disagree", 72}, {"abstain", 73}};
    add(RenderReason(r, Language::kEn));
  }
  for (Flag f : AllFlags()) add(RenderFlag(f, Language::kEn));
  for (const char* option :
       {"votes", "agree", "disagree", "abstain", "high", "medium", "low",
        "excellent", "competent", "basic", "incompetent"}) {
    vocabulary.insert(option);
  }
  return vocabulary;
}

void ExpectNoEnglish(const std::string& text, Language language,
                     const std::string& what) {
  if (language == Language::kZh) {
    EXPECT_TRUE(AsciiWords(text).empty())
        << what << ": Latin words in the Chinese: " << text;
  } else if (language == Language::kVi) {
    static const std::set<std::string> kEnglish = EnglishVocabulary();
    for (const auto& w : PlainWords(text)) {
      EXPECT_FALSE(kEnglish.count(w))
          << what << ": English \"" << w << "\" in the Vietnamese: " << text;
    }
  }
}

TEST(RenderReason, EveryCodeInEveryLanguageStatesItsArguments) {
  for (ReasonCode code : AllReasonCodes()) {
    const Reason r = Sample(code);
    for (Language language : kLanguages) {
      const std::string what =
          ReasonCodeName(code) + " in " + LanguageName(language);
      const std::string text = RenderReason(r, language);
      EXPECT_FALSE(text.empty()) << what;
      ExpectNoEnglish(text, language, what);
      for (const auto& n : Numbers(r)) {
        EXPECT_NE(text.find(n), std::string::npos)
            << what << " lacks " << n << ": " << text;
      }
      // The quorum's reason states its counts, not its fraction; the ties
      // "at exactly 1/2" state the fraction, not its base.
      if (ReasonUses(code, ReasonField::kThreshold) &&
          code != ReasonCode::kQuorumNotMet) {
        EXPECT_NE(text.find(FractionIn(language)), std::string::npos)
            << what << ": " << text;
      }
      if (ReasonUses(code, ReasonField::kThreshold) &&
          code != ReasonCode::kTiedWithHeadNominee &&
          code != ReasonCode::kExactTieWithoutNominee &&
          code != ReasonCode::kExactTieOfMany) {
        EXPECT_NE(text.find("41"), std::string::npos) << what << ": " << text;
      }
    }
  }
}

TEST(RenderReason, TheLanguagesDiffer) {
  for (ReasonCode code : AllReasonCodes()) {
    const Reason r = Sample(code);
    const std::string vi = RenderReason(r, Language::kVi);
    const std::string zh = RenderReason(r, Language::kZh);
    const std::string en = RenderReason(r, Language::kEn);
    EXPECT_NE(vi, en) << ReasonCodeName(code);
    EXPECT_NE(zh, en) << ReasonCodeName(code);
    EXPECT_NE(vi, zh) << ReasonCodeName(code);
  }
}

TEST(RenderReason, TheBBallotNoteInEveryLanguage) {
  Reason r = Sample(ReasonCode::kWithinSlots);
  r.b_ballots = {{"agree", 71}, {"disagree", 72}, {"abstain", 73}};
  for (Language language : kLanguages) {
    const std::string plain =
        RenderReason(Sample(ReasonCode::kWithinSlots), language);
    const std::string text = RenderReason(r, language);
    EXPECT_EQ(text.rfind(plain, 0), 0u) << text;  // the note is appended
    EXPECT_NE(text.find("B"), std::string::npos) << text;
    for (const char* n : {"71", "72", "73"}) {
      EXPECT_NE(text.find(n), std::string::npos) << text;
    }
    ExpectNoEnglish(text, language, "B ballots");
  }
  EXPECT_NE(RenderReason(r, Language::kZh).find("B票"), std::string::npos);
  EXPECT_NE(RenderReason(r, Language::kVi).find("phiếu B"), std::string::npos);
}

TEST(RenderReason, Rate3StatesTheLevelAndTheLowThresholds) {
  Reason r = Sample(ReasonCode::kRate3Level);
  r.low_majority =
      ThresholdFacts{Comparison::kGreater, {1, 2}, Base::kCast, 37};
  r.low_two_thirds =
      ThresholdFacts{Comparison::kAtLeast, {2, 3}, Base::kCast, 37};
  EXPECT_EQ(RenderReason(r, Language::kEn),
            "high 11, medium 12, low 13 of 37 cast: level low; low is more "
            "than 1/2 of the 37 cast; low is at least 2/3 of the 37 cast");
  const std::string vi = RenderReason(r, Language::kVi);
  EXPECT_NE(vi.find("xếp mức tín nhiệm thấp"), std::string::npos) << vi;
  EXPECT_NE(vi.find("trên 50%"), std::string::npos) << vi;
  EXPECT_NE(vi.find("ít nhất 2/3"), std::string::npos) << vi;
  const std::string zh = RenderReason(r, Language::kZh);
  EXPECT_NE(zh.find("评定为信任度低"), std::string::npos) << zh;
  EXPECT_NE(zh.find("超过收回票37张的半数"), std::string::npos) << zh;
  EXPECT_NE(zh.find("不低于收回票37张的三分之二"), std::string::npos) << zh;
}

// The contract's English, one sentence per code, as hall has always
// written it (the shapes of docs/procedures.md and of earlier minutes).
TEST(RenderReason, TheEnglishSentencesAreTheContracts) {
  auto en = [](Reason r) { return RenderReason(r, Language::kEn); };
  const ThresholdFacts half_of_40{
      Comparison::kGreater, {1, 2}, Base::kConvened, 40};
  Reason r;
  r.code = ReasonCode::kQuorumNotMet;
  r.threshold = {Comparison::kAtLeast, {2, 3}, Base::kConvened, 40};
  r.present = 20;
  r.required = 27;
  EXPECT_EQ(en(r),
            "quorum not met: 20 present of 40 convened, 27 required (7 more "
            "must check in)");
  r = Reason{};
  r.code = ReasonCode::kCarriedInTop;
  r.counted = Counted::kVotes;
  r.count = 15;
  r.threshold = half_of_40;
  r.top = 2;
  EXPECT_EQ(en(r),
            "nobody has more than 1/2 of the 40 convened; 15 votes is among "
            "the top 2, carried forward to the next step");
  r.code = ReasonCode::kCarriedTiedAtCut;
  EXPECT_EQ(en(r),
            "nobody has more than 1/2 of the 40 convened; 15 votes is tied at "
            "the cut for the top 2; everyone tied is carried forward");
  r.code = ReasonCode::kTiedAtCarryCut;
  EXPECT_EQ(en(r),
            "nobody has more than 1/2 of the 40 convened; 15 votes is tied at "
            "the cut for the top 2; the tie must be decided");
  r.code = ReasonCode::kNotInTop;
  EXPECT_EQ(en(r),
            "nobody has more than 1/2 of the 40 convened; 15 votes is not "
            "among the top 2");
  r.code = ReasonCode::kBelowCarryMinimum;
  r.top = 0;
  r.count = 0;
  r.min_votes = 1;
  EXPECT_EQ(en(r),
            "nobody has more than 1/2 of the 40 convened; 0 votes: fewer than "
            "the 1 needed to be carried forward");
  r = Reason{};
  r.code = ReasonCode::kTopPassed;
  r.count = 25;
  r.threshold = half_of_40;
  EXPECT_EQ(en(r), "25 votes: the most, and more than 1/2 of the 40 convened");
  r.code = ReasonCode::kBelowSelected;
  r.threshold = {};
  r.count = 2;
  EXPECT_EQ(en(r), "2 votes: fewer than the person selected");
  r.code = ReasonCode::kTiedForTop;
  r.count = 12;
  r.others = 1;
  EXPECT_EQ(en(r),
            "12 votes: tied for the most with 1 other(s); the tie must be "
            "decided");
  const ThresholdFacts half_of_9{
      Comparison::kGreater, {1, 2}, Base::kConvened, 9};
  r = Reason{};
  r.counted = Counted::kAgree;
  r.count = 6;
  r.threshold = half_of_9;
  r.slots = 2;
  r.code = ReasonCode::kWithinSlots;
  EXPECT_EQ(en(r),
            "6 agree: more than 1/2 of the 9 convened, and within 2 posts from "
            "the top");
  r.code = ReasonCode::kTiedAtSlotCut;
  r.slots = 1;
  EXPECT_EQ(en(r),
            "6 agree: more than 1/2 of the 9 convened, tied at the cut for the "
            "post; the head (or competent authority) decides");
  r.code = ReasonCode::kSlotsFilled;
  EXPECT_EQ(en(r),
            "6 agree: more than 1/2 of the 9 convened, but the post are filled "
            "by persons with more agree votes");
  r = Reason{};
  r.counted = Counted::kAgree;
  r.count = 4;
  r.threshold = {Comparison::kGreater, {1, 2}, Base::kMembers, 8};
  r.code = ReasonCode::kHeadNomineeAppointed;
  EXPECT_EQ(en(r),
            "4 agree: tied at exactly 1/2 of the 8 members; the head's nominee "
            "is appointed and the tie is reported to the competent authority");
  r.code = ReasonCode::kTiedWithHeadNominee;
  EXPECT_EQ(en(r),
            "4 agree: tied at exactly 1/2 with the head's nominee, who is "
            "appointed; the tie is reported to the competent authority");
  r.code = ReasonCode::kExactTieWithoutNominee;
  EXPECT_EQ(en(r),
            "4 agree: tied at exactly 1/2 and none of the tied is the head's "
            "nominee; the head decides and reports to the competent authority");
  r.code = ReasonCode::kExactlyAtThreshold;
  EXPECT_EQ(en(r),
            "4 agree: exactly 1/2 of the 8 members, not more, and nobody is "
            "above; the head decides and reports to the competent authority");
  r.code = ReasonCode::kBelowThreshold;
  EXPECT_EQ(en(r), "4 agree: not more than 1/2 of the 8 members");
  r.code = ReasonCode::kPassesThreshold;
  r.count = 31;
  r.threshold = {Comparison::kGreater, {3, 10}, Base::kPresent, 50};
  EXPECT_EQ(en(r), "31 agree: more than 3/10 of the 50 present");
  r = Reason{};
  r.code = ReasonCode::kOpinionOnly;
  r.options = {{"agree", 20}, {"disagree", 10}};
  r.cast = 30;
  EXPECT_EQ(en(r),
            "opinion only, no selection: agree 20, disagree 10 of 30 cast, "
            "recorded for the leadership");
  r = Reason{};
  r.code = ReasonCode::kInspectionCandidate;
  r.count = 9;
  r.threshold = {Comparison::kAtLeast, {7, 10}, Base::kPresent, 12};
  EXPECT_EQ(en(r),
            "9 votes: at least 7/10 of the 12 participants; an inspection "
            "candidate");
  r.code = ReasonCode::kBelowBracketShare;
  r.count = 2;
  EXPECT_EQ(en(r), "2 votes: not at least 7/10 of the 12 participants");
  r = Reason{};
  r.counted = Counted::kExcellentCompetent;
  r.count = 9;
  r.threshold = {Comparison::kGreater, {4, 5}, Base::kCast, 10};
  r.code = ReasonCode::kEvaluationPassed;
  EXPECT_EQ(en(r), "excellent + competent 9: more than 4/5 of the 10 cast");
  r.code = ReasonCode::kEvaluationBelow;
  EXPECT_EQ(en(r),
            "excellent + competent 9: not more than 4/5 of the 10 cast; "
            "promotion should generally not be proposed");
  r = Reason{};
  r.code = ReasonCode::kWithinSlots;
  r.counted = Counted::kAgree;
  r.count = 7;
  r.threshold = {Comparison::kGreater, {1, 2}, Base::kMembers, 11};
  r.slots = 1;
  r.b_ballots = {{"agree", 4}, {"disagree", 1}, {"abstain", 0}};
  EXPECT_EQ(en(r),
            "7 agree: more than 1/2 of the 11 members, and within the post "
            "from the top (B ballots, recorded only: agree 4 disagree 1 "
            "abstain 0)");
}

TEST(RenderReason, TermsOfTheSources) {
  Reason r;
  r.code = ReasonCode::kPassesThreshold;
  r.counted = Counted::kAgree;
  r.count = 23;
  r.threshold = {Comparison::kGreater, {1, 2}, Base::kConvened, 45};
  // Seed 001: "có trên 50% tổng số người được triệu tập đồng ý".
  EXPECT_EQ(RenderReason(r, Language::kVi),
            "23 phiếu đồng ý: đạt trên 50% tổng số 45 người được triệu tập");
  r.threshold.of = Base::kMembers;
  r.threshold.of_count = 11;
  // Seed 004: "人选得同意票超过应到会成员半数".
  EXPECT_EQ(RenderReason(r, Language::kZh),
            "同意23票：超过应到会成员11人的半数");
  r.code = ReasonCode::kEvaluationBelow;
  r.counted = Counted::kExcellentCompetent;
  r.count = 8;
  r.threshold = {Comparison::kGreater, {4, 5}, Base::kCast, 10};
  // Seed 004: "优秀和称职率未超过80%的，一般不得提出提拔任用建议".
  EXPECT_EQ(RenderReason(r, Language::kZh),
            "优秀和称职8票：未超过收回票10张的80%；一般不得提出提拔任用建议");
  r.code = ReasonCode::kInspectionCandidate;
  r.counted = Counted::kVotes;
  r.count = 9;
  r.threshold = {Comparison::kAtLeast, {7, 10}, Base::kPresent, 12};
  // Seed 004: "得票率不低于70%", "考察对象".
  EXPECT_EQ(RenderReason(r, Language::kZh),
            "得9票：不低于参加民主推荐人员12人的70%；列为考察对象");
  EXPECT_EQ(RenderReason(r, Language::kVi),
            "9 phiếu giới thiệu: đạt ít nhất 70% tổng số 12 người tham gia; là "
            "đối tượng khảo sát");
}

TEST(RenderFlag, EveryFlagInEveryLanguage) {
  for (Flag f : AllFlags()) {
    std::set<std::string> texts;
    for (Language language : kLanguages) {
      const std::string what = FlagName(f) + " in " + LanguageName(language);
      const std::string text = RenderFlag(f, language);
      EXPECT_FALSE(text.empty()) << what;
      EXPECT_NE(text, FlagName(f)) << what;
      ExpectNoEnglish(text, language, what);
      texts.insert(text);
    }
    EXPECT_EQ(texts.size(), 3u) << FlagName(f);
  }
}

TEST(Names, EveryCodeFlagAndLanguageHasOneNameThatParsesBack) {
  std::set<std::string> names;
  for (ReasonCode code : AllReasonCodes()) {
    const std::string name = ReasonCodeName(code);
    EXPECT_NE(name, "?");
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseReasonCode(name), code) << name;
  }
  EXPECT_EQ(AllReasonCodes().size(), 25u);
  EXPECT_FALSE(ParseReasonCode("nope").has_value());
  const std::vector<std::string> contract = {
      "tie_at_cut",   "report_divergence", "head_tiebreak_applied",
      "low_majority", "low_two_thirds",    "evaluation_below_80",
      "outside_q1",   "quorum_not_met",    "candidates_not_more_than_slots",
      "candidates_below_ratio"};
  ASSERT_EQ(AllFlags().size(), contract.size());
  for (std::size_t i = 0; i < contract.size(); ++i) {
    EXPECT_EQ(FlagName(AllFlags()[i]), contract[i]);
    EXPECT_EQ(ParseFlag(contract[i]), AllFlags()[i]);
  }
  EXPECT_FALSE(ParseFlag("Tie_At_Cut").has_value());
  for (Language l : kLanguages) EXPECT_EQ(ParseLanguage(LanguageName(l)), l);
  EXPECT_FALSE(ParseLanguage("fr").has_value());
}

}  // namespace
}  // namespace hall::rules
