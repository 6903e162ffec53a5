// Encrypted ballots: round trip, tamper, invalid votes, context and
// credential binding (ballot independence), spoiling.
#include <gtest/gtest.h>

#include "ballot_test_util.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto {
namespace {

using testing::Ctx;
using testing::kSanitized;
using testing::ProveAll;
using testing::Rng;
using testing::TestKey;
using testing::Values;

struct Fixture {
  explicit Fixture(std::uint8_t seed)
      : rng(Rng(seed)),
        key(TestKey(rng)),
        cred(SigningKey::Generate(rng).verify_key()),
        other_cred(SigningKey::Generate(rng).verify_key()) {}
  DeterministicRandom rng;
  JointPublicKey key;
  VerifyKey cred;        // the credential that casts the fixture's ballots
  VerifyKey other_cred;  // another delegate's
  Bytes context = Ctx("meeting-1/round-2/template-digest");
};

BallotShape Shape(BallotSpec spec) { return *ShapeFor(spec); }

TEST(BallotEncryptTest, EveryKindRoundTrips) {
  Fixture f(10);
  struct Case {
    BallotSpec spec;
    std::vector<Mark> marks;
  };
  const std::vector<Case> cases = {
      {{BallotKind::kNominate, 3, {}}, {1u}},
      {{BallotKind::kNominate, 3, {}}, {std::nullopt}},
      {{BallotKind::kApprove, 3, {}}, {0u, 1u, std::nullopt}},
      {{BallotKind::kApprove, 3, 2}, {0u, 0u, 1u}},
      {{BallotKind::kRate3, 2, {}}, {2u, 0u}},
      {{BallotKind::kRate4, 2, {}}, {1u, 3u}},
      {{BallotKind::kYesNoAbstain, 2, {}}, {2u, 1u}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(BallotKindName(c.spec.kind)));
    const BallotShape shape = Shape(c.spec);
    Result<std::vector<std::uint8_t>> plain = MarksToPlaintext(c.spec, c.marks);
    ASSERT_TRUE(plain.ok()) << plain.message();
    Result<EncryptionResult> enc =
        EncryptBallot(f.key, shape, *plain, f.context, f.cred, f.rng);
    ASSERT_TRUE(enc.ok()) << enc.message();
    const Bytes bytes = enc->ballot.Encode();
    Result<EncryptedBallot> back = EncryptedBallot::Decode(bytes);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(back->Encode(), bytes);
    Status v = VerifyBallot(f.key, shape, f.context, f.cred, *back);
    EXPECT_TRUE(v.ok()) << v.message();
    EXPECT_TRUE(AcceptBallot(f.key, shape, f.context, f.cred, *back).ok());
  }
}

TEST(BallotEncryptTest, EncryptRefusesInvalidChoices) {
  Fixture f(11);
  const BallotShape shape = Shape({BallotKind::kNominate, 5, {}});
  const std::vector<std::uint8_t> two = {1, 1, 0, 0, 0}, big = {2, 0, 0, 0, 0};
  Result<EncryptionResult> r =
      EncryptBallot(f.key, shape, two, f.context, f.cred, f.rng);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message().find("constraint 0"), std::string::npos) << r.message();
  EXPECT_FALSE(EncryptBallot(f.key, shape, big, f.context, f.cred, f.rng).ok());
}

TEST(BallotEncryptTest, FlippedByteIsRejected) {
  Fixture f(12);
  const BallotShape shape = Shape({BallotKind::kNominate, 2, {}});
  const std::vector<std::uint8_t> plain = {0, 1};
  Result<EncryptionResult> enc =
      EncryptBallot(f.key, shape, plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(enc.ok());
  const Bytes good = enc->ballot.Encode();
  const std::size_t stride = kSanitized ? 13 : 1;
  int checked = 0;
  for (std::size_t i = 0; i < good.size(); i += stride) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    Result<EncryptedBallot> b = EncryptedBallot::Decode(bad);
    if (b.ok()) {
      EXPECT_FALSE(VerifyBallot(f.key, shape, f.context, f.cred, *b).ok())
          << "byte " << i;
    }
    ++checked;
  }
  EXPECT_GT(checked, 20);
  // Truncated and extended encodings.
  EXPECT_FALSE(EncryptedBallot::Decode({good.data(), good.size() - 1}).ok());
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_FALSE(EncryptedBallot::Decode(longer).ok());
}

