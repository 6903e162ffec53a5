// Typed Ed25519 signatures: the committee's seal, and any other signature
// hall makes (ballots signed with a credential key, trustee messages).
//
// A signature is made over the canonical encoding
//   Encoder().Str("hall/v1/sig").Str(SignatureTypeName(type)).Var(message)
// with crypto_sign_detached, so a signature made for one purpose never
// verifies as another, whatever the message bytes are. Verify returns OK only
// for an exact (key, type, message) match; every failure is a Status with a
// message a person can act on.
#ifndef HALL_CRYPTO_SEAL_H_
#define HALL_CRYPTO_SEAL_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "hall/crypto/secret.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"

namespace hall::crypto {

// One value per purpose. The names (SignatureTypeName) are part of the signed
// bytes and must never change; add new purposes at the end.
enum class SignatureType {
  kMeetingDefinition,  // "meeting-definition"
  kBallotTemplate,     // "ballot-template"
  kCredentialList,     // "credential-list"
  kBoxSealed,          // "box-sealed"
  kBoxClosed,          // "box-closed"
  kTally,              // "tally"
  kMinutes,            // "minutes"
  kBallot,             // "ballot": a ballot signed with its credential key
  kTrusteeMessage,     // "trustee-message"
  kRoundCancelled,     // "round-cancelled"
  kStepRecord,         // "step-record": a step without a ballot, recorded
};

// The domain-separation name of `type` (the strings above).
std::string_view SignatureTypeName(SignatureType type);

class Signature {
 public:
  static constexpr std::size_t kSize = crypto_sign_BYTES;  // 64

  static Result<Signature> FromBytes(std::span<const std::uint8_t> bytes);
  std::span<const std::uint8_t, kSize> bytes() const { return bytes_; }

  friend bool operator==(const Signature&, const Signature&) = default;

 private:
  friend Signature Sign(const SigningKey&, SignatureType,
                        std::span<const std::uint8_t>);
  Signature() = default;
  std::array<std::uint8_t, kSize> bytes_{};
};

// The bytes that are actually signed for (type, message).
Bytes SignedBytes(SignatureType type, std::span<const std::uint8_t> message);

// Signs `message` for purpose `type`. Ed25519 is deterministic: the same
// inputs always give the same signature.
Signature Sign(const SigningKey& key, SignatureType type,
               std::span<const std::uint8_t> message);

// OK when `signature` is `key`'s signature of `message` for purpose `type`.
Status Verify(const VerifyKey& key, SignatureType type,
              std::span<const std::uint8_t> message,
              const Signature& signature);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_SEAL_H_
