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

bool FromHex(std::string_view hex, std::span<std::uint8_t> out) {
  std::size_t len = 0;
  const bool ok = hex.size() == out.size() * 2 &&
                  sodium_hex2bin(out.data(), out.size(), hex.data(),
                                 hex.size(), nullptr, &len, nullptr) == 0 &&
                  len == out.size();
  if (!ok) sodium_memzero(out.data(), out.size());
  return ok;
}

}  // namespace hall::crypto
