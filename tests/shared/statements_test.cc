#include "hall/shared/statements.h"

#include <gtest/gtest.h>

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

crypto::Bytes B(std::string_view s) {
  return crypto::Bytes(s.begin(), s.end());
}

crypto::DeterministicRandom Rng(std::uint8_t b) {
  std::array<std::uint8_t, 32> seed;
  seed.fill(b);
  return crypto::DeterministicRandom(seed);
}

SealedMinutesPackage Package() {
  SealedMinutesPackage p;
  p.minutes = B(R"({"round":4})");
  p.signature.fill(0x5a);
  p.partials = B("partials");
  return p;
}

TEST(StatementsTest, KeyCeremonyContextIsTheDocumentedEncoding) {
  EXPECT_EQ(
      KeyCeremonyContext("hall-hn", 7),
      crypto::Encoder().Str("hall/v1/ceremony").Str("hall-hn").U64(7).Take());
  EXPECT_NE(KeyCeremonyContext("hall-hn", 7), KeyCeremonyContext("hall-hn", 8));
}

TEST(StatementsTest, MinutesDigestCoversTheMinutesAndTheSignature) {
  std::array<std::uint8_t, 64> sig{};
  const std::string d = MinutesDigest(B("minutes"), sig);
  EXPECT_EQ(d.size(), 64u);
  EXPECT_NE(d, MinutesDigest(B("minutez"), sig));
  sig[63] = 1;
  EXPECT_NE(d, MinutesDigest(B("minutes"), sig));
}

TEST(StatementsTest, EveryRecipientOpensTheSamePackageAndNoOneElse) {
  auto rng = Rng(9);
  const crypto::BoxKey authority = crypto::BoxKey::Generate(rng);
  const crypto::BoxKey archive = crypto::BoxKey::Generate(rng);
  const crypto::BoxKey stranger = crypto::BoxKey::Generate(rng);
  auto sealed = SealMinutes(Package(),
                            {{"Ban Tổ chức Trung ương", authority.public_key()},
                             {"archive", archive.public_key()}},
                            rng);
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  for (const crypto::BoxKey* key : {&authority, &archive}) {
    auto p = OpenSealedMinutes(*sealed, *key);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->minutes, Package().minutes);
    EXPECT_EQ(p->signature, Package().signature);
    EXPECT_EQ(p->partials, Package().partials);
  }
  auto names = SealedMinutesRecipients(*sealed);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names,
            (std::vector<std::string>{"Ban Tổ chức Trung ương", "archive"}));
  EXPECT_EQ(OpenSealedMinutes(*sealed, stranger).code(), StatusCode::kNotFound);
}

TEST(StatementsTest, DamagedSealedMinutesAreCorruptionNeverAPartialPackage) {
  auto rng = Rng(10);
  const crypto::BoxKey key = crypto::BoxKey::Generate(rng);
  auto sealed = SealMinutes(Package(), {{"authority", key.public_key()}}, rng);
  ASSERT_TRUE(sealed.ok());
  crypto::Bytes truncated(sealed->begin(), sealed->end() - 1);
  EXPECT_EQ(OpenSealedMinutes(truncated, key).code(), StatusCode::kCorruption);
  crypto::Bytes trailing = *sealed;
  trailing.push_back(0);
  EXPECT_EQ(OpenSealedMinutes(trailing, key).code(), StatusCode::kCorruption);
  EXPECT_EQ(OpenSealedMinutes({}, key).code(), StatusCode::kCorruption);
  crypto::Bytes flipped = *sealed;
  flipped.back() ^= 1;  // inside the only box: it no longer opens
  EXPECT_EQ(OpenSealedMinutes(flipped, key).code(), StatusCode::kNotFound);
}

TEST(StatementsTest, SealingNeedsARecipient) {
  auto rng = Rng(11);
  auto sealed = SealMinutes(Package(), {}, rng);
  EXPECT_EQ(sealed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(sealed.message().find("hall-admin recipient add"),
            std::string::npos);
}

}  // namespace
}  // namespace hall::shared
