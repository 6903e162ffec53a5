// The minutes of a tallied round on the hall server. An announced step's
// minutes are built there (shared/minutes_document.h), signed with the seal
// and stored in the clear. A sealed step's are never on the server in any
// readable form: it holds only the trustees' partial files boxed to the
// recipients (tally.h), and a recipient opens them, from the record with
// hall-recipient, or here in one process with RecipientMinutes (rehearsals
// and tests).
#ifndef HALL_SERVER_MINUTES_H_
#define HALL_SERVER_MINUTES_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hall/crypto/seal.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/minutes_document.h"

namespace hall::server {

struct SignedMinutes {
  crypto::Bytes minutes;    // the minutes JSON
  crypto::Bytes signature;  // the seal's kMinutes signature over them
};
// An announced step's minutes with their seal signature checked, and that
// they name this round and match its digest. A sealed round:
// kFailedPrecondition (its minutes are opened only by its recipients).
Result<SignedMinutes> LoadSignedMinutes(Database& db, std::uint64_t round_id);

// The round's stored tally request and partial files (record.md).
Result<shared::RoundToOpen> StoredRoundToOpen(Database& db,
                                              std::uint64_t round_id);

// The minutes as recipient `key` reads them (shared::OpenAsRecipient): a
// sealed round's, or an announced round compared with a sealed one with
// the comparison made.
Result<shared::OpenedRound> RecipientMinutes(Database& db,
                                             std::uint64_t round_id,
                                             const RecipientKey& key);

// The minutes of a round as JSON text: the signed ones of an announced
// round; a sealed round's only with `recipient` (RecipientMinutes), else
// kPermissionDenied.
Result<std::string> MinutesText(Database& db, std::uint64_t round_id,
                                const RecipientKey* recipient);
// The "outcome" object of a tallied round's minutes.
Result<nlohmann::json> OutcomeOf(Database& db, std::uint64_t round_id,
                                 std::uint64_t meeting_id,
                                 const RecipientKey* recipient);

// What a step compared with an earlier one (P1 step 3) is compared with:
// the earlier round's selection when it was announced; nullopt when there
// is no comparison or the earlier round is sealed (its recipients make the
// comparison). kFailedPrecondition when the earlier round is not tallied.
Result<std::optional<std::vector<std::string>>> PreviousSelection(
    Database& db, const shared::VerifiedTallyRequest& request);

}  // namespace hall::server

#endif  // HALL_SERVER_MINUTES_H_
