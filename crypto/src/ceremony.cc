#include "hall/crypto/ceremony.h"

#include <sodium.h>

#include <optional>
#include <string>

#include "group_internal.h"
#include "hall/crypto/init.h"
#include "trustee_internal.h"

namespace hall::crypto {
namespace {

constexpr std::string_view kAnnouncementTag = "hall/v1/ceremony/announcement";
constexpr std::string_view kCommitmentsTag = "hall/v1/ceremony/commitments";
constexpr std::string_view kShareBoxTag = "hall/v1/ceremony/share-box";
constexpr std::string_view kSharePlainTag = "hall/v1/ceremony/share";

std::string T(std::uint32_t i) { return "trustee " + std::to_string(i); }

bool ReadTag(Decoder& d, std::string_view tag) {
  std::string got;
  return d.Str(got, 64) && got == tag;
}

Bytes SchnorrPrefix(const CeremonyParams& p, std::uint32_t dealer,
                    std::uint32_t l) {
  Encoder e = TaggedEncoder("hall/v1/proof/schnorr");
  e.Var(p.context).U32(p.n).U32(p.k);
  e.U32(dealer).U32(l);
  return e.Take();
}

Bytes SharePlainHeader(const CeremonyParams& p, std::uint32_t dealer,
                       std::uint32_t recipient) {
  Encoder e = TaggedEncoder(kSharePlainTag);
  e.Var(p.context).U32(p.n).U32(p.k);
  e.U32(dealer).U32(recipient);
  return e.Take();
}

// f(x) at x = j by Horner's rule.
SecretScalar Evaluate(const std::vector<SecretScalar>& coeffs,
                      std::uint32_t j) {
  const Scalar x = Scalar::FromU64(j);
  SecretScalar acc = coeffs.back().Clone();
  for (std::size_t l = coeffs.size() - 1; l-- > 0;) acc = acc * x + coeffs[l];
  return acc;
}

// prod_l C_l^{j^l}
Point EvaluateInExponent(const std::vector<Point>& c, std::uint32_t j) {
  const Scalar x = Scalar::FromU64(j);
  Point acc = c[0];
  Scalar power = Scalar::One();
  for (std::size_t l = 1; l < c.size(); ++l) {
    power = power * x;
    acc += c[l].Mul(power);
  }
  return acc;
}

}  // namespace

Status CeremonyParams::Validate() const {
  if (n == 0 || n > kMaxTrustees) {
    return Status::InvalidArgument("a key ceremony needs between 1 and " +
                                   std::to_string(kMaxTrustees) + " trustees");
  }
  if (k == 0 || k > n) {
    return Status::InvalidArgument(
        "the threshold k must be between 1 and n (got k=" + std::to_string(k) +
        ", n=" + std::to_string(n) + ")");
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- encoding

Bytes TrusteeAnnouncement::Encode() const {
  Encoder e = TaggedEncoder(kAnnouncementTag);
  e.U32(trustee).Fixed(box_public_key);
  return e.Take();
}

Result<TrusteeAnnouncement> TrusteeAnnouncement::Decode(
    std::span<const std::uint8_t> b) {
  Decoder d(b);
  TrusteeAnnouncement a;
  if (!ReadTag(d, kAnnouncementTag) || !d.U32(a.trustee) ||
      !d.Fixed(a.box_public_key) || !d.Done()) {
    return Status::InvalidArgument("the trustee announcement is malformed");
  }
  return a;
}

Bytes DealerCommitments::Encode() const {
  HALL_CHECK(commitments.size() == proofs.size());
  Encoder e = TaggedEncoder(kCommitmentsTag);
  e.U32(dealer);
  e.U32(static_cast<std::uint32_t>(commitments.size()));
  for (std::size_t l = 0; l < commitments.size(); ++l) {
    e.Fixed(commitments[l].bytes());
    proofs[l].EncodeTo(e);
  }
  return e.Take();
}

Result<DealerCommitments> DealerCommitments::Decode(
    std::span<const std::uint8_t> b) {
  InitOrDie();
  Decoder d(b);
  DealerCommitments c;
  std::uint32_t k = 0;
  if (!ReadTag(d, kCommitmentsTag) || !d.U32(c.dealer) || !d.U32(k)) {
    return Status::InvalidArgument("the dealer commitments are malformed");
  }
  const std::string who = T(c.dealer) + "'s commitments: ";
  if (k == 0 || k > kMaxTrustees) {
    return Status::InvalidArgument(who + "impossible threshold");
  }
  for (std::uint32_t l = 0; l < k; ++l) {
    std::array<std::uint8_t, kPointBytes> pb;
    if (!d.Fixed(pb)) return Status::InvalidArgument(who + "truncated");
    Result<Point> p = Point::Decode(pb);
    if (!p.ok()) {
      return Status::InvalidArgument(who + "coefficient " + std::to_string(l) +
                                     ": " + p.message());
    }
    Result<SchnorrProof> proof = SchnorrProof::DecodeFrom(d);
    if (!proof.ok()) return Status::InvalidArgument(who + proof.message());
    c.commitments.push_back(*p);
    c.proofs.push_back(*proof);
  }
  if (!d.Done()) return Status::InvalidArgument(who + "trailing bytes");
  return c;
}

Bytes EncryptedShare::Encode() const {
  Encoder e = TaggedEncoder(kShareBoxTag);
  e.U32(dealer).U32(recipient).Var(box);
  return e.Take();
}

Result<EncryptedShare> EncryptedShare::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  EncryptedShare s;
  if (!ReadTag(d, kShareBoxTag) || !d.U32(s.dealer) || !d.U32(s.recipient) ||
      !d.Var(s.box, 4096) || !d.Done()) {
    return Status::InvalidArgument("the encrypted share is malformed");
  }
  return s;
}

// ------------------------------------------------------------------ phases

Result<Dealing> Deal(const CeremonyParams& params, std::uint32_t dealer,
                     std::span<const TrusteeAnnouncement> announcements,
                     RandomSource& rng) {
  InitOrDie();
  if (Status s = params.Validate(); !s.ok()) return s;
  if (dealer < 1 || dealer > params.n) {
    return Status::InvalidArgument("there is no " + T(dealer) +
                                   " in this ceremony");
  }
  std::vector<std::optional<BoxPublicKey>> pks(params.n + 1);
  for (const TrusteeAnnouncement& a : announcements) {
    if (a.trustee < 1 || a.trustee > params.n) {
      return Status::InvalidArgument("an announcement names " + T(a.trustee) +
                                     ", who is not in this ceremony");
    }
    if (pks[a.trustee]) {
      return Status::AlreadyExists(T(a.trustee) + " announced twice");
    }
    pks[a.trustee] = a.box_public_key;
  }
  for (std::uint32_t j = 1; j <= params.n; ++j) {
    if (!pks[j])
      return Status::FailedPrecondition(T(j) + "'s announcement is missing");
  }

  std::vector<SecretScalar> coeffs;
  for (std::uint32_t l = 0; l < params.k; ++l) {
    coeffs.push_back(SecretScalar::Random(rng));
  }
  Dealing out;
  out.commitments.dealer = dealer;
  for (std::uint32_t l = 0; l < params.k; ++l) {
    const Point c = Point::BaseMul(coeffs[l]);
    out.commitments.commitments.push_back(c);
    out.commitments.proofs.push_back(
        ProveSchnorr(SchnorrPrefix(params, dealer, l), c, coeffs[l], rng));
  }
  for (std::uint32_t j = 1; j <= params.n; ++j) {
    const SecretScalar f = Evaluate(coeffs, j);
    Bytes plain = SharePlainHeader(params, dealer, j);
    const std::size_t header = plain.size();
    plain.resize(header + kScalarBytes);  // one allocation holds the secret
    std::copy(f.data(), f.data() + kScalarBytes, plain.begin() + header);
    Result<Bytes> box = SealTo(*pks[j], plain, rng);
    sodium_memzero(plain.data(), plain.size());
    if (!box.ok()) {
      return Status::InvalidArgument("could not encrypt the share for " +
                                     T(j) + " (its box key is unusable)");
    }
    out.shares.push_back(EncryptedShare{dealer, j, std::move(*box)});
  }
  return out;
}

Result<BallotBoxKey> DeriveBallotBoxKey(
    const CeremonyParams& params,
    std::span<const DealerCommitments> commitments) {
  InitOrDie();
  if (Status s = params.Validate(); !s.ok()) return s;
  std::vector<const DealerCommitments*> by_dealer(params.n + 1, nullptr);
  for (const DealerCommitments& c : commitments) {
    if (c.dealer < 1 || c.dealer > params.n) {
      return Status::InvalidArgument("commitments from " + T(c.dealer) +
                                     ", who is not in this ceremony");
    }
    if (by_dealer[c.dealer]) {
      return Status::AlreadyExists(T(c.dealer) + " sent commitments twice");
    }
    by_dealer[c.dealer] = &c;
  }
  std::vector<Point> sum(params.k);
  for (std::uint32_t i = 1; i <= params.n; ++i) {
    const DealerCommitments* c = by_dealer[i];
    if (!c)
      return Status::FailedPrecondition(T(i) + "'s commitments are missing");
    if (c->commitments.size() != params.k || c->proofs.size() != params.k) {
      return Status::InvalidArgument(
          T(i) + " committed to " + std::to_string(c->commitments.size()) +
          " coefficients; the threshold needs " + std::to_string(params.k));
    }
    for (std::uint32_t l = 0; l < params.k; ++l) {
      if (c->commitments[l].IsIdentity() ||
          !VerifySchnorr(SchnorrPrefix(params, i, l), c->commitments[l],
                         c->proofs[l])) {
        return Status::Corruption(T(i) +
                                  "'s proof of knowledge for coefficient " +
                                  std::to_string(l) + " does not verify");
      }
      sum[l] += c->commitments[l];
    }
  }
  std::vector<Point> vks;
  for (std::uint32_t j = 1; j <= params.n; ++j) {
    vks.push_back(EvaluateInExponent(sum, j));
  }
  return BallotBoxKey::Create(params.context, params.n, params.k, sum[0],
                              std::move(vks));
}

Result<TrusteeShare> FinishCeremony(
    const CeremonyParams& params, std::uint32_t me,
    const CeremonyBoxKey& my_box_key,
    std::span<const DealerCommitments> commitments,
    std::span<const EncryptedShare> shares_for_me) {
  InitOrDie();
  Result<BallotBoxKey> key = DeriveBallotBoxKey(params, commitments);
  if (!key.ok()) return key.status();
  if (me < 1 || me > params.n) {
    return Status::InvalidArgument("there is no " + T(me) +
                                   " in this ceremony");
  }
  std::vector<const DealerCommitments*> by_dealer(params.n + 1, nullptr);
  for (const DealerCommitments& c : commitments) by_dealer[c.dealer] = &c;

  std::vector<bool> seen(params.n + 1, false);
  SecretScalar total;
  for (const EncryptedShare& s : shares_for_me) {
    if (s.dealer < 1 || s.dealer > params.n) {
      return Status::InvalidArgument("a share from " + T(s.dealer) +
                                     ", who is not in this ceremony");
    }
    const std::string what = T(s.dealer) + "'s share for " + T(me);
    if (s.recipient != me)
      return Status::InvalidArgument(what + " is addressed to " +
                                     T(s.recipient));
    if (seen[s.dealer]) return Status::AlreadyExists(what + " arrived twice");
    seen[s.dealer] = true;
    const Bytes header = SharePlainHeader(params, s.dealer, me);
    if (s.box.size() != crypto_box_SEALBYTES + header.size() + kScalarBytes) {
      return Status::InvalidArgument(what + " has the wrong length");
    }
    Result<Bytes> opened = OpenSealed(my_box_key, s.box);
    if (!opened.ok()) {
      return Status::PermissionDenied(what + " cannot be decrypted with " +
                                      T(me) + "'s box key (wrong key, or damaged)");
    }
    Bytes& plain = *opened;
    Secret<kScalarBytes> raw;
    std::copy(plain.begin() + header.size(), plain.end(), raw.data());
    const bool bound =
        sodium_memcmp(plain.data(), header.data(), header.size()) == 0;
    sodium_memzero(plain.data(), plain.size());
    if (!bound) {
      return Status::Corruption(what +
                                " is bound to another ceremony or trustee");
    }
    Result<SecretScalar> f = SecretScalar::FromSecret(raw);
    if (!f.ok()) return Status::Corruption(what + ": " + f.message());
    if (!(Point::BaseMul(*f) ==
          EvaluateInExponent(by_dealer[s.dealer]->commitments, me))) {
      return Status::Corruption(what + " does not match its commitments");
    }
    total = total + *f;
  }
  for (std::uint32_t i = 1; i <= params.n; ++i) {
    if (!seen[i])
      return Status::FailedPrecondition(T(i) + "'s share for " + T(me) +
                                        " is missing");
  }
  // Holds whenever every share matched; checked so a bug cannot hand out a
  // share that does not fit the published verification key.
  HALL_CHECK(Point::BaseMul(total) == key->verification_key(me));
  return TrusteeShareAccess::Make(me, std::move(total));
}

Result<InProcessCeremony> RunCeremonyInProcess(
    std::uint32_t n, std::uint32_t k, std::span<const std::uint8_t> context,
    RandomSource& rng) {
  CeremonyParams params{n, k, Bytes(context.begin(), context.end())};
  if (Status s = params.Validate(); !s.ok()) return s;
  std::vector<CeremonyBoxKey> box_keys;
  std::vector<TrusteeAnnouncement> announcements;
  for (std::uint32_t j = 1; j <= n; ++j) {
    box_keys.push_back(CeremonyBoxKey::Generate(rng));
    announcements.push_back({j, box_keys.back().public_key()});
  }
  std::vector<DealerCommitments> commitments;
  std::vector<std::vector<EncryptedShare>> inbox(n + 1);
  for (std::uint32_t i = 1; i <= n; ++i) {
    Result<Dealing> d = Deal(params, i, announcements, rng);
    if (!d.ok()) return d.status();
    commitments.push_back(d->commitments);
    for (EncryptedShare& s : d->shares)
      inbox[s.recipient].push_back(std::move(s));
  }
  Result<BallotBoxKey> key = DeriveBallotBoxKey(params, commitments);
  if (!key.ok()) return key.status();
  std::vector<TrusteeShare> shares;
  for (std::uint32_t j = 1; j <= n; ++j) {
    Result<TrusteeShare> s =
        FinishCeremony(params, j, box_keys[j - 1], commitments, inbox[j]);
    if (!s.ok()) return s.status();
    shares.push_back(std::move(*s));
  }
  return InProcessCeremony{std::move(*key), std::move(shares),
                           std::move(commitments)};
}

namespace {
constexpr char kTranscriptTag[] = "hall/v1/ceremony-transcript";
}  // namespace

Bytes EncodeCeremonyTranscript(std::span<const DealerCommitments> commitments) {
  Encoder e;
  e.Str(kTranscriptTag).U32(static_cast<std::uint32_t>(commitments.size()));
  for (const auto& c : commitments) e.Var(c.Encode());
  return e.Take();
}

Result<std::vector<DealerCommitments>> DecodeCeremonyTranscript(
    std::span<const std::uint8_t> bytes) {
  Decoder d(bytes);
  std::string tag;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != kTranscriptTag || !d.U32(n) || n == 0 ||
      n > kMaxTrustees) {
    return Status::Corruption("this is not a key ceremony transcript");
  }
  std::vector<DealerCommitments> out;
  for (std::uint32_t i = 0; i < n; ++i) {
    Bytes one;
    if (!d.Var(one, 1u << 16))
      return Status::Corruption("the key ceremony transcript is truncated");
    auto c = DealerCommitments::Decode(one);
    if (!c.ok())
      return Status::Corruption("the key ceremony transcript's dealing " +
                                std::to_string(i + 1) + " is damaged");
    out.push_back(std::move(c).value());
  }
  if (!d.Done())
    return Status::Corruption("the key ceremony transcript has extra bytes");
  return out;
}

Status VerifyCeremonyTranscript(const BallotBoxKey& key,
                                std::span<const std::uint8_t> transcript) {
  auto commitments = DecodeCeremonyTranscript(transcript);
  if (!commitments.ok()) return commitments.status();
  const CeremonyParams params{key.n(), key.k(), key.context()};
  auto derived = DeriveBallotBoxKey(params, *commitments);
  if (!derived.ok())
    return Status::Corruption("the key ceremony's commitments do not verify: " +
                              derived.message());
  if (!(*derived == key))
    return Status::Corruption(
        "the key ceremony's commitments give another ballot-box key than the "
        "one the meeting definition signs");
  return Status::Ok();
}

}  // namespace hall::crypto
