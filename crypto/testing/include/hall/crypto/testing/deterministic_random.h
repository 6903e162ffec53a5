// DeterministicRandom: a RandomSource that is a ChaCha20 keystream from a
// 32-byte seed, so tests can produce and check known-answer vectors.
//
// It lives in hall_crypto_testing, a separate static library that only the
// tests link: no production library or program contains it (checked by the
// layering test "layering_production_crypto_has_no_test_random").
#ifndef HALL_CRYPTO_TESTING_DETERMINISTIC_RANDOM_H_
#define HALL_CRYPTO_TESTING_DETERMINISTIC_RANDOM_H_

#include <array>
#include <cstdint>
#include <span>

#include "hall/crypto/random.h"

namespace hall::crypto {

class DeterministicRandom final : public RandomSource {
 public:
  explicit DeterministicRandom(std::span<const std::uint8_t, 32> seed);
  ~DeterministicRandom() override;
  // Fills `out` with the keystream for the next nonce (a 64-bit counter, one
  // step per call).
  void Fill(std::span<std::uint8_t> out) override;

 private:
  std::array<std::uint8_t, 32> key_{};
  std::uint64_t counter_ = 0;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_TESTING_DETERMINISTIC_RANDOM_H_
