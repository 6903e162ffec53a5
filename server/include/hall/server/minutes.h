// The minutes of a round (docs/procedures.md, "What every round's minutes
// record"): built from the decrypted counts and the rules engine's outcome,
// signed with the seal. For sealed rounds they exist in the database only
// encrypted to each recipient (shared/statements.h); MinutesText opens them
// with a recipient's key and checks the seal's signature.
#ifndef HALL_SERVER_MINUTES_H_
#define HALL_SERVER_MINUTES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hall/crypto/seal.h"
#include "hall/crypto/trustee.h"
#include "hall/server/meeting_model.h"
#include "hall/server/database.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/procedure.h"
#include "hall/shared/round.h"

namespace hall::server {

// The rules engine's input from the option counts of the aggregate.
rules::RoundInput BuildRoundInput(
    const rules::Procedure& p, const rules::Step& step, const MeetingInfo& m,
    const RoundInfo& r, const std::vector<std::uint64_t>& option_counts,
    std::uint64_t cast,
    const std::optional<std::vector<std::string>>& previous);

std::string BuildMinutes(Database& db, const rules::Procedure& p,
                         const rules::Step& step, const MeetingInfo& m,
                         const RoundInfo& r, const rules::RoundInput& in,
                         const rules::RoundResult& outcome,
                         const shared::BallotTemplate& t,
                         const crypto::BallotBoxKey& box_key,
                         const std::array<std::uint8_t, 32>& board_head,
                         const std::vector<std::string>& trustees,
                         const crypto::VerifyKey& seal, const std::string& now,
                         const std::string& nonce);

struct SignedMinutes {
  crypto::Bytes minutes;    // the minutes JSON
  crypto::Bytes signature;  // the seal's kMinutes signature over them
};
// A tallied round's minutes with their seal signature checked: from the
// database for announced rounds, out of the recipient's box for sealed ones
// (kPermissionDenied without a recipient key, kNotFound for a key that is
// not one of the round's recipients).
Result<SignedMinutes> LoadSignedMinutes(Database& db, std::uint64_t round_id,
                                        const RecipientKey* recipient);

// The signed minutes of a round as JSON text; sealed rounds need `recipient`.
Result<std::string> MinutesText(Database& db, std::uint64_t round_id,
                                const RecipientKey* recipient);
// The "outcome" object of a tallied round's minutes.
Result<nlohmann::json> OutcomeOf(Database& db, std::uint64_t round_id,
                                 std::uint64_t meeting_id,
                                 const RecipientKey* recipient);

// The divergence note of an announced round compared with a sealed one
// (P1 step 3, tally.h SignedTally): opened with a recipient's key, its seal
// signature checked. kNotFound when the round has none.
Result<nlohmann::json> DivergenceNote(Database& db, std::uint64_t round_id,
                                      const RecipientKey& recipient);

}  // namespace hall::server

#endif  // HALL_SERVER_MINUTES_H_
