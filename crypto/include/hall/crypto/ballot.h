// Encrypted ballots: encrypt + prove on the kiosk, verify on the server and
// by auditors, and spoiling (cast-or-challenge).
//
// Contract:
//  - EncryptBallot encrypts a 0/1 plaintext vector (see ballot_kind.h for
//    marks -> plaintext) option by option to the joint key: option i is
//    Enc(m_i; r_i) with a fresh non-zero nonce r_i. Then, with
//    binding = BallotProofBinding(context, credential, all ciphertexts),
//    option i gets a RangeProof over [0,1] whose statement prefix is
//    OptionProofPrefix(binding, i), and each shape constraint c a RangeProof
//    over [min,max] for the sum of its options' ciphertexts (nonce sum r_i),
//    prefix ConstraintProofPrefix(binding, c, k). It refuses a plaintext the
//    shape does not allow. Constant time in the plaintext once it is
//    validated.
//  - Ballot independence: every proof hashes the binding, so it verifies only
//    for the credential whose key casts the ballot (the public key of the
//    CredentialEnvelope that carries it) and only next to exactly the same
//    ciphertexts. A ballot re-signed with another credential, or one
//    person's block (ciphertexts and proofs) copied into another ballot,
//    does not verify; making new proofs for a copied ciphertext needs its
//    nonce. The kiosk derives the credential key from the code before it
//    encrypts.
//  - context is the caller's binding (meeting id, round id, ballot-template
//    digest, ...): a ballot verifies only under the same context bytes.
//  - VerifyBallot checks the counts against the shape and every proof, and
//    names the first failure ("option 3: the 0-or-1 proof does not verify").
//    AcceptBallot does the same and returns a VerifiedBallot, the only input
//    tally.h's Aggregate takes.
//  - Wire form (EncryptedBallot::Encode): Str("hall/v2/ballot")
//    U32(#options) then per option alpha beta RangeProof,
//    U32(#constraints) then per constraint RangeProof. The credential is not
//    in these bytes: the envelope that carries them names and signs it.
//    Decode rejects wrong lengths, trailing bytes, invalid points, the
//    identity in any ciphertext, and non-canonical scalars.
//  - Versions: hall/v1/ballot (proofs bound to the context only, so they
//    could be copied) is refused by Decode with a message that says so; no
//    round accepts it, and there is no v1 verifier. v2 has the same layout
//    and size as v1; only the tag and the proofs' hash input changed.
//  - Spoiling: a ballot that will not be cast may be opened by revealing its
//    nonces (BallotOpening::Spoil); VerifyOpening lets anyone check that it
//    encrypts the shown choices. A spoiled ballot must never be cast or
//    counted (the caller's bulletin board enforces that).
//  - Option and constraint numbers in messages are 0-based.
#ifndef HALL_CRYPTO_BALLOT_H_
#define HALL_CRYPTO_BALLOT_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot_shape.h"
#include "hall/crypto/group.h"
#include "hall/crypto/internal/elgamal.h"
#include "hall/crypto/internal/proof.h"
#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/signing_key.h"

namespace hall::crypto {

struct EncryptedBallot {
  std::vector<Ciphertext> options;
  std::vector<RangeProof> option_proofs;      // one per option, over [0,1]
  std::vector<RangeProof> constraint_proofs;  // one per shape constraint

  // Canonical bytes; the credential signature covers exactly these.
  Bytes Encode() const;
  static Result<EncryptedBallot> Decode(std::span<const std::uint8_t> bytes);
  bool operator==(const EncryptedBallot& o) const {
    return Encode() == o.Encode();
  }
};

// A spoiled ballot's opening as published: the shown choices and the nonces.
// Wire: Str("hall/v1/ballot-opening") U32(n) then n x (U8 m_i, r_i).
struct SpoiledBallot {
  std::vector<std::uint8_t> plaintext;
  std::vector<Scalar> nonces;

  Bytes Encode() const;
  static Result<SpoiledBallot> Decode(std::span<const std::uint8_t> bytes);
};

struct EncryptionResult;

// The secret side of an encrypted ballot: its plaintext and nonces, wiped on
// destruction. Keep it only until the voter casts or spoils.
class BallotOpening {
 public:
  BallotOpening() = default;
  BallotOpening(BallotOpening&&) noexcept = default;
  BallotOpening& operator=(BallotOpening&&) noexcept = default;
  ~BallotOpening();

