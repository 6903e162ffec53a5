// Key fingerprints: 80 bits that identify a public key, short enough to read
// aloud, print on a slip and compare by eye.
//
//   digest      = BLAKE2b-256(Encoder().Str("hall/v1/fingerprint")
//                                      .Str(key_kind).Var(public_key_bytes))
//   fingerprint = base32 (internal/base32.h) of digest[0..10), 16 symbols,
//                 shown in groups of 4 joined by '-': "7K3Q-M0ZD-4XW9-PB2T"
//
// key_kind names the kind of public key ("ed25519" for VerifyKey), so the
// same bytes used as two kinds of key get different fingerprints.
#ifndef HALL_CRYPTO_FINGERPRINT_H_
#define HALL_CRYPTO_FINGERPRINT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hall/crypto/signing_key.h"

namespace hall::crypto {

inline constexpr std::string_view kEd25519KeyKind = "ed25519";

// The grouped fingerprint of any public key.
std::string KeyFingerprint(std::string_view key_kind,
                           std::span<const std::uint8_t> public_key);

// KeyFingerprint(kEd25519KeyKind, key.bytes()).
std::string Fingerprint(const VerifyKey& key);

// True when `typed` (any case, with or without spaces or dashes, O for 0 and
// I/L for 1) names the same fingerprint as `fingerprint`.
bool FingerprintMatches(std::string_view typed, std::string_view fingerprint);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_FINGERPRINT_H_
