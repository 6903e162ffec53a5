// Exact threshold arithmetic for the rules engine. A Threshold says
// "votes <compare> fraction of <denominator>", e.g. "> 1/2 of convened".
// Every comparison is done on integers (den*votes > num*base); no floating
// point is used in any decision.
#ifndef HALL_SHARED_FRACTION_H_
#define HALL_SHARED_FRACTION_H_

#include <cstdint>
#include <string>

namespace hall::rules {

// The largest count any decoded record may hold: no body convenes a billion
// members, and with fractions of at most 1000ths every product below stays
// far inside 64 bits.
inline constexpr std::int64_t kMaxCount = 1'000'000'000;

struct Fraction {
  std::int64_t num = 0;
  std::int64_t den = 1;

  bool operator==(const Fraction&) const = default;
};

enum class Comparison { kGreater, kAtLeast };

// Which count a threshold or a quorum is measured against.
enum class Base { kConvened, kPresent, kMembers, kCast, kValid };

struct Threshold {
  Comparison compare = Comparison::kGreater;
  Fraction fraction;
  Base of = Base::kConvened;
};

// True when `value` passes `compare fraction * base`.
inline bool Passes(std::int64_t value, Comparison compare, Fraction f,
                   std::int64_t base) {
  const std::int64_t lhs = f.den * value;
  const std::int64_t rhs = f.num * base;
  return compare == Comparison::kGreater ? lhs > rhs : lhs >= rhs;
}

// True when `value` is exactly `fraction * base` (den*value == num*base).
inline bool IsExactly(std::int64_t value, Fraction f, std::int64_t base) {
  return f.den * value == f.num * base;
}

// The smallest value that passes (used to say "27 of 40 are required").
inline std::int64_t SmallestPassing(Comparison compare, Fraction f,
                                    std::int64_t base) {
  const std::int64_t product = f.num * base;
  const std::int64_t floor = product / f.den;
  if (compare == Comparison::kGreater) return floor + 1;
  return product % f.den == 0 ? floor : floor + 1;
}

std::string BaseName(Base base);              // "convened", "present", ...
std::string FractionText(Fraction f);         // "1/2"
std::string ComparisonText(Comparison c);     // ">" or ">="

}  // namespace hall::rules

#endif  // HALL_SHARED_FRACTION_H_
