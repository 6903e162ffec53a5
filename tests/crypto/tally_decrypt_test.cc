// Opening the box: aggregate, partial decryptions, k-of-n combination.
#include <gtest/gtest.h>

#include "ballot_test_util.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/internal/dlog.h"
#include "hall/crypto/tally.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto {
namespace {

using testing::Ctx;
using testing::Rng;

class TallyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<InProcessCeremony> c = RunCeremonyInProcess(5, 3, Ctx("cer"), rng_);
    ASSERT_TRUE(c.ok()) << c.message();
    ceremony_.emplace(std::move(*c));
    shape_ = *ShapeFor({BallotKind::kNominate, 4, {}});
  }
  const BallotBoxKey& key() const { return ceremony_->key; }
  const TrusteeShare& share(std::uint32_t j) const {
    return ceremony_->shares[j - 1];
  }
  // Each ballot under a credential of its own.
  VerifiedBallot Cast(std::uint32_t choice, const Bytes& context) {
    std::vector<std::uint8_t> plain(4, 0);
    if (choice < 4) plain[choice] = 1;
    const VerifyKey cred = SigningKey::Generate(rng_).verify_key();
    Result<EncryptionResult> enc =
        EncryptBallot(key().joint_key(), shape_, plain, context, cred, rng_);
    HALL_CHECK(enc.ok());
    Result<VerifiedBallot> v =
        AcceptBallot(key().joint_key(), shape_, context, cred, enc->ballot);
    HALL_CHECK(v.ok());
    return std::move(*v);
  }
  // Choices 0..3, 4 = blank.
  std::vector<VerifiedBallot> CastAll(const std::vector<std::uint32_t>& votes) {
    std::vector<VerifiedBallot> out;
    for (std::uint32_t v : votes) out.push_back(Cast(v, context_));
    return out;
  }
  PartialDecryption Partial(const Aggregate& agg, std::uint32_t j) {
    Result<PartialDecryption> p = PartialDecrypt(key(), agg, share(j), rng_);
    HALL_CHECK(p.ok());
    return std::move(*p);
  }

  DeterministicRandom rng_ = Rng(50);
  std::optional<InProcessCeremony> ceremony_;
  BallotShape shape_;
  Bytes context_ = Ctx("meeting/round-1/template");
};

TEST_F(TallyTest, AnyThreeOfFiveGiveTheSameCounts) {
  const auto ballots = CastAll({0, 2, 2, 4, 3, 2});
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_TRUE(agg.ok()) << agg.message();
  EXPECT_EQ(agg->ballot_count(), 6u);
  std::vector<PartialDecryption> partials;
  for (std::uint32_t j = 1; j <= 5; ++j) {
    partials.push_back(Partial(*agg, j));
    Result<PartialDecryption> back =
        PartialDecryption::Decode(partials.back().Encode());
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_TRUE(VerifyPartial(key(), *agg, *back).ok());
  }
  const std::vector<std::uint64_t> expected = {1, 0, 3, 1};
  int subsets = 0;
  for (std::uint32_t mask = 0; mask < 32; ++mask) {
    if (__builtin_popcount(mask) != 3) continue;
    std::vector<PartialDecryption> chosen;
    for (std::uint32_t j = 0; j < 5; ++j) {
      if (mask & (1u << j)) chosen.push_back(partials[j]);
    }
    Result<std::vector<std::uint64_t>> counts = Combine(key(), *agg, chosen);
    ASSERT_TRUE(counts.ok()) << counts.message();
    EXPECT_EQ(*counts, expected) << "mask " << mask;
    ++subsets;
  }
  EXPECT_EQ(subsets, 10);
  // All five, or four, also work.
  EXPECT_EQ(*Combine(key(), *agg, partials), expected);
}

TEST_F(TallyTest, FewerThanKTrusteesCannotDecrypt) {
  const auto ballots = CastAll({1, 1, 0});
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_TRUE(agg.ok());
  std::vector<PartialDecryption> two = {Partial(*agg, 2), Partial(*agg, 5)};
  Result<std::vector<std::uint64_t>> counts = Combine(key(), *agg, two);
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(
      counts.message(),
      "only 2 trustees' partial decryptions; opening the box needs 3 of 5");
  // The same trustee twice does not count twice.
  std::vector<PartialDecryption> dup = {Partial(*agg, 2), Partial(*agg, 2),
                                        Partial(*agg, 5)};
  EXPECT_FALSE(Combine(key(), *agg, dup).ok());
}

TEST_F(TallyTest, CheatingPartialIsNamed) {
  const auto ballots = CastAll({0, 1, 1});
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_TRUE(agg.ok());
  std::vector<PartialDecryption> partials = {Partial(*agg, 1), Partial(*agg, 3),
                                             Partial(*agg, 4)};
  partials[1].shares[2] += Point::Generator();  // trustee 3 shifts option 2
  Status s = VerifyPartial(key(), *agg, partials[1]);
  EXPECT_EQ(s.message(),
            "trustee 3's partial decryption of option 2 does not verify");
  Result<std::vector<std::uint64_t>> counts = Combine(key(), *agg, partials);
  EXPECT_EQ(counts.message(), s.message());
  // A partial claiming to be another trustee's fails too.
  PartialDecryption impostor = Partial(*agg, 1);
  impostor.trustee = 2;
  EXPECT_FALSE(VerifyPartial(key(), *agg, impostor).ok());
}

TEST_F(TallyTest, FlippedPartialByteIsRejected) {
  const auto ballots = CastAll({0, 3});
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_TRUE(agg.ok());
  const Bytes good = Partial(*agg, 4).Encode();
  const std::size_t stride = testing::kSanitized ? 11 : 1;
  for (std::size_t i = 0; i < good.size(); i += stride) {
    Bytes bad = good;
    bad[i] ^= 0x10;
    Result<PartialDecryption> p = PartialDecryption::Decode(bad);
    if (p.ok()) {
      EXPECT_FALSE(VerifyPartial(key(), *agg, *p).ok()) << "byte " << i;
    }
  }
}

