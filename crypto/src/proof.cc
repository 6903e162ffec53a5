#include "hall/crypto/internal/proof.h"

#include <sodium.h>

#include <array>

#include "hall/crypto/init.h"

namespace hall::crypto {
namespace {

Result<Scalar> ReadScalar(Decoder& dec) {
  std::array<std::uint8_t, kScalarBytes> b;
  if (!dec.Fixed(b))
    return Status::InvalidArgument("a proof scalar is truncated");
  return Scalar::Decode(b);
}

// Transcript for a RangeProof, up to (but excluding) the commitments.
Encoder RangeTranscript(std::span<const std::uint8_t> prefix,
                        const JointPublicKey& key, const Ciphertext& ct,
                        std::uint32_t lo, std::uint32_t hi) {
  Encoder t;
  t.Fixed(prefix).U32(lo).U32(hi);
  t.Fixed(key.point().bytes());
  ct.EncodeTo(t);
  return t;
}

}  // namespace

Scalar HashToScalar(std::span<const std::uint8_t> transcript) {
  std::array<std::uint8_t, 64> h;
  crypto_generichash(h.data(), h.size(), transcript.data(), transcript.size(),
                     nullptr, 0);
  return Scalar::FromWide(h);
}

// --------------------------------------------------------------- encoding

void RangeProof::EncodeTo(Encoder& enc) const {
  enc.U32(static_cast<std::uint32_t>(challenges.size()));
  for (std::size_t j = 0; j < challenges.size(); ++j) {
    enc.Fixed(challenges[j].bytes()).Fixed(responses[j].bytes());
  }
}

Result<RangeProof> RangeProof::DecodeFrom(Decoder& dec) {
  std::uint32_t k = 0;
  if (!dec.U32(k)) return Status::InvalidArgument("a range proof is truncated");
  if (k == 0 || k > kMaxRangeBranches) {
    return Status::InvalidArgument(
        "a range proof has an impossible number of branches");
  }
  RangeProof p;
  p.challenges.reserve(k);
  p.responses.reserve(k);
  for (std::uint32_t j = 0; j < k; ++j) {
    Result<Scalar> c = ReadScalar(dec);
    if (!c.ok()) return c.status();
    Result<Scalar> z = ReadScalar(dec);
    if (!z.ok()) return z.status();
    p.challenges.push_back(*c);
    p.responses.push_back(*z);
  }
  return p;
}

void SchnorrProof::EncodeTo(Encoder& enc) const {
  enc.Fixed(challenge.bytes()).Fixed(response.bytes());
}
Result<SchnorrProof> SchnorrProof::DecodeFrom(Decoder& dec) {
  Result<Scalar> c = ReadScalar(dec);
  if (!c.ok()) return c.status();
  Result<Scalar> z = ReadScalar(dec);
  if (!z.ok()) return z.status();
  return SchnorrProof{*c, *z};
}

void DleqProof::EncodeTo(Encoder& enc) const {
  enc.Fixed(challenge.bytes()).Fixed(response.bytes());
}
Result<DleqProof> DleqProof::DecodeFrom(Decoder& dec) {
  Result<Scalar> c = ReadScalar(dec);
  if (!c.ok()) return c.status();
  Result<Scalar> z = ReadScalar(dec);
  if (!z.ok()) return z.status();
  return DleqProof{*c, *z};
}

// ------------------------------------------------------------ range proof

RangeProof ProveRange(std::span<const std::uint8_t> prefix,
                      const JointPublicKey& key, const Ciphertext& ct,
                      std::uint32_t value, const SecretScalar& r,
                      std::uint32_t lo, std::uint32_t hi, RandomSource& rng) {
  InitOrDie();
  HALL_CHECK(lo <= hi && hi - lo < kMaxRangeBranches);
  const std::uint32_t k = hi - lo + 1;
  // idx wraps to a huge value when value < lo: then no branch is real and the
  // proof simply fails to verify.
  const std::uint32_t idx = value - lo;
  const SecretScalar secret_idx = SecretScalar::FromU32(idx);
  const Point& h = key.point();

  Encoder t = RangeTranscript(prefix, key, ct, lo, hi);
  std::vector<SecretScalar> w(k), c(k), z(k), tt(k), e(k);
  std::vector<std::uint32_t> real(k);
  for (std::uint32_t j = 0; j < k; ++j) {
    real[j] = CtEqual(j, idx);
    w[j] = SecretScalar::Random(rng);
    c[j] = SecretScalar::Random(rng);
    z[j] = SecretScalar::Random(rng);
    // Real branch: a = g^w, b = H^w. Simulated branch (prover knows r):
    // a = g^{z - r c}, b = H^{z - r c} g^{(j - idx) c}; identical to the
    // verifier's g^z alpha^-c, H^z (beta g^-(lo+j))^-c.
    const Scalar cj = c[j].Reveal();
    tt[j] = SecretScalar::Select(z[j] - r * cj, w[j], real[j]);
    e[j] = (SecretScalar::FromU32(j) - secret_idx) * cj;  // 0 if real
  }
  if (k == 2) {
    // One branch is real (e = 0), so e_0 + e_1 is the simulated branch's e:
    // one fixed-base multiplication instead of two, still constant time.
    const Point sim = Point::BaseMul(e[0] + e[1]);
    for (std::uint32_t j = 0; j < k; ++j) {
      const Point a = Point::BaseMul(tt[j]);
      const Point b =
          h.Mul(tt[j]) + Point::Select(sim, Point::Identity(), real[j]);
      t.Fixed(a.bytes()).Fixed(b.bytes());
    }
  } else {
    for (std::uint32_t j = 0; j < k; ++j) {
      const Point a = Point::BaseMul(tt[j]);
      const Point b = h.Mul(tt[j]) + Point::BaseMul(e[j]);
      t.Fixed(a.bytes()).Fixed(b.bytes());
    }
  }
  const Scalar challenge = HashToScalar(t.bytes());
  SecretScalar sum_sim;
  for (std::uint32_t j = 0; j < k; ++j) {
    sum_sim = sum_sim + SecretScalar::Select(c[j], SecretScalar(), real[j]);
  }
  const SecretScalar c_real = SecretScalar::FromPublic(challenge) - sum_sim;
  RangeProof proof;
  proof.challenges.reserve(k);
  proof.responses.reserve(k);
  const Scalar c_real_pub = c_real.Reveal();
  for (std::uint32_t j = 0; j < k; ++j) {
    SecretScalar zr = w[j] + r * c_real_pub;
    proof.challenges.push_back(
        SecretScalar::Select(c[j], c_real, real[j]).Reveal());
    proof.responses.push_back(SecretScalar::Select(z[j], zr, real[j]).Reveal());
  }
  return proof;
}

bool VerifyRange(std::span<const std::uint8_t> prefix,
                 const JointPublicKey& key, const Ciphertext& ct,
                 std::uint32_t lo, std::uint32_t hi, const RangeProof& proof) {
  InitOrDie();
  if (lo > hi || hi - lo >= kMaxRangeBranches) return false;
  const std::uint32_t k = hi - lo + 1;
  if (proof.challenges.size() != k || proof.responses.size() != k) return false;
  const Point& h = key.point();
  Encoder t = RangeTranscript(prefix, key, ct, lo, hi);
  Scalar sum;
  for (std::uint32_t j = 0; j < k; ++j) {
    const Scalar& c = proof.challenges[j];
    const Scalar& z = proof.responses[j];
    const std::uint64_t v = static_cast<std::uint64_t>(lo) + j;
    const Point shifted = v == 0 ? ct.beta : ct.beta - SmallMultiple(v);
    const Point a = Point::BaseMul(z) - ct.alpha.Mul(c);
    const Point b = h.Mul(z) - shifted.Mul(c);
    t.Fixed(a.bytes()).Fixed(b.bytes());
    sum = sum + c;
  }
  return HashToScalar(t.bytes()) == sum;
}

// ---------------------------------------------------------------- Schnorr

SchnorrProof ProveSchnorr(std::span<const std::uint8_t> prefix, const Point& y,
                          const SecretScalar& x, RandomSource& rng) {
  InitOrDie();
  const SecretScalar w = SecretScalar::Random(rng);
  const Point commit = Point::BaseMul(w);
  Encoder t;
  t.Fixed(prefix).Fixed(y.bytes()).Fixed(commit.bytes());
  const Scalar c = HashToScalar(t.bytes());
  return {c, (w + x * c).Reveal()};
}

bool VerifySchnorr(std::span<const std::uint8_t> prefix, const Point& y,
                   const SchnorrProof& proof) {
  InitOrDie();
  const Point commit = Point::BaseMul(proof.response) - y.Mul(proof.challenge);
  Encoder t;
  t.Fixed(prefix).Fixed(y.bytes()).Fixed(commit.bytes());
  return HashToScalar(t.bytes()) == proof.challenge;
}

// ------------------------------------------------------------------- DLEQ

DleqProof ProveDleq(std::span<const std::uint8_t> prefix, const Point& k,
                    const Point& a, const Point& d, const SecretScalar& x,
                    RandomSource& rng) {
  InitOrDie();
  const SecretScalar w = SecretScalar::Random(rng);
  const Point t1 = Point::BaseMul(w);
  const Point t2 = a.Mul(w);
  Encoder t;
  t.Fixed(prefix).Fixed(k.bytes()).Fixed(a.bytes()).Fixed(d.bytes());
  t.Fixed(t1.bytes()).Fixed(t2.bytes());
  const Scalar c = HashToScalar(t.bytes());
  return {c, (w + x * c).Reveal()};
}

bool VerifyDleq(std::span<const std::uint8_t> prefix, const Point& k,
                const Point& a, const Point& d, const DleqProof& proof) {
  InitOrDie();
  const Point t1 = Point::BaseMul(proof.response) - k.Mul(proof.challenge);
  const Point t2 = a.Mul(proof.response) - d.Mul(proof.challenge);
  Encoder t;
  t.Fixed(prefix).Fixed(k.bytes()).Fixed(a.bytes()).Fixed(d.bytes());
  t.Fixed(t1.bytes()).Fixed(t2.bytes());
  return HashToScalar(t.bytes()) == proof.challenge;
}

}  // namespace hall::crypto
