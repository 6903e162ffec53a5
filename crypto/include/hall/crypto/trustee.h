// Trustee keys for the ballot box: the ceremony box key each trustee uses to
// receive shares, the trustee's secret share of the ballot-box key, and the
// public BallotBoxKey every party uses.
//
// Contract:
//  - Trustees are numbered 1..n (their Shamir evaluation points); messages
//    say "trustee 3" with that number.
//  - CeremonyBoxKey is an X25519 key pair (crypto_box) used only during the
//    key ceremony to receive encrypted shares. Its secret is wiped.
//  - TrusteeShare is trustee j's secret share s_j = sum_i f_i(j), wiped on
//    destruction. Only the ceremony (FinishCeremony) and Import() create one;
//    only decrypt.h's PartialDecrypt uses the secret, so no API decrypts a
//    single ciphertext with it. ExportSecret() exists for key files only.
//  - BallotBoxKey is public: ceremony context, n, k, the joint key
//    H = prod_i g^{a_i0} and the verification keys K_j = g^{s_j}.
//    Wire: Str("hall/v1/ballot-box-key") Var(context) U32(n) U32(k) H
//    K_1 .. K_n. Decode rejects the identity and invalid points.
#ifndef HALL_CRYPTO_TRUSTEE_H_
#define HALL_CRYPTO_TRUSTEE_H_

#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/group.h"
#include "hall/crypto/internal/elgamal.h"
#include "hall/crypto/random.h"
#include "hall/crypto/sealed_box.h"
#include "hall/crypto/secret.h"

namespace hall::crypto {

inline constexpr std::uint32_t kMaxTrustees = 255;

// The ceremony box key is a sealed-box key (sealed_box.h).
using CeremonyBoxKey = BoxKey;

class BallotBoxKey {
 public:
  static Result<BallotBoxKey> Create(Bytes context, std::uint32_t n,
                                     std::uint32_t k, const Point& joint,
                                     std::vector<Point> verification_keys);
  Bytes Encode() const;
  static Result<BallotBoxKey> Decode(std::span<const std::uint8_t> bytes);

  const Bytes& context() const { return context_; }
  std::uint32_t n() const { return n_; }
  std::uint32_t k() const { return k_; }
  const JointPublicKey& joint_key() const { return joint_; }
  // Trustee j's verification key g^{s_j}, j in 1..n.
  const Point& verification_key(std::uint32_t trustee) const;
  // BLAKE2b-256 of Encode().
  const std::array<std::uint8_t, 32>& digest() const { return digest_; }
  bool operator==(const BallotBoxKey& o) const { return digest_ == o.digest_; }

 private:
  BallotBoxKey(Bytes context, std::uint32_t n, std::uint32_t k,
               const JointPublicKey& joint, std::vector<Point> vks);
  Bytes context_;
  std::uint32_t n_;
  std::uint32_t k_;
  JointPublicKey joint_;
  std::vector<Point> vks_;
  std::array<std::uint8_t, 32> digest_{};
};

class TrusteeShare {
 public:
  TrusteeShare(TrusteeShare&&) noexcept = default;
  TrusteeShare& operator=(TrusteeShare&&) noexcept = default;

  std::uint32_t trustee() const { return trustee_; }
  // For key files only.
  Secret<kScalarBytes> ExportSecret() const { return share_.Export(); }
  // Rebuilds a share from a key file; refuses one that does not match the
  // trustee's verification key in `key`.
  static Result<TrusteeShare> Import(const BallotBoxKey& key,
                                     std::uint32_t trustee,
                                     const Secret<kScalarBytes>& secret);

 private:
  friend class TrusteeShareAccess;  // ceremony.cc and decrypt.cc
  TrusteeShare(std::uint32_t trustee, SecretScalar share)
      : trustee_(trustee), share_(std::move(share)) {}
  std::uint32_t trustee_;
  SecretScalar share_;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_TRUSTEE_H_
