// BallotTemplate: what the organizing committee seals for one round and
// every kiosk verifies before drawing a ballot: the meeting and round, the
// procedure step and its title, the ballot kind and the persons on it, the
// ballot-box key, and the digest of the sealed credential list. Its canonical
// encoding is signed with the seal (SignatureType::kBallotTemplate); its
// digest is the context every ballot proof and every cast envelope is bound
// to, so a ballot can never be replayed in another round. docs/protocol.md
// gives the bytes of every version.
//
// Versions (the encoding's first field, its tag):
//   1 "hall/v1/template": the step title in English and Vietnamese only
//     (Str step_title_en, Str step_title_vi).
//   2 "hall/v2/template": the step title as a language map over vi, zh, en
//     (U32 count, then count x (Str language, Str title), the languages in
//     the order of rules::Language, each at most once, no title empty;
//     Encode leaves an empty title out).
//     Every template the server seals now is version 2.
// Decode reads both: a database or an exported record from before may hold
// version 1. A version 1 template decodes with version = 1 and its English
// and Vietnamese titles in step_titles (an empty one left out); Encode writes
// a template in the version it carries, so a decoded template encodes to the
// bytes it came from and keeps the digest its round's ballots are bound to.
// Encoding a version 1 template that carries a Chinese title, or a version
// other than 1 and 2, is a broken invariant (HALL_CHECK). Decode refuses with
// kInvalidArgument an unknown tag, truncated or trailing bytes, an unknown or
// repeated language, languages out of order, an empty title, no persons or
// more than 1000, and an unknown ballot kind.
//
// The meeting title is the committee's own (hall-admin meeting create
// --title), one string in whatever language the committee wrote it, not a
// language map.
//
// Reading a title: StepTitle(language) gives the title in that language,
// else in English, else Vietnamese, else Chinese, else "" (a procedure file
// always has English: procedure_loader.h).
#ifndef HALL_SHARED_BALLOT_TEMPLATE_H_
#define HALL_SHARED_BALLOT_TEMPLATE_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/signing_key.h"
#include "hall/shared/language.h"
#include "hall/shared/procedure.h"

namespace hall::shared {

using crypto::Bytes;
using Digest32 = crypto::Digest;  // the one digest type (crypto/digest.h)

// A text by language (vi, zh, en); a language without a text is absent.
using Titles = std::map<rules::Language, std::string>;

// The version Encode writes for a new template.
inline constexpr std::uint32_t kTemplateVersion = 2;

// A procedure file's text (procedure.h) as Titles: each of its languages.
Titles TitlesOf(const rules::Text& text);

// The title map's encoding (the template's version 2, and the kiosk
// protocol's status): U32 count, then count x (Str language, Str title) in
// rules::Language order; an empty title is left out. DecodeTitles refuses
// (false) more than 3 entries, an unknown or repeated language, languages
// out of order and an empty title.
void EncodeTitles(crypto::Encoder& e, const Titles& titles);
bool DecodeTitles(crypto::Decoder& d, Titles& titles);
// The title in `language`, else en, else vi, else zh, else "".
const std::string& TitleIn(const Titles& titles, rules::Language language);

struct BallotTemplate {
  std::uint32_t version = kTemplateVersion;  // 1 only when decoded from before
  std::string installation;  // installation id (random, set at init)
  std::uint64_t meeting_id = 0;
  std::string meeting_title;
  std::uint64_t round_id = 0;
  std::string procedure;   // "vn-138-appointment"
  std::string step;        // "2"
  Titles step_titles;      // the procedure file's step title
  std::string disclosure;  // "announced" | "sealed"
  crypto::BallotKind kind = crypto::BallotKind::kNominate;
  std::optional<std::uint32_t> max_agree;
  std::vector<std::string> persons;  // in ballot order
  Bytes box_key;                     // crypto::BallotBoxKey::Encode()
  Digest32 credential_list_digest{};

  // The step title in `language`, else en, else vi, else zh, else "".
  const std::string& StepTitle(rules::Language language) const;
  crypto::BallotSpec Spec() const;
  Bytes Encode() const;
  static Result<BallotTemplate> Decode(std::span<const std::uint8_t> bytes);
  // BLAKE2b-256 of Encode() with the tag "hall/v1/template-digest".
  Digest32 Digest() const;
};

struct SignedTemplate {
  Bytes template_bytes;
  std::array<std::uint8_t, crypto::Signature::kSize> signature{};

  Bytes Encode() const;
  static Result<SignedTemplate> Decode(std::span<const std::uint8_t> bytes);
};

SignedTemplate SignTemplate(const BallotTemplate& t,
                            const crypto::SigningKey& seal);
// Verifies the seal signature, then decodes. The kiosk draws nothing else.
Result<BallotTemplate> VerifyTemplate(const SignedTemplate& signed_template,
                                      const crypto::VerifyKey& seal);

// The payload a credential key signs when casting: binds the encrypted
// ballot to the template digest.
Bytes CastPayload(const Digest32& template_digest,
                  std::span<const std::uint8_t> ballot);
struct CastPayloadParts {
  Digest32 template_digest{};
  Bytes ballot;
};
Result<CastPayloadParts> ParseCastPayload(
    std::span<const std::uint8_t> payload);

}  // namespace hall::shared

#endif  // HALL_SHARED_BALLOT_TEMPLATE_H_
