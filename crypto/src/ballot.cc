#include "hall/crypto/ballot.h"

#include <sodium.h>

#include <string>

#include "group_internal.h"
#include "hall/crypto/init.h"

namespace hall::crypto {
namespace {

constexpr std::string_view kBallotTag = "hall/v2/ballot";
constexpr std::string_view kBallotTagV1 = "hall/v1/ballot";
constexpr std::string_view kOpeningTag = "hall/v1/ballot-opening";

Status Fail(const std::string& what) {
  return Status::InvalidArgument("the encrypted ballot is malformed: " + what);
}

bool ReadTag(Decoder& dec, std::string_view tag) {
  std::string got;
  return dec.Str(got, 64) && got == tag;
}

std::string Describe(const SumConstraint& k) {
  return "sum of " + std::to_string(k.options.size()) + " options in [" +
         std::to_string(k.min) + ", " + std::to_string(k.max) + "]";
}

Ciphertext SumOf(const std::vector<Ciphertext>& cts,
                 const std::vector<std::uint32_t>& which) {
  Ciphertext sum = cts[which[0]];
  for (std::size_t i = 1; i < which.size(); ++i) sum = sum + cts[which[i]];
  return sum;
}

}  // namespace

ProofBinding BallotProofBinding(std::span<const std::uint8_t> context,
                                const VerifyKey& credential,
                                std::span<const Ciphertext> options) {
  InitOrDie();
  Encoder e = TaggedEncoder("hall/v2/ballot-proof-binding");
  e.Var(context).Fixed(credential.bytes());
  e.U32(static_cast<std::uint32_t>(options.size()));
  for (const Ciphertext& ct : options) ct.EncodeTo(e);
  ProofBinding out;
  crypto_generichash(out.data(), out.size(), e.bytes().data(), e.bytes().size(),
                     nullptr, 0);
  return out;
}

Bytes OptionProofPrefix(const ProofBinding& binding, std::uint32_t option) {
  Encoder e = TaggedEncoder("hall/v2/proof/zero-or-one");
  e.Fixed(binding).U32(option);
  return e.Take();
}

Bytes ConstraintProofPrefix(const ProofBinding& binding, std::uint32_t index,
                            const SumConstraint& constraint) {
  Encoder e = TaggedEncoder("hall/v2/proof/sum-range");
  e.Fixed(binding).U32(index);
  e.U32(static_cast<std::uint32_t>(constraint.options.size()));
  for (std::uint32_t o : constraint.options) e.U32(o);
  return e.Take();
}

// ---------------------------------------------------------------- encoding

Bytes EncryptedBallot::Encode() const {
  HALL_CHECK(option_proofs.size() == options.size());
  Encoder e = TaggedEncoder(kBallotTag);
  e.U32(static_cast<std::uint32_t>(options.size()));
  for (std::size_t i = 0; i < options.size(); ++i) {
    options[i].EncodeTo(e);
    option_proofs[i].EncodeTo(e);
  }
  e.U32(static_cast<std::uint32_t>(constraint_proofs.size()));
  for (const RangeProof& p : constraint_proofs) p.EncodeTo(e);
  return e.Take();
}

Result<EncryptedBallot> EncryptedBallot::Decode(
    std::span<const std::uint8_t> bytes) {
  InitOrDie();
  Decoder d(bytes);
  std::string tag;
  if (!d.Str(tag, 64) || tag != kBallotTag) {
    if (tag == kBallotTagV1) {
      return Fail("it is a " + std::string(kBallotTagV1) +
                  ", whose proofs are not bound to its credential; only " +
                  std::string(kBallotTag) + " is accepted");
    }
    return Fail("it does not start with " + std::string(kBallotTag));
  }
  std::uint32_t n = 0;
  if (!d.U32(n)) return Fail("truncated");
  if (n == 0 || n > BallotShape::kMaxOptions) {
    return Fail("impossible number of options (" + std::to_string(n) + ")");
  }
  EncryptedBallot b;
  b.options.reserve(n);
  b.option_proofs.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    Result<Ciphertext> ct = Ciphertext::DecodeFrom(d, /*allow_identity=*/false);
    if (!ct.ok())
      return Fail("option " + std::to_string(i) + ": " + ct.message());
    Result<RangeProof> p = RangeProof::DecodeFrom(d);
    if (!p.ok()) {
      return Fail("option " + std::to_string(i) + " proof: " + p.message());
    }
    b.options.push_back(*ct);
    b.option_proofs.push_back(std::move(*p));
  }
  std::uint32_t m = 0;
  if (!d.U32(m)) return Fail("truncated");
  if (m > BallotShape::kMaxOptions) {
    return Fail("impossible number of constraints (" + std::to_string(m) + ")");
  }
  b.constraint_proofs.reserve(m);
  for (std::uint32_t c = 0; c < m; ++c) {
    Result<RangeProof> p = RangeProof::DecodeFrom(d);
    if (!p.ok()) {
      return Fail("constraint " + std::to_string(c) + " proof: " + p.message());
    }
    b.constraint_proofs.push_back(std::move(*p));
  }
  if (!d.Done()) return Fail("trailing bytes after the ballot");
  return b;
}

