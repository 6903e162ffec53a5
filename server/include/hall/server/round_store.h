// Reading meetings and rounds back from the installation database, and the
// pieces of a round the committee, the kiosk service and the record export
// share: template, box key, credential list, board head, verified ballots.
#ifndef HALL_SERVER_ROUND_STORE_H_
#define HALL_SERVER_ROUND_STORE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "hall/crypto/ballot.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/trustee.h"
#include "hall/server/meeting_model.h"
#include "hall/server/database.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/catalog.h"
#include "hall/shared/procedure.h"
#include "hall/shared/round_verifier.h"
#include "hall/shared/statements.h"

namespace hall::server {

std::string Hex(std::span<const std::uint8_t> bytes);

// meta: the installation id and the seal's public key.
std::string Installation(Database& db);
Result<crypto::VerifyKey> SealPublicKey(Database& db);
// Refuses a seal key that is not this installation's.
Status CheckSealKey(Database& db, const crypto::SigningKey& seal);

// The procedure meeting `meeting_id` runs: the file stored when it was
// created, parsed (once per process for each distinct file); once the
// meeting is frozen, kCorruption unless the file is the one its signed
// definition binds.
Result<std::shared_ptr<const rules::Procedure>> MeetingProcedure(
    Database& db, std::uint64_t meeting_id);

// The meeting; quorum_required is the procedure's own quorum.
Result<MeetingInfo> LoadMeeting(Database& db, std::uint64_t meeting_id);
// The meeting with convened / present counted over the roll groups `groups`
// only (all of the roll when empty) and quorum_required for step `step` of
// its procedure (rules::CheckQuorum; "" = the procedure's own quorum), so
// what hall-admin and the hall display show is what the committee enforces.
Result<MeetingInfo> LoadElectorate(Database& db, std::uint64_t meeting_id,
                                   const std::vector<std::string>& groups,
                                   const std::string& step = "");
// The person ids checked in, of the given groups (all when empty), sorted:
// the attendance a box-sealed statement signs.
std::vector<std::string> PresentPersons(Database& db, std::uint64_t meeting_id,
                                        const std::vector<std::string>& groups);
std::set<std::string> RollGroups(Database& db, std::uint64_t meeting_id);
// One person of a meeting's roll.
struct RollPerson {
  std::string id;
  std::string name;
  std::string group;
  bool present = false;
};
// The roll, by person_id as people count ("p2" before "p10").
std::vector<RollPerson> Roll(Database& db, std::uint64_t meeting_id);
// The newest meeting, if any (what the hall shows).
std::optional<std::uint64_t> CurrentMeeting(Database& db);
bool MeetingFrozen(Database& db, std::uint64_t meeting_id);
// The meeting definition the seal signs at the meeting's first sealed
// round (procedure, roll, members, trustees, box key, recipients), encoded.
// kFailedPrecondition when the stored procedure file is not, byte for byte,
// the committee's own `catalog` entry for the procedure: the seal never
// signs a procedure the server's operator wrote. The caller refuses a
// meeting whose definition is missing though a round is sealed
// (MeetingHasSealedRounds: it was deleted; signing anew would bless what
// was changed).
Result<crypto::Bytes> MeetingDefinitionToSign(Database& db,
                                              std::uint64_t meeting_id,
                                              const rules::Catalog& catalog);
// Stores the signed definition; kFailedPrecondition if one is stored.
Status StoreMeetingDefinition(Database& db, std::uint64_t meeting_id,
                              std::span<const std::uint8_t> definition,
                              std::span<const std::uint8_t, 64> signature);
std::set<std::string> Candidates(Database& db, std::uint64_t meeting_id);
Result<crypto::BallotBoxKey> LoadBoxKey(Database& db, std::uint64_t meeting_id);
// The recipients as stored, by name; kCorruption for a damaged key. What
// the committee acts on once the meeting is frozen is the signed
// definition's list, never this one.
Result<std::vector<shared::DefinedRecipient>> LoadRecipients(
    Database& db, std::uint64_t meeting_id);
std::vector<std::string> TrusteeNames(Database& db, std::uint64_t meeting_id,
                                      const std::set<std::uint32_t>& indices);

Result<RoundInfo> LoadRound(Database& db, std::uint64_t round_id);
std::optional<std::uint64_t> PreviousRound(Database& db,
                                           std::uint64_t round_id);
Result<shared::BallotTemplate> LoadTemplate(Database& db,
                                            std::uint64_t round_id);
Result<shared::SignedTemplate> LoadSignedTemplate(Database& db,
                                                  std::uint64_t round_id);
Result<crypto::CredentialList> LoadCredentialList(Database& db,
                                                  std::uint64_t round_id);
// The head of the round's bulletin board (its genesis when empty).
std::array<std::uint8_t, 32> BoardHead(Database& db, std::uint64_t round_id,
                                       const shared::Digest32& template_digest);
// The round's stored ballots checked against every receipt the server
// issued for it (issued_receipts): kCorruption naming, by tracking code, the
// receipts whose ballot is gone or changed, and counting stored ballots no
// receipt went out for. The board a receipt named must be extended by the
// board that is closed and proven, never shrunk.
struct CommittedBoard {
  std::uint64_t size = 0;
  std::optional<std::array<std::uint8_t, 32>> head;  // none when empty
};
Result<CommittedBoard> CheckBoardKeepsReceipts(Database& db,
                                               std::uint64_t round_id);
// The same answer from `known` (what an earlier check of this round found)
// on, reading only the receipts issued since: when as many ballots as
// receipts are stored and the ballot `known` ended with is still its head.
// Anything else (a ballot gone, a count off) falls back to the whole check,
// which names what changed. For each inclusion request, so that proving n
// receipts costs O(n), not O(n^2).
Result<CommittedBoard> CheckBoardKeepsNewReceipts(Database& db,
                                                  std::uint64_t round_id,
                                                  const CommittedBoard& known);
// A sealed round's template and credential list, checked against the
// seal (shared::VerifySealedRound): nothing the server or the tally uses is
// taken from the database without these checks.
using SealedRoundData = shared::VerifiedSealedRound;
Result<SealedRoundData> LoadSealedRound(Database& db, std::uint64_t round_id);

// Every ballot of the round verified again and the bulletin board rebuilt
// from them (shared::VerifyBallots, on every core).
using VerifiedRound = shared::VerifiedBoard;
Result<VerifiedRound> LoadVerifiedBallots(Database& db, std::uint64_t round_id,
                                          const SealedRoundData& sealed);

}  // namespace hall::server

#endif  // HALL_SERVER_ROUND_STORE_H_
