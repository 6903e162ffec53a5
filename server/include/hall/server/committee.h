// Committee: everything the organizing committee does to a meeting and its
// rounds, on the installation's database. hall-admin is a thin command line
// over this class; tests drive it directly. Its parts live in one file each:
// meeting set-up (meeting_setup.cc), the key ceremony (key_ceremony.cc), the
// round lifecycle (round_lifecycle.cc) and the tally's stages (tally.h).
//
// A meeting runs the procedure it was created with: CreateMeeting takes it
// from the injected catalog (the shipped P1-P7, or a committee's adapted
// folder) and stores its file with the meeting, so later commands and the
// auditor apply exactly those rules whatever catalog they were started with.
//
// Round lifecycle (each step refuses to run out of order and says what must
// happen first):
//   draft --Seal--> sealed --Open--> open --Close--> closed
//         --Tally (k trustees' partial files)--> tallied (announced rounds)
//                                             or minutes_sealed (sealed)
//   tallied --Announce--> announced
//   open --Close with fewer than its procedure's minimum--> cancelled
//   draft/sealed/open/closed --Cancel (a reason, signed by the seal)-->
//     cancelled (round_cancel.cc)
// (shared::MinBallotsToOpen: the procedure's min_ballots, never below 3)
// Seal issues one ballot code per person present (the codes leave only in
// the returned value, for printing; the database keeps public keys) and
// needs the quorum; Open checks the quorum again, and that every earlier
// stage is tallied and every earlier step without a ballot recorded. No share is ever here:
// the trustees decrypt the aggregate of the whole round on their own
// devices from its tally request (tally.h); for an announced round the
// committee combines, evaluates the procedure's rule and signs the minutes;
// a sealed round stores only the partials boxed to its recipients.
#ifndef HALL_SERVER_COMMITTEE_H_
#define HALL_SERVER_COMMITTEE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/random.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/trustee.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/catalog.h"
#include "hall/shared/seal_work.h"
#include "hall/shared/tally_request.h"

namespace hall::server {

class Committee {
 public:
  Committee(Database& db, Clock clock = SystemClock(),
            crypto::RandomSource& rng = crypto::DefaultRandom(),
            const rules::Catalog& catalog = rules::Catalog::Builtin());

  // Meetings.
  Result<std::uint64_t> CreateMeeting(const std::string& title,
                                      const std::string& procedure,
                                      std::uint64_t members,
                                      MeetingMode mode = MeetingMode::kReal);
  Result<MeetingInfo> Meeting(std::uint64_t meeting_id);
  // Sets the date of the meeting's sitting ("YYYY-MM-DD"), signed in its
  // definition at the first sealed round and given to the rules (P6 runs in
  // the first quarter). kInvalidArgument for a date that is not one;
  // kFailedPrecondition once the meeting is fixed, or for a date outside the
  // procedure's season unless `outside_season_confirmed` (a warning the
  // committee confirms; the minutes flag outside_q1).
  Status SetMeetingDate(std::uint64_t meeting_id, const std::string& date,
                        bool outside_season_confirmed);
  // CSV with a header: person_id,name,group. Returns the number imported.
  Result<std::size_t> ImportRoll(std::uint64_t meeting_id,
                                 const std::string& csv);
  // CSV with a header: name. Returns how many were not in the pool before.
  Result<std::size_t> ImportCandidates(std::uint64_t meeting_id,
                                       const std::string& csv);
  // Corrects a roll entry's name and/or group (nullopt: unchanged), or
  // removes it, until the meeting is fixed at its first sealed round
  // (kFailedPrecondition after; kNotFound for an id not on the roll).
  Status CorrectRollEntry(std::uint64_t meeting_id, const std::string& id,
                          const std::optional<std::string>& name,
                          const std::optional<std::string>& group);
  Status RemoveRollEntry(std::uint64_t meeting_id, const std::string& id);
  // Removes a candidate from the pool; kFailedPrecondition when a round's
  // ballot (not a cancelled one) names them.
  Status RemoveCandidate(std::uint64_t meeting_id, const std::string& name);
  // Marks people present, or no longer present; returns how many are
  // present now. Nobody is changed when one id is not on the roll.
  Result<std::uint64_t> CheckIn(std::uint64_t meeting_id,
                                const std::vector<std::string>& ids);
  Result<std::uint64_t> CheckOut(std::uint64_t meeting_id,
                                 const std::vector<std::string>& ids);
  Status AddRecipient(std::uint64_t meeting_id, const std::string& name,
                      const std::array<std::uint8_t, 32>& public_key);

