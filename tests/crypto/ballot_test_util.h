// Helpers shared by the ballot-part crypto tests.
#ifndef HALL_TESTS_CRYPTO_BALLOT_TEST_UTIL_H_
#define HALL_TESTS_CRYPTO_BALLOT_TEST_UTIL_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "hall/crypto/ballot.h"
#include "hall/crypto/group.h"
#include "hall/crypto/init.h"
#include "hall/crypto/internal/elgamal.h"
#include "hall/crypto/internal/proof.h"
#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto::testing {

// Sanitizer builds are ~10x slower: loops over many inputs shrink there.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

inline DeterministicRandom Rng(std::uint8_t tag) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(tag);
  return DeterministicRandom(seed);
}

inline Bytes Ctx(const std::string& s) { return Bytes(s.begin(), s.end()); }

// A joint key with a known secret (for ballot-only tests).
inline JointPublicKey TestKey(RandomSource& rng) {
  InitOrDie();
  SecretScalar x = SecretScalar::Random(rng);
  return *JointPublicKey::FromPoint(Point::BaseMul(x));
}

// Proves every option and constraint of `b` again under `cred`, as a voter
// who knows every nonce would (to forge in tests): value[i] is what option i
// claims to hold; a value outside a proof's range gives a proof that does
// not verify.
inline void ProveAll(const JointPublicKey& key,
                     std::span<const std::uint8_t> context,
                     const BallotShape& shape, const VerifyKey& cred,
                     EncryptedBallot& b,
                     const std::vector<std::uint32_t>& value,
                     const std::vector<Scalar>& nonces, RandomSource& rng) {
  const ProofBinding binding = BallotProofBinding(context, cred, b.options);
  b.option_proofs.clear();
  for (std::uint32_t i = 0; i < b.options.size(); ++i) {
    b.option_proofs.push_back(
        ProveRange(OptionProofPrefix(binding, i), key, b.options[i], value[i],
                   SecretScalar::FromPublic(nonces[i]), 0, 1, rng));
  }
  b.constraint_proofs.clear();
  for (std::uint32_t c = 0; c < shape.constraints.size(); ++c) {
    const SumConstraint& k = shape.constraints[c];
    Ciphertext sum = b.options[k.options[0]];
    SecretScalar r = SecretScalar::FromPublic(nonces[k.options[0]]);
    std::uint32_t v = value[k.options[0]];
    for (std::size_t j = 1; j < k.options.size(); ++j) {
      sum = sum + b.options[k.options[j]];
      r = r + SecretScalar::FromPublic(nonces[k.options[j]]);
      v += value[k.options[j]];
    }
    b.constraint_proofs.push_back(
        ProveRange(ConstraintProofPrefix(binding, c, k), key, sum, v, r, k.min,
                   k.max, rng));
  }
}

inline std::vector<std::uint32_t> Values(
    const std::vector<std::uint8_t>& plain) {
  return {plain.begin(), plain.end()};
}

}  // namespace hall::crypto::testing

#endif  // HALL_TESTS_CRYPTO_BALLOT_TEST_UTIL_H_
