// Internal: the only code that reads a TrusteeShare's secret (the ceremony
// that creates it and PartialDecrypt that uses it).
#ifndef HALL_CRYPTO_SRC_TRUSTEE_INTERNAL_H_
#define HALL_CRYPTO_SRC_TRUSTEE_INTERNAL_H_

#include "hall/crypto/trustee.h"

namespace hall::crypto {

class TrusteeShareAccess {
 public:
  static TrusteeShare Make(std::uint32_t trustee, SecretScalar share) {
    return TrusteeShare(trustee, std::move(share));
  }
  static const SecretScalar& Share(const TrusteeShare& s) { return s.share_; }
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_SRC_TRUSTEE_INTERNAL_H_