Bytes SpoiledBallot::Encode() const {
  Encoder e = TaggedEncoder(kOpeningTag);
  e.U32(static_cast<std::uint32_t>(nonces.size()));
  for (std::size_t i = 0; i < nonces.size(); ++i) {
    e.U8(plaintext[i]).Fixed(nonces[i].bytes());
  }
  return e.Take();
}

Result<SpoiledBallot> SpoiledBallot::Decode(
    std::span<const std::uint8_t> bytes) {
  Decoder d(bytes);
  if (!ReadTag(d, kOpeningTag)) {
    return Status::InvalidArgument("the ballot opening does not start with " +
                                   std::string(kOpeningTag));
  }
  std::uint32_t n = 0;
  if (!d.U32(n) || n == 0 || n > BallotShape::kMaxOptions) {
    return Status::InvalidArgument("the ballot opening has an impossible size");
  }
  SpoiledBallot s;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::uint8_t m = 0;
    std::array<std::uint8_t, kScalarBytes> r;
    if (!d.U8(m) || !d.Fixed(r)) {
      return Status::InvalidArgument("the ballot opening is truncated");
    }
    Result<Scalar> nonce = Scalar::Decode(r);
    if (!nonce.ok()) {
      return Status::InvalidArgument("the ballot opening's nonce " +
                                     std::to_string(i) + ": " +
                                     nonce.message());
    }
    s.plaintext.push_back(m);
    s.nonces.push_back(*nonce);
  }
  if (!d.Done())
    return Status::InvalidArgument("trailing bytes after the ballot opening");
  return s;
}

// ---------------------------------------------------------------- opening

BallotOpening::~BallotOpening() {
  if (!plaintext_.empty()) sodium_memzero(plaintext_.data(), plaintext_.size());
}

SpoiledBallot BallotOpening::Spoil() const {
  SpoiledBallot s;
  s.plaintext = plaintext_;
  for (const SecretScalar& r : nonces_) s.nonces.push_back(r.Reveal());
  return s;
}

// ------------------------------------------------------- encrypt + verify

Result<EncryptionResult> EncryptBallot(const JointPublicKey& key,
                                       const BallotShape& shape,
                                       std::span<const std::uint8_t> plaintext,
                                       std::span<const std::uint8_t> context,
                                       const VerifyKey& credential,
                                       RandomSource& rng) {
  InitOrDie();
  if (Status s = CheckPlaintext(shape, plaintext); !s.ok()) {
    return Status::InvalidArgument("cannot encrypt these choices: " +
                                   s.message());
  }
  const std::uint32_t n = shape.num_options;
  EncryptionResult out;
  out.opening.plaintext_.assign(plaintext.begin(), plaintext.end());
  out.opening.nonces_.reserve(n);
  out.ballot.options.reserve(n);
  out.ballot.option_proofs.reserve(n);
  // Every ciphertext first: the proofs hash all of them.
  for (std::uint32_t i = 0; i < n; ++i) {
    SecretScalar r = SecretScalar::Random(rng);
    out.ballot.options.push_back(Encrypt(key, plaintext[i], r));
    out.opening.nonces_.push_back(std::move(r));
  }
  const ProofBinding binding =
      BallotProofBinding(context, credential, out.ballot.options);
  for (std::uint32_t i = 0; i < n; ++i) {
    out.ballot.option_proofs.push_back(
        ProveRange(OptionProofPrefix(binding, i), key, out.ballot.options[i],
                   plaintext[i], out.opening.nonces_[i], 0, 1, rng));
  }
  for (std::uint32_t c = 0; c < shape.constraints.size(); ++c) {
    const SumConstraint& k = shape.constraints[c];
    const Ciphertext sum = SumOf(out.ballot.options, k.options);
    SecretScalar r_sum;
    std::uint32_t value = 0;
    for (std::uint32_t o : k.options) {
      r_sum = r_sum + out.opening.nonces_[o];
      value += plaintext[o];
    }
    out.ballot.constraint_proofs.push_back(
        ProveRange(ConstraintProofPrefix(binding, c, k), key, sum, value, r_sum,
                   k.min, k.max, rng));
  }
  return out;
}

