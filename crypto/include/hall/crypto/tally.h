// Opening the box, step 1: the homomorphic aggregate of a round's ballots.
//
// Contract:
//  - An Aggregate is only made by AggregateBallots over VerifiedBallots (their
//    proofs checked by AcceptBallot) that share one binding (same key, shape
//    and context); it cannot be decoded from bytes, so a trustee decrypts
//    only an aggregate it recomputed from the round's ballots. There is no
//    API that decrypts a single ciphertext or ballot.
//  - The sum per option is the componentwise group sum of the options'
//    ciphertexts: (prod alpha, prod beta) encrypts the option's count.
//  - A set of ballots smaller than TallyPolicy::MinBallots() is refused, and
//    so is a set in which two ballots carry one credential (a replay: the
//    message is "ballot 4 repeats ballot 0"). Ciphertexts are not compared:
//    a ballot's proofs are bound to its credential and to all of its
//    ciphertexts (ballot.h), so a copy never verifies, and a caller that
//    keeps one ballot per credential (the server and the round verifier do)
//    never has a verified set refused here.
//    MinBallots() is never below 2: a lone ballot is never decrypted. The
//    default is 2, the smallest value that hides which way one voter voted
//    from everybody but the other voter; callers that know the electorate
//    should set min_ballots higher (e.g. the round's quorum) - the server
//    refuses to open a round below quorum anyway.
//  - Encode(): Str("hall/v1/aggregate") binding(32) U64(count) U32(#options)
//    then per option alpha beta. digest() is BLAKE2b-256 of that.
#ifndef HALL_CRYPTO_TALLY_H_
#define HALL_CRYPTO_TALLY_H_

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/internal/elgamal.h"

namespace hall::crypto {

struct TallyPolicy {
  static constexpr std::uint64_t kFloor = 2;
  std::uint64_t min_ballots = kFloor;
  std::uint64_t MinBallots() const {
    return min_ballots < kFloor ? kFloor : min_ballots;
  }
};

class Aggregate {
 public:
  std::uint64_t ballot_count() const { return count_; }
  const std::vector<Ciphertext>& sums() const { return sums_; }
  const JointPublicKey& key() const { return key_; }
  const std::array<std::uint8_t, 32>& binding() const { return binding_; }
  Bytes Encode() const;
  const std::array<std::uint8_t, 32>& digest() const { return digest_; }

 private:
  friend Result<Aggregate> AggregateBallots(std::span<const VerifiedBallot>,
                                            const TallyPolicy&);
  explicit Aggregate(const JointPublicKey& key) : key_(key) {}
  JointPublicKey key_;
  std::uint64_t count_ = 0;
  std::vector<Ciphertext> sums_;
  std::array<std::uint8_t, 32> binding_{};
  std::array<std::uint8_t, 32> digest_{};
};

Result<Aggregate> AggregateBallots(std::span<const VerifiedBallot> ballots,
                                   const TallyPolicy& policy = {});

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_TALLY_H_
