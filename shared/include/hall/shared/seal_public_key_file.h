// The seal public key file, seal.pub: the committee's seal verify key as 64
// lower-case hex digits and a newline. hall-console init writes it,
// `hall-admin init --seal-public-key` reads it, and `hall-admin kiosk enrol`
// puts a copy in every kiosk's folder (kiosk_bundle.h).
//
// Contract:
// - EncodeSealPublicKeyFile gives exactly "<64 hex digits>\n".
// - DecodeSealPublicKeyFile accepts 64 hex digits of either case, with
//   trailing spaces, CR or LF, and refuses anything else (another length, a
//   character that is not a hex digit, bytes that are not a valid Ed25519
//   public key) with kInvalidArgument; the message does not name the file
//   (callers add it with Status::WithContext).
#ifndef HALL_SHARED_SEAL_PUBLIC_KEY_FILE_H_
#define HALL_SHARED_SEAL_PUBLIC_KEY_FILE_H_

#include <string>
#include <string_view>

#include "hall/base/status.h"
#include "hall/crypto/signing_key.h"

namespace hall::shared {

// The conventional file name.
inline constexpr std::string_view kSealPublicKeyFileName = "seal.pub";

std::string EncodeSealPublicKeyFile(const crypto::VerifyKey& seal);
Result<crypto::VerifyKey> DecodeSealPublicKeyFile(std::string_view text);

}  // namespace hall::shared

#endif  // HALL_SHARED_SEAL_PUBLIC_KEY_FILE_H_
