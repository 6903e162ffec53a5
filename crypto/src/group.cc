#include "hall/crypto/group.h"

#include <sodium.h>

#include <cstring>

#include "group_internal.h"
#include "hall/crypto/init.h"

namespace hall::crypto {
namespace {

thread_local GroupOpCounts g_counts;

// Is the 32-byte little-endian value canonical (< L)?
bool IsCanonicalScalar(const std::uint8_t* s) {
  std::uint8_t wide[64] = {0};
  std::memcpy(wide, s, 32);
  std::uint8_t reduced[32];
  crypto_core_ristretto255_scalar_reduce(reduced, wide);
  return sodium_memcmp(reduced, s, 32) == 0;
}

// out = choose_b ? b : a, constant time; choose_b is 0 or 1.
void CtSelectBytes(std::uint8_t* out, const std::uint8_t* a,
                   const std::uint8_t* b, std::size_t n,
                   std::uint32_t choose_b) {
  const std::uint8_t mask = static_cast<std::uint8_t>(0u - (choose_b & 1u));
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::uint8_t>(a[i] ^ (mask & (a[i] ^ b[i])));
  }
}

void ScalarFromU64(std::uint8_t* out, std::uint64_t v) {
  std::memset(out, 0, 32);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

std::uint32_t CtEqual(std::uint32_t a, std::uint32_t b) {
  std::uint32_t x = a ^ b;
  // (x | -x) has its top bit set iff x != 0.
  return 1u ^ ((x | (0u - x)) >> 31);
}

GroupOpCounts ThreadGroupOpCounts() { return g_counts; }

Encoder TaggedEncoder(std::string_view tag) {
  // Same bytes as Encoder().Str(tag), written without vector::insert.
  Encoder e;
  e.U32(static_cast<std::uint32_t>(tag.size()));
  for (char c : tag) e.U8(static_cast<std::uint8_t>(c));
  return e;
}

// ---------------------------------------------------------------- Scalar

Scalar Scalar::FromU64(std::uint64_t v) {
  Scalar s;
  ScalarFromU64(s.bytes_.data(), v);
  return s;
}

Result<Scalar> Scalar::Decode(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kScalarBytes) {
    return Status::InvalidArgument("a scalar must be 32 bytes");
  }
  if (!IsCanonicalScalar(bytes.data())) {
    return Status::InvalidArgument(
        "a scalar is not canonical (not below the group order)");
  }
  Scalar s;
  std::memcpy(s.bytes_.data(), bytes.data(), kScalarBytes);
  return s;
}

Scalar Scalar::FromWide(std::span<const std::uint8_t, 64> wide) {
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.bytes_.data(), wide.data());
  return s;
}

Scalar Scalar::Random(RandomSource& rng) {
  for (;;) {
    std::array<std::uint8_t, 64> wide;
    rng.Fill(wide);
    Scalar s = FromWide(wide);
    sodium_memzero(wide.data(), wide.size());
    if (!s.IsZero()) return s;
  }
}

Scalar Scalar::operator+(const Scalar& o) const {
  Scalar r;
  crypto_core_ristretto255_scalar_add(r.bytes_.data(), data(), o.data());
  return r;
}
Scalar Scalar::operator-(const Scalar& o) const {
  Scalar r;
  crypto_core_ristretto255_scalar_sub(r.bytes_.data(), data(), o.data());
  return r;
}
Scalar Scalar::operator*(const Scalar& o) const {
  Scalar r;
  crypto_core_ristretto255_scalar_mul(r.bytes_.data(), data(), o.data());
  return r;
}
Scalar Scalar::operator-() const {
  Scalar r;
  crypto_core_ristretto255_scalar_negate(r.bytes_.data(), data());
  return r;
}
Scalar Scalar::Inverse() const {
  Scalar r;
  HALL_CHECK(crypto_core_ristretto255_scalar_invert(r.bytes_.data(), data()) ==
             0);
  return r;
}
bool Scalar::IsZero() const { return sodium_is_zero(data(), kScalarBytes); }
bool Scalar::operator==(const Scalar& o) const {
  return sodium_memcmp(data(), o.data(), kScalarBytes) == 0;
}

// ---------------------------------------------------------- SecretScalar

SecretScalar SecretScalar::Clone() const {
  SecretScalar s;
  s.bytes_ = bytes_.Clone();
  return s;
}

SecretScalar SecretScalar::Random(RandomSource& rng) {
  for (;;) {
    Secret<64> wide;
    rng.Fill({wide.data(), 64});
    SecretScalar s;
    crypto_core_ristretto255_scalar_reduce(s.mut(), wide.data());
    if (!sodium_is_zero(s.data(), kScalarBytes)) return s;
  }
}

SecretScalar SecretScalar::FromPublic(const Scalar& p) {
  SecretScalar s;
  std::memcpy(s.mut(), p.data(), kScalarBytes);
  return s;
}

