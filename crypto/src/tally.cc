#include "hall/crypto/tally.h"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "group_internal.h"
#include "hall/crypto/init.h"

namespace hall::crypto {

Bytes Aggregate::Encode() const {
  Encoder e = TaggedEncoder("hall/v1/aggregate");
  e.Fixed(binding_).U64(count_);
  e.U32(static_cast<std::uint32_t>(sums_.size()));
  for (const Ciphertext& c : sums_) c.EncodeTo(e);
  return e.Take();
}

Result<Aggregate> AggregateBallots(std::span<const VerifiedBallot> ballots,
                                   const TallyPolicy& policy) {
  InitOrDie();
  if (ballots.size() < policy.MinBallots()) {
    return Status::FailedPrecondition(
        "refusing to aggregate " + std::to_string(ballots.size()) +
        " ballots: the box is opened only with at least " +
        std::to_string(policy.MinBallots()) + " ballots");
  }
  const VerifiedBallot& first = ballots[0];
  // One ballot per credential. Ciphertexts are not compared: every proof is
  // bound to its credential and its whole ballot (ballot.h), so a copied
  // ballot or block never becomes a VerifiedBallot, and two voters who
  // chose to share nonces cast two genuine votes.
  std::vector<std::pair<VerifyKey, std::size_t>> seen;
  seen.reserve(ballots.size());
  for (std::size_t b = 0; b < ballots.size(); ++b) {
    if (ballots[b].binding() != first.binding() ||
        ballots[b].options().size() != first.options().size()) {
      return Status::InvalidArgument(
          "ballot " + std::to_string(b) +
          " was verified for another round, key or ballot "
          "template than ballot 0");
    }
    seen.emplace_back(ballots[b].credential(), b);
  }
  std::sort(seen.begin(), seen.end());
  for (std::size_t i = 1; i < seen.size(); ++i) {
    if (seen[i].first == seen[i - 1].first) {
      return Status::AlreadyExists("ballot " + std::to_string(seen[i].second) +
                                   " repeats ballot " +
                                   std::to_string(seen[i - 1].second));
    }
  }
  Aggregate agg(first.key());
  agg.count_ = ballots.size();
  agg.binding_ = first.binding();
  agg.sums_ = first.options();
  for (std::size_t b = 1; b < ballots.size(); ++b) {
    const std::vector<Ciphertext>& opts = ballots[b].options();
    for (std::size_t o = 0; o < opts.size(); ++o) {
      agg.sums_[o] = agg.sums_[o] + opts[o];
    }
  }
  const Bytes enc = agg.Encode();
  crypto_generichash(agg.digest_.data(), agg.digest_.size(), enc.data(),
                     enc.size(), nullptr, 0);
  return agg;
}

}  // namespace hall::crypto
