// The ristretto255 prime-order group, as hall's ballot cryptography uses it.
//
// Contract:
//  - Point holds a canonical 32-byte ristretto255 encoding that is always a
//    valid group element. The identity (all-zero encoding) is a valid Point:
//    it legitimately occurs (g^0, the message part of an aggregate whose count
//    is 0). Decode() rejects invalid encodings AND the identity; use
//    DecodeAllowIdentity() only where the identity may occur.
//  - Decoding is stricter than libsodium 1.0.18's is_valid_point, which
//    accepts bit 255 set (a second encoding of the same element): hall
//    rejects it, so equal elements always have equal bytes.
//  - Scalar is a public integer mod L (the group order), always canonical
//    (< L). SecretScalar is the same but move-only and wiped on destruction
//    (backed by Secret<32>); it becomes public only through Reveal().
//  - Scalar multiplications wrap crypto_scalarmult_ristretto255[_base]. In
//    libsodium 1.0.18 both return -1 when the result is the identity (and
//    write the all-zero encoding); this wrapper returns the identity Point in
//    that case, without branching on the scalar. Their inputs are always
//    valid Points, so no other failure is possible.
//  - Operations on SecretScalar are constant time (libsodium sc25519 code and
//    masked selects).
//  - Every operation counts itself in per-thread GroupOpCounts so benchmarks
//    can state the cost bound of a construction.
#ifndef HALL_CRYPTO_GROUP_H_
#define HALL_CRYPTO_GROUP_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/base/status.h"

namespace hall::crypto {

inline constexpr std::size_t kPointBytes = 32;
inline constexpr std::size_t kScalarBytes = 32;

// libsodium is initialised by InitOrDie() (init.h), the one init of
// hall_crypto; every entry point of the ballot part calls it, so callers never
// need to.

class SecretScalar;

class Scalar {
 public:
  Scalar() { bytes_.fill(0); }  // zero
  static Scalar Zero() { return Scalar(); }
  static Scalar One() { return FromU64(1); }
  static Scalar FromU64(std::uint64_t v);
  // Accepts only canonical encodings (little-endian, < L).
  static Result<Scalar> Decode(std::span<const std::uint8_t> bytes);
  // Reduces 64 bytes (e.g. a BLAKE2b-512 hash) mod L.
  static Scalar FromWide(std::span<const std::uint8_t, 64> wide);
  // Uniform, non-zero.
  static Scalar Random(RandomSource& rng);

  Scalar operator+(const Scalar& o) const;
  Scalar operator-(const Scalar& o) const;
  Scalar operator*(const Scalar& o) const;
  Scalar operator-() const;
  // Aborts on zero (callers never invert zero: Lagrange denominators are
  // differences of distinct trustee indices).
  Scalar Inverse() const;
  bool IsZero() const;
  bool operator==(const Scalar& o) const;

  const std::array<std::uint8_t, kScalarBytes>& bytes() const { return bytes_; }
  const std::uint8_t* data() const { return bytes_.data(); }

 private:
  friend class SecretScalar;
  std::array<std::uint8_t, kScalarBytes> bytes_;
};

class SecretScalar {
 public:
  SecretScalar() = default;  // zero
  SecretScalar(SecretScalar&&) noexcept = default;
  SecretScalar& operator=(SecretScalar&&) noexcept = default;
  SecretScalar Clone() const;

  // Uniform, non-zero.
  static SecretScalar Random(RandomSource& rng);
  static SecretScalar FromPublic(const Scalar& s);
  static SecretScalar FromU32(std::uint32_t v);
  // Accepts only canonical encodings.
  static Result<SecretScalar> FromSecret(const Secret<kScalarBytes>& bytes);

  SecretScalar operator+(const SecretScalar& o) const;
  SecretScalar operator-(const SecretScalar& o) const;
  SecretScalar operator*(const Scalar& o) const;
  // Constant time: returns choose_b ? b : a, where choose_b is 0 or 1.
  static SecretScalar Select(const SecretScalar& a, const SecretScalar& b,
                             std::uint32_t choose_b);

  // The value becomes public (a proof response, a spoiled ballot's nonce).
  Scalar Reveal() const;
  // A wiped copy of the 32 bytes (for key files).
  Secret<kScalarBytes> Export() const { return bytes_.Clone(); }
  const std::uint8_t* data() const { return bytes_.data(); }

 private:
  std::uint8_t* mut() { return bytes_.data(); }
  Secret<kScalarBytes> bytes_;
};

class Point {
 public:
  Point() { bytes_.fill(0); }  // the identity
  static Point Identity() { return Point(); }
  static const Point& Generator();
  // Rejects non-canonical or invalid encodings and the identity.
  static Result<Point> Decode(std::span<const std::uint8_t> bytes);
  // Rejects non-canonical or invalid encodings; accepts the identity.
  static Result<Point> DecodeAllowIdentity(std::span<const std::uint8_t> bytes);

  // g^s (fixed base, crypto_scalarmult_ristretto255_base).
  static Point BaseMul(const Scalar& s);
  static Point BaseMul(const SecretScalar& s);
  // this^s (variable base, crypto_scalarmult_ristretto255).
  Point Mul(const Scalar& s) const;
  Point Mul(const SecretScalar& s) const;

  Point operator+(const Point& o) const;
  Point operator-(const Point& o) const;
  Point& operator+=(const Point& o) { return *this = *this + o; }
  Point& operator-=(const Point& o) { return *this = *this - o; }
  // Constant time: returns choose_b ? b : a, where choose_b is 0 or 1.
  static Point Select(const Point& a, const Point& b, std::uint32_t choose_b);

  bool IsIdentity() const;
  bool operator==(const Point& o) const { return bytes_ == o.bytes_; }
  bool operator<(const Point& o) const { return bytes_ < o.bytes_; }

  const std::array<std::uint8_t, kPointBytes>& bytes() const { return bytes_; }
  const std::uint8_t* data() const { return bytes_.data(); }

 private:
  std::array<std::uint8_t, kPointBytes> bytes_;
};

// Constant time: 1 if a == b, else 0.
std::uint32_t CtEqual(std::uint32_t a, std::uint32_t b);

// Per-thread counts of group operations (for the benchmark's cost bound).
struct GroupOpCounts {
  std::uint64_t var_mul = 0;   // crypto_scalarmult_ristretto255
  std::uint64_t base_mul = 0;  // crypto_scalarmult_ristretto255_base
  std::uint64_t add = 0;       // crypto_core_ristretto255_add / _sub
  std::uint64_t decode = 0;    // crypto_core_ristretto255_is_valid_point
};
GroupOpCounts ThreadGroupOpCounts();

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_GROUP_H_
