// The tally of a round, as stages that each run and can be tested alone:
//
//   GatherTally    the round as the seal signed it (template, credential
//                  list, box key), the procedure its meeting runs, the
//                  trustees' shares counted against k, the recipients of a
//                  sealed step, the previous step's selection
//   OpenBox        every stored ballot verified again and matched against
//                  the seal-signed box-closed statement, aggregated, and
//                  only the aggregate decrypted (each trustee's partial
//                  decryption verified)
//   EvaluateTally  the rules engine over the decrypted counts (pure)
//   SignMinutes    the minutes document, its seal signature and digest
//   StoreTally     one transaction: a sealed step's minutes only encrypted
//                  to each recipient, an announced step's in the clear
//
// Committee::TallyRound runs them in this order; nothing is stored unless
// every stage succeeded, and no stage ever decrypts a single ballot.
#ifndef HALL_SERVER_TALLY_H_
#define HALL_SERVER_TALLY_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/random.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/trustee.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/server/round_store.h"
#include "hall/shared/procedure.h"
#include "hall/shared/round.h"
#include "hall/shared/statements.h"

namespace hall::server {

struct TallyInput {
  RoundInfo round;
  MeetingInfo electorate;  // convened / present over the round's groups
  std::shared_ptr<const rules::Procedure> procedure;
  const rules::Step* step = nullptr;  // in *procedure
  SealedRoundData sealed;             // checked against the seal
  std::vector<shared::MinutesRecipient> recipients;
  // The selection of the round this one is compared with (P1 step 3).
  std::optional<std::vector<std::string>> previous_selection;

  bool sealed_step() const {
    return step->disclosure == rules::Disclosure::kSealed;
  }
};
// Refuses a round that is not closed, a seal key not this installation's,
// fewer than k distinct trustees, and a sealed step without recipients.
// `recipient` is needed only when the compared round is sealed.
Result<TallyInput> GatherTally(
    Database& db, std::uint64_t round_id,
    const std::vector<const crypto::TrusteeShare*>& shares,
    const crypto::SigningKey& seal, const RecipientKey* recipient);

struct OpenedBox {
  std::array<std::uint8_t, 32> head{};  // the board over the stored ballots
  std::uint64_t cast = 0;
  std::vector<std::uint64_t> counts;  // per person, per option
  std::vector<crypto::PartialDecryption> partials;
  std::set<std::uint32_t> trustees;  // whose partial decryptions were used
};
// kCorruption when the stored ballots are not the ones the box was closed
// with; a trustee's bad partial decryption is named.
Result<OpenedBox> OpenBox(
    Database& db, const TallyInput& in,
    const std::vector<const crypto::TrusteeShare*>& shares,
    crypto::RandomSource& rng);

struct EvaluatedTally {
  rules::RoundInput input;
  rules::RoundResult outcome;
};
Result<EvaluatedTally> EvaluateTally(const TallyInput& in,
                                     const OpenedBox& box);

struct SignedTally {
  std::string minutes;  // the minutes JSON
  std::array<std::uint8_t, 64> signature{};  // the seal's, kMinutes
  crypto::Bytes partials;  // the partial decryptions, encoded
  std::string digest;      // shared::MinutesDigest
  // An announced step compared with a sealed one (P1 step 3): whether the
  // rules engine flagged report_divergence. The flag tells about the sealed
  // step's result, so it is never in the announced minutes; it goes, in
  // divergence_note (signed, sealed to the recipients, one size whether
  // flagged or not), only to the competent authority (docs/record.md).
  std::optional<bool> divergence;
  std::string divergence_note;  // JSON "hall-divergence/1"
  std::array<std::uint8_t, 64> divergence_signature{};  // the seal's, kMinutes
};
SignedTally SignMinutes(Database& db, const TallyInput& in,
                        const OpenedBox& box, const EvaluatedTally& evaluated,
                        const crypto::SigningKey& seal, const std::string& now,
                        const std::string& nonce);

// kFailedPrecondition when another command tallied the round meanwhile.
Status StoreTally(Database& db, const TallyInput& in, const SignedTally& t,
                  const std::string& now, crypto::RandomSource& rng);

}  // namespace hall::server

#endif  // HALL_SERVER_TALLY_H_
