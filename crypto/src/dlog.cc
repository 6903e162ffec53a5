#include "hall/crypto/dlog.h"

#include <algorithm>

namespace hall::crypto {

DlogTable::DlogTable(std::uint64_t max) : max_(max) {
  HALL_CHECK(max < kMaxEntries);
  EnsureGroupInit();
  sorted_.reserve(max + 1);
  Point p = Point::Identity();
  const Point& g = Point::Generator();
  for (std::uint64_t m = 0; m <= max; ++m) {
    sorted_.emplace_back(p.bytes(), m);
    if (m < max) p += g;
  }
  std::sort(sorted_.begin(), sorted_.end());
}

std::optional<std::uint64_t> DlogTable::Find(const Point& p) const {
  auto it = std::lower_bound(
      sorted_.begin(), sorted_.end(), p.bytes(),
      [](const auto& entry, const auto& key) { return entry.first < key; });
  if (it == sorted_.end() || it->first != p.bytes()) return std::nullopt;
  return it->second;
}

}  // namespace hall::crypto
