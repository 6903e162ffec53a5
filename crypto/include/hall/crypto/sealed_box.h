// Anonymous public-key encryption to an X25519 key: libsodium's
// crypto_box_seal format, used for the trustees' shares in the key ceremony
// and for sealed minutes to their recipients.
//
// Contract:
//  - A box is epk(32) || crypto_box_easy(msg, nonce, pk, esk) with
//    nonce = BLAKE2b-192(epk || pk): exactly crypto_box_seal's bytes, so any
//    libsodium can open it. Only the ephemeral key comes from `rng` (a
//    deterministic source gives reproducible test vectors).
//  - kSealedBoxOverhead bytes are added to every message.
//  - OpenSealed refuses (kPermissionDenied) a box made for another key or
//    altered in any byte, and (kInvalidArgument) one shorter than the
//    overhead; it never returns part of a message.
//  - BoxKey's secret is wiped on destruction.
#ifndef HALL_CRYPTO_SEALED_BOX_H_
#define HALL_CRYPTO_SEALED_BOX_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>

#include "hall/base/status.h"
#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"

namespace hall::crypto {

inline constexpr std::size_t kSealedBoxOverhead = crypto_box_SEALBYTES;

using BoxPublicKey = std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES>;
using BoxSecretKey = Secret<crypto_box_SECRETKEYBYTES>;

// An X25519 key pair that boxes are sealed to.
class BoxKey {
 public:
  static BoxKey Generate(RandomSource& rng = DefaultRandom());
  // Rebuilds the pair from a stored secret key.
  static BoxKey FromSecret(const BoxSecretKey& sk);
  const BoxPublicKey& public_key() const { return pk_; }
  const BoxSecretKey& secret() const { return sk_; }

 private:
  BoxPublicKey pk_{};
  BoxSecretKey sk_;
};

// The box of `msg` for the holder of `pk`'s secret; refuses
// (kInvalidArgument) a public key no X25519 secret could have made.
Result<Bytes> SealTo(const BoxPublicKey& pk, std::span<const std::uint8_t> msg,
             RandomSource& rng = DefaultRandom());
// The message inside `box`.
Result<Bytes> OpenSealed(const BoxKey& key, std::span<const std::uint8_t> box);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_SEALED_BOX_H_
