#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "hall/crypto/fingerprint.h"
#include "hall/crypto/init.h"
#include "hall/crypto/internal/base32.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/signing_key.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::FixedRandom;
using testing::ToBytes;

const SignatureType kAllTypes[] = {
    SignatureType::kMeetingDefinition, SignatureType::kBallotTemplate,
    SignatureType::kCredentialList,    SignatureType::kBoxSealed,
    SignatureType::kBoxClosed,         SignatureType::kTally,
    SignatureType::kMinutes,           SignatureType::kBallot,
    SignatureType::kTrusteeMessage,
};

TEST(SealInit, IsIdempotent) {
  EXPECT_TRUE(Init().ok());
  EXPECT_TRUE(Init().ok());
  InitOrDie();
}

TEST(SealSignature, TypeNamesAreDistinct) {
  std::set<std::string_view> names;
  for (SignatureType t : kAllTypes) names.insert(SignatureTypeName(t));
  EXPECT_EQ(names.size(), std::size(kAllTypes));
}

TEST(SealSignature, RoundTripEveryType) {
  auto random = FixedRandom(1);
  const SigningKey key = SigningKey::Generate(random);
  const Bytes message = ToBytes("the meeting definition");
  for (SignatureType t : kAllTypes) {
    const Signature sig = Sign(key, t, message);
    EXPECT_TRUE(Verify(key.verify_key(), t, message, sig).ok());
    // Deterministic.
    EXPECT_EQ(Sign(key, t, message), sig);
  }
}

TEST(SealSignature, EmptyMessage) {
  auto random = FixedRandom(2);
  const SigningKey key = SigningKey::Generate(random);
  const Signature sig = Sign(key, SignatureType::kTally, {});
  EXPECT_TRUE(Verify(key.verify_key(), SignatureType::kTally, {}, sig).ok());
}

TEST(SealSignature, ReplayAsAnotherTypeIsRejected) {
  auto random = FixedRandom(3);
  const SigningKey key = SigningKey::Generate(random);
  const Bytes message = ToBytes("box sealed at 10:00");
  for (SignatureType signed_as : kAllTypes) {
    const Signature sig = Sign(key, signed_as, message);
    for (SignatureType checked_as : kAllTypes) {
      const Status s = Verify(key.verify_key(), checked_as, message, sig);
      EXPECT_EQ(s.ok(), signed_as == checked_as)
          << SignatureTypeName(signed_as) << " as "
          << SignatureTypeName(checked_as);
    }
  }
  // The message is not signed raw either.
  const Signature sig = Sign(key, SignatureType::kMinutes, message);
  EXPECT_NE(crypto_sign_verify_detached(sig.bytes().data(), message.data(),
                                        message.size(),
                                        key.verify_key().bytes().data()),
            0);
}

TEST(SealSignature, FlippingAnyByteIsRejected) {
  auto random = FixedRandom(4);
  const SigningKey key = SigningKey::Generate(random);
  const Bytes message = ToBytes("ballot template: board election 2025");
  const Signature sig = Sign(key, SignatureType::kBallotTemplate, message);
  for (std::size_t i = 0; i < message.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      Bytes m = message;
      m[i] ^= flip;
      EXPECT_FALSE(
          Verify(key.verify_key(), SignatureType::kBallotTemplate, m, sig)
              .ok());
    }
  }
  for (std::size_t i = 0; i < Signature::kSize; ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      std::array<std::uint8_t, Signature::kSize> raw;
      std::copy(sig.bytes().begin(), sig.bytes().end(), raw.begin());
      raw[i] ^= flip;
      auto bad = Signature::FromBytes(raw);
      ASSERT_TRUE(bad.ok());
      const Status s = Verify(key.verify_key(), SignatureType::kBallotTemplate,
                              message, *bad);
      EXPECT_FALSE(s.ok()) << i;
    }
  }
  // Appending or dropping a byte of the message.
  Bytes longer = message;
  longer.push_back(0);
  EXPECT_FALSE(
      Verify(key.verify_key(), SignatureType::kBallotTemplate, longer, sig)
          .ok());
  const Status s = Verify(key.verify_key(), SignatureType::kBallotTemplate,
                          {message.data(), message.size() - 1}, sig);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("ballot-template signature does not verify"),
            std::string::npos)
      << s.message();
}

TEST(SealSignature, AnotherKeyIsRejected) {
  auto r1 = FixedRandom(5);
  auto r2 = FixedRandom(6);
  const SigningKey a = SigningKey::Generate(r1);
  const SigningKey b = SigningKey::Generate(r2);
  const Bytes message = ToBytes("minutes");
  const Signature sig = Sign(a, SignatureType::kMinutes, message);
  EXPECT_FALSE(
      Verify(b.verify_key(), SignatureType::kMinutes, message, sig).ok());
}

