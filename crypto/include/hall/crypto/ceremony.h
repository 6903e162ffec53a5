// Key ceremony for the ballot box: Feldman verifiable secret sharing, k of n.
//
// Protocol (every message is bytes, so trustees can run on separate machines
// and exchange files):
//  0. Each trustee j makes a CeremonyBoxKey and publishes a
//     TrusteeAnnouncement (j, X25519 public key). The announcements must reach
//     the others authentically (the caller signs them with the seal or
//     compares fingerprints in person).
//  1. Deal(): trustee i picks f_i(x) = a_i0 + a_i1 x + ... + a_i,k-1 x^{k-1}
//     with uniform non-zero coefficients, publishes DealerCommitments
//     C_il = g^{a_il} each with a Schnorr proof of knowledge of a_il
//     (prefix Str("hall/v1/proof/schnorr") Var(context) U32(n) U32(k)
//     U32(i) U32(l)), and one EncryptedShare per trustee j = 1..n (itself
//     included): a crypto_box_seal-format box to j's box key of the plaintext
//     Str("hall/v1/ceremony/share") Var(context) U32(n) U32(k) U32(i) U32(j)
//     f_i(j) (32 bytes). The ephemeral key comes from the injected
//     RandomSource so known-answer vectors are reproducible.
//  2. FinishCeremony(): trustee j checks every dealer's proofs, opens the n
//     shares addressed to it, checks g^{f_i(j)} == prod_l C_il^{j^l} and
//     names a dealer whose share does not match ("trustee 2's share for
//     trustee 4 does not match its commitments"); its secret share is
//     s_j = sum_i f_i(j). DeriveBallotBoxKey() (anyone, from the n
//     DealerCommitments) gives H = prod_i C_i0 and K_j = g^{s_j} =
//     prod_i prod_l C_il^{j^l}.
// A dealer that fails or does not deal means the ceremony is run again
// without it (there is no complaint round).
//
// Wire forms:
//   TrusteeAnnouncement: Str("hall/v1/ceremony/announcement") U32(j) pk(32)
//   DealerCommitments:   Str("hall/v1/ceremony/commitments") U32(i) U32(k)
//                        k x (C_il(32) c(32) z(32))
//   EncryptedShare:      Str("hall/v1/ceremony/share-box") U32(i) U32(j)
//                        Var(box: epk(32) || crypto_box_easy ciphertext)
#ifndef HALL_CRYPTO_CEREMONY_H_
#define HALL_CRYPTO_CEREMONY_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/group.h"
#include "hall/crypto/internal/proof.h"
#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/trustee.h"

namespace hall::crypto {

struct CeremonyParams {
  std::uint32_t n = 0;  // trustees
  std::uint32_t k = 0;  // threshold: any k can open the box, k-1 cannot
  Bytes context;        // meeting / ceremony identifier, bound into everything

  Status Validate() const;
};

struct TrusteeAnnouncement {
  std::uint32_t trustee = 0;
  BoxPublicKey box_public_key{};

  Bytes Encode() const;
  static Result<TrusteeAnnouncement> Decode(std::span<const std::uint8_t> b);
};

struct DealerCommitments {
  std::uint32_t dealer = 0;
  std::vector<Point> commitments;    // C_i0 .. C_i,k-1
  std::vector<SchnorrProof> proofs;  // one per commitment

  Bytes Encode() const;
  static Result<DealerCommitments> Decode(std::span<const std::uint8_t> b);
};

struct EncryptedShare {
  std::uint32_t dealer = 0;
  std::uint32_t recipient = 0;
  Bytes box;

  Bytes Encode() const;
  static Result<EncryptedShare> Decode(std::span<const std::uint8_t> b);
};

struct Dealing {
  DealerCommitments commitments;
  std::vector<EncryptedShare> shares;  // for trustees 1..n, in order
};

// announcements: one per trustee 1..n (any order).
Result<Dealing> Deal(const CeremonyParams& params, std::uint32_t dealer,
                     std::span<const TrusteeAnnouncement> announcements,
                     RandomSource& rng);

// Checks every dealer's commitments and proofs (exactly one per trustee).
Result<BallotBoxKey> DeriveBallotBoxKey(
    const CeremonyParams& params,
    std::span<const DealerCommitments> commitments);

// shares_for_me: the n EncryptedShares addressed to `me` (any order).
Result<TrusteeShare> FinishCeremony(
    const CeremonyParams& params, std::uint32_t me,
    const CeremonyBoxKey& my_box_key,
    std::span<const DealerCommitments> commitments,
    std::span<const EncryptedShare> shares_for_me);

// The ceremony's public transcript, which the election record keeps so that
// an auditor can derive the box key from it (DeriveBallotBoxKey):
//   Str("hall/v1/ceremony-transcript") U32(n) {Var(DealerCommitments)}
// in dealer order 1..n.
Bytes EncodeCeremonyTranscript(std::span<const DealerCommitments> commitments);
Result<std::vector<DealerCommitments>> DecodeCeremonyTranscript(
    std::span<const std::uint8_t> bytes);
// OK when the transcript's commitments and proofs verify under `key`'s own
// context, n and k and give exactly `key` (its joint key and every
// verification key); kCorruption naming what does not hold.
Status VerifyCeremonyTranscript(const BallotBoxKey& key,
                                std::span<const std::uint8_t> transcript);

struct InProcessCeremony {
  BallotBoxKey key;
  std::vector<TrusteeShare> shares;  // shares[j-1] is trustee j's
  std::vector<DealerCommitments> commitments;  // dealer i at i-1
};

// All phases for n trustees in one process (tests and demos).
Result<InProcessCeremony> RunCeremonyInProcess(
    std::uint32_t n, std::uint32_t k, std::span<const std::uint8_t> context,
    RandomSource& rng);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_CEREMONY_H_
