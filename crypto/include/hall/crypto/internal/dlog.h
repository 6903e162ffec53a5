// Internal to hall_crypto: not part of its contract; other modules include the
// public headers.
//
// DlogTable: discrete logarithms g^m -> m for 0 <= m <= max, used to read the
// counts out of a decrypted aggregate; max is the number of ballots (a count
// can never exceed it).
//
// Baby-step giant-step: the table holds the s = ceil(sqrt(max + 1)) baby steps
// g^0 .. g^{s-1} (sorted encodings); Find(P) walks P, P g^-s, P g^-2s, ... at
// most s giant steps. Building costs s group additions, each lookup at most s.
// Only public values (aggregate counts) go through it; it is not constant
// time.
#ifndef HALL_CRYPTO_INTERNAL_DLOG_H_
#define HALL_CRYPTO_INTERNAL_DLOG_H_

#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "hall/crypto/group.h"

namespace hall::crypto {

class DlogTable {
 public:
  // Largest max anyone may ask for.
  static constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 40;

  // Requires max <= kMaxCount.
  explicit DlogTable(std::uint64_t max);
  std::uint64_t max() const { return max_; }
  // m with g^m == p, or nullopt when p is not g^m for 0 <= m <= max.
  std::optional<std::uint64_t> Find(const Point& p) const;

 private:
  std::uint64_t max_;
  std::uint64_t step_;  // s
  Point giant_;         // g^-s
  std::vector<std::pair<std::array<std::uint8_t, kPointBytes>, std::uint64_t>>
      baby_;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_INTERNAL_DLOG_H_
