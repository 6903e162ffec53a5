#include "hall/shared/ballot_template.h"

#include <sodium.h>

#include <iterator>
#include <string_view>

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

// The tag of each version (ballot_template.h).
constexpr std::string_view kTemplateTagV1 = "hall/v1/template";
constexpr std::string_view kTemplateTagV2 = "hall/v2/template";
constexpr std::string_view kCastTag = "hall/v1/cast";
constexpr std::uint32_t kMaxPersons = 1000;

const std::string& Empty() {
  static const std::string kEmpty;
  return kEmpty;
}

const std::string& TitleOrEmpty(const Titles& titles, rules::Language l) {
  auto it = titles.find(l);
  return it == titles.end() ? Empty() : it->second;
}

}  // namespace

void EncodeTitles(crypto::Encoder& e, const Titles& titles) {
  std::uint32_t count = 0;
  for (const auto& entry : titles) count += entry.second.empty() ? 0 : 1;
  e.U32(count);
  for (const auto& [language, title] : titles) {
    if (!title.empty()) e.Str(rules::LanguageName(language)).Str(title);
  }
}

bool DecodeTitles(crypto::Decoder& d, Titles& titles) {
  std::uint32_t count = 0;
  if (!d.U32(count) || count > std::size(rules::kAllLanguages)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string name, title;
    if (!d.Str(name) || !d.Str(title) || title.empty()) return false;
    auto language = rules::ParseLanguage(name);
    // Strictly increasing: one encoding per map.
    if (!language || (!titles.empty() && !(titles.rbegin()->first < *language)))
      return false;
    titles.emplace(*language, std::move(title));
  }
  return true;
}

Titles TitlesOf(const rules::Text& text) {
  Titles titles;
  for (const auto& [name, value] : text.by_language) {
    auto language = rules::ParseLanguage(name);
    if (language && !value.empty()) titles.emplace(*language, value);
  }
  return titles;
}

const std::string& TitleIn(const Titles& titles, rules::Language language) {
  if (auto it = titles.find(language); it != titles.end()) return it->second;
  for (rules::Language fallback :
       {rules::Language::kEn, rules::Language::kVi, rules::Language::kZh}) {
    if (auto it = titles.find(fallback); it != titles.end()) return it->second;
  }
  return Empty();
}

const std::string& BallotTemplate::StepTitle(rules::Language language) const {
  return TitleIn(step_titles, language);
}

crypto::BallotSpec BallotTemplate::Spec() const {
  crypto::BallotSpec spec;
  spec.kind = kind;
  spec.persons = static_cast<std::uint32_t>(persons.size());
  spec.max_agree = max_agree;
  return spec;
}

Bytes BallotTemplate::Encode() const {
  HALL_CHECK(version == 1 || version == 2);
  crypto::Encoder e;
  e.Str(version == 1 ? kTemplateTagV1 : kTemplateTagV2)
      .Str(installation)
      .U64(meeting_id)
      .Str(meeting_title)
      .U64(round_id);
  e.Str(procedure).Str(step);
  if (version == 1) {
    HALL_CHECK(!step_titles.contains(rules::Language::kZh));
    e.Str(TitleOrEmpty(step_titles, rules::Language::kEn))
        .Str(TitleOrEmpty(step_titles, rules::Language::kVi));
  } else {
    EncodeTitles(e, step_titles);
  }
  e.Str(disclosure);
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
  bool ok = d.Str(tag) && (tag == kTemplateTagV1 || tag == kTemplateTagV2) &&
            d.Str(t.installation) && d.U64(t.meeting_id) &&
            d.Str(t.meeting_title) && d.U64(t.round_id) && d.Str(t.procedure) &&
            d.Str(t.step);
  if (ok && tag == kTemplateTagV1) {
    t.version = 1;
    std::string en, vi;
    ok = d.Str(en) && d.Str(vi);
    if (!en.empty()) t.step_titles.emplace(rules::Language::kEn, std::move(en));
    if (!vi.empty()) t.step_titles.emplace(rules::Language::kVi, std::move(vi));
  } else if (ok) {
    t.version = 2;
    ok = DecodeTitles(d, t.step_titles);
  }
  ok = ok && d.Str(t.disclosure) && d.Str(kind) && d.U32(max_agree) &&
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
