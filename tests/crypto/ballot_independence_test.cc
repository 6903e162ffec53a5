// Ballot independence: a ballot's proofs are bound to the credential that
// casts it and to all of its ciphertexts (ballot.h), so neither a whole
// ballot re-signed with another credential nor one person's block copied
// into another ballot verifies, for every ballot kind.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ballot_test_util.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto {
namespace {

using testing::Ctx;
using testing::Rng;
using testing::TestKey;

struct KindCase {
  BallotSpec spec;
  std::uint32_t per_person;  // options each person owns (person-major)
  std::vector<Mark> victim, attacker;
};

// Three persons each; the victim and the attacker mark person 0 differently.
std::vector<KindCase> Cases() {
  return {
      {{BallotKind::kNominate, 3, {}}, 1, {0u}, {2u}},
      {{BallotKind::kApprove, 3, {}}, 2, {0u, 1u, 0u}, {1u, 0u, 1u}},
      {{BallotKind::kApprove, 3, 2}, 2, {0u, 1u, 0u}, {1u, 0u, 0u}},
      {{BallotKind::kRate3, 3, {}}, 3, {0u, 1u, 2u}, {2u, 1u, 0u}},
      {{BallotKind::kRate4, 3, {}}, 4, {3u, 1u, 2u}, {0u, 1u, 0u}},
      {{BallotKind::kYesNoAbstain, 3, {}}, 3, {0u, 1u, 2u}, {1u, 1u, 1u}},
  };
}

std::string Name(const KindCase& c) {
  return std::string(BallotKindName(c.spec.kind)) +
         (c.spec.max_agree ? " max_agree " + std::to_string(*c.spec.max_agree)
                           : "");
}

class BallotIndependenceTest : public ::testing::Test {
 protected:
  DeterministicRandom rng_ = Rng(70);
  JointPublicKey key_ = TestKey(rng_);
  VerifyKey victim_ = SigningKey::Generate(rng_).verify_key();
  VerifyKey attacker_ = SigningKey::Generate(rng_).verify_key();
  Bytes context_ = Ctx("meeting-1/round-2/template-digest");

