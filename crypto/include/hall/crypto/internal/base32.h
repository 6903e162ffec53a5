// Internal to hall_crypto: not part of its contract; other modules include the
// public headers.
//
// Base32 for codes people read aloud, type and print (key fingerprints,
// ballot credential codes, tracking codes).
//
// Alphabet (Crockford): 0123456789ABCDEFGHJKMNPQRSTVWXYZ, i.e. digits and
// upper-case letters without I, L, O, U. Symbol i stands for the 5-bit value
// i. Bytes are read most-significant bit first; a final partial symbol is
// padded with zero bits. Reading is case-insensitive and, as in Crockford's
// scheme, accepts O as 0 and I or L as 1 (what a person would mean). Spaces
// and '-' separate groups and carry no meaning.
#ifndef HALL_CRYPTO_INTERNAL_BASE32_H_
#define HALL_CRYPTO_INTERNAL_BASE32_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hall/crypto/secret.h"

namespace hall::crypto {

inline constexpr std::string_view kBase32Alphabet =
    "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The 5-bit value of a symbol (with the aliases above), or -1.
int Base32Value(char c);

// The first `bits` bits of `bytes` (bits <= 8 * bytes.size()) as
// ceil(bits / 5) symbols.
std::string Base32EncodeBits(std::span<const std::uint8_t> bytes,
                             std::size_t bits);

// All of `bytes`: ceil(8 * size / 5) symbols.
std::string Base32Encode(std::span<const std::uint8_t> bytes);

// The inverse of Base32Encode for exactly `size` bytes: `symbols` (no
// separators) must have ceil(8 * size / 5) symbols and zero padding bits.
std::optional<Bytes> Base32Decode(std::string_view symbols, std::size_t size);

// `text` without spaces, tabs and '-' (other characters are kept, to be
// reported).
std::string StripSeparators(std::string_view text);

// `symbols` cut into groups of `group` characters joined by `separator`.
std::string GroupSymbols(std::string_view symbols, std::size_t group,
                         char separator = '-');

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_INTERNAL_BASE32_H_
