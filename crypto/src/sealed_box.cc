#include "hall/crypto/sealed_box.h"

#include <algorithm>

#include "hall/crypto/init.h"

namespace hall::crypto {

BoxKey BoxKey::Generate(RandomSource& rng) {
  InitOrDie();
  Secret<crypto_box_SEEDBYTES> seed;
  rng.Fill({seed.data(), seed.size()});
  BoxKey key;
  HALL_CHECK(crypto_box_seed_keypair(key.pk_.data(), key.sk_.data(),
                                     seed.data()) == 0);
  return key;
}

BoxKey BoxKey::FromSecret(const BoxSecretKey& sk) {
  InitOrDie();
  BoxKey key;
  key.sk_ = sk.Clone();
  HALL_CHECK(crypto_scalarmult_base(key.pk_.data(), key.sk_.data()) == 0);
  return key;
}

Result<Bytes> SealTo(const BoxPublicKey& pk, std::span<const std::uint8_t> msg,
             RandomSource& rng) {
  const BoxKey ephemeral = BoxKey::Generate(rng);
  const BoxPublicKey& epk = ephemeral.public_key();
  std::array<std::uint8_t, crypto_box_NONCEBYTES> nonce;
  crypto_generichash_state st;
  crypto_generichash_init(&st, nullptr, 0, nonce.size());
  crypto_generichash_update(&st, epk.data(), epk.size());
  crypto_generichash_update(&st, pk.data(), pk.size());
  crypto_generichash_final(&st, nonce.data(), nonce.size());
  Bytes out(epk.size() + crypto_box_MACBYTES + msg.size());
  std::copy(epk.begin(), epk.end(), out.begin());
  if (crypto_box_easy(out.data() + epk.size(), msg.data(), msg.size(),
                      nonce.data(), pk.data(), ephemeral.secret().data()) != 0) {
    return Status::InvalidArgument(
        "the public key to seal to is not a usable X25519 key (a low-order "
        "point): ask its holder for their real key");
  }
  return out;
}

Result<Bytes> OpenSealed(const BoxKey& key,
                         std::span<const std::uint8_t> box) {
  InitOrDie();
  if (box.size() < kSealedBoxOverhead) {
    return Status::InvalidArgument(
        "the sealed box is " + std::to_string(box.size()) +
        " bytes, shorter than any box (" +
        std::to_string(kSealedBoxOverhead) + "): the file is truncated");
  }
  Bytes plain(box.size() - kSealedBoxOverhead);
  if (crypto_box_seal_open(plain.data(), box.data(), box.size(),
                           key.public_key().data(), key.secret().data()) != 0) {
    sodium_memzero(plain.data(), plain.size());
    return Status::PermissionDenied(
        "the sealed box does not open with this key: it was sealed to "
        "another key, or it was altered");
  }
  return plain;
}

}  // namespace hall::crypto