TEST_F(TallyTest, AggregateBelowMinimumIsRefused) {
  const auto one = CastAll({2});
  Result<Aggregate> agg = AggregateBallots(one);
  ASSERT_FALSE(agg.ok());
  EXPECT_NE(agg.message().find("at least 2"), std::string::npos);
  // A policy cannot go below the floor of 2.
  EXPECT_FALSE(AggregateBallots(one, TallyPolicy{0}).ok());
  EXPECT_FALSE(AggregateBallots({}, TallyPolicy{1}).ok());

  const auto three = CastAll({2, 1, 2});
  EXPECT_FALSE(AggregateBallots(three, TallyPolicy{4}).ok());
  Result<Aggregate> ok = AggregateBallots(three);
  ASSERT_TRUE(ok.ok());
  // Decryption re-checks the policy it is given.
  EXPECT_FALSE(PartialDecrypt(key(), *ok, share(1), rng_, TallyPolicy{4}).ok());
  std::vector<PartialDecryption> p = {Partial(*ok, 1), Partial(*ok, 2),
                                      Partial(*ok, 3)};
  EXPECT_FALSE(Combine(key(), *ok, p, TallyPolicy{5}).ok());
  EXPECT_EQ(*Combine(key(), *ok, p), (std::vector<std::uint64_t>{0, 1, 2, 0}));
}

TEST_F(TallyTest, ReplayedOrForeignBallotsAreRefused) {
  auto ballots = CastAll({0, 1});
  ballots.push_back(ballots[0]);
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_FALSE(agg.ok());
  EXPECT_EQ(agg.message(), "ballot 2 repeats ballot 0");

  auto mixed = CastAll({0, 1});
  mixed.push_back(Cast(2, Ctx("meeting/round-2/template")));
  agg = AggregateBallots(mixed);
  ASSERT_FALSE(agg.ok());
  EXPECT_NE(agg.message().find("ballot 2 was verified for another round"),
            std::string::npos);
}

// The tally does not compare ciphertexts: a copy never verifies (see
// ballot_independence_test.cc), and two delegates who chose to share one
// encryption, each proving it under their own credential, cast two votes.
// So no set of ballots a server accepted (one per credential) is refused.
TEST_F(TallyTest, TwoCredentialsWithTheSameCiphertextsBothCount) {
  std::vector<std::uint8_t> plain = {0, 1, 0, 0};
  const VerifyKey a = SigningKey::Generate(rng_).verify_key();
  const VerifyKey b = SigningKey::Generate(rng_).verify_key();
  Result<EncryptionResult> enc =
      EncryptBallot(key().joint_key(), shape_, plain, context_, a, rng_);
  ASSERT_TRUE(enc.ok());
  EncryptedBallot shared = enc->ballot;
  testing::ProveAll(key().joint_key(), context_, shape_, b, shared,
                    testing::Values(plain), enc->opening.Spoil().nonces, rng_);
  ASSERT_EQ(shared.options, enc->ballot.options);
  std::vector<VerifiedBallot> ballots = CastAll({2});
  ballots.push_back(
      *AcceptBallot(key().joint_key(), shape_, context_, a, enc->ballot));
  ballots.push_back(
      *AcceptBallot(key().joint_key(), shape_, context_, b, shared));
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_TRUE(agg.ok()) << agg.message();
  std::vector<PartialDecryption> p = {Partial(*agg, 1), Partial(*agg, 2),
                                      Partial(*agg, 3)};
  EXPECT_EQ(*Combine(key(), *agg, p), (std::vector<std::uint64_t>{0, 2, 1, 0}));
}

TEST_F(TallyTest, ShareOfAnotherBoxIsRefused) {
  auto rng = Rng(51);
  Result<InProcessCeremony> other =
      RunCeremonyInProcess(5, 3, Ctx("cer2"), rng);
  ASSERT_TRUE(other.ok());
  const auto ballots = CastAll({0, 1});
  Result<Aggregate> agg = AggregateBallots(ballots);
  ASSERT_TRUE(agg.ok());
  // The aggregate is under this box's key, not the other's.
  EXPECT_FALSE(PartialDecrypt(other->key, *agg, other->shares[0], rng).ok());
  // And the other box's share does not fit this box's verification key.
  EXPECT_FALSE(PartialDecrypt(key(), *agg, other->shares[0], rng).ok());
}

TEST(DlogTableTest, FindsExactlyTheCountsUpToMax) {
  for (std::uint64_t max : {0u, 1u, 2u, 3u, 8u, 9u, 10u, 99u, 100u}) {
    const DlogTable t(max);
    Point p = Point::Identity();
    for (std::uint64_t m = 0; m <= max + 3; ++m) {
      std::optional<std::uint64_t> got = t.Find(p);
      if (m <= max) {
        EXPECT_EQ(got, m) << "max " << max;
      } else {
        EXPECT_FALSE(got.has_value()) << "max " << max << " m " << m;
      }
      p += Point::Generator();
    }
    EXPECT_FALSE(t.Find(Point::BaseMul(-Scalar::One())).has_value());
  }
  const DlogTable big(3000);
  EXPECT_EQ(big.Find(Point::BaseMul(Scalar::FromU64(2999))), 2999u);
  EXPECT_EQ(big.Find(Point::BaseMul(Scalar::FromU64(3000))), 3000u);
  EXPECT_FALSE(big.Find(Point::BaseMul(Scalar::FromU64(3001))).has_value());
}

}  // namespace
}  // namespace hall::crypto
