// Internal to hall_crypto: not part of its contract; other modules include the
// public headers.
//
// Non-interactive zero-knowledge proofs over ristretto255 (Fiat-Shamir).
//
// Contract:
//  - Every challenge is HashToScalar(transcript): BLAKE2b-512 (unkeyed
//    crypto_generichash) of the transcript, reduced mod L. The transcript is
//    the caller's statement prefix (built with Encoder and starting with a
//    domain tag such as "hall/v2/proof/zero-or-one", then the caller's binding
//    and indices) followed by the group elements listed for each proof below,
//    32 bytes each, in that order. docs/crypto.md gives every prefix.
//  - RangeProof: disjunctive Chaum-Pedersen proof that an ElGamal ciphertext
//    (alpha, beta) under H encrypts some v in [lo, hi]. Branch j (v = lo + j)
//    has commitments a_j = g^{z_j} alpha^{-c_j},
//    b_j = H^{z_j} (beta g^{-(lo+j)})^{-c_j}; transcript suffix
//    U32(lo) U32(hi) H alpha beta a_0 b_0 ... a_{K-1} b_{K-1}; valid iff
//    sum c_j == challenge. Wire: U32(K) then K x (c_j || z_j).
//  - SchnorrProof of x with Y = g^x: t = g^z Y^{-c}; suffix Y t. Wire: c || z.
//  - DleqProof (Chaum-Pedersen) of x with K = g^x and D = A^x:
//    t1 = g^z K^{-c}, t2 = A^z D^{-c}; suffix K A D t1 t2. Wire: c || z.
//  - Provers are constant time in their secrets (including which branch of a
//    RangeProof is real). ProveRange with a value outside [lo, hi] yields a
//    proof that does not verify (used by tests); it never aborts.
//  - Decoding rejects wrong lengths and non-canonical scalars.
#ifndef HALL_CRYPTO_INTERNAL_PROOF_H_
#define HALL_CRYPTO_INTERNAL_PROOF_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/group.h"
#include "hall/crypto/internal/elgamal.h"
#include "hall/crypto/random.h"

namespace hall::crypto {

// Most branches a RangeProof may have (bounds decoding work).
inline constexpr std::uint32_t kMaxRangeBranches = 1024;

Scalar HashToScalar(std::span<const std::uint8_t> transcript);

struct RangeProof {
  std::vector<Scalar> challenges;  // c_j
  std::vector<Scalar> responses;   // z_j

  void EncodeTo(Encoder& enc) const;
  static Result<RangeProof> DecodeFrom(Decoder& dec);
};

struct SchnorrProof {
  Scalar challenge;
  Scalar response;

  void EncodeTo(Encoder& enc) const;
  static Result<SchnorrProof> DecodeFrom(Decoder& dec);
};

struct DleqProof {
  Scalar challenge;
  Scalar response;

  void EncodeTo(Encoder& enc) const;
  static Result<DleqProof> DecodeFrom(Decoder& dec);
};

// Proves ct = Enc(value; r) with value in [lo, hi]. Requires lo <= hi and
// hi - lo < kMaxRangeBranches.
RangeProof ProveRange(std::span<const std::uint8_t> prefix,
                      const JointPublicKey& key, const Ciphertext& ct,
                      std::uint32_t value, const SecretScalar& r,
                      std::uint32_t lo, std::uint32_t hi, RandomSource& rng);
// True iff the proof verifies (it has hi - lo + 1 branches and the challenges
// sum to the transcript's challenge).
bool VerifyRange(std::span<const std::uint8_t> prefix,
                 const JointPublicKey& key, const Ciphertext& ct,
                 std::uint32_t lo, std::uint32_t hi, const RangeProof& proof);

SchnorrProof ProveSchnorr(std::span<const std::uint8_t> prefix, const Point& y,
                          const SecretScalar& x, RandomSource& rng);
bool VerifySchnorr(std::span<const std::uint8_t> prefix, const Point& y,
                   const SchnorrProof& proof);

DleqProof ProveDleq(std::span<const std::uint8_t> prefix, const Point& k,
                    const Point& a, const Point& d, const SecretScalar& x,
                    RandomSource& rng);
bool VerifyDleq(std::span<const std::uint8_t> prefix, const Point& k,
                const Point& a, const Point& d, const DleqProof& proof);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_INTERNAL_PROOF_H_
