// Init: the one place hall_crypto initialises libsodium.
//
// Init() calls sodium_init() once per process and is safe to call any number
// of times from any thread; every entry point of hall_crypto that needs
// libsodium calls InitOrDie() itself, so callers only need Init() when they
// want to report a failure (which means the platform has no usable
// randomness) instead of aborting.
#ifndef HALL_CRYPTO_INIT_H_
#define HALL_CRYPTO_INIT_H_

#include "hall/base/status.h"

namespace hall::crypto {

// Initialises libsodium. Idempotent and thread-safe.
Status Init();

// Init(), aborting (HALL_CHECK) if libsodium cannot be initialised.
void InitOrDie();

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_INIT_H_
