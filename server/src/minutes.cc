#include "hall/server/minutes.h"

#include "hall/crypto/fingerprint.h"
#include "hall/server/round_state.h"
#include "hall/server/round_store.h"
#include "hall/server/tally.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/json_input.h"
#include "hall/shared/statements.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

Result<SignedMinutes> LoadSignedMinutes(Database& db, std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT state, minutes, minutes_sig, coalesce(minutes_digest, '') FROM "
      "rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return Status::NotFound("there is no round " + Num(round_id));
  auto state = ParseRoundState(q.Text(0));
  if (!state.ok()) return state.status();
  if (*state == RoundState::kMinutesSealed) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " is sealed: the hall server holds no minutes of it, only the "
        "trustees' partial decryptions boxed to its recipients, who open "
        "them from the record (hall-recipient open)");
  }
  if (*state != RoundState::kTallied && *state != RoundState::kAnnounced) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) + " is " +
        std::string(RoundStateName(*state)) +
        "; it has no minutes until it is tallied");
  }
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  SignedMinutes out;
  out.minutes = q.Blob(1);
  out.signature = q.Blob(2);
  auto sig = crypto::Signature::FromBytes(out.signature);
  if (!sig.ok() || !crypto::Verify(*seal, crypto::SignatureType::kMinutes,
                                   out.minutes, *sig)
                        .ok()) {
    return Status::Corruption(
        "the minutes of round " + Num(round_id) +
        " do not carry a valid seal signature: they were altered");
  }
  // A validly sealed document may still be another round's (or another
  // installation's) minutes copied into this row: they must name this one,
  // and match the digest announced when they were counted.
  const std::string altered = "the minutes stored for round " +
                              Num(round_id) +
                              " are not this round's: the database was altered";
  auto parsed = shared::ParseJsonInput(out.minutes, "the minutes");
  if (!parsed.ok()) return Status::Corruption(altered);
  const nlohmann::json& doc = parsed.value();
  if (!doc.is_object() || !doc.contains("round") ||
      !doc["round"].is_number_unsigned() ||
      doc["round"].get<std::uint64_t>() != round_id ||
      !doc.contains("installation") || !doc["installation"].is_string() ||
      doc["installation"].get<std::string>() != Installation(db)) {
    return Status::Corruption(altered);
  }
  if (q.Text(3) != shared::MinutesDigest(out.minutes, sig->bytes())) {
    return Status::Corruption(altered);
  }
  return out;
}

Result<shared::RoundToOpen> StoredRoundToOpen(Database& db,
                                              std::uint64_t round_id) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (!IsTallied(r->state)) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) + " is " +
        std::string(RoundStateName(r->state)) + "; it is not tallied yet");
  }
  auto request = BuildTallyRequest(db, round_id);
  if (!request.ok()) return request.status();
  shared::RoundToOpen out;
  out.request = std::move(request).value();
  auto q = db.Prepare(
      "SELECT sealed_minutes, partials FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return Status::NotFound("there is no round " + Num(round_id));
  auto files = r->state == RoundState::kMinutesSealed
                   ? shared::DecodeSealedTally(q.Blob(0))
                   : shared::ClearPartialFiles(
                         shared::TallyRequestDigest(out.request), q.Blob(1));
  if (!files.ok()) return files.status().WithContext("round " + Num(round_id));
  out.files = std::move(files).value();
  return out;
}

Result<shared::OpenedRound> RecipientMinutes(Database& db,
                                             std::uint64_t round_id,
                                             const RecipientKey& key) {
  auto round = StoredRoundToOpen(db, round_id);
  if (!round.ok()) return round.status();
  std::optional<shared::RoundToOpen> compared;
  if (auto previous = PreviousRound(db, round_id)) {
    auto earlier = StoredRoundToOpen(db, *previous);
    if (!earlier.ok()) return earlier.status();
    compared = std::move(earlier).value();
  }
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  std::string name;
  auto def = db.Prepare(
      "SELECT name FROM recipients r JOIN rounds ON rounds.meeting_id = "
      "r.meeting_id WHERE rounds.id = ? AND r.public_key = ?");
  def.Bind(1, static_cast<std::int64_t>(round_id)).Bind(2, key.public_key());
  if (def.Step()) name = def.Text(0);
  return shared::OpenAsRecipient(*round, compared, crypto::Fingerprint(*seal),
                                 key, name);
}

Result<std::string> MinutesText(Database& db, std::uint64_t round_id,
                                const RecipientKey* recipient) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (r->state == RoundState::kMinutesSealed) {
    if (!recipient) {
      return Status::PermissionDenied(
          "round " + Num(round_id) +
          " is sealed: its minutes open only with a recipient's key");
    }
    auto opened = RecipientMinutes(db, round_id, *recipient);
    if (!opened.ok()) return opened.status().WithContext("round " + Num(round_id));
    return opened->minutes;
  }
  auto m = LoadSignedMinutes(db, round_id);
  if (!m.ok()) return m.status();
  return std::string(m->minutes.begin(), m->minutes.end());
}

Result<nlohmann::json> OutcomeOf(Database& db, std::uint64_t round_id,
                                 std::uint64_t meeting_id,
                                 const RecipientKey* recipient) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (r->meeting_id != meeting_id) {
    return Status::InvalidArgument("round " + Num(round_id) +
                                   " belongs to another meeting");
  }
  auto text = MinutesText(db, round_id, recipient);
  if (!text.ok()) return text.status();
  auto doc = shared::ParseJsonInput(*text, "the minutes");
  if (!doc.ok() || !doc->is_object() || !doc->contains("outcome")) {
    return Status::Corruption("the minutes of round " + Num(round_id) +
                              " hold no outcome: the database was altered");
  }
  return (*doc)["outcome"];
}

Result<std::optional<std::vector<std::string>>> PreviousSelection(
    Database& db, const shared::VerifiedTallyRequest& request) {
  const std::uint64_t compared_round = request.sealed.compared_round;
  if (compared_round == 0) return std::optional<std::vector<std::string>>();
  auto compared = LoadRound(db, compared_round);
  if (!compared.ok()) return compared.status();
  if (compared->state == RoundState::kMinutesSealed)
    return std::optional<std::vector<std::string>>();
  auto outcome =
      OutcomeOf(db, compared_round, request.address().meeting_id, nullptr);
  if (!outcome.ok()) return outcome.status();
  auto selection = shared::GoingOnIn(*outcome);
  if (!selection.ok()) {
    return Status::Corruption("round " + std::to_string(compared_round) +
                              ": its minutes " + selection.message());
  }
  return std::optional<std::vector<std::string>>(std::move(selection).value());
}

}  // namespace hall::server
