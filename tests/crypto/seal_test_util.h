// Helpers shared by the seal-part tests.
#ifndef HALL_TESTS_CRYPTO_SEAL_TEST_UTIL_H_
#define HALL_TESTS_CRYPTO_SEAL_TEST_UTIL_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto::testing {

inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }

// A DeterministicRandom whose seed is 32 copies of `b`.
inline DeterministicRandom FixedRandom(std::uint8_t b) {
  std::array<std::uint8_t, 32> seed;
  seed.fill(b);
  return DeterministicRandom(seed);
}

}  // namespace hall::crypto::testing

#endif  // HALL_TESTS_CRYPTO_SEAL_TEST_UTIL_H_
