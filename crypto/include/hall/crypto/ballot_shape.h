// BallotShape: the generic form of every hall ballot, as the cryptography
// sees it.
//
// Contract:
//  - A ballot is num_options options, each 0 or 1 (an ElGamal ciphertext with
//    a 0-or-1 proof), plus sum constraints: for each, the sum of the listed
//    options lies in [min, max] (a range proof over the product ciphertext).
//  - Options and constraints are numbered from 0 in the order listed.
//  - Validate() accepts only shapes the proofs can express: 1..kMaxOptions
//    options, each constraint's options strictly increasing and in range,
//    min <= max <= number of listed options.
//  - CheckPlaintext() checks a 0/1 choice vector against a valid shape and
//    names the first violated rule. It does the same work for every valid
//    vector of a given shape (no early exit on the choices).
//  - Encode(): Str("hall/v1/ballot-shape") U32(num_options)
//    U32(#constraints) then per constraint U32(#options) U32(option)...
//    U32(min) U32(max). Callers hash it into the ballot-template digest.
#ifndef HALL_CRYPTO_BALLOT_SHAPE_H_
#define HALL_CRYPTO_BALLOT_SHAPE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hall/crypto/encoding.h"
#include "hall/crypto/secret.h"
#include "hall/base/status.h"

namespace hall::crypto {

struct SumConstraint {
  std::vector<std::uint32_t> options;  // strictly increasing option indices
  std::uint32_t min = 0;
  std::uint32_t max = 0;

  bool operator==(const SumConstraint&) const = default;
};

struct BallotShape {
  static constexpr std::uint32_t kMaxOptions = 4096;

  std::uint32_t num_options = 0;
  std::vector<SumConstraint> constraints;

  Status Validate() const;
  void EncodeTo(Encoder& enc) const;
  Bytes Encode() const;
  bool operator==(const BallotShape&) const = default;
};

// plaintext[i] is option i's value (must be 0 or 1).
Status CheckPlaintext(const BallotShape& shape,
                      std::span<const std::uint8_t> plaintext);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_BALLOT_SHAPE_H_
