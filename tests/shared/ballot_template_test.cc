// The ballot template's encoding (ballot_template.h, docs/protocol.md):
// version 2 carries the step title as a language map and round-trips;
// version 1 (English and Vietnamese only) still decodes, into the map, and
// encodes back to its own bytes; damaged bytes are refused.
#include "hall/shared/ballot_template.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

using rules::Language;

constexpr char kVi[] = "Tiến cử cán bộ";
constexpr char kZh[] = "民主推荐";
constexpr char kEn[] = "Democratic recommendation";

BallotTemplate Sample() {
  BallotTemplate t;
  t.installation = "a1b2c3";
  t.meeting_id = 3;
  t.meeting_title = "Hội nghị Trung ương / 中央全会";
  t.round_id = 9;
  t.procedure = "cn-cadre-selection";
  t.step = "1";
  t.step_titles = {
      {Language::kVi, kVi}, {Language::kZh, kZh}, {Language::kEn, kEn}};
  t.disclosure = "sealed";
  t.kind = crypto::BallotKind::kApprove;
  t.max_agree = 2;
  t.persons = {"An", "Bình", "Châu"};
  t.box_key = {1, 2, 3, 4};
  t.credential_list_digest.fill(0x7e);
  return t;
}

// The documented layout, written field by field with `titles` in place of
// the step titles (version 2's map or version 1's two strings).
crypto::Bytes Layout(std::string_view tag,
                     const std::function<void(crypto::Encoder&)>& titles) {
  crypto::Encoder e;
  e.Str(tag).Str("a1b2c3").U64(3).Str("Hội nghị Trung ương / 中央全会").U64(9);
  e.Str("cn-cadre-selection").Str("1");
  titles(e);
  e.Str("sealed").Str("approve").U32(2);
  e.U32(3).Str("An").Str("Bình").Str("Châu");
  std::array<std::uint8_t, 32> digest;
  digest.fill(0x7e);
  e.Var(crypto::Bytes{1, 2, 3, 4}).Fixed(digest);
  return e.Take();
}

crypto::Bytes V2(const std::function<void(crypto::Encoder&)>& titles) {
  return Layout("hall/v2/template", titles);
}

void ExpectSameFields(const BallotTemplate& a, const BallotTemplate& b) {
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.installation, b.installation);
  EXPECT_EQ(a.meeting_id, b.meeting_id);
  EXPECT_EQ(a.meeting_title, b.meeting_title);
  EXPECT_EQ(a.round_id, b.round_id);
  EXPECT_EQ(a.procedure, b.procedure);
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(a.step_titles, b.step_titles);
  EXPECT_EQ(a.disclosure, b.disclosure);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.max_agree, b.max_agree);
  EXPECT_EQ(a.persons, b.persons);
  EXPECT_EQ(a.box_key, b.box_key);
  EXPECT_EQ(a.credential_list_digest, b.credential_list_digest);
}

TEST(BallotTemplateTest, NewTemplatesAreVersion2WithTheDocumentedBytes) {
  const BallotTemplate t = Sample();
  EXPECT_EQ(t.version, 2u);
  EXPECT_EQ(t.Encode(), V2([](crypto::Encoder& e) {
              e.U32(3).Str("vi").Str(kVi).Str("zh").Str(kZh).Str("en").Str(kEn);
            }));
}

TEST(BallotTemplateTest, Version2RoundTripsWithEveryLanguage) {
  const BallotTemplate t = Sample();
  auto back = BallotTemplate::Decode(t.Encode());
  ASSERT_TRUE(back.ok()) << back.message();
  ExpectSameFields(*back, t);
  EXPECT_EQ(back->StepTitle(Language::kZh), kZh);
  EXPECT_EQ(back->StepTitle(Language::kVi), kVi);
  EXPECT_EQ(back->StepTitle(Language::kEn), kEn);
  EXPECT_EQ(back->Encode(), t.Encode());
  EXPECT_EQ(back->Digest(), t.Digest());
}

TEST(BallotTemplateTest, Version2RoundTripsWithSomeLanguagesOnly) {
  BallotTemplate t = Sample();
  t.step_titles = {{Language::kEn, kEn}};
  auto back = BallotTemplate::Decode(t.Encode());
  ASSERT_TRUE(back.ok()) << back.message();
  ExpectSameFields(*back, t);
  t.step_titles = {};
  back = BallotTemplate::Decode(t.Encode());
  ASSERT_TRUE(back.ok()) << back.message();
  ExpectSameFields(*back, t);
}

TEST(BallotTemplateTest, TheTitlesAreSignedAndInTheDigest) {
  BallotTemplate other = Sample();
  other.step_titles[Language::kZh] = "民主测评";
  EXPECT_NE(other.Encode(), Sample().Encode());
  EXPECT_NE(other.Digest(), Sample().Digest());
}

