#include <gtest/gtest.h>
#include <sodium.h>

#include "hall/crypto/sealed_box.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::FixedRandom;
using testing::ToBytes;

TEST(SealedBoxTest, OpensWithTheKeyItWasSealedTo) {
  auto rng = FixedRandom(1);
  const BoxKey key = BoxKey::Generate(rng);
  auto box = SealTo(key.public_key(), ToBytes("minutes of round 4"), rng);
  ASSERT_TRUE(box.ok()) << box.message();
  EXPECT_EQ(box->size(), 18 + kSealedBoxOverhead);
  auto plain = OpenSealed(key, *box);
  ASSERT_TRUE(plain.ok()) << plain.message();
  EXPECT_EQ(*plain, ToBytes("minutes of round 4"));
}

// The box is crypto_box_seal's format: plain libsodium opens it, and
// OpenSealed opens what crypto_box_seal made.
TEST(SealedBoxTest, IsLibsodiumsSealedBoxFormat) {
  auto rng = FixedRandom(2);
  const BoxKey key = BoxKey::Generate(rng);
  const Bytes msg = ToBytes("share for trustee 2");
  auto box = SealTo(key.public_key(), msg, rng);
  ASSERT_TRUE(box.ok());
  Bytes out(msg.size());
  ASSERT_EQ(0,
            crypto_box_seal_open(out.data(), box->data(), box->size(),
                                 key.public_key().data(), key.secret().data()));
  EXPECT_EQ(out, msg);

  Bytes theirs(msg.size() + crypto_box_SEALBYTES);
  crypto_box_seal(theirs.data(), msg.data(), msg.size(),
                  key.public_key().data());
  auto plain = OpenSealed(key, theirs);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, msg);
}

TEST(SealedBoxTest, RefusesAnotherKeyAndEveryAlteredByte) {
  auto rng = FixedRandom(3);
  const BoxKey key = BoxKey::Generate(rng);
  const BoxKey stranger = BoxKey::Generate(rng);
  auto box = SealTo(key.public_key(), ToBytes("sealed"), rng);
  ASSERT_TRUE(box.ok());
  auto other = OpenSealed(stranger, *box);
  EXPECT_EQ(other.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(other.message().find("another key, or it was altered"),
            std::string::npos);
  for (std::size_t i = 0; i < box->size(); ++i) {
    Bytes bad = *box;
    bad[i] ^= 0x01;
    EXPECT_EQ(OpenSealed(key, bad).code(), StatusCode::kPermissionDenied)
        << "byte " << i;
  }
  Bytes shorter(box->begin(), box->begin() + kSealedBoxOverhead - 1);
  EXPECT_EQ(OpenSealed(key, shorter).code(), StatusCode::kInvalidArgument);
}

TEST(SealedBoxTest, RefusesAPublicKeyNoSecretCouldHaveMade) {
  auto rng = FixedRandom(4);
  const BoxPublicKey low_order{};  // the all-zero point
  auto box = SealTo(low_order, ToBytes("x"), rng);
  EXPECT_EQ(box.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(box.message().find("not a usable X25519 key"), std::string::npos);
}

TEST(SealedBoxTest, FromSecretRebuildsThePublicKey) {
  auto rng = FixedRandom(5);
  const BoxKey key = BoxKey::Generate(rng);
  const BoxKey again = BoxKey::FromSecret(key.secret());
  EXPECT_EQ(again.public_key(), key.public_key());
}

}  // namespace
}  // namespace hall::crypto