SecretScalar SecretScalar::FromU32(std::uint32_t v) {
  SecretScalar s;
  ScalarFromU64(s.mut(), v);
  return s;
}

Result<SecretScalar> SecretScalar::FromSecret(
    const Secret<kScalarBytes>& bytes) {
  if (!IsCanonicalScalar(bytes.data())) {
    return Status::InvalidArgument("a secret scalar is not canonical");
  }
  SecretScalar s;
  s.bytes_ = bytes.Clone();
  return s;
}

SecretScalar SecretScalar::operator+(const SecretScalar& o) const {
  SecretScalar r;
  crypto_core_ristretto255_scalar_add(r.mut(), data(), o.data());
  return r;
}
SecretScalar SecretScalar::operator-(const SecretScalar& o) const {
  SecretScalar r;
  crypto_core_ristretto255_scalar_sub(r.mut(), data(), o.data());
  return r;
}
SecretScalar SecretScalar::operator*(const Scalar& o) const {
  SecretScalar r;
  crypto_core_ristretto255_scalar_mul(r.mut(), data(), o.data());
  return r;
}
SecretScalar SecretScalar::Select(const SecretScalar& a, const SecretScalar& b,
                                  std::uint32_t choose_b) {
  SecretScalar r;
  CtSelectBytes(r.mut(), a.data(), b.data(), kScalarBytes, choose_b);
  return r;
}
Scalar SecretScalar::Reveal() const {
  Scalar s;
  // Canonical by construction: every SecretScalar is produced reduced.
  std::memcpy(s.bytes_.data(), data(), kScalarBytes);
  return s;
}

// ----------------------------------------------------------------- Point

const Point& Point::Generator() {
  static const Point g = [] {
    InitOrDie();
    return BaseMul(Scalar::One());
  }();
  return g;
}

Result<Point> Point::DecodeAllowIdentity(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kPointBytes) {
    return Status::InvalidArgument("a group element must be 32 bytes");
  }
  ++g_counts.decode;
  // libsodium 1.0.18's canonicity check ignores bit 255 (the field element
  // decoder masks it), so an encoding with it set would decode to the same
  // point as without: two byte strings for one element. Reject it here.
  if ((bytes[31] & 0x80) != 0 ||
      crypto_core_ristretto255_is_valid_point(bytes.data()) != 1) {
    return Status::InvalidArgument("not a valid ristretto255 group element");
  }
  Point p;
  std::memcpy(p.bytes_.data(), bytes.data(), kPointBytes);
  return p;
}

Result<Point> Point::Decode(std::span<const std::uint8_t> bytes) {
  Result<Point> p = DecodeAllowIdentity(bytes);
  if (!p.ok()) return p;
  if (p->IsIdentity()) {
    return Status::InvalidArgument("the identity element is not allowed here");
  }
  return p;
}

// The return value of libsodium's scalar multiplications is -1 exactly when
// the result is the identity (the output is then all zero) or the input point
// is invalid (impossible: Points are valid by construction). So the output
// buffer is always the right answer and the return value is ignored, which
// also keeps secret scalars off branches.
Point Point::BaseMul(const Scalar& s) {
  ++g_counts.base_mul;
  Point r;
  [[maybe_unused]] int rc =
      crypto_scalarmult_ristretto255_base(r.bytes_.data(), s.data());
  return r;
}
Point Point::BaseMul(const SecretScalar& s) {
  ++g_counts.base_mul;
  Point r;
  [[maybe_unused]] int rc =
      crypto_scalarmult_ristretto255_base(r.bytes_.data(), s.data());
  return r;
}
Point Point::Mul(const Scalar& s) const {
  ++g_counts.var_mul;
  Point r;
  [[maybe_unused]] int rc =
      crypto_scalarmult_ristretto255(r.bytes_.data(), s.data(), data());
  return r;
}
Point Point::Mul(const SecretScalar& s) const {
  ++g_counts.var_mul;
  Point r;
  [[maybe_unused]] int rc =
      crypto_scalarmult_ristretto255(r.bytes_.data(), s.data(), data());
  return r;
}

Point Point::operator+(const Point& o) const {
  ++g_counts.add;
  Point r;
  HALL_CHECK(crypto_core_ristretto255_add(r.bytes_.data(), data(), o.data()) ==
             0);
  return r;
}
Point Point::operator-(const Point& o) const {
  ++g_counts.add;
  Point r;
  HALL_CHECK(crypto_core_ristretto255_sub(r.bytes_.data(), data(), o.data()) ==
             0);
  return r;
}
Point Point::Select(const Point& a, const Point& b, std::uint32_t choose_b) {
  Point r;
  CtSelectBytes(r.bytes_.data(), a.data(), b.data(), kPointBytes, choose_b);
  return r;
}

bool Point::IsIdentity() const { return sodium_is_zero(data(), kPointBytes); }

}  // namespace hall::crypto
