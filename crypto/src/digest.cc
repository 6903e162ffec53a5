#include "hall/crypto/digest.h"

#include <sodium.h>

#include "hall/crypto/init.h"

namespace hall::crypto {

Digest Blake2b256(std::span<const std::uint8_t> data) {
  InitOrDie();
  Digest out;
  crypto_generichash(out.data(), out.size(), data.data(), data.size(), nullptr,
                     0);
  return out;
}

std::string ToHex(std::span<const std::uint8_t> data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (std::uint8_t b : data) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 15]);
  }
  return out;
}

}  // namespace hall::crypto
