#include "hall/crypto/trustee.h"

#include <string>

#include "group_internal.h"
#include "hall/crypto/init.h"
#include "trustee_internal.h"

namespace hall::crypto {

// ------------------------------------------------------------ BallotBoxKey

BallotBoxKey::BallotBoxKey(Bytes context, std::uint32_t n, std::uint32_t k,
                           const JointPublicKey& joint, std::vector<Point> vks)
    : context_(std::move(context)),
      n_(n),
      k_(k),
      joint_(joint),
      vks_(std::move(vks)) {
  const Bytes enc = Encode();
  crypto_generichash(digest_.data(), digest_.size(), enc.data(), enc.size(),
                     nullptr, 0);
}

Result<BallotBoxKey> BallotBoxKey::Create(Bytes context, std::uint32_t n,
                                          std::uint32_t k, const Point& joint,
                                          std::vector<Point> vks) {
  InitOrDie();
  if (k == 0 || k > n || n > kMaxTrustees) {
    return Status::InvalidArgument("a ballot-box key needs 1 <= k <= n <= " +
                                   std::to_string(kMaxTrustees) +
                                   " (got k=" + std::to_string(k) +
                                   ", n=" + std::to_string(n) + ")");
  }
  if (vks.size() != n) {
    return Status::InvalidArgument(
        "a ballot-box key needs one verification key per "
        "trustee");
  }
  Result<JointPublicKey> h = JointPublicKey::FromPoint(joint);
  if (!h.ok()) return h.status();
  for (std::uint32_t j = 0; j < n; ++j) {
    if (vks[j].IsIdentity()) {
      return Status::InvalidArgument("trustee " + std::to_string(j + 1) +
                                     "'s verification key is the identity");
    }
  }
  return BallotBoxKey(std::move(context), n, k, *h, std::move(vks));
}

const Point& BallotBoxKey::verification_key(std::uint32_t trustee) const {
  HALL_CHECK(trustee >= 1 && trustee <= n_);
  return vks_[trustee - 1];
}

Bytes BallotBoxKey::Encode() const {
  Encoder e = TaggedEncoder("hall/v1/ballot-box-key");
  e.Var(context_).U32(n_).U32(k_);
  e.Fixed(joint_.point().bytes());
  for (const Point& p : vks_) e.Fixed(p.bytes());
  return e.Take();
}

Result<BallotBoxKey> BallotBoxKey::Decode(std::span<const std::uint8_t> bytes) {
  InitOrDie();
  Decoder d(bytes);
  std::string tag;
  Bytes context;
  std::uint32_t n = 0, k = 0;
  if (!d.Str(tag, 64) || tag != "hall/v1/ballot-box-key" || !d.Var(context) ||
      !d.U32(n) || !d.U32(k)) {
    return Status::InvalidArgument("the ballot-box key file is malformed");
  }
  if (n == 0 || n > kMaxTrustees) {
    return Status::InvalidArgument(
        "the ballot-box key names an impossible number of "
        "trustees");
  }
  auto read_point = [&d](const std::string& what) -> Result<Point> {
    std::array<std::uint8_t, kPointBytes> b;
    if (!d.Fixed(b))
      return Status::InvalidArgument("the ballot-box key is truncated");
    Result<Point> p = Point::Decode(b);
    if (!p.ok()) return Status::InvalidArgument(what + ": " + p.message());
    return p;
  };
  Result<Point> h = read_point("the joint key");
  if (!h.ok()) return h.status();
  std::vector<Point> vks;
  for (std::uint32_t j = 1; j <= n; ++j) {
    Result<Point> p =
        read_point("trustee " + std::to_string(j) + "'s verification key");
    if (!p.ok()) return p.status();
    vks.push_back(*p);
  }
  if (!d.Done())
    return Status::InvalidArgument("trailing bytes after the ballot-box key");
  return Create(std::move(context), n, k, *h, std::move(vks));
}

// ------------------------------------------------------------ TrusteeShare

Result<TrusteeShare> TrusteeShare::Import(const BallotBoxKey& key,
                                          std::uint32_t trustee,
                                          const Secret<kScalarBytes>& secret) {
  InitOrDie();
  if (trustee < 1 || trustee > key.n()) {
    return Status::InvalidArgument("there is no trustee " +
                                   std::to_string(trustee) +
                                   " in this ballot-box key");
  }
  Result<SecretScalar> s = SecretScalar::FromSecret(secret);
  if (!s.ok()) return s.status();
  if (!(Point::BaseMul(*s) == key.verification_key(trustee))) {
    return Status::PermissionDenied("this share is not trustee " +
                                    std::to_string(trustee) +
                                    "'s share of this ballot-box key");
  }
  return TrusteeShare(trustee, std::move(*s));
}

}  // namespace hall::crypto