TEST(SealSignature, SignatureFromBytesChecksSize) {
  EXPECT_FALSE(Signature::FromBytes(Bytes(63)).ok());
  EXPECT_FALSE(Signature::FromBytes(Bytes(65)).ok());
  EXPECT_TRUE(Signature::FromBytes(Bytes(64)).ok());
}

TEST(SealKeys, VerifyKeyFromBytesValidates) {
  auto random = FixedRandom(8);
  const SigningKey key = SigningKey::Generate(random);
  auto same = VerifyKey::FromBytes(key.verify_key().bytes());
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, key.verify_key());

  EXPECT_FALSE(VerifyKey::FromBytes(Bytes(31, 1)).ok());
  EXPECT_FALSE(VerifyKey::FromBytes(Bytes(33, 1)).ok());
  Bytes identity(32, 0);
  identity[0] = 1;  // the neutral element: small order
  EXPECT_FALSE(VerifyKey::FromBytes(identity).ok());
  EXPECT_FALSE(VerifyKey::FromBytes(Bytes(32, 0)).ok());  // order 4
  Bytes non_canonical(32, 0xff);
  non_canonical[31] = 0x7f;  // y = 2^255 - 1 >= p
  const auto r = VerifyKey::FromBytes(non_canonical);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message().find("not a valid Ed25519 public key"),
            std::string::npos);
}

TEST(SealKeys, SeedRoundTripAndMove) {
  auto random = FixedRandom(9);
  SigningKey key = SigningKey::Generate(random);
  const VerifyKey pub = key.verify_key();
  const Secret<32> seed = key.ExportSeed();
  const SigningKey again = SigningKey::FromSeed(seed);
  EXPECT_EQ(again.verify_key(), pub);
  SigningKey moved = std::move(key);
  EXPECT_EQ(moved.verify_key(), pub);
  const Bytes m = ToBytes("x");
  EXPECT_TRUE(Verify(pub, SignatureType::kTally, m,
                     Sign(moved, SignatureType::kTally, m))
                  .ok());
  static_assert(!std::is_copy_constructible_v<SigningKey>);
  static_assert(!std::is_copy_assignable_v<SigningKey>);
}

TEST(SealFingerprint, FormatAndMatching) {
  auto random = FixedRandom(10);
  const SigningKey a = SigningKey::Generate(random);
  const SigningKey b = SigningKey::Generate(random);
  const std::string fa = Fingerprint(a.verify_key());
  ASSERT_EQ(fa.size(), 19u);
  for (std::size_t i = 0; i < fa.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(fa[i], '-');
    } else {
      EXPECT_NE(kBase32Alphabet.find(fa[i]), std::string_view::npos);
    }
  }
  EXPECT_NE(fa, Fingerprint(b.verify_key()));
  EXPECT_EQ(fa, Fingerprint(a.verify_key()));
  // The key kind is part of the fingerprint.
  EXPECT_NE(fa, KeyFingerprint("ristretto255", a.verify_key().bytes()));

  std::string typed;
  for (char c : fa) {
    if (c != '-') typed.push_back(static_cast<char>(std::tolower(c)));
  }
  typed.insert(8, " ");
  EXPECT_TRUE(FingerprintMatches(typed, fa));
  EXPECT_FALSE(FingerprintMatches(typed, Fingerprint(b.verify_key())));
  EXPECT_FALSE(FingerprintMatches("", fa));
  EXPECT_FALSE(FingerprintMatches("U" + typed.substr(1), fa));
}

TEST(SealSignature, FailuresCarryTheirCodes) {
  auto r1 = FixedRandom(9);
  auto r2 = FixedRandom(10);
  const SigningKey a = SigningKey::Generate(r1);
  const SigningKey b = SigningKey::Generate(r2);
  const Bytes message = ToBytes("minutes");
  const Signature sig = Sign(a, SignatureType::kMinutes, message);
  // A signature that does not verify is refused.
  EXPECT_EQ(
      Verify(b.verify_key(), SignatureType::kMinutes, message, sig).code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(
      Verify(a.verify_key(), SignatureType::kMinutes, ToBytes("other"), sig)
          .code(),
      StatusCode::kPermissionDenied);
  // Bytes of the wrong length are malformed input.
  EXPECT_EQ(Signature::FromBytes(Bytes(63)).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyKey::FromBytes(Bytes(31)).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall::crypto
