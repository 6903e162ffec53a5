#include "hall/crypto/testing/deterministic_random.h"

#include <sodium.h>

#include <algorithm>

namespace hall::crypto {

DeterministicRandom::DeterministicRandom(
    std::span<const std::uint8_t, 32> seed) {
  std::copy(seed.begin(), seed.end(), key_.begin());
}

DeterministicRandom::~DeterministicRandom() {
  sodium_memzero(key_.data(), key_.size());
}

void DeterministicRandom::Fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  std::array<std::uint8_t, crypto_stream_chacha20_NONCEBYTES> nonce{};
  for (int i = 0; i < 8; ++i) {
    nonce[i] = static_cast<std::uint8_t>(counter_ >> (8 * i));
  }
  ++counter_;
  crypto_stream_chacha20(out.data(), out.size(), nonce.data(), key_.data());
}

}  // namespace hall::crypto
