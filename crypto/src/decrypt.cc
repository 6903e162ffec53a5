#include "hall/crypto/decrypt.h"

#include <algorithm>
#include <string>

#include "group_internal.h"
#include "hall/crypto/init.h"
#include "hall/crypto/internal/dlog.h"
#include "trustee_internal.h"

namespace hall::crypto {
namespace {

std::string T(std::uint32_t i) { return "trustee " + std::to_string(i); }

Bytes PartialPrefix(const BallotBoxKey& key, const Aggregate& agg,
                    std::uint32_t trustee, std::uint32_t option) {
  Encoder e = TaggedEncoder("hall/v1/proof/partial-decryption");
  e.Fixed(key.digest());
  e.Fixed(agg.digest()).U32(trustee).U32(option);
  return e.Take();
}

Status CheckDecryptable(const BallotBoxKey& key, const Aggregate& agg,
                        const TallyPolicy& policy) {
  if (agg.ballot_count() < policy.MinBallots()) {
    return Status::FailedPrecondition("refusing to decrypt an aggregate of " +
                                      std::to_string(agg.ballot_count()) +
                                      " ballots: the minimum is " +
                                      std::to_string(policy.MinBallots()));
  }
  if (!(agg.key() == key.joint_key())) {
    return Status::InvalidArgument(
        "the aggregate was encrypted to another ballot-box "
        "key");
  }
  return Status::Ok();
}

}  // namespace

Bytes PartialDecryption::Encode() const {
  HALL_CHECK(shares.size() == proofs.size());
  Encoder e = TaggedEncoder("hall/v1/partial-decryption");
  e.U32(trustee);
  e.U32(static_cast<std::uint32_t>(shares.size()));
  for (std::size_t o = 0; o < shares.size(); ++o) {
    e.Fixed(shares[o].bytes());
    proofs[o].EncodeTo(e);
  }
  return e.Take();
}

Result<PartialDecryption> PartialDecryption::Decode(
    std::span<const std::uint8_t> b) {
  InitOrDie();
  Decoder d(b);
  std::string tag;
  PartialDecryption p;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != "hall/v1/partial-decryption" ||
      !d.U32(p.trustee) || !d.U32(n)) {
    return Status::InvalidArgument("the partial decryption is malformed");
  }
  const std::string who = T(p.trustee) + "'s partial decryption: ";
  if (n == 0 || n > BallotShape::kMaxOptions) {
    return Status::InvalidArgument(who + "impossible number of options");
  }
  for (std::uint32_t o = 0; o < n; ++o) {
    std::array<std::uint8_t, kPointBytes> pb;
    if (!d.Fixed(pb)) return Status::InvalidArgument(who + "truncated");
    // The identity is legitimate only when the aggregate's alpha is the
    // identity; VerifyPartial's proof decides.
    Result<Point> pt = Point::DecodeAllowIdentity(pb);
    if (!pt.ok()) {
      return Status::InvalidArgument(who + "option " + std::to_string(o) +
                                     ": " + pt.message());
    }
    Result<DleqProof> proof = DleqProof::DecodeFrom(d);
    if (!proof.ok()) return Status::InvalidArgument(who + proof.message());
    p.shares.push_back(*pt);
    p.proofs.push_back(*proof);
  }
  if (!d.Done()) return Status::InvalidArgument(who + "trailing bytes");
  return p;
}

Result<PartialDecryption> PartialDecrypt(const BallotBoxKey& key,
                                         const Aggregate& aggregate,
                                         const TrusteeShare& share,
                                         RandomSource& rng,
                                         const TallyPolicy& policy) {
  InitOrDie();
  if (Status s = CheckDecryptable(key, aggregate, policy); !s.ok()) return s;
  const std::uint32_t j = share.trustee();
  if (j < 1 || j > key.n()) {
    return Status::InvalidArgument("there is no " + T(j) +
                                   " in this ballot-box key");
  }
  const SecretScalar& s = TrusteeShareAccess::Share(share);
  const Point& vk = key.verification_key(j);
  if (!(Point::BaseMul(s) == vk)) {
    return Status::PermissionDenied("this is not " + T(j) +
                                    "'s share of this ballot-box key");
  }
  PartialDecryption out;
  out.trustee = j;
  for (std::uint32_t o = 0; o < aggregate.sums().size(); ++o) {
    const Point& a = aggregate.sums()[o].alpha;
    const Point d = a.Mul(s);
    out.proofs.push_back(
        ProveDleq(PartialPrefix(key, aggregate, j, o), vk, a, d, s, rng));
    out.shares.push_back(d);
  }
  return out;
}

