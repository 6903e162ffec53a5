// Ballot kinds -> shapes, and marks -> plaintext validation.
#include "hall/crypto/ballot_kind.h"

#include <gtest/gtest.h>

#include "hall/crypto/ballot_shape.h"

namespace hall::crypto {
namespace {

std::vector<std::uint32_t> Range(std::uint32_t from, std::uint32_t count,
                                 std::uint32_t step = 1) {
  std::vector<std::uint32_t> v;
  for (std::uint32_t i = 0; i < count; ++i) v.push_back(from + i * step);
  return v;
}

TEST(BallotKindTest, NamesRoundTrip) {
  for (BallotKind k :
       {BallotKind::kNominate, BallotKind::kApprove, BallotKind::kRate3,
        BallotKind::kRate4, BallotKind::kYesNoAbstain}) {
    Result<BallotKind> back = ParseBallotKind(BallotKindName(k));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, k);
  }
  EXPECT_FALSE(ParseBallotKind("rate5").ok());
}

TEST(BallotKindTest, NominateShape) {
  Result<BallotShape> s = ShapeFor({BallotKind::kNominate, 5, {}});
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(s->num_options, 5u);
  ASSERT_EQ(s->constraints.size(), 1u);
  EXPECT_EQ(s->constraints[0], (SumConstraint{Range(0, 5), 0, 1}));
}

TEST(BallotKindTest, ApproveShapeWithAndWithoutMax) {
  Result<BallotShape> s = ShapeFor({BallotKind::kApprove, 3, {}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->num_options, 6u);
  ASSERT_EQ(s->constraints.size(), 3u);
  EXPECT_EQ(s->constraints[1], (SumConstraint{{2, 3}, 0, 1}));
  s = ShapeFor({BallotKind::kApprove, 3, 2});
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->constraints.size(), 4u);
  EXPECT_EQ(s->constraints[3], (SumConstraint{{0, 2, 4}, 0, 2}));
  // A maximum at or above the number of persons constrains nothing.
  s = ShapeFor({BallotKind::kApprove, 3, 3});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->constraints.size(), 3u);
  EXPECT_FALSE(ShapeFor({BallotKind::kApprove, 3, 0}).ok());
  EXPECT_FALSE(ShapeFor({BallotKind::kRate3, 3, 1}).ok());
}

TEST(BallotKindTest, RateAndYesNoShapes) {
  struct Case {
    BallotKind kind;
    std::uint32_t levels;
  };
  for (Case c : {Case{BallotKind::kRate3, 3}, Case{BallotKind::kRate4, 4},
                 Case{BallotKind::kYesNoAbstain, 3}}) {
    Result<BallotShape> s = ShapeFor({c.kind, 2, {}});
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->num_options, 2 * c.levels);
    ASSERT_EQ(s->constraints.size(), 2u);
    EXPECT_EQ(s->constraints[1],
              (SumConstraint{Range(c.levels, c.levels), 1, 1}));
  }
  EXPECT_FALSE(ShapeFor({BallotKind::kRate3, 0, {}}).ok());
}

TEST(BallotKindTest, MarksToPlaintext) {
  const BallotSpec nominate{BallotKind::kNominate, 4, {}};
  std::vector<Mark> one = {2u};
  EXPECT_EQ(*MarksToPlaintext(nominate, one),
            (std::vector<std::uint8_t>{0, 0, 1, 0}));
  std::vector<Mark> blank = {std::nullopt};
  EXPECT_EQ(*MarksToPlaintext(nominate, blank),
            (std::vector<std::uint8_t>{0, 0, 0, 0}));
  std::vector<Mark> two = {1u, 2u};
  Result<std::vector<std::uint8_t>> r = MarksToPlaintext(nominate, two);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message().find("exactly one mark"), std::string::npos);
  std::vector<Mark> absent = {4u};
  EXPECT_FALSE(MarksToPlaintext(nominate, absent).ok());

  const BallotSpec approve{BallotKind::kApprove, 3, 1};
  std::vector<Mark> a = {0u, std::nullopt, 1u};
  EXPECT_EQ(*MarksToPlaintext(approve, a),
            (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 1}));
  std::vector<Mark> too_many = {0u, 0u, 1u};
  r = MarksToPlaintext(approve, too_many);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message().find("more than 1 agrees"), std::string::npos);

  const BallotSpec rate4{BallotKind::kRate4, 2, {}};
  std::vector<Mark> rated = {3u, 0u};
  EXPECT_EQ(*MarksToPlaintext(rate4, rated),
            (std::vector<std::uint8_t>{0, 0, 0, 1, 1, 0, 0, 0}));
  std::vector<Mark> missing = {3u, std::nullopt};
  r = MarksToPlaintext(rate4, missing);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message().find("person 1"), std::string::npos);
  std::vector<Mark> bad_level = {4u, 0u};
  EXPECT_FALSE(MarksToPlaintext(rate4, bad_level).ok());
}

TEST(BallotShapeTest, ValidateAndCheckPlaintext) {
  BallotShape bad{3, {{{0, 0}, 0, 1}}};
  EXPECT_FALSE(bad.Validate().ok());
  bad = {3, {{{0, 3}, 0, 1}}};
  EXPECT_FALSE(bad.Validate().ok());
  bad = {3, {{{0, 1}, 0, 3}}};
  EXPECT_FALSE(bad.Validate().ok());
  bad = {0, {}};
  EXPECT_FALSE(bad.Validate().ok());

  const BallotShape shape{3, {{{0, 1, 2}, 1, 1}}};
  ASSERT_TRUE(shape.Validate().ok());
  const std::vector<std::uint8_t> ok = {0, 1, 0}, two = {1, 1, 0},
                                  none = {0, 0, 0}, big = {2, 0, 0},
                                  short_v = {1, 0};
  EXPECT_TRUE(CheckPlaintext(shape, ok).ok());
  EXPECT_FALSE(CheckPlaintext(shape, two).ok());
  EXPECT_FALSE(CheckPlaintext(shape, none).ok());
  Status s = CheckPlaintext(shape, big);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("option 0 is 2"), std::string::npos);
  EXPECT_FALSE(CheckPlaintext(shape, short_v).ok());
}

}  // namespace
}  // namespace hall::crypto
