#include "hall/crypto/internal/elgamal.h"

#include <array>

#include "hall/crypto/init.h"

namespace hall::crypto {
namespace {

using SmallTable = std::array<Point, kSmallMultipleTableMax + 1>;

const SmallTable& Table() {
  static const SmallTable table = [] {
    InitOrDie();
    SmallTable t;
    t[0] = Point::Identity();
    for (std::size_t i = 1; i < t.size(); ++i)
      t[i] = t[i - 1] + Point::Generator();
    return t;
  }();
  return table;
}

}  // namespace

Result<JointPublicKey> JointPublicKey::Decode(
    std::span<const std::uint8_t> bytes) {
  InitOrDie();
  Result<Point> p = Point::Decode(bytes);
  if (!p.ok()) {
    return Status::InvalidArgument("the ballot-box public key is invalid: " +
                                   p.message());
  }
  return JointPublicKey(*p);
}

Result<JointPublicKey> JointPublicKey::FromPoint(const Point& h) {
  if (h.IsIdentity()) {
    return Status::InvalidArgument("the ballot-box public key is the identity");
  }
  return JointPublicKey(h);
}

Result<Ciphertext> Ciphertext::DecodeFrom(Decoder& dec, bool allow_identity) {
  std::array<std::uint8_t, kPointBytes> a, b;
  if (!dec.Fixed(a) || !dec.Fixed(b)) {
    return Status::InvalidArgument("the ciphertext is truncated");
  }
  Result<Point> alpha =
      allow_identity ? Point::DecodeAllowIdentity(a) : Point::Decode(a);
  if (!alpha.ok()) return Status::InvalidArgument("alpha: " + alpha.message());
  Result<Point> beta =
      allow_identity ? Point::DecodeAllowIdentity(b) : Point::Decode(b);
  if (!beta.ok()) return Status::InvalidArgument("beta: " + beta.message());
  return Ciphertext{*alpha, *beta};
}

Point SmallMultiple(std::uint64_t m) {
  if (m <= kSmallMultipleTableMax) return Table()[m];
  return Point::BaseMul(Scalar::FromU64(m));
}

Point SmallMultipleConstantTime(std::uint32_t m) {
  HALL_CHECK(m <= kSmallMultipleTableMax);
  const SmallTable& t = Table();
  Point r = t[0];
  for (std::uint32_t i = 1; i < t.size(); ++i) {
    r = Point::Select(r, t[i], CtEqual(i, m));
  }
  return r;
}

Ciphertext Encrypt(const JointPublicKey& key, std::uint32_t m,
                   const SecretScalar& r) {
  InitOrDie();
  return {Point::BaseMul(r), SmallMultipleConstantTime(m) + key.point().Mul(r)};
}

}  // namespace hall::crypto
