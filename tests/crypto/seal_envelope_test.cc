#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hall/crypto/envelope.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::FixedRandom;
using testing::ToBytes;

struct Round {
  std::vector<CredentialCode> codes;
  CredentialList list;
};

Round MakeRound(std::uint8_t seed, int n, std::string_view context) {
  auto random = FixedRandom(seed);
  std::vector<CredentialCode> codes;
  std::vector<VerifyKey> keys;
  for (int i = 0; i < n; ++i) {
    codes.push_back(CredentialCode::Generate(random));
    keys.push_back(codes.back().DeriveKey().verify_key());
  }
  auto list = CredentialList::Create(ToBytes(context), keys);
  HALL_CHECK(list.ok());
  return Round{std::move(codes), std::move(*list)};
}

TEST(SealEnvelope, RoundTrip) {
  const Round round = MakeRound(40, 4, "m1/r1");
  const Bytes ballot = ToBytes("encrypted ballot bytes from the ballot part");
  const SigningKey key = round.codes[2].DeriveKey();
  const CredentialEnvelope env = SignEnvelope(key, ballot);
  EXPECT_EQ(env.credential(), key.verify_key());
  EXPECT_EQ(env.payload(), ballot);
  EXPECT_TRUE(VerifyEnvelope(env, round.list).ok());

  auto decoded = CredentialEnvelope::Decode(env.Encode());
  ASSERT_TRUE(decoded.ok()) << decoded.message();
  EXPECT_EQ(decoded->Encode(), env.Encode());
  EXPECT_TRUE(VerifyEnvelope(*decoded, round.list).ok());
  // It is a kBallot signature, and only that.
  EXPECT_TRUE(
      Verify(key.verify_key(), SignatureType::kBallot, ballot, env.signature())
          .ok());
  EXPECT_FALSE(Verify(key.verify_key(), SignatureType::kTrusteeMessage, ballot,
                      env.signature())
                   .ok());
}

TEST(SealEnvelope, CredentialNotOnTheListIsRejected) {
  const Round round = MakeRound(41, 3, "m1/r1");
  const Round other = MakeRound(42, 3, "m1/r2");
  const Bytes ballot = ToBytes("ballot");
  const CredentialEnvelope env =
      SignEnvelope(other.codes[0].DeriveKey(), ballot);
  const Status s = VerifyEnvelope(env, round.list);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not on this round's list"), std::string::npos)
      << s.message();
  EXPECT_TRUE(VerifyEnvelope(env, other.list).ok());
}

TEST(SealEnvelope, SealTypedSignatureIsNotABallotSignature) {
  const Round round = MakeRound(43, 2, "m/r");
  const SigningKey key = round.codes[0].DeriveKey();
  const Bytes ballot = ToBytes("ballot");
  const CredentialEnvelope good = SignEnvelope(key, ballot);
  // Re-encode the envelope with a signature of another type.
  const Signature other = Sign(key, SignatureType::kMinutes, ballot);
  Bytes enc = good.Encode();
  const std::size_t sig_at =
      4 + std::string("hall/v1/credential-envelope").size() + 32;
  std::copy(other.bytes().begin(), other.bytes().end(), enc.begin() + sig_at);
  auto forged = CredentialEnvelope::Decode(enc);
  ASSERT_TRUE(forged.ok());
  const Status s = VerifyEnvelope(*forged, round.list);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("signature does not verify"), std::string::npos);
}

TEST(SealEnvelope, FlippingAnyByteIsRejected) {
  const Round round = MakeRound(44, 3, "m/r");
  const CredentialEnvelope env =
      SignEnvelope(round.codes[1].DeriveKey(), ToBytes("a ballot payload"));
  const Bytes enc = env.Encode();
  for (std::size_t i = 0; i < enc.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      Bytes bad = enc;
      bad[i] ^= flip;
      auto decoded = CredentialEnvelope::Decode(bad);
      const bool accepted =
          decoded.ok() && VerifyEnvelope(*decoded, round.list).ok();
      EXPECT_FALSE(accepted) << "byte " << i;
    }
  }
  for (std::size_t n = 0; n < enc.size(); ++n) {
    EXPECT_FALSE(CredentialEnvelope::Decode(std::span(enc.data(), n)).ok());
  }
}

TEST(SealEnvelope, FailuresCarryTheirCodes) {
  const Round round = MakeRound(43, 3, "m1/r1");
  const Round other = MakeRound(44, 3, "m1/r2");
  const Bytes ballot = ToBytes("ballot");
  // A credential not on the list is refused.
  const CredentialEnvelope stranger =
      SignEnvelope(other.codes[0].DeriveKey(), ballot);
  EXPECT_EQ(VerifyEnvelope(stranger, round.list).code(),
            StatusCode::kPermissionDenied);
  // Malformed envelope bytes.
  const Bytes good = SignEnvelope(round.codes[0].DeriveKey(), ballot).Encode();
  EXPECT_EQ(CredentialEnvelope::Decode(std::span(good.data(), good.size() - 1))
                .code(),
            StatusCode::kInvalidArgument);
  // A mistyped ballot code.
  EXPECT_EQ(CredentialCode::Parse("not a ballot code").code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall::crypto