  EncryptionResult Encrypt(const KindCase& c, const std::vector<Mark>& marks,
                           const VerifyKey& cred) {
    const auto plain = MarksToPlaintext(c.spec, marks);
    HALL_CHECK(plain.ok());
    auto enc =
        EncryptBallot(key_, *ShapeFor(c.spec), *plain, context_, cred, rng_);
    HALL_CHECK(enc.ok());
    return std::move(enc).value();
  }
};

TEST_F(BallotIndependenceTest, AWholeBallotVerifiesOnlyForItsCredential) {
  for (const KindCase& c : Cases()) {
    SCOPED_TRACE(Name(c));
    const BallotShape shape = *ShapeFor(c.spec);
    const EncryptionResult v = Encrypt(c, c.victim, victim_);
    EXPECT_TRUE(VerifyBallot(key_, shape, context_, victim_, v.ballot).ok());
    // The attacker fetched the victim's ballot and signs it with his code.
    Status s = VerifyBallot(key_, shape, context_, attacker_, v.ballot);
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_EQ(s.message(), "option 0: the 0-or-1 proof does not verify");
    EXPECT_FALSE(AcceptBallot(key_, shape, context_, attacker_, v.ballot).ok());
  }
}

// The attack of the adversarial review: the attacker's own ballot, with
// person 0's ciphertexts, 0/1 proofs and every constraint proof touching
// them copied from the victim's; the attacker proves everything else again
// for the new ballot (he knows his own nonces).
TEST_F(BallotIndependenceTest, ABlockCopiedFromAnotherBallotDoesNotVerify) {
  for (const KindCase& c : Cases()) {
    SCOPED_TRACE(Name(c));
    const BallotShape shape = *ShapeFor(c.spec);
    const EncryptionResult v = Encrypt(c, c.victim, victim_);
    EncryptionResult a = Encrypt(c, c.attacker, attacker_);
    const std::vector<Scalar> nonces = a.opening.Spoil().nonces;
    const std::vector<std::uint8_t> plain =
        *MarksToPlaintext(c.spec, c.attacker);
    auto in_block = [&](std::uint32_t o) { return o < c.per_person; };

    EncryptedBallot forged = a.ballot;
    for (std::uint32_t o = 0; o < c.per_person; ++o) {
      forged.options[o] = v.ballot.options[o];
      forged.option_proofs[o] = v.ballot.option_proofs[o];
    }
    const ProofBinding binding =
        BallotProofBinding(context_, attacker_, forged.options);
    for (std::uint32_t o = c.per_person; o < shape.num_options; ++o) {
      forged.option_proofs[o] =
          ProveRange(OptionProofPrefix(binding, o), key_, forged.options[o],
                     plain[o], SecretScalar::FromPublic(nonces[o]), 0, 1, rng_);
    }
    for (std::uint32_t k = 0; k < shape.constraints.size(); ++k) {
      const SumConstraint& con = shape.constraints[k];
      bool touches = false;
      for (std::uint32_t o : con.options) touches = touches || in_block(o);
      if (touches) {
        forged.constraint_proofs[k] = v.ballot.constraint_proofs[k];
        continue;
      }
      Ciphertext sum = forged.options[con.options[0]];
      SecretScalar r = SecretScalar::FromPublic(nonces[con.options[0]]);
      std::uint32_t value = plain[con.options[0]];
      for (std::size_t j = 1; j < con.options.size(); ++j) {
        sum = sum + forged.options[con.options[j]];
        r = r + SecretScalar::FromPublic(nonces[con.options[j]]);
        value += plain[con.options[j]];
      }
      forged.constraint_proofs[k] =
          ProveRange(ConstraintProofPrefix(binding, k, con), key_, sum, value,
                     r, con.min, con.max, rng_);
    }
    // The attacker's own options verify in the forged ballot; the copied
    // block does not, under his credential or the victim's.
    Status s = VerifyBallot(key_, shape, context_, attacker_, forged);
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_EQ(s.message(), "option 0: the 0-or-1 proof does not verify");
    EXPECT_FALSE(VerifyBallot(key_, shape, context_, victim_, forged).ok());
    // Without the copy, the re-proven ballot is fine: only the copy fails.
    EXPECT_TRUE(VerifyBallot(key_, shape, context_, attacker_, a.ballot).ok());
  }
}

TEST_F(BallotIndependenceTest,
       TheBindingHashesContextCredentialAndAllCiphertexts) {
  const KindCase c = Cases()[3];  // rate3
  const EncryptionResult v = Encrypt(c, c.victim, victim_);
  const std::vector<Ciphertext>& opts = v.ballot.options;
  const ProofBinding b = BallotProofBinding(context_, victim_, opts);
  EXPECT_NE(b, BallotProofBinding(context_, attacker_, opts));
  EXPECT_NE(b, BallotProofBinding(Ctx("another round"), victim_, opts));
  for (std::size_t i = 0; i < opts.size(); ++i) {
    std::vector<Ciphertext> changed = opts;
    changed[i] = opts[(i + 1) % opts.size()];
    EXPECT_NE(b, BallotProofBinding(context_, victim_, changed)) << i;
  }
  std::vector<Ciphertext> fewer(opts.begin(), opts.end() - 1);
  EXPECT_NE(b, BallotProofBinding(context_, victim_, fewer));
  // The statement prefixes carry the binding.
  const BallotShape shape = *ShapeFor(c.spec);
  const SumConstraint& k = shape.constraints[0];
  const ProofBinding other = BallotProofBinding(context_, attacker_, opts);
  EXPECT_NE(OptionProofPrefix(b, 0), OptionProofPrefix(other, 0));
  EXPECT_NE(ConstraintProofPrefix(b, 0, k), ConstraintProofPrefix(other, 0, k));
}

TEST_F(BallotIndependenceTest, AVersionOneBallotIsRefusedByName) {
  const KindCase c = Cases()[0];
  const EncryptionResult v = Encrypt(c, c.victim, victim_);
  Bytes bytes = v.ballot.Encode();
  // Str() is a U32 length then the bytes: "hall/v2/ballot" -> "hall/v1/...".
  const std::string v2 = "hall/v2/ballot";
  ASSERT_TRUE(std::equal(v2.begin(), v2.end(), bytes.begin() + 4));
  bytes[4 + 6] = '1';
  Result<EncryptedBallot> old = EncryptedBallot::Decode(bytes);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(old.message(),
            "the encrypted ballot is malformed: it is a hall/v1/ballot, whose "
            "proofs are not bound to its credential; only hall/v2/ballot is "
            "accepted");
}

}  // namespace
}  // namespace hall::crypto
