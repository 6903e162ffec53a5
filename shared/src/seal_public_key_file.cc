#include "hall/shared/seal_public_key_file.h"

#include <array>
#include <cstdint>

#include "hall/crypto/digest.h"

namespace hall::shared {

std::string EncodeSealPublicKeyFile(const crypto::VerifyKey& seal) {
  return crypto::ToHex(seal.bytes()) + "\n";
}

Result<crypto::VerifyKey> DecodeSealPublicKeyFile(std::string_view text) {
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  std::array<std::uint8_t, crypto::VerifyKey::kSize> bytes{};
  if (crypto::FromHex(text, bytes)) {
    if (auto key = crypto::VerifyKey::FromBytes(bytes); key.ok()) return key;
  }
  return Status::InvalidArgument(
      "not a seal public key (seal.pub holds 64 hex digits, as hall-console "
      "init writes it)");
}

}  // namespace hall::shared
