// Internal helpers shared by the ballot part's sources.
#ifndef HALL_CRYPTO_SRC_GROUP_INTERNAL_H_
#define HALL_CRYPTO_SRC_GROUP_INTERNAL_H_

#include <string_view>

#include "hall/crypto/encoding.h"

namespace hall::crypto {

// The same bytes as Encoder().Str(tag). Out of line and without
// vector::insert on purpose: GCC 12 at -O3 reports a false
// -Wstringop-overread/-overflow for Str() on a fresh Encoder in some callers.
Encoder TaggedEncoder(std::string_view tag);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_SRC_GROUP_INTERNAL_H_