Status VerifyPartial(const BallotBoxKey& key, const Aggregate& aggregate,
                     const PartialDecryption& partial) {
  InitOrDie();
  const std::uint32_t j = partial.trustee;
  if (j < 1 || j > key.n()) {
    return Status::InvalidArgument("a partial decryption names " + T(j) +
                                   ", who is not a trustee of this ballot box");
  }
  const std::size_t n = aggregate.sums().size();
  if (partial.shares.size() != n || partial.proofs.size() != n) {
    return Status::InvalidArgument(T(j) + "'s partial decryption covers " +
                                   std::to_string(partial.shares.size()) +
                                   " options; the aggregate has " +
                                   std::to_string(n));
  }
  for (std::uint32_t o = 0; o < n; ++o) {
    if (!VerifyDleq(PartialPrefix(key, aggregate, j, o),
                    key.verification_key(j), aggregate.sums()[o].alpha,
                    partial.shares[o], partial.proofs[o])) {
      return Status::Corruption(T(j) + "'s partial decryption of option " +
                                std::to_string(o) + " does not verify");
    }
  }
  return Status::Ok();
}

Result<std::vector<std::uint64_t>> Combine(
    const BallotBoxKey& key, const Aggregate& aggregate,
    std::span<const PartialDecryption> partials, const TallyPolicy& policy) {
  InitOrDie();
  if (Status s = CheckDecryptable(key, aggregate, policy); !s.ok()) return s;
  std::vector<const PartialDecryption*> by_trustee(key.n() + 1, nullptr);
  for (const PartialDecryption& p : partials) {
    if (Status s = VerifyPartial(key, aggregate, p); !s.ok()) return s;
    if (by_trustee[p.trustee]) {
      return Status::AlreadyExists(T(p.trustee) +
                                   " sent two partial decryptions");
    }
    by_trustee[p.trustee] = &p;
  }
  std::vector<std::uint32_t> chosen;
  for (std::uint32_t j = 1; j <= key.n() && chosen.size() < key.k(); ++j) {
    if (by_trustee[j]) chosen.push_back(j);
  }
  if (chosen.size() < key.k()) {
    return Status::FailedPrecondition(
        "only " + std::to_string(chosen.size()) +
        " trustees' partial decryptions; opening the box "
        "needs " +
        std::to_string(key.k()) + " of " + std::to_string(key.n()));
  }
  std::vector<Scalar> lambda;
  for (std::uint32_t j : chosen) {
    Scalar num = Scalar::One(), den = Scalar::One();
    for (std::uint32_t m : chosen) {
      if (m == j) continue;
      num = num * Scalar::FromU64(m);
      den = den * (Scalar::FromU64(m) - Scalar::FromU64(j));
    }
    lambda.push_back(num * den.Inverse());
  }
  const DlogTable table(aggregate.ballot_count());
  std::vector<std::uint64_t> counts;
  for (std::uint32_t o = 0; o < aggregate.sums().size(); ++o) {
    Point blind = Point::Identity();
    for (std::size_t c = 0; c < chosen.size(); ++c) {
      blind += by_trustee[chosen[c]]->shares[o].Mul(lambda[c]);
    }
    const Point message = aggregate.sums()[o].beta - blind;
    std::optional<std::uint64_t> m = table.Find(message);
    if (!m) {
      return Status::Corruption("option " + std::to_string(o) +
                                " does not decrypt to a count between 0 and " +
                                std::to_string(aggregate.ballot_count()));
    }
    counts.push_back(*m);
  }
  return counts;
}

}  // namespace hall::crypto
