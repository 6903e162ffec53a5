// Credential envelopes: bytes (an encrypted ballot, built by
// hall_crypto_ballot) signed with a ballot credential key.
//
// The signature is a typed signature (seal.h) of type kBallot over the
// payload. Encoding:
//   Encoder().Str("hall/v1/credential-envelope").Fixed(credential public
//            key, 32 bytes).Fixed(signature, 64 bytes).Var(payload)
// VerifyEnvelope accepts an envelope only if its credential is on the round's
// CredentialList and the signature verifies; one-ballot-per-credential is the
// caller's rule (it sees the credential()).
#ifndef HALL_CRYPTO_ENVELOPE_H_
#define HALL_CRYPTO_ENVELOPE_H_

#include <cstdint>
#include <span>
#include <utility>

#include "hall/crypto/credential.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"

namespace hall::crypto {

class CredentialEnvelope {
 public:
  static Result<CredentialEnvelope> Decode(std::span<const std::uint8_t> bytes);
  Bytes Encode() const;

  const VerifyKey& credential() const { return credential_; }
  const Signature& signature() const { return signature_; }
  const Bytes& payload() const { return payload_; }

 private:
  friend CredentialEnvelope SignEnvelope(const SigningKey&,
                                         std::span<const std::uint8_t>);
  CredentialEnvelope(VerifyKey credential, Signature signature, Bytes payload)
      : credential_(credential),
        signature_(signature),
        payload_(std::move(payload)) {}
  VerifyKey credential_;
  Signature signature_;
  Bytes payload_;
};

// Signs `payload` with `credential_key` (SignatureType::kBallot).
CredentialEnvelope SignEnvelope(const SigningKey& credential_key,
                                std::span<const std::uint8_t> payload);

// OK when the envelope's credential is on `list` and its signature verifies.
Status VerifyEnvelope(const CredentialEnvelope& envelope,
                      const CredentialList& list);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_ENVELOPE_H_
