#include "hall/crypto/seal.h"

#include <algorithm>
#include <limits>
#include <string>

#include "hall/crypto/encoding.h"
#include "hall/crypto/init.h"

namespace hall::crypto {

std::string_view SignatureTypeName(SignatureType type) {
  switch (type) {
    case SignatureType::kMeetingDefinition:
      return "meeting-definition";
    case SignatureType::kBallotTemplate:
      return "ballot-template";
    case SignatureType::kCredentialList:
      return "credential-list";
    case SignatureType::kBoxSealed:
      return "box-sealed";
    case SignatureType::kBoxClosed:
      return "box-closed";
    case SignatureType::kTally:
      return "tally";
    case SignatureType::kMinutes:
      return "minutes";
    case SignatureType::kBallot:
      return "ballot";
    case SignatureType::kTrusteeMessage:
      return "trustee-message";
    case SignatureType::kRoundCancelled:
      return "round-cancelled";
    case SignatureType::kStepRecord:
      return "step-record";
  }
  HALL_CHECK(false && "unknown SignatureType");
  return {};
}

Result<Signature> Signature::FromBytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kSize) {
    return Status::InvalidArgument("a signature has " + std::to_string(kSize) +
                                   " bytes, not " +
                                   std::to_string(bytes.size()));
  }
  Signature s;
  std::copy(bytes.begin(), bytes.end(), s.bytes_.begin());
  return s;
}

Bytes SignedBytes(SignatureType type, std::span<const std::uint8_t> message) {
  HALL_CHECK(message.size() <= std::numeric_limits<std::uint32_t>::max());
  return Encoder()
      .Str("hall/v1/sig")
      .Str(SignatureTypeName(type))
      .Var(message)
      .Take();
}

Signature Sign(const SigningKey& key, SignatureType type,
               std::span<const std::uint8_t> message) {
  InitOrDie();
  const Bytes signed_bytes = SignedBytes(type, message);
  Signature s;
  HALL_CHECK(crypto_sign_detached(s.bytes_.data(), nullptr, signed_bytes.data(),
                                  signed_bytes.size(),
                                  key.secret_.data()) == 0);
  return s;
}

Status Verify(const VerifyKey& key, SignatureType type,
              std::span<const std::uint8_t> message,
              const Signature& signature) {
  InitOrDie();
  if (message.size() > std::numeric_limits<std::uint32_t>::max()) {
    return Status::InvalidArgument("the signed message is too large");
  }
  const Bytes signed_bytes = SignedBytes(type, message);
  if (crypto_sign_verify_detached(signature.bytes().data(), signed_bytes.data(),
                                  signed_bytes.size(),
                                  key.bytes().data()) != 0) {
    return Status::PermissionDenied(
        "the " + std::string(SignatureTypeName(type)) +
        " signature does not verify: the document was altered, or it was "
        "signed with another key or for another purpose");
  }
  return Status::Ok();
}

}  // namespace hall::crypto
