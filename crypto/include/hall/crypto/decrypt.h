// Opening the box, step 2: trustees' partial decryptions of the aggregate and
// their combination into counts.
//
// Contract:
//  - PartialDecrypt(key, aggregate, share) gives, for every option o with
//    aggregate (A_o, B_o), D_o = A_o^{s_j} and a DleqProof that
//    log_g K_j == log_{A_o} D_o, with statement prefix
//    Str("hall/v1/proof/partial-decryption") key.digest() aggregate.digest()
//    U32(j) U32(o). It only takes an Aggregate (tally.h), never a single
//    ciphertext, and refuses an aggregate below the policy's minimum.
//  - VerifyPartial names the trustee and option whose proof fails.
//  - Combine verifies every partial given (a bad one is named and nothing is
//    decrypted), refuses fewer than k distinct trustees, takes the k lowest
//    trustee numbers, and computes g^{count_o} = B_o - sum_j lambda_j D_o,j
//    with Lagrange coefficients at 0, lambda_j = prod_{m != j} m / (m - j).
//    Counts are read from a DlogTable of size ballot_count + 1; a value
//    outside it is an error (it cannot happen with valid partials).
//  - Wire: Str("hall/v1/partial-decryption") U32(j) U32(#options) then per
//    option D_o(32) c(32) z(32). D_o may be the identity only if A_o is.
#ifndef HALL_CRYPTO_DECRYPT_H_
#define HALL_CRYPTO_DECRYPT_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/group.h"
#include "hall/crypto/internal/proof.h"
#include "hall/crypto/random.h"
#include "hall/crypto/tally.h"
#include "hall/crypto/trustee.h"

namespace hall::crypto {

struct PartialDecryption {
  std::uint32_t trustee = 0;
  std::vector<Point> shares;      // D_o, one per option
  std::vector<DleqProof> proofs;  // one per option

  Bytes Encode() const;
  static Result<PartialDecryption> Decode(std::span<const std::uint8_t> b);
};

Result<PartialDecryption> PartialDecrypt(const BallotBoxKey& key,
                                         const Aggregate& aggregate,
                                         const TrusteeShare& share,
                                         RandomSource& rng,
                                         const TallyPolicy& policy = {});

Status VerifyPartial(const BallotBoxKey& key, const Aggregate& aggregate,
                     const PartialDecryption& partial);

// The count for each option of the aggregate.
Result<std::vector<std::uint64_t>> Combine(
    const BallotBoxKey& key, const Aggregate& aggregate,
    std::span<const PartialDecryption> partials,
    const TallyPolicy& policy = {});

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_DECRYPT_H_
