#include "hall/crypto/fingerprint.h"

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/internal/base32.h"

namespace hall::crypto {
namespace {

constexpr std::size_t kFingerprintBits = 80;

// Symbol values of `text` without separators, or empty if a symbol is bad.
std::string Canonical(std::string_view text) {
  std::string out;
  for (char c : StripSeparators(text)) {
    const int v = Base32Value(c);
    if (v < 0) return {};
    out.push_back(kBase32Alphabet[v]);
  }
  return out;
}

}  // namespace

std::string KeyFingerprint(std::string_view key_kind,
                           std::span<const std::uint8_t> public_key) {
  const Digest digest = Blake2b256(Encoder()
                                       .Str("hall/v1/fingerprint")
                                       .Str(key_kind)
                                       .Var(public_key)
                                       .bytes());
  return GroupSymbols(Base32EncodeBits(digest, kFingerprintBits), 4);
}

std::string Fingerprint(const VerifyKey& key) {
  return KeyFingerprint(kEd25519KeyKind, key.bytes());
}

bool FingerprintMatches(std::string_view typed, std::string_view fingerprint) {
  const std::string a = Canonical(typed);
  return !a.empty() && a == Canonical(fingerprint);
}

}  // namespace hall::crypto
