// The tally of a closed round, with no trustee share and no recipient key on
// the hall server (shared/tally_request.h has the bytes):
//
//   BuildTallyRequest  the round's public bytes, from the database, for the
//                      trustees (hall-admin round tally-request); the
//                      server never writes one for a round that is not
//                      closed
//   GatherTally        the request verified here too, against the
//                      installation's seal, and the round's state checked
//   StoreTally         an announced step: the trustees' partial files
//                      combined, the rules engine applied, the minutes
//                      signed with the seal and stored in the clear (with
//                      the partial decryptions, for auditors). A sealed
//                      step: the partial files, which only the recipients
//                      can open, stored as the round's sealed tally; the
//                      server learns nothing of the counts
//
// Committee::TallyRound runs them; nothing is stored unless every stage
// succeeded. Committee::RehearseTally, for rehearsal meetings only, makes
// the partial files itself from shares at hand.
#ifndef HALL_SERVER_TALLY_H_
#define HALL_SERVER_TALLY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/random.h"
#include "hall/crypto/signing_key.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/seal_work.h"
#include "hall/shared/tally_request.h"

namespace hall::server {

// kFailedPrecondition for a round that is not closed (or was cancelled).
Result<crypto::Bytes> BuildTallyRequest(Database& db, std::uint64_t round_id);

struct GatheredTally {
  RoundInfo round;
  shared::VerifiedTallyRequest request;
};
// Refuses a round that is not closed; kCorruption when its stored bytes do
// not verify against the installation's seal (the database was altered).
Result<GatheredTally> GatherTally(Database& db, std::uint64_t round_id);

// An announced step needs `seal` (the minutes are signed); a sealed step
// needs none. kFailedPrecondition when another command tallied the round
// meanwhile.
Result<TallyOutcome> StoreTally(Database& db, const GatheredTally& in,
                                const std::vector<shared::PartialFile>& files,
                                const crypto::SigningKey* seal,
                                const std::string& now,
                                crypto::RandomSource& rng);

// With the seal on the committee console: an announced round's minutes
// request (shared/seal_work.h kSignMinutes) for these partial files, which
// must open the box; and the minutes the console signed, stored.
Result<shared::SealRequest> MinutesRequestOf(
    Database& db, const GatheredTally& in,
    const std::vector<shared::PartialFile>& files);
Result<TallyOutcome> StoreSignedMinutes(
    Database& db, std::uint64_t round_id, const shared::OpenedRound& opened,
    const std::array<std::uint8_t, 64>& signature, const std::string& now);

}  // namespace hall::server

#endif  // HALL_SERVER_TALLY_H_
