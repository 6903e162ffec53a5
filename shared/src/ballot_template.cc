#include "hall/shared/ballot_template.h"

#include <sodium.h>

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

constexpr std::string_view kTemplateTag = "hall/v1/template";
constexpr std::string_view kCastTag = "hall/v1/cast";
constexpr std::uint32_t kMaxPersons = 1000;

}  // namespace

crypto::BallotSpec BallotTemplate::Spec() const {
  crypto::BallotSpec spec;
  spec.kind = kind;
  spec.persons = static_cast<std::uint32_t>(persons.size());
  spec.max_agree = max_agree;
  return spec;
}

Bytes BallotTemplate::Encode() const {
  crypto::Encoder e;
  e.Str(kTemplateTag)
      .Str(installation)
      .U64(meeting_id)
      .Str(meeting_title)
      .U64(round_id);
  e.Str(procedure)
      .Str(step)
      .Str(step_title_en)
      .Str(step_title_vi)
      .Str(disclosure);
  e.Str(crypto::BallotKindName(kind)).U32(max_agree ? *max_agree : 0);
  e.U32(static_cast<std::uint32_t>(persons.size()));
  for (const auto& p : persons) e.Str(p);
  e.Var(box_key).Fixed(credential_list_digest);
  return e.Take();
}

Result<BallotTemplate> BallotTemplate::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  BallotTemplate t;
  std::string tag, kind;
  std::uint32_t max_agree = 0, count = 0;
  bool ok = d.Str(tag) && tag == kTemplateTag && d.Str(t.installation) &&
            d.U64(t.meeting_id) && d.Str(t.meeting_title) &&
            d.U64(t.round_id) && d.Str(t.procedure) && d.Str(t.step) &&
            d.Str(t.step_title_en) && d.Str(t.step_title_vi) &&
            d.Str(t.disclosure) && d.Str(kind) && d.U32(max_agree) &&
            d.U32(count) && count >= 1 && count <= kMaxPersons;
  if (ok) {
    for (std::uint32_t i = 0; ok && i < count; ++i) {
      std::string p;
      ok = d.Str(p);
      t.persons.push_back(std::move(p));
    }
  }
  ok = ok && d.Var(t.box_key) && d.Fixed(t.credential_list_digest) && d.Done();
  if (!ok)
    return Status::InvalidArgument("ballot template: malformed or truncated");
  auto k = crypto::ParseBallotKind(kind);
  if (!k.ok())
    return Status::InvalidArgument("ballot template: unknown ballot kind \"" +
                                   kind + "\"");
  t.kind = *k;
  if (max_agree) t.max_agree = max_agree;
  return t;
}

Digest32 BallotTemplate::Digest() const {
  crypto::Encoder e;
  e.Str("hall/v1/template-digest").Var(Encode());
  Digest32 out{};
  crypto_generichash(out.data(), out.size(), e.bytes().data(), e.bytes().size(),
                     nullptr, 0);
  return out;
}

Bytes SignedTemplate::Encode() const {
  crypto::Encoder e;
  e.Var(template_bytes).Fixed(signature);
  return e.Take();
}

Result<SignedTemplate> SignedTemplate::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  SignedTemplate s;
  if (!d.Var(s.template_bytes) || !d.Fixed(s.signature) || !d.Done()) {
    return Status::InvalidArgument(
        "signed ballot template: malformed or truncated");
  }
  return s;
}

SignedTemplate SignTemplate(const BallotTemplate& t,
                            const crypto::SigningKey& seal) {
  SignedTemplate s;
  s.template_bytes = t.Encode();
  const auto sig = crypto::Sign(seal, crypto::SignatureType::kBallotTemplate,
                                s.template_bytes);
  std::copy(sig.bytes().begin(), sig.bytes().end(), s.signature.begin());
  return s;
}

Result<BallotTemplate> VerifyTemplate(const SignedTemplate& signed_template,
                                      const crypto::VerifyKey& seal) {
  auto sig = crypto::Signature::FromBytes(signed_template.signature);
  if (!sig.ok() || !crypto::Verify(seal, crypto::SignatureType::kBallotTemplate,
                                   signed_template.template_bytes, *sig)
                        .ok()) {
    return Status::Corruption(
        "the ballot does not carry the organizing committee's seal: do not "
        "vote on it; call "
        "the committee");
  }
  return BallotTemplate::Decode(signed_template.template_bytes);
}

Bytes CastPayload(const Digest32& template_digest,
                  std::span<const std::uint8_t> ballot) {
  crypto::Encoder e;
  e.Str(kCastTag).Fixed(template_digest).Var(ballot);
  return e.Take();
}

Result<CastPayloadParts> ParseCastPayload(
    std::span<const std::uint8_t> payload) {
  crypto::Decoder d(payload);
  CastPayloadParts parts;
  std::string tag;
  if (!d.Str(tag) || tag != kCastTag || !d.Fixed(parts.template_digest) ||
      !d.Var(parts.ballot) || !d.Done()) {
    return Status::InvalidArgument("cast: malformed ballot payload");
  }
  return parts;
}

}  // namespace hall::shared
