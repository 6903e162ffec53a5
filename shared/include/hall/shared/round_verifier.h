// Re-verifying a round from its bytes alone, the same way in the tally
// server and in the auditor's verifier (no database, no network):
//
//   VerifySealedRound  the signed ballot template and the signed credential
//                      list against the seal's public key, that the template
//                      names the round the caller expects (installation,
//                      meeting, round), the list's digest against the one the
//                      template commits to, and the box key the template
//                      carries
//   VerifyBallots      every envelope in board order: its credential is on
//                      the list and signed it, its payload names this
//                      template, its ballot proofs verify; no two envelopes
//                      repeat or share a credential; the bulletin board is
//                      rebuilt over them (count and head)
//
// Both answer kCorruption on any failure, with a message that says which
// check failed (callers add where the bytes came from); never anything about
// the contents of a ballot beyond its position.
#ifndef HALL_SHARED_ROUND_VERIFIER_H_
#define HALL_SHARED_ROUND_VERIFIER_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/trustee.h"
#include "hall/shared/ballot_template.h"

namespace hall::shared {

struct VerifiedSealedRound {
  BallotTemplate ballot_template;
  crypto::CredentialList credentials;
  crypto::BallotBoxKey box_key;
};
// The round a caller reads: a template sealed for any other is refused, so
// a sealed round's bytes cannot stand in for another's.
struct RoundAddress {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::uint64_t round_id = 0;
};
// Messages: "the stored ballot template or credential list does not carry
// the seal" / "... does not match what was sealed" / "the stored ballot
// template was sealed for another round (installation I, meeting M, round
// R)"; the box key's own decoding failure keeps its code.
Result<VerifiedSealedRound> VerifySealedRound(
    const crypto::VerifyKey& seal, const RoundAddress& expected,
    const SignedTemplate& signed_template,
    std::span<const std::uint8_t> credential_list,
    std::span<const std::uint8_t> credential_list_signature);

struct VerifiedBoard {
  std::vector<crypto::VerifiedBallot> ballots;  // in board order
  std::uint64_t count = 0;
  Digest32 head{};
};
// `workers` threads verify the proofs (clamped to 1..64 and to the number
// of ballots). Messages: "the stored
// ballots repeat one another", "stored ballot I does not verify (why)",
// "two stored ballots use one ballot code".
Result<VerifiedBoard> VerifyBallots(const VerifiedSealedRound& round,
                                    const std::vector<crypto::Bytes>& envelopes,
                                    unsigned workers = 1);

}  // namespace hall::shared

#endif  // HALL_SHARED_ROUND_VERIFIER_H_
