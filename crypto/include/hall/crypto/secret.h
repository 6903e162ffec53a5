// Secret<N>: a fixed-size secret (key seed, scalar, nonce) that is move-only,
// never copied implicitly, and wiped with sodium_memzero when destroyed or
// moved from. Bytes: the plain byte-string type used for encodings.
#ifndef HALL_CRYPTO_SECRET_H_
#define HALL_CRYPTO_SECRET_H_

#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace hall::crypto {

using Bytes = std::vector<std::uint8_t>;

// Overwrites `n` bytes at `p` with zeros in a way the compiler cannot drop:
// for secrets held in ordinary strings and buffers (a printed code sheet).
inline void Wipe(void* p, std::size_t n) { sodium_memzero(p, n); }

template <std::size_t N>
class Secret {
 public:
  Secret() { bytes_.fill(0); }
  ~Secret() { sodium_memzero(bytes_.data(), N); }
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : bytes_(other.bytes_) {
    sodium_memzero(other.bytes_.data(), N);
  }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      bytes_ = other.bytes_;
      sodium_memzero(other.bytes_.data(), N);
    }
    return *this;
  }
  // An explicit copy, for the rare place a secret must be duplicated.
  Secret Clone() const {
    Secret s;
    s.bytes_ = bytes_;
    return s;
  }
  static constexpr std::size_t size() { return N; }
  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::span<const std::uint8_t, N> view() const { return bytes_; }

 private:
  std::array<std::uint8_t, N> bytes_;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_SECRET_H_
