// ristretto255 wrappers, exponential ElGamal and the generic proofs.
#include <gtest/gtest.h>

#include "ballot_test_util.h"
#include "hall/crypto/group.h"
#include "hall/crypto/init.h"
#include "hall/crypto/internal/elgamal.h"
#include "hall/crypto/internal/proof.h"

namespace hall::crypto {
namespace {

using testing::Ctx;
using testing::Rng;
using testing::TestKey;

TEST(GroupTest, IdentityIsAllZeroAndRejectedByDecode) {
  InitOrDie();
  const Point id = Point::Identity();
  EXPECT_TRUE(id.IsIdentity());
  EXPECT_FALSE(Point::Decode(id.bytes()).ok());
  EXPECT_TRUE(Point::DecodeAllowIdentity(id.bytes()).ok());
  // g^0 and g^L are the identity although libsodium returns -1 for them.
  EXPECT_TRUE(Point::BaseMul(Scalar::Zero()).IsIdentity());
  EXPECT_TRUE(Point::Generator().Mul(Scalar::Zero()).IsIdentity());
  EXPECT_TRUE(id.Mul(Scalar::FromU64(5)).IsIdentity());
  EXPECT_TRUE((Point::Generator() - Point::Generator()).IsIdentity());
  EXPECT_EQ(id + Point::Generator(), Point::Generator());
}

TEST(GroupTest, DecodeRejectsInvalidAndWrongLength) {
  InitOrDie();
  std::array<std::uint8_t, 32> ff;
  ff.fill(0xFF);
  EXPECT_FALSE(Point::Decode(ff).ok());
  EXPECT_FALSE(Point::DecodeAllowIdentity(ff).ok());
  Bytes short_bytes(31, 0);
  EXPECT_FALSE(Point::DecodeAllowIdentity(short_bytes).ok());
  // A valid point with bit 255 set: libsodium 1.0.18 accepts it, hall not.
  auto g = Point::Generator().bytes();
  g[31] ^= 0x80;
  EXPECT_FALSE(Point::Decode(g).ok());
  EXPECT_TRUE(Point::Decode(Point::Generator().bytes()).ok());
}

TEST(GroupTest, ScalarsAreCanonical) {
  InitOrDie();
  // L = 2^252 + 27742317777372353535851937790883648493, little endian.
  std::array<std::uint8_t, 32> l = {
      0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
      0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
      0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};
  EXPECT_FALSE(Scalar::Decode(l).ok());
  l[0] -= 1;  // L - 1
  ASSERT_TRUE(Scalar::Decode(l).ok());
  EXPECT_EQ(*Scalar::Decode(l) + Scalar::One(), Scalar::Zero());
  EXPECT_FALSE(Scalar::Decode(Bytes(33, 0)).ok());
}

TEST(GroupTest, SelectAndCtEqual) {
  InitOrDie();
  EXPECT_EQ(CtEqual(3, 3), 1u);
  EXPECT_EQ(CtEqual(3, 4), 0u);
  EXPECT_EQ(CtEqual(0, 0x80000000u), 0u);
  const Point g = Point::Generator();
  EXPECT_EQ(Point::Select(Point::Identity(), g, 1), g);
  EXPECT_EQ(Point::Select(Point::Identity(), g, 0), Point::Identity());
}

TEST(ElGamalTest, SmallMultiplesAndHomomorphism) {
  auto rng = Rng(1);
  const JointPublicKey key = TestKey(rng);
  EXPECT_TRUE(SmallMultiple(0).IsIdentity());
  for (std::uint32_t m : {0u, 1u, 2u, 63u}) {
    EXPECT_EQ(SmallMultipleConstantTime(m), SmallMultiple(m));
    EXPECT_EQ(SmallMultiple(m), Point::BaseMul(Scalar::FromU64(m)));
  }
  EXPECT_EQ(SmallMultiple(1000), Point::BaseMul(Scalar::FromU64(1000)));
  SecretScalar r = SecretScalar::Random(rng), s = SecretScalar::Random(rng);
  const Ciphertext a = Encrypt(key, 1, r), b = Encrypt(key, 0, s);
  EXPECT_EQ(a + b, Encrypt(key, 1, r + s));
  EXPECT_FALSE(JointPublicKey::FromPoint(Point::Identity()).ok());
  EXPECT_FALSE(JointPublicKey::Decode(Point::Identity().bytes()).ok());
}

TEST(ProofTest, RangeProofAcceptsOnlyValuesInRange) {
  auto rng = Rng(2);
  const JointPublicKey key = TestKey(rng);
  const Bytes prefix = Ctx("test-prefix");
  for (std::uint32_t lo : {0u, 1u}) {
    for (std::uint32_t hi = lo; hi <= 3; ++hi) {
      for (std::uint32_t v = 0; v <= 4; ++v) {
        SecretScalar r = SecretScalar::Random(rng);
        const Ciphertext ct = Encrypt(key, v, r);
        const RangeProof p = ProveRange(prefix, key, ct, v, r, lo, hi, rng);
        EXPECT_EQ(VerifyRange(prefix, key, ct, lo, hi, p), v >= lo && v <= hi)
            << "lo=" << lo << " hi=" << hi << " v=" << v;
      }
    }
  }
}

TEST(ProofTest, RangeProofIsBoundToPrefixKeyCiphertextAndRange) {
  auto rng = Rng(3);
  const JointPublicKey key = TestKey(rng), other = TestKey(rng);
  const Bytes prefix = Ctx("p");
  SecretScalar r = SecretScalar::Random(rng);
  const Ciphertext ct = Encrypt(key, 1, r);
  const RangeProof p = ProveRange(prefix, key, ct, 1, r, 0, 1, rng);
  ASSERT_TRUE(VerifyRange(prefix, key, ct, 0, 1, p));
  EXPECT_FALSE(VerifyRange(Ctx("q"), key, ct, 0, 1, p));
  EXPECT_FALSE(VerifyRange(prefix, other, ct, 0, 1, p));
  EXPECT_FALSE(VerifyRange(prefix, key, ct, 0, 2, p));
  EXPECT_FALSE(VerifyRange(prefix, key, ct, 1, 2, p));
  Ciphertext moved = ct;
  moved.beta += Point::Generator();  // now encrypts 2
  EXPECT_FALSE(VerifyRange(prefix, key, moved, 0, 1, p));
  RangeProof swapped = p;
  std::swap(swapped.challenges[0], swapped.challenges[1]);
  EXPECT_FALSE(VerifyRange(prefix, key, ct, 0, 1, swapped));
  // Round trip through bytes.
  Encoder e;
  p.EncodeTo(e);
  Decoder d(e.bytes());
  Result<RangeProof> back = RangeProof::DecodeFrom(d);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(d.Done());
  EXPECT_TRUE(VerifyRange(prefix, key, ct, 0, 1, *back));
}

TEST(ProofTest, MinusOneIsRejected) {
  auto rng = Rng(4);
  const JointPublicKey key = TestKey(rng);
  const Bytes prefix = Ctx("p");
  SecretScalar r = SecretScalar::Random(rng);
  Ciphertext ct = Encrypt(key, 0, r);
  ct.beta -= Point::Generator();  // g^-1 H^r
  // The best an honest prover can do for -1 (value wraps: no real branch).
  const RangeProof p = ProveRange(prefix, key, ct, 0xFFFFFFFFu, r, 0, 1, rng);
  EXPECT_FALSE(VerifyRange(prefix, key, ct, 0, 1, p));
}

TEST(ProofTest, SchnorrAndDleq) {
  auto rng = Rng(5);
  InitOrDie();
  SecretScalar x = SecretScalar::Random(rng);
  const Point y = Point::BaseMul(x);
  const SchnorrProof sp = ProveSchnorr(Ctx("s"), y, x, rng);
  EXPECT_TRUE(VerifySchnorr(Ctx("s"), y, sp));
  EXPECT_FALSE(VerifySchnorr(Ctx("t"), y, sp));
  EXPECT_FALSE(VerifySchnorr(Ctx("s"), y + Point::Generator(), sp));

  const Point a = Point::BaseMul(Scalar::Random(rng));
  const Point d = a.Mul(x);
  const DleqProof dp = ProveDleq(Ctx("d"), y, a, d, x, rng);
  EXPECT_TRUE(VerifyDleq(Ctx("d"), y, a, d, dp));
  EXPECT_FALSE(VerifyDleq(Ctx("d"), y, a, d + Point::Generator(), dp));
  EXPECT_FALSE(VerifyDleq(Ctx("e"), y, a, d, dp));
  // The identity base is handled (an aggregate alpha could be it).
  const DleqProof idp =
      ProveDleq(Ctx("d"), y, Point::Identity(), Point::Identity(), x, rng);
  EXPECT_TRUE(
      VerifyDleq(Ctx("d"), y, Point::Identity(), Point::Identity(), idp));
}

}  // namespace
}  // namespace hall::crypto
