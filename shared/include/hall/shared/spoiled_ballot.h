// SpoiledEntry: a challenged ballot as the kiosk sends it (protocol.h's
// SpoiledRequest) and the election record keeps it (docs/record.md).
//
// When a delegate challenges a kiosk ("check this kiosk"), the kiosk spoils
// the ballot it prepared (it is never cast: the delegate fills in a new one)
// and sends only the ballot's ciphertexts, one per option, and its opening
// (crypto::SpoiledBallot: the choices shown and the nonces). Nothing that
// names the ballot code or can be tested against it: the envelope (the
// credential's public key and signature) stays on the kiosk, and so do the
// ballot's proofs, since every proof hashes the credential's public key
// (crypto/ballot.h): trying each key of the public credential list against
// them would tell which code made the spoiled ballot, and so link it to the
// ballot that code casts later. The ciphertexts alone are g^r and g^m H^r.
//
// Encodings (all canonical, crypto/encoding.h):
//   entry:  Str("hall/v1/spoiled-ballot") U32(n) n x (Fixed(32) alpha,
//           Fixed(32) beta) Var(crypto::SpoiledBallot::Encode())
//   list:   Str("hall/v1/spoiled-ballots") U32(m) m x Var(entry), in the
//           order of their digests, each digest once (the record file: its
//           order says nothing about when each ballot was spoiled)
//   digest: CiphertextsDigest = BLAKE2b-256(Str("hall/v1/ballot-ciphertexts")
//           U32(n) n x (alpha beta)), of an entry's ciphertexts or of a cast
//           ballot's. A kiosk may show its first 16 hex digits before the
//           delegate chooses to cast or to challenge, and find the spoiled
//           ballot in the record under it. The server refuses to cast
//           ciphertexts that were spoiled and to record as spoiled the
//           ciphertexts of a cast ballot.
// Decode refuses with kInvalidArgument a wrong tag, truncated or trailing
// bytes, no option or more than crypto::BallotShape::kMaxOptions, a point
// that is not canonical or is the identity, an opening that does not decode
// or does not cover exactly the n options; a list out of digest order or
// with a digest twice.
//
// VerifySpoiledEntry is the one check of a spoiled ballot (the server's
// before it stores one, the client's VerifySpoiledBallot, an auditor's):
// the entry has as many options as the template's ballot shape, the shown
// choices are a ballot that shape allows (crypto::CheckPlaintext), and
// every option i encrypts choice i with nonce i under the template's
// ballot-box key (crypto::VerifyOpening). kInvalidArgument for a box key
// that does not decode or a shape the entry does not fit; kCorruption,
// with "does NOT encrypt the choices shown", when an option does not
// encrypt its choice.
#ifndef HALL_SHARED_SPOILED_BALLOT_H_
#define HALL_SHARED_SPOILED_BALLOT_H_

#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot.h"
#include "hall/shared/ballot_template.h"

namespace hall::shared {

struct SpoiledEntry {
  std::vector<crypto::Ciphertext> ciphertexts;  // the ballot's options
  crypto::SpoiledBallot opening;

  Bytes Encode() const;
  static Result<SpoiledEntry> Decode(std::span<const std::uint8_t> bytes);
  // CiphertextsDigest(ciphertexts).
  Digest32 Digest() const;
};

// The entry for `ballot` spoiled with `opening`: the ciphertexts only, no
// proofs.
SpoiledEntry SpoiledEntryOf(const crypto::EncryptedBallot& ballot,
                            const crypto::SpoiledBallot& opening);

Digest32 CiphertextsDigest(std::span<const crypto::Ciphertext> ciphertexts);

Status VerifySpoiledEntry(const BallotTemplate& ballot_template,
                          const SpoiledEntry& entry);

// The record file; `entries` must be sorted by digest without repeats
// (HALL_CHECK).
Bytes EncodeSpoiledList(std::span<const SpoiledEntry> entries);
Result<std::vector<SpoiledEntry>> DecodeSpoiledList(
    std::span<const std::uint8_t> bytes);

}  // namespace hall::shared

#endif  // HALL_SHARED_SPOILED_BALLOT_H_
