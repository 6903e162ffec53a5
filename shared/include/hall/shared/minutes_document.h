// The minutes of a round (docs/procedures.md, "What every round's minutes
// record"), built from a verified tally request (tally_request.h) and the
// combined counts, the same way wherever the box is opened: on the hall
// server for an announced step (which then signs them with the seal), and
// on a recipient's device for a sealed one (which the hall server can
// neither read nor sign).
//
//   RoundInputOf    the rules engine's input: the electorate, posts and
//                   head's nominee as the seal signed them (box-sealed
//                   statement, meeting definition), the counts per option
//   MinutesDocument the JSON document "hall-minutes/1"
//   OpenRound       combine, evaluate, write the minutes: one call
#ifndef HALL_SHARED_MINUTES_DOCUMENT_H_
#define HALL_SHARED_MINUTES_DOCUMENT_H_

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/round.h"
#include "hall/shared/tally_request.h"

namespace hall::shared {

rules::RoundInput RoundInputOf(
    const VerifiedTallyRequest& request,
    const std::vector<std::uint64_t>& option_counts,
    const std::optional<std::vector<std::string>>& previous_selection);

struct MinutesContext {
  std::string counted_at;
  // Random hex, so that the digest shown in the hall cannot be matched
  // against minutes rebuilt from guessed counts.
  std::string nonce;
  std::string opened_at;  // "" when unknown (not in the signed statements)
  // The trustees' names where known (the hall server's list); the others
  // are written "trustee N". The minutes name those whose partials were
  // combined.
  std::map<std::uint32_t, std::string> trustee_names;
  // Who wrote these minutes: "hall server" (announced, seal-signed) or
  // "recipient <name>" (a sealed step opened from the record).
  std::string opened_by;
};

std::string MinutesDocument(const VerifiedTallyRequest& request,
                            const rules::RoundInput& input,
                            const rules::RoundResult& outcome,
                            const MinutesContext& context,
                            const std::vector<std::uint32_t>& trustees,
                            const std::vector<std::vector<std::uint64_t>>&
                                group_counts = {});

// The persons an outcome carries on: selected, carried forward, or tied
// for a decision, in the ballot's order.
std::vector<std::string> SelectionOf(const VerifiedTallyRequest& request,
                                     const rules::RoundResult& outcome);

// The candidates an outcome (rules::RoundResultToJson) takes on: selected,
// carried forward or needing a decision, in the outcome's order;
// kInvalidArgument when it is not an outcome.
Result<std::vector<std::string>> GoingOnIn(const nlohmann::json& outcome);
// GoingOnIn of seal-signed minutes of round `round`; kInvalidArgument when
// the text is not minutes of that round.
Result<std::vector<std::string>> SelectionInMinutes(std::string_view minutes,
                                                    std::uint64_t round);
// The minutes' counted_at and nonce (MinutesContext), to rebuild them.
Result<std::pair<std::string, std::string>> MinutesTimeAndNonce(
    std::string_view minutes);

struct OpenedRound {
  std::uint64_t round_id = 0;  // the round the signed template names
  // Everyone the signed definition boxes a sealed step's partials to.
  std::vector<DefinedRecipient> recipients;
  CombinedTally combined;
  rules::RoundInput input;
  rules::RoundResult outcome;
  std::string minutes;  // MinutesDocument
};
// CombinePartialFiles, RoundInputOf, rules::Evaluate and MinutesDocument.
// When the step compares with an earlier one and `previous_selection` is
// absent, the comparison is left out (the divergence is then checked where
// the earlier, sealed, round is opened). The engine's refusal of a sealed
// step never quotes its counts.
Result<OpenedRound> OpenRound(
    const VerifiedTallyRequest& request, const std::vector<PartialFile>& files,
    const crypto::BoxKey* recipient,
    const std::optional<std::vector<std::string>>& previous_selection,
    const MinutesContext& context);

// A round as its record holds it: the tally request and the trustees'
// partial files (a sealed round's sealed tally, or an announced round's
// partial decryptions in the clear).
struct RoundToOpen {
  crypto::Bytes request;
  std::vector<PartialFile> files;
};
// The partial decryptions an announced round stores (U32(n) {Var(partial)},
// the record's partials.bin) as clear partial files of `request_digest`.
Result<std::vector<PartialFile>> ClearPartialFiles(
    const Digest32& request_digest, std::span<const std::uint8_t> partials);

// What a recipient reads, from the record alone, with its key: a sealed
// round's minutes; for a round compared with a sealed one (P1 step 3), its
// minutes with the comparison made (the report_divergence flag) after
// opening the compared round, which must be given. Both requests are
// verified against `seal_fingerprint` and must be of one meeting.
Result<OpenedRound> OpenAsRecipient(const RoundToOpen& round,
                                    const std::optional<RoundToOpen>& compared,
                                    const std::string& seal_fingerprint,
                                    const crypto::BoxKey& key,
                                    const std::string& recipient_name);

}  // namespace hall::shared

#endif  // HALL_SHARED_MINUTES_DOCUMENT_H_
