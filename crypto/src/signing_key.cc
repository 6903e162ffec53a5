#include "hall/crypto/signing_key.h"

#include <algorithm>
#include <string>

#include "hall/crypto/init.h"

namespace hall::crypto {

Result<VerifyKey> VerifyKey::FromBytes(std::span<const std::uint8_t> bytes) {
  InitOrDie();
  if (bytes.size() != kSize) {
    return Status::InvalidArgument("a public key has " + std::to_string(kSize) +
                                   " bytes, not " +
                                   std::to_string(bytes.size()));
  }
  if (crypto_core_ed25519_is_valid_point(bytes.data()) != 1) {
    return Status::InvalidArgument(
        "these bytes are not a valid Ed25519 public key (damaged or forged)");
  }
  VerifyKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

SigningKey SigningKey::Generate(RandomSource& random) {
  Secret<kSeedSize> seed;
  random.Fill({seed.data(), seed.size()});
  return FromSeed(seed);
}

SigningKey SigningKey::FromSeed(const Secret<kSeedSize>& seed) {
  InitOrDie();
  SigningKey key;
  HALL_CHECK(crypto_sign_seed_keypair(key.verify_key_.bytes_.data(),
                                      key.secret_.data(), seed.data()) == 0);
  return key;
}

Secret<SigningKey::kSeedSize> SigningKey::ExportSeed() const {
  Secret<kSeedSize> seed;
  HALL_CHECK(crypto_sign_ed25519_sk_to_seed(seed.data(), secret_.data()) == 0);
  return seed;
}

}  // namespace hall::crypto