Status VerifyBallot(const JointPublicKey& key, const BallotShape& shape,
                    std::span<const std::uint8_t> context,
                    const VerifyKey& credential,
                    const EncryptedBallot& ballot) {
  InitOrDie();
  if (Status s = shape.Validate(); !s.ok()) {
    return Status::InvalidArgument("the ballot template's shape is invalid: " +
                                   s.message());
  }
  if (ballot.options.size() != shape.num_options ||
      ballot.option_proofs.size() != shape.num_options) {
    return Status::InvalidArgument("the ballot has " +
                                   std::to_string(ballot.options.size()) +
                                   " options; this ballot template has " +
                                   std::to_string(shape.num_options));
  }
  if (ballot.constraint_proofs.size() != shape.constraints.size()) {
    return Status::InvalidArgument(
        "the ballot has " + std::to_string(ballot.constraint_proofs.size()) +
        " sum proofs; this ballot template has " +
        std::to_string(shape.constraints.size()) + " constraints");
  }
  for (std::uint32_t i = 0; i < shape.num_options; ++i) {
    const Ciphertext& ct = ballot.options[i];
    if (ct.alpha.IsIdentity() || ct.beta.IsIdentity()) {
      return Status::InvalidArgument(
          "option " + std::to_string(i) +
          ": the ciphertext contains the identity element");
    }
  }
  const ProofBinding binding =
      BallotProofBinding(context, credential, ballot.options);
  for (std::uint32_t i = 0; i < shape.num_options; ++i) {
    const Ciphertext& ct = ballot.options[i];
    if (!VerifyRange(OptionProofPrefix(binding, i), key, ct, 0, 1,
                     ballot.option_proofs[i])) {
      return Status::Corruption("option " + std::to_string(i) +
                                ": the 0-or-1 proof does not verify");
    }
  }
  for (std::uint32_t c = 0; c < shape.constraints.size(); ++c) {
    const SumConstraint& k = shape.constraints[c];
    const Ciphertext sum = SumOf(ballot.options, k.options);
    if (!VerifyRange(ConstraintProofPrefix(binding, c, k), key, sum, k.min,
                     k.max, ballot.constraint_proofs[c])) {
      return Status::Corruption("constraint " + std::to_string(c) + " (" +
                                Describe(k) +
                                "): the sum proof does not verify");
    }
  }
  return Status::Ok();
}

Result<VerifiedBallot> AcceptBallot(const JointPublicKey& key,
                                    const BallotShape& shape,
                                    std::span<const std::uint8_t> context,
                                    const VerifyKey& credential,
                                    const EncryptedBallot& ballot) {
  if (Status s = VerifyBallot(key, shape, context, credential, ballot);
      !s.ok()) {
    return s;
  }
  VerifiedBallot v(key, credential);
  v.options_ = ballot.options;
  Encoder e = TaggedEncoder("hall/v1/ballot-binding");
  e.Fixed(key.point().bytes());
  shape.EncodeTo(e);
  e.Var(context);
  crypto_generichash(v.binding_.data(), v.binding_.size(), e.bytes().data(),
                     e.bytes().size(), nullptr, 0);
  return v;
}

Status VerifyOpening(const JointPublicKey& key, const EncryptedBallot& ballot,
                     std::span<const std::uint8_t> shown,
                     std::span<const Scalar> nonces) {
  InitOrDie();
  if (shown.size() != ballot.options.size() ||
      nonces.size() != ballot.options.size()) {
    return Status::InvalidArgument(
        "the opening covers " + std::to_string(shown.size()) + " choices and " +
        std::to_string(nonces.size()) + " nonces; the ballot has " +
        std::to_string(ballot.options.size()) + " options");
  }
  for (std::size_t i = 0; i < shown.size(); ++i) {
    if (shown[i] > 1) {
      return Status::InvalidArgument("option " + std::to_string(i) +
                                     ": a shown choice must be 0 or 1");
    }
    const Ciphertext& ct = ballot.options[i];
    const Point alpha = Point::BaseMul(nonces[i]);
    const Point beta = SmallMultiple(shown[i]) + key.point().Mul(nonces[i]);
    if (!(alpha == ct.alpha) || !(beta == ct.beta)) {
      return Status::Corruption(
          "option " + std::to_string(i) +
          ": the ballot does not encrypt the shown choice " +
          std::to_string(shown[i]) + " with the shown nonce");
    }
  }
  return Status::Ok();
}

Status VerifyOpening(const JointPublicKey& key, const EncryptedBallot& ballot,
                     const SpoiledBallot& spoiled) {
  return VerifyOpening(key, ballot, spoiled.plaintext, spoiled.nonces);
}

}  // namespace hall::crypto
