// RandomSource: where hall_crypto gets randomness. The default is libsodium's
// randombytes_buf. Tests inject DeterministicRandom (ChaCha20 keystream from a
// 32-byte seed) to produce known-answer vectors; it is in the separate
// hall_crypto_testing library (hall/crypto/testing/deterministic_random.h),
// which only tests link.
#ifndef HALL_CRYPTO_RANDOM_H_
#define HALL_CRYPTO_RANDOM_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>

namespace hall::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual void Fill(std::span<std::uint8_t> out) = 0;
};

class SystemRandom final : public RandomSource {
 public:
  void Fill(std::span<std::uint8_t> out) override {
    if (!out.empty()) randombytes_buf(out.data(), out.size());
  }
};

// The process-wide system source.
inline RandomSource& DefaultRandom() {
  static SystemRandom source;
  return source;
}

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_RANDOM_H_
