// RandomSource: where hall_crypto gets randomness. The default is libsodium's
// randombytes_buf. Tests inject DeterministicRandom (ChaCha20 keystream from a
// 32-byte seed) to produce known-answer vectors; it must never be used in the
// programs.
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

class DeterministicRandom final : public RandomSource {
 public:
  explicit DeterministicRandom(std::span<const std::uint8_t, 32> seed) {
    std::copy(seed.begin(), seed.end(), key_.begin());
  }
  ~DeterministicRandom() override { sodium_memzero(key_.data(), key_.size()); }
  void Fill(std::span<std::uint8_t> out) override {
    if (out.empty()) return;
    std::array<std::uint8_t, crypto_stream_chacha20_NONCEBYTES> nonce{};
    for (int i = 0; i < 8; ++i) nonce[i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
    ++counter_;
    crypto_stream_chacha20(out.data(), out.size(), nonce.data(), key_.data());
  }

 private:
  std::array<std::uint8_t, 32> key_{};
  std::uint64_t counter_ = 0;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_RANDOM_H_
