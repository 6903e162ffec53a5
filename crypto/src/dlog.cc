#include "hall/crypto/internal/dlog.h"

#include <algorithm>
#include <cmath>

#include "hall/crypto/init.h"

namespace hall::crypto {

DlogTable::DlogTable(std::uint64_t max) : max_(max) {
  HALL_CHECK(max <= kMaxCount);
  InitOrDie();
  step_ = static_cast<std::uint64_t>(std::sqrt(static_cast<double>(max) + 1));
  while (step_ * step_ < max + 1) ++step_;
  baby_.reserve(step_);
  Point p = Point::Identity();
  const Point& g = Point::Generator();
  for (std::uint64_t j = 0; j < step_; ++j) {
    baby_.emplace_back(p.bytes(), j);
    if (j + 1 < step_) p += g;
  }
  giant_ = Point::Identity() - (p + g);  // g^-s
  std::sort(baby_.begin(), baby_.end());
}

std::optional<std::uint64_t> DlogTable::Find(const Point& target) const {
  Point p = target;
  for (std::uint64_t i = 0; i * step_ <= max_; ++i) {
    auto it = std::lower_bound(
        baby_.begin(), baby_.end(), p.bytes(),
        [](const auto& entry, const auto& key) { return entry.first < key; });
    if (it != baby_.end() && it->first == p.bytes()) {
      const std::uint64_t m = i * step_ + it->second;
      if (m <= max_) return m;
      return std::nullopt;
    }
    if ((i + 1) * step_ <= max_) p += giant_;
  }
  return std::nullopt;
}

}  // namespace hall::crypto
