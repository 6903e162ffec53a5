// Helpers shared by the ballot-part crypto tests.
#ifndef HALL_TESTS_CRYPTO_BALLOT_TEST_UTIL_H_
#define HALL_TESTS_CRYPTO_BALLOT_TEST_UTIL_H_

#include <array>
#include <cstdint>
#include <string>

#include "hall/crypto/group.h"
#include "hall/crypto/init.h"
#include "hall/crypto/internal/elgamal.h"
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

}  // namespace hall::crypto::testing

#endif  // HALL_TESTS_CRYPTO_BALLOT_TEST_UTIL_H_
