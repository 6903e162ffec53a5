// Internal to hall_crypto: not part of its contract; other modules include the
// public headers.
//
// Exponential ElGamal over ristretto255 to a joint public key H.
//
// Contract:
//  - Enc(m; r) = (alpha, beta) = (g^r, g^m * H^r), with m a small count and r a
//    non-zero nonce. Ciphertexts add homomorphically: Enc(a; r) + Enc(b; s) =
//    Enc(a + b; r + s).
//  - g^m is taken from a table of small multiples (no scalar multiplication);
//    for a secret m the table is scanned in constant time. g^0 is the
//    identity, so beta and aggregate message parts may be the identity and are
//    handled as ordinary Points.
//  - A JointPublicKey is never the identity.
//  - Wire form of a ciphertext: alpha (32 bytes) || beta (32 bytes).
#ifndef HALL_CRYPTO_INTERNAL_ELGAMAL_H_
#define HALL_CRYPTO_INTERNAL_ELGAMAL_H_

#include <cstdint>
#include <span>

#include "hall/crypto/encoding.h"
#include "hall/crypto/group.h"
#include "hall/base/status.h"

namespace hall::crypto {

// Largest m for which SmallMultiple()/Encrypt() use the table.
inline constexpr std::uint32_t kSmallMultipleTableMax = 63;

class JointPublicKey {
 public:
  // Rejects invalid encodings and the identity.
  static Result<JointPublicKey> Decode(std::span<const std::uint8_t> bytes);
  static Result<JointPublicKey> FromPoint(const Point& h);
  const Point& point() const { return h_; }
  bool operator==(const JointPublicKey& o) const { return h_ == o.h_; }

 private:
  explicit JointPublicKey(const Point& h) : h_(h) {}
  Point h_;
};

struct Ciphertext {
  Point alpha;  // g^r
  Point beta;   // g^m H^r

  Ciphertext operator+(const Ciphertext& o) const {
    return {alpha + o.alpha, beta + o.beta};
  }
  bool operator==(const Ciphertext& o) const {
    return alpha == o.alpha && beta == o.beta;
  }
  void EncodeTo(Encoder& enc) const {
    enc.Fixed(alpha.bytes()).Fixed(beta.bytes());
  }
  // Reads 64 bytes; with allow_identity false (ballots) rejects the identity
  // in either part. Names the failure in the returned Status.
  static Result<Ciphertext> DecodeFrom(Decoder& dec, bool allow_identity);
};

// g^m for a public m (table for m <= kSmallMultipleTableMax).
Point SmallMultiple(std::uint64_t m);
// g^m for a secret m <= kSmallMultipleTableMax, constant time in m.
Point SmallMultipleConstantTime(std::uint32_t m);

// Enc(m; r). m must be <= kSmallMultipleTableMax; constant time in m and r.
Ciphertext Encrypt(const JointPublicKey& key, std::uint32_t m,
                   const SecretScalar& r);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_INTERNAL_ELGAMAL_H_