TEST(BallotEncryptTest, IdentityCiphertextIsRejectedByDecode) {
  Fixture f(13);
  const BallotShape shape = Shape({BallotKind::kNominate, 2, {}});
  const std::vector<std::uint8_t> plain = {1, 0};
  Result<EncryptionResult> enc =
      EncryptBallot(f.key, shape, plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(enc.ok());
  EncryptedBallot b = enc->ballot;
  b.options[1].beta = Point::Identity();
  Result<EncryptedBallot> back = EncryptedBallot::Decode(b.Encode());
  EXPECT_FALSE(back.ok());
  EXPECT_FALSE(VerifyBallot(f.key, shape, f.context, f.cred, b).ok());
}

TEST(BallotEncryptTest, OptionEncryptingTwoOrMinusOneFails) {
  Fixture f(14);
  const BallotShape shape = Shape({BallotKind::kApprove, 3, {}});
  const std::vector<std::uint8_t> plain = {1, 0, 0, 1, 0, 0};
  Result<EncryptionResult> enc =
      EncryptBallot(f.key, shape, plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(enc.ok());

  const std::vector<Scalar> nonces = enc->opening.Spoil().nonces;

  // Option 0 holds 1: adding g makes it 2. The other proofs are made again
  // for the changed ballot, as its voter could.
  EncryptedBallot two = enc->ballot;
  two.options[0].beta += Point::Generator();
  std::vector<std::uint32_t> value = Values(plain);
  value[0] = 2;
  ProveAll(f.key, f.context, shape, f.cred, two, value, nonces, f.rng);
  Status s = VerifyBallot(f.key, shape, f.context, f.cred, two);
  EXPECT_EQ(s.message(), "option 0: the 0-or-1 proof does not verify");

  // Option 2 holds 0: subtracting g makes it -1.
  EncryptedBallot minus = enc->ballot;
  minus.options[2].beta -= Point::Generator();
  value = Values(plain);
  value[2] = static_cast<std::uint32_t>(-1);
  ProveAll(f.key, f.context, shape, f.cred, minus, value, nonces, f.rng);
  s = VerifyBallot(f.key, shape, f.context, f.cred, minus);
  EXPECT_EQ(s.message(), "option 2: the 0-or-1 proof does not verify");

  // A freshly proven encryption of 2 (the prover has no real branch).
  EncryptedBallot forged = enc->ballot;
  std::vector<Scalar> forged_nonces = nonces;
  forged_nonces[4] = Scalar::Random(f.rng);
  forged.options[4] =
      Encrypt(f.key, 2, SecretScalar::FromPublic(forged_nonces[4]));
  value = Values(plain);
  value[4] = 2;
  ProveAll(f.key, f.context, shape, f.cred, forged, value, forged_nonces,
           f.rng);
  s = VerifyBallot(f.key, shape, f.context, f.cred, forged);
  EXPECT_EQ(s.message(), "option 4: the 0-or-1 proof does not verify");
}

TEST(BallotEncryptTest, TwoChoicesInAOneChoiceContestFail) {
  Fixture f(15);
  const BallotShape shape = Shape({BallotKind::kNominate, 3, {}});
  // Every option individually a valid 0 or 1, but two of them marked.
  const std::vector<std::uint8_t> plain = {1, 1, 0};
  EncryptedBallot b;
  std::vector<Scalar> nonces;
  for (std::uint32_t i = 0; i < 3; ++i) {
    nonces.push_back(Scalar::Random(f.rng));
    b.options.push_back(
        Encrypt(f.key, plain[i], SecretScalar::FromPublic(nonces[i])));
  }
  ProveAll(f.key, f.context, shape, f.cred, b, Values(plain), nonces, f.rng);
  Status s = VerifyBallot(f.key, shape, f.context, f.cred, b);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("constraint 0"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("sum proof does not verify"), std::string::npos);

  // Splicing option 1 of another valid ballot into this one also fails.
  const std::vector<std::uint8_t> a_plain = {1, 0, 0}, b_plain = {0, 1, 0};
  Result<EncryptionResult> a =
      EncryptBallot(f.key, shape, a_plain, f.context, f.cred, f.rng);
  Result<EncryptionResult> c =
      EncryptBallot(f.key, shape, b_plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(a.ok() && c.ok());
  EncryptedBallot spliced = a->ballot;
  spliced.options[1] = c->ballot.options[1];
  std::vector<Scalar> spliced_nonces = a->opening.Spoil().nonces;
  spliced_nonces[1] = c->opening.Spoil().nonces[1];
  ProveAll(f.key, f.context, shape, f.cred, spliced, {1, 1, 0}, spliced_nonces,
           f.rng);
  s = VerifyBallot(f.key, shape, f.context, f.cred, spliced);
  EXPECT_NE(s.message().find("constraint 0"), std::string::npos) << s.message();
}

TEST(BallotEncryptTest, WrongContextOrKeyOrShapeFails) {
  Fixture f(16);
  const BallotShape shape = Shape({BallotKind::kYesNoAbstain, 2, {}});
  const std::vector<std::uint8_t> plain = {1, 0, 0, 0, 0, 1};
  Result<EncryptionResult> enc =
      EncryptBallot(f.key, shape, plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(enc.ok());
  ASSERT_TRUE(VerifyBallot(f.key, shape, f.context, f.cred, enc->ballot).ok());
  const Bytes other_round = Ctx("meeting-1/round-3/template-digest");
  Status s = VerifyBallot(f.key, shape, other_round, f.cred, enc->ballot);
  EXPECT_EQ(s.message(), "option 0: the 0-or-1 proof does not verify");
  EXPECT_FALSE(
      VerifyBallot(TestKey(f.rng), shape, f.context, f.cred, enc->ballot).ok());
  const BallotShape rate3 = Shape({BallotKind::kRate3, 2, {}});
  EXPECT_TRUE(VerifyBallot(f.key, rate3, f.context, f.cred, enc->ballot).ok())
      << "same shape, so the template digest in the context must bind the kind";
  const BallotShape nominate = Shape({BallotKind::kNominate, 6, {}});
  s = VerifyBallot(f.key, nominate, f.context, f.cred, enc->ballot);
  EXPECT_NE(s.message().find("constraints"), std::string::npos) << s.message();
  const BallotShape bigger = Shape({BallotKind::kYesNoAbstain, 3, {}});
  s = VerifyBallot(f.key, bigger, f.context, f.cred, enc->ballot);
  EXPECT_NE(s.message().find("6 options"), std::string::npos) << s.message();
}

TEST(BallotEncryptTest, SpoiledBallotOpeningVerifiesOnlyForShownChoices) {
  Fixture f(17);
  const BallotShape shape = Shape({BallotKind::kNominate, 4, {}});
  const std::vector<std::uint8_t> plain = {0, 0, 1, 0};
  Result<EncryptionResult> enc =
      EncryptBallot(f.key, shape, plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(enc.ok());
  const SpoiledBallot spoiled = enc->opening.Spoil();
  EXPECT_EQ(spoiled.plaintext, plain);
  Result<SpoiledBallot> back = SpoiledBallot::Decode(spoiled.Encode());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_TRUE(VerifyOpening(f.key, enc->ballot, *back).ok());

  const std::vector<std::uint8_t> other = {0, 1, 0, 0};
  Status s = VerifyOpening(f.key, enc->ballot, other, spoiled.nonces);
  EXPECT_EQ(s.message(),
            "option 1: the ballot does not encrypt the shown choice 1 with the "
            "shown nonce");
  std::vector<Scalar> nonces = spoiled.nonces;
  std::swap(nonces[0], nonces[1]);
  EXPECT_FALSE(VerifyOpening(f.key, enc->ballot, plain, nonces).ok());
  EXPECT_FALSE(VerifyOpening(TestKey(f.rng), enc->ballot, *back).ok());
  Bytes bad = spoiled.Encode();
  bad.back() ^= 0x01;
  Result<SpoiledBallot> tampered = SpoiledBallot::Decode(bad);
  EXPECT_TRUE(!tampered.ok() ||
              !VerifyOpening(f.key, enc->ballot, *tampered).ok());
}

TEST(BallotEncryptTest, FailuresCarryTheirCodes) {
  Fixture f(17);
  const BallotShape shape = Shape({BallotKind::kNominate, 2, {}});
  const std::vector<std::uint8_t> plain = {0, 1};
  Result<EncryptionResult> enc =
      EncryptBallot(f.key, shape, plain, f.context, f.cred, f.rng);
  ASSERT_TRUE(enc.ok());
  const Bytes good = enc->ballot.Encode();
  // Malformed ballot bytes.
  EXPECT_EQ(EncryptedBallot::Decode({good.data(), good.size() - 1}).code(),
            StatusCode::kInvalidArgument);
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_EQ(EncryptedBallot::Decode(longer).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(EncryptedBallot::Decode(Bytes{}).code(),
            StatusCode::kInvalidArgument);
  // Choices the ballot cannot hold.
  const std::vector<std::uint8_t> two = {1, 1};
  EXPECT_EQ(EncryptBallot(f.key, shape, two, f.context, f.cred, f.rng).code(),
            StatusCode::kInvalidArgument);
  // A ballot for another template's shape.
  const BallotShape bigger = Shape({BallotKind::kNominate, 3, {}});
  EXPECT_EQ(VerifyBallot(f.key, bigger, f.context, f.cred, enc->ballot).code(),
            StatusCode::kInvalidArgument);
  // A well-formed ballot whose proofs do not verify here.
  EXPECT_EQ(
      VerifyBallot(f.key, shape, Ctx("another round"), f.cred, enc->ballot)
          .code(),
      StatusCode::kCorruption);
  EXPECT_EQ(
      VerifyBallot(f.key, shape, f.context, f.other_cred, enc->ballot).code(),
      StatusCode::kCorruption);
}

}  // namespace
}  // namespace hall::crypto
