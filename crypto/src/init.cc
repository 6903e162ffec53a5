#include "hall/crypto/init.h"

#include <sodium.h>

namespace hall::crypto {

Status Init() {
  // A function-local static is initialised exactly once, even under threads;
  // sodium_init() itself is idempotent as well.
  static const int result = sodium_init();
  if (result < 0) {
    return Status::Internal(
        "libsodium could not be initialised (no usable source of randomness "
        "on this system?)");
  }
  return Status::Ok();
}

void InitOrDie() { HALL_CHECK(Init().ok()); }

}  // namespace hall::crypto
