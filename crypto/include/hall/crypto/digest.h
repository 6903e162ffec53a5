// Digest: a 32-byte BLAKE2b-256 hash (libsodium crypto_generichash, unkeyed)
// as used by every hall construction. Callers hash canonical encodings that
// begin with a domain tag (Encoder().Str("hall/v1/...")), never raw data.
#ifndef HALL_CRYPTO_DIGEST_H_
#define HALL_CRYPTO_DIGEST_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hall::crypto {

using Digest = std::array<std::uint8_t, 32>;

// BLAKE2b with a 32-byte output and no key.
Digest Blake2b256(std::span<const std::uint8_t> data);

// Lower-case hexadecimal, for logs, vectors and documents.
// Lower-case hex of `data`.
std::string ToHex(std::span<const std::uint8_t> data);
// Parses exactly out.size() bytes of hex (either case); false for any other
// length or a character that is not a hex digit (then `out` is zeroed).
bool FromHex(std::string_view hex, std::span<std::uint8_t> out);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_DIGEST_H_
