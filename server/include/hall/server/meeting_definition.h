// What the seal signed about a meeting and a round, read back from the
// database and checked, so that a row the server's operator edits after
// the fact (the procedure file, the roll, the recipients, a round's step or
// its issued count) is refused instead of used.
//
// Contract: every function answers kCorruption, with a message naming what
// disagrees and ending "the database was altered", when the stored rows do
// not match the seal-signed statement; it never quotes a ballot or a count
// of a sealed step. The seal's public key is read from the database:
// callers that act for the committee check the seal key first
// (CheckSealKey), which makes that key the anchor.
#ifndef HALL_SERVER_MEETING_DEFINITION_H_
#define HALL_SERVER_MEETING_DEFINITION_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/seal.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/procedure.h"
#include "hall/shared/round_verifier.h"
#include "hall/shared/statements.h"

namespace hall::server {

// Whether `signature` is the installation's seal's signature of type `type`
// over `bytes` (false for a malformed signature).
Result<bool> SealSigned(Database& db, crypto::SignatureType type,
                        std::span<const std::uint8_t> bytes,
                        std::span<const std::uint8_t> signature);

// The signed meeting definition, its signature verified and its
// installation and meeting id checked. kFailedPrecondition when the meeting
// has none yet (no round of it was ever sealed); kCorruption when it has
// none though a round of it is sealed.
Result<shared::MeetingDefinition> LoadMeetingDefinition(
    Database& db, std::uint64_t meeting_id);

// The meeting's roll (person, name, group) and member count are the
// definition's.
Status CheckRollMatchesDefinition(Database& db,
                                  const shared::MeetingDefinition& def);

// A sealed round against what was signed: its template names the
// definition's procedure, the round's step and the step's disclosure, and
// carries the definition's box key; its box-sealed statement carries the
// seal, this definition, and the round's template, credential list, issued
// and convened counts, slots, groups, compared round and head's nominee.
Status CheckSealedRoundMatches(Database& db, const RoundInfo& round,
                               const shared::VerifiedSealedRound& sealed,
                               const rules::Procedure& procedure,
                               const shared::MeetingDefinition& def);

// What a round's outcome depends on beside its row's persons and slots:
// the round it is compared with (0: none) and the head's nominee ("": none).
struct RoundTerms {
  std::uint64_t compared_round = 0;
  std::string head_nominee;
};
RoundTerms ReadRoundTerms(Database& db, std::uint64_t round_id);

// All of the above for a sealed round: its template and credential list
// verified against the seal (LoadSealedRound), the meeting's definition,
// roll and procedure file, and the round against them.
Result<shared::VerifiedSealedRound> LoadCheckedSealedRound(
    Database& db, const RoundInfo& round);

// Whether any round of the meeting was ever sealed: past its draft, or
// carrying a template, a credential list or ballots.
bool MeetingHasSealedRounds(Database& db, std::uint64_t meeting_id);

}  // namespace hall::server

#endif  // HALL_SERVER_MEETING_DEFINITION_H_