  // The key ceremony run in one process with every trustee at hand (a
  // rehearsal meeting only; kPermissionDenied for a real one); the caller
  // saves each share to that trustee's passphrase-protected file.
  Result<std::vector<crypto::TrusteeShare>> RunKeyCeremony(
      std::uint64_t meeting_id, const std::vector<std::string>& trustee_names,
      std::uint32_t k, const DeliverShares& deliver = {});
  // Records the key ceremony the trustees ran elsewhere (on separate
  // machines exchanging files): the dealers' commitments (dealer i at i-1),
  // from which the ballot-box key is derived here (DeriveBallotBoxKey,
  // every proof checked) and kept with them as the ceremony's transcript
  // for the election record; the trustees (trustee i is names[i-1]) and k,
  // exactly as RunKeyCeremony stores them. Refuses a meeting that already
  // has a key and commitments that are not this meeting's (context, n, k).
  // `before_commit` runs inside the transaction; if it fails nothing is
  // recorded. Returns the key.
  Result<crypto::BallotBoxKey> RecordBoxKey(
      std::uint64_t meeting_id, const std::vector<std::string>& names,
      std::uint32_t k, std::span<const crypto::DealerCommitments> commitments,
      const std::function<Status()>& before_commit = {});
  Result<crypto::BallotBoxKey> BoxKey(std::uint64_t meeting_id);

