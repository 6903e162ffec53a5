// DlogTable: discrete logarithms g^m -> m for 0 <= m <= max, used to read the
// counts out of a decrypted aggregate. Sized to the number of ballots (a count
// can never exceed it); building costs max group additions.
#ifndef HALL_CRYPTO_DLOG_H_
#define HALL_CRYPTO_DLOG_H_

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "hall/crypto/group.h"

namespace hall::crypto {

class DlogTable {
 public:
  // Largest table anyone may ask for (bounds memory: 40 bytes per entry).
  static constexpr std::uint64_t kMaxEntries = 1u << 24;

  // Requires max < kMaxEntries.
  explicit DlogTable(std::uint64_t max);
  std::uint64_t max() const { return max_; }
  // m with g^m == p, or nullopt when p is not g^m for 0 <= m <= max.
  std::optional<std::uint64_t> Find(const Point& p) const;

 private:
  std::uint64_t max_;
  std::vector<std::pair<std::array<std::uint8_t, kPointBytes>, std::uint64_t>>
      sorted_;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_DLOG_H_