TEST(BallotTemplateTest, Version1StillDecodesIntoTheMapAndKeepsItsBytes) {
  const crypto::Bytes v1 = Layout(
      "hall/v1/template", [](crypto::Encoder& e) { e.Str(kEn).Str(kVi); });
  auto t = BallotTemplate::Decode(v1);
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->version, 1u);
  EXPECT_EQ(t->step_titles,
            (Titles{{Language::kVi, kVi}, {Language::kEn, kEn}}));
  EXPECT_EQ(t->persons, (std::vector<std::string>{"An", "Bình", "Châu"}));
  EXPECT_EQ(t->kind, crypto::BallotKind::kApprove);
  // Its ballots are bound to the digest of these bytes: it must not change.
  EXPECT_EQ(t->Encode(), v1);
  BallotTemplate as_v2 = *t;
  as_v2.version = 2;
  EXPECT_NE(as_v2.Digest(), t->Digest());
  // No Chinese in version 1: the fallback gives English.
  EXPECT_EQ(t->StepTitle(Language::kZh), kEn);
}

TEST(BallotTemplateTest, Version1WithAnEmptyTitleLeavesItOutAndKeepsItsBytes) {
  const crypto::Bytes v1 = Layout(
      "hall/v1/template", [](crypto::Encoder& e) { e.Str(kEn).Str(""); });
  auto t = BallotTemplate::Decode(v1);
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->step_titles, (Titles{{Language::kEn, kEn}}));
  EXPECT_EQ(t->StepTitle(Language::kVi), kEn);
  EXPECT_EQ(t->Encode(), v1);
}

TEST(BallotTemplateTest, StepTitleFallsBackToEnglishThenVietnameseThenChinese) {
  BallotTemplate t = Sample();
  t.step_titles = {{Language::kVi, kVi}, {Language::kZh, kZh}};
  EXPECT_EQ(t.StepTitle(Language::kEn), kVi);
  t.step_titles = {{Language::kZh, kZh}};
  EXPECT_EQ(t.StepTitle(Language::kEn), kZh);
  EXPECT_EQ(t.StepTitle(Language::kVi), kZh);
  t.step_titles = {{Language::kVi, kVi}, {Language::kEn, kEn}};
  EXPECT_EQ(t.StepTitle(Language::kZh), kEn);
  t.step_titles = {};
  EXPECT_EQ(t.StepTitle(Language::kZh), "");
}

TEST(BallotTemplateTest, TitlesOfTakesEveryLanguageOfAProcedureText) {
  rules::Text text;
  text.by_language = {{"en", kEn}, {"vi", kVi}, {"zh", kZh}};
  EXPECT_EQ(TitlesOf(text), (Titles{{Language::kVi, kVi},
                                    {Language::kZh, kZh},
                                    {Language::kEn, kEn}}));
}

void ExpectRefused(const crypto::Bytes& bytes, const std::string& what) {
  auto t = BallotTemplate::Decode(bytes);
  ASSERT_FALSE(t.ok()) << what;
  EXPECT_EQ(t.code(), StatusCode::kInvalidArgument) << what;
  EXPECT_EQ(t.message(), "ballot template: malformed or truncated") << what;
}

TEST(BallotTemplateTest, DamagedTitleMapsAreRefused) {
  ExpectRefused(
      V2([](crypto::Encoder& e) { e.U32(1).Str("fr").Str("Recommandation"); }),
      "unknown language");
  ExpectRefused(V2([](crypto::Encoder& e) {
                  e.U32(2).Str("en").Str(kEn).Str("en").Str(kEn);
                }),
                "repeated language");
  ExpectRefused(V2([](crypto::Encoder& e) {
                  e.U32(2).Str("en").Str(kEn).Str("vi").Str(kVi);
                }),
                "languages out of order");
  ExpectRefused(V2([](crypto::Encoder& e) { e.U32(1).Str("zh").Str(""); }),
                "empty title");
  ExpectRefused(
      V2([](crypto::Encoder& e) {
        e.U32(4).Str("vi").Str(kVi).Str("zh").Str(kZh).Str("en").Str(kEn);
      }),
      "more entries than languages");
  ExpectRefused(V2([](crypto::Encoder& e) { e.U32(2).Str("en").Str(kEn); }),
                "count larger than the entries");
  ExpectRefused(V2([](crypto::Encoder& e) { e.Str(kEn).Str(kVi); }),
                "version 1 titles under the version 2 tag");
  ExpectRefused(Layout("hall/v3/template",
                       [](crypto::Encoder& e) { e.U32(1).Str("en").Str(kEn); }),
                "unknown version");
  ExpectRefused(Layout("hall/v1/template",
                       [](crypto::Encoder& e) { e.U32(1).Str("en").Str(kEn); }),
                "version 2 titles under the version 1 tag");
}

TEST(BallotTemplateTest, TruncatedOrExtendedBytesAreRefused) {
  const crypto::Bytes good = Sample().Encode();
  ASSERT_TRUE(BallotTemplate::Decode(good).ok());
  for (std::size_t n = 0; n < good.size(); ++n) {
    ExpectRefused(crypto::Bytes(good.begin(), good.begin() + n),
                  "truncated to " + std::to_string(n));
  }
  crypto::Bytes longer = good;
  longer.push_back(0);
  ExpectRefused(longer, "one byte more");
}

}  // namespace
}  // namespace hall::shared
