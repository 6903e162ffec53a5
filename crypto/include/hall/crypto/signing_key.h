// Ed25519 key pairs (libsodium crypto_sign): the committee's seal key and
// the ballot credential keys.
//
// VerifyKey is a public key; it can be built from bytes, which are checked to
// be a canonical point of the prime-order subgroup that is not of small order
// (crypto_core_ed25519_is_valid_point). SigningKey is a secret key: created
// only by this library (from randomness, from a 32-byte seed, from a key
// file or from a credential code), move-only, and wiped when destroyed.
// Signing itself lives in seal.h (typed signatures) and envelope.h.
#ifndef HALL_CRYPTO_SIGNING_KEY_H_
#define HALL_CRYPTO_SIGNING_KEY_H_

#include <sodium.h>

#include <array>
#include <compare>
#include <cstdint>
#include <span>

#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/base/status.h"

namespace hall::crypto {

class Signature;
enum class SignatureType;

class VerifyKey {
 public:
  static constexpr std::size_t kSize = crypto_sign_PUBLICKEYBYTES;  // 32

  // Checks the size and that the bytes are a valid Ed25519 public key.
  static Result<VerifyKey> FromBytes(std::span<const std::uint8_t> bytes);

  std::span<const std::uint8_t, kSize> bytes() const { return bytes_; }

  friend bool operator==(const VerifyKey&, const VerifyKey&) = default;
  friend auto operator<=>(const VerifyKey&, const VerifyKey&) = default;

 private:
  friend class SigningKey;
  VerifyKey() = default;
  std::array<std::uint8_t, kSize> bytes_{};
};

class SigningKey {
 public:
  static constexpr std::size_t kSeedSize = crypto_sign_SEEDBYTES;  // 32

  // A fresh key pair from 32 bytes of `random`.
  static SigningKey Generate(RandomSource& random = DefaultRandom());
  // The key pair libsodium derives from `seed` (crypto_sign_seed_keypair).
  static SigningKey FromSeed(const Secret<kSeedSize>& seed);

  SigningKey(SigningKey&&) noexcept = default;
  SigningKey& operator=(SigningKey&&) noexcept = default;

  const VerifyKey& verify_key() const { return verify_key_; }

  // The seed, for writing a key file. Keep it in a Secret.
  Secret<kSeedSize> ExportSeed() const;

 private:
  // Signing (seal.h) reads libsodium's 64-byte secret key (seed || public).
  friend Signature Sign(const SigningKey&, SignatureType,
                        std::span<const std::uint8_t>);
  SigningKey() = default;
  Secret<crypto_sign_SECRETKEYBYTES> secret_;
  VerifyKey verify_key_;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_SIGNING_KEY_H_
