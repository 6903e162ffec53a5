#include "hall/crypto/envelope.h"

#include <array>
#include <limits>
#include <string>
#include <utility>

#include "hall/crypto/encoding.h"

namespace hall::crypto {
namespace {
constexpr char kTag[] = "hall/v1/credential-envelope";
constexpr std::size_t kMaxPayload = 1u << 24;
}  // namespace

CredentialEnvelope SignEnvelope(const SigningKey& credential_key,
                                std::span<const std::uint8_t> payload) {
  HALL_CHECK(payload.size() <= kMaxPayload);
  return CredentialEnvelope(
      credential_key.verify_key(),
      Sign(credential_key, SignatureType::kBallot, payload),
      Bytes(payload.begin(), payload.end()));
}

Result<CredentialEnvelope> CredentialEnvelope::Decode(
    std::span<const std::uint8_t> bytes) {
  Decoder d(bytes);
  std::string tag;
  std::array<std::uint8_t, VerifyKey::kSize> key_bytes{};
  std::array<std::uint8_t, Signature::kSize> sig_bytes{};
  Bytes payload;
  if (!d.Str(tag, 64) || tag != kTag) {
    return Status::InvalidArgument("this is not a signed ballot envelope");
  }
  if (!d.Fixed(key_bytes) || !d.Fixed(sig_bytes) ||
      !d.Var(payload, kMaxPayload) || !d.Done()) {
    return Status::InvalidArgument(
        "the signed ballot envelope is truncated or damaged");
  }
  auto key = VerifyKey::FromBytes(key_bytes);
  if (!key.ok()) {
    return Status::InvalidArgument("the ballot's credential is invalid: " +
                                   key.message());
  }
  auto sig = Signature::FromBytes(sig_bytes);
  HALL_CHECK(sig.ok());
  return CredentialEnvelope(*key, *sig, std::move(payload));
}

Bytes CredentialEnvelope::Encode() const {
  return Encoder()
      .Str(kTag)
      .Fixed(credential_.bytes())
      .Fixed(signature_.bytes())
      .Var(payload_)
      .Take();
}

Status VerifyEnvelope(const CredentialEnvelope& envelope,
                      const CredentialList& list) {
  if (!list.Contains(envelope.credential())) {
    return Status::PermissionDenied(
        "the ballot's credential is not on this round's list of credentials "
        "(a slip from another round, or a forged one)");
  }
  Status s = Verify(envelope.credential(), SignatureType::kBallot,
                    envelope.payload(), envelope.signature());
  if (!s.ok()) {
    return Status::PermissionDenied(
        "the ballot's signature does not verify: the ballot was altered or "
        "was not signed with its credential");
  }
  return Status::Ok();
}

}  // namespace hall::crypto
