// BallotTemplate: what the organizing committee seals for one round and
// every kiosk verifies before drawing a ballot: the meeting and round, the
// procedure step, the ballot kind and the persons on it, the ballot-box key,
// and the digest of the sealed credential list. Its canonical encoding is
// signed with the seal (SignatureType::kBallotTemplate); its digest is the
// context every ballot proof and every cast envelope is bound to, so a
// ballot can never be replayed in another round.
#ifndef HALL_SHARED_BALLOT_TEMPLATE_H_
#define HALL_SHARED_BALLOT_TEMPLATE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"

namespace hall::shared {

using crypto::Bytes;
using Digest32 = crypto::Digest;  // the one digest type (crypto/digest.h)

struct BallotTemplate {
  std::string installation;  // installation id (random, set at init)
  std::uint64_t meeting_id = 0;
  std::string meeting_title;
  std::uint64_t round_id = 0;
  std::string procedure;  // "vn-138-appointment"
  std::string step;       // "2"
  std::string step_title_en;
  std::string step_title_vi;
  std::string disclosure;  // "announced" | "sealed"
  crypto::BallotKind kind = crypto::BallotKind::kNominate;
  std::optional<std::uint32_t> max_agree;
  std::vector<std::string> persons;  // in ballot order
  Bytes box_key;                     // crypto::BallotBoxKey::Encode()
  Digest32 credential_list_digest{};

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