  // Reveals everything: only for a ballot that will never be cast.
  SpoiledBallot Spoil() const;
  const std::vector<SecretScalar>& nonces() const { return nonces_; }

 private:
  friend Result<EncryptionResult> EncryptBallot(
      const JointPublicKey&, const BallotShape&, std::span<const std::uint8_t>,
      std::span<const std::uint8_t>, const VerifyKey&, RandomSource&);
  std::vector<std::uint8_t> plaintext_;
  std::vector<SecretScalar> nonces_;
};

struct EncryptionResult {
  EncryptedBallot ballot;
  BallotOpening opening;
};

// `credential` is the public key of the credential that will sign and cast
// the ballot.
Result<EncryptionResult> EncryptBallot(const JointPublicKey& key,
                                       const BallotShape& shape,
                                       std::span<const std::uint8_t> plaintext,
                                       std::span<const std::uint8_t> context,
                                       const VerifyKey& credential,
                                       RandomSource& rng);

// `credential` is the key that cast the ballot (its envelope's).
Status VerifyBallot(const JointPublicKey& key, const BallotShape& shape,
                    std::span<const std::uint8_t> context,
                    const VerifyKey& credential, const EncryptedBallot& ballot);

// A ballot whose proofs verified under (key, shape, context, credential).
// Only AcceptBallot creates one.
class VerifiedBallot {
 public:
  const std::vector<Ciphertext>& options() const { return options_; }
  // The round's binding, shared by all of its ballots:
  // BLAKE2b-256(Str("hall/v1/ballot-binding") H shape Var(context)).
  const std::array<std::uint8_t, 32>& binding() const { return binding_; }
  const JointPublicKey& key() const { return key_; }
  // The credential the ballot's proofs are bound to.
  const VerifyKey& credential() const { return credential_; }

 private:
  friend Result<VerifiedBallot> AcceptBallot(const JointPublicKey&,
                                             const BallotShape&,
                                             std::span<const std::uint8_t>,
                                             const VerifyKey&,
                                             const EncryptedBallot&);
  VerifiedBallot(const JointPublicKey& key, const VerifyKey& credential)
      : key_(key), credential_(credential) {}
  JointPublicKey key_;
  VerifyKey credential_;
  std::vector<Ciphertext> options_;
  std::array<std::uint8_t, 32> binding_{};
};

Result<VerifiedBallot> AcceptBallot(const JointPublicKey& key,
                                    const BallotShape& shape,
                                    std::span<const std::uint8_t> context,
                                    const VerifyKey& credential,
                                    const EncryptedBallot& ballot);

// Checks that every option i of the ballot is Enc(shown[i]; nonces[i]):
// alpha == g^r and beta == g^m H^r. Names the first option that differs.
Status VerifyOpening(const JointPublicKey& key, const EncryptedBallot& ballot,
                     std::span<const std::uint8_t> shown,
                     std::span<const Scalar> nonces);
Status VerifyOpening(const JointPublicKey& key, const EncryptedBallot& ballot,
                     const SpoiledBallot& spoiled);

// The digest every proof of one ballot hashes:
//   BLAKE2b-256(Str("hall/v2/ballot-proof-binding") Var(context)
//               credential(32) U32(#options) then per option alpha beta).
using ProofBinding = std::array<std::uint8_t, 32>;
ProofBinding BallotProofBinding(std::span<const std::uint8_t> context,
                                const VerifyKey& credential,
                                std::span<const Ciphertext> options);

// Fiat-Shamir statement prefixes (see internal/proof.h):
//   option i:     Str("hall/v2/proof/zero-or-one") binding(32) U32(i)
//   constraint c: Str("hall/v2/proof/sum-range") binding(32) U32(c)
//                 U32(#options) U32(option)...
Bytes OptionProofPrefix(const ProofBinding& binding, std::uint32_t option);
Bytes ConstraintProofPrefix(const ProofBinding& binding, std::uint32_t index,
                            const SumConstraint& constraint);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_BALLOT_H_