  // Rounds.
  Result<std::uint64_t> CreateRound(const NewRound& round,
                                    const RecipientKey* recipient = nullptr);
  Result<RoundInfo> Round(std::uint64_t round_id);
  Result<std::vector<RoundInfo>> Rounds(std::uint64_t meeting_id);
  // Sealing in two halves, for a seal that lives on the committee console
  // (shared/seal_work.h): the request the console signs (no code exists
  // yet), and the console's answer checked against the request the server
  // would write now and stored; `codes` and `deliver` only when the codes
  // were made in this process (SealRound).
  Result<shared::SealRequest> SealRequestOf(std::uint64_t round_id);
  Result<SealedRound> StoreSealAnswer(
      std::uint64_t round_id, const shared::SealAnswer& answer,
      std::vector<crypto::CredentialCode> codes = {},
      const DeliverCodes& deliver = {},
      std::vector<std::string> code_classes = {});
  // Both halves with the seal at hand (a rehearsal; tests).
  Result<SealedRound> SealRound(std::uint64_t round_id,
                                const crypto::SigningKey& seal,
                                const DeliverCodes& deliver = {});
  Status OpenRound(std::uint64_t round_id);
  // Closing in two halves, for the seal on the committee console: the box
  // stops taking ballots (closed, or cancelled below the minimum) and its
  // box-closed statement waits for the seal; the request is the same
  // while it waits. Then the console's answer, checked and stored; the
  // round's tally request exists only once it is.
  Result<shared::SealRequest> CloseRequestOf(std::uint64_t round_id);
  Result<RoundState> StoreCloseAnswer(std::uint64_t round_id,
                                      const shared::SealAnswer& answer);
  // Both halves with the seal at hand.
  // The state the round is in after: closed, or cancelled when fewer than
  // the procedure's minimum (shared::MinBallotsToOpen) ballots were cast
  // (the reason is stored).
  Result<RoundState> CloseRound(std::uint64_t round_id,
                                const crypto::SigningKey& seal);
  // The closed round's tally request (shared/tally_request.h), verified
  // here first, for the trustees to decrypt on their own devices.
  Result<crypto::Bytes> TallyRequestOf(std::uint64_t round_id);
  // Tallies a closed round with k trustees' partial files (hall-trustee
  // decrypt). An announced step needs the seal (its minutes are signed); a
  // sealed step needs none and stores only what its recipients can open.
  Result<TallyOutcome> TallyRound(
      std::uint64_t round_id, const std::vector<shared::PartialFile>& files,
      const crypto::SigningKey* seal);
  // With the seal on the committee console, an announced round in two
  // halves: the minutes request for these partial files, then the minutes
  // the console wrote and signed, checked (the server builds the same
  // bytes) and stored.
  Result<shared::SealRequest> MinutesRequestOf(
      std::uint64_t round_id, const std::vector<shared::PartialFile>& files);
  Result<TallyOutcome> StoreMinutesAnswer(
      std::uint64_t round_id, const std::vector<shared::PartialFile>& files,
      const shared::SealAnswer& answer);
  // A rehearsal meeting only: the partial files made here from the shares.
  Result<TallyOutcome> RehearseTally(
      std::uint64_t round_id,
      const std::vector<const crypto::TrusteeShare*>& shares,
      const crypto::SigningKey& seal);
  Status AnnounceRound(std::uint64_t round_id);
  // Cancelling a round, the committee's decision with a reason (P7's
  // deferral, a round with too few ballots, a mistake found before the
  // tally): from draft, sealed, open or closed, never once minutes exist.
  // The box takes no ballot from the request on; the ballots in it are
  // never counted. In two halves for the seal on the console: the request
  // (the same while its answer is awaited; kFailedPrecondition for another
  // reason meanwhile) and the answer, checked and stored.
  Result<shared::SealRequest> CancelRequestOf(std::uint64_t round_id,
                                              const std::string& reason);
  Status StoreCancelAnswer(std::uint64_t round_id,
                           const shared::SealAnswer& answer);
  Status CancelRound(std::uint64_t round_id, const std::string& reason,
                     const crypto::SigningKey& seal);
  // The signed cancellation of a round the committee cancelled, if any.
  Result<std::optional<shared::RoundCancelledStatement>> Cancellation(
      std::uint64_t round_id);

  // Records of steps (step_records.cc): any step may get records, a step
  // without a ballot needs one (its dates when it asks for them, checked).
  // The request's statement waits, unsigned, until its answer is stored;
  // a new request for the same step replaces a waiting one.
  Result<shared::SealRequest> StepRecordRequestOf(const NewStepRecord& record);
  Result<StepRecord> StoreStepRecordAnswer(std::uint64_t meeting_id,
                                           const shared::SealAnswer& answer);
  Result<StepRecord> RecordStep(const NewStepRecord& record,
                                const crypto::SigningKey& seal);
  // The signed records of a meeting, by step then index.
  Result<std::vector<StepRecord>> StepRecords(std::uint64_t meeting_id);
  // An attached document's bytes (position from 0, as in the statement).
  Result<std::vector<std::uint8_t>> StepDocument(std::uint64_t meeting_id,
                                                 const std::string& step,
                                                 std::uint32_t index,
                                                 std::uint32_t position);
  // The minutes of a round: the signed ones for announced rounds; for
  // sealed rounds opened with a recipient's key (minutes.h MinutesText).
  Result<std::string> Minutes(std::uint64_t round_id,
                              const RecipientKey* recipient);

 private:
  Result<std::uint64_t> MarkPresent(std::uint64_t meeting_id,
                                    const std::vector<std::string>& ids,
                                    bool present);

  Database& db_;
  Clock clock_;
  crypto::RandomSource& rng_;
  const rules::Catalog& catalog_;
};

}  // namespace hall::server

#endif  // HALL_SERVER_COMMITTEE_H_
