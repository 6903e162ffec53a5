#include "hall/server/tally.h"

#include <thread>

#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/server/committee.h"
#include "hall/server/meeting_definition.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"
#include "hall/shared/minutes_document.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

// A blob column into a 64-byte signature; false when it is not one.
bool Sig64(const crypto::Bytes& blob, shared::Signature64& out) {
  if (blob.size() != out.size()) return false;
  std::copy(blob.begin(), blob.end(), out.begin());
  return true;
}

std::string RandomHex(crypto::RandomSource& rng) {
  std::array<std::uint8_t, 32> nonce{};
  rng.Fill(nonce);
  return Hex(nonce);
}

}  // namespace

Result<crypto::Bytes> BuildTallyRequest(Database& db, std::uint64_t round_id) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (r->state != RoundState::kClosed && !IsTallied(r->state)) {
    return CheckAllowed(round_id, r->state, RoundAction::kTally);
  }
  const std::string damaged =
      "round " + Num(round_id) +
      ": its stored statements are damaged; the database was altered";
  shared::TallyRequest req;
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  std::copy(seal->bytes().begin(), seal->bytes().end(),
            req.seal_public_key.begin());
  auto m = db.Prepare(
      "SELECT definition, definition_sig, procedure_file FROM meetings WHERE "
      "id = ? AND definition IS NOT NULL");
  m.Bind(1, static_cast<std::int64_t>(r->meeting_id));
  if (!m.Step()) return Status::Corruption(damaged);
  req.definition = m.Blob(0);
  const crypto::Bytes file = m.Blob(2);
  req.procedure_file.assign(file.begin(), file.end());
  if (!Sig64(m.Blob(1), req.definition_signature))
    return Status::Corruption(damaged);
  auto q = db.Prepare(
      "SELECT template, template_sig, credential_list, credential_list_sig, "
      "sealed_statement, sealed_sig, closed_statement, closed_sig FROM rounds "
      "WHERE id = ? AND closed_statement IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return Status::Corruption(damaged);
  if (q.IsNull(7)) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " is closed but its box-closed statement is not signed yet: "
        "hall-admin round close " + Num(round_id) +
        " --request-out FILE, sign it on the committee console "
        "(hall-console sign), then hall-admin round close " + Num(round_id) +
        " --answer FILE");
  }
  req.signed_template.template_bytes = q.Blob(0);
  req.credential_list = q.Blob(2);
  req.box_sealed = q.Blob(4);
  req.box_closed = q.Blob(6);
  if (!Sig64(q.Blob(1), req.signed_template.signature) ||
      !Sig64(q.Blob(3), req.credential_list_signature) ||
      !Sig64(q.Blob(5), req.box_sealed_signature) ||
      !Sig64(q.Blob(7), req.box_closed_signature)) {
    return Status::Corruption(damaged);
  }
  auto b = db.Prepare(
      "SELECT envelope FROM ballots WHERE round_id = ? ORDER BY idx");
  b.Bind(1, static_cast<std::int64_t>(round_id));
  while (b.Step()) req.envelopes.push_back(b.Blob(0));
  if (!b.status().ok()) return b.status();
  return req.Encode();
}

Result<GatheredTally> GatherTally(Database& db, std::uint64_t round_id) {
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kTally); !s.ok())
    return s;
  // The rows the server shows (roll, members, the round's terms, the
  // procedure file) must still be the signed ones: the tally below reads
  // only signed bytes, and an edit is named rather than ignored.
  if (auto checked = LoadCheckedSealedRound(db, *r); !checked.ok())
    return checked.status();
  auto bytes = BuildTallyRequest(db, round_id);
  if (!bytes.ok()) return bytes.status();
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  auto request =
      shared::VerifyTallyRequest(*bytes, crypto::Fingerprint(*seal), workers);
  if (!request.ok()) {
    if (request.code() == StatusCode::kFailedPrecondition) return request.status();
    return Status::Corruption("round " + Num(round_id) + ": " +
                              request.message() +
                              "; the database was altered");
  }
  const auto address = request->address();
  if (address.round_id != round_id || address.meeting_id != r->meeting_id ||
      address.installation != Installation(db)) {
    return Status::Corruption("round " + Num(round_id) +
                              ": the stored ballot is another round's; the "
                              "database was altered");
  }
  return GatheredTally{std::move(r).value(), std::move(request).value()};
}

namespace {

// An announced step: combine, evaluate, sign, store in the clear.
Result<TallyOutcome> StoreAnnounced(Database& db, const GatheredTally& in,
                                    const std::vector<shared::PartialFile>& files,
                                    const crypto::SigningKey& seal,
                                    const std::string& now,
                                    crypto::RandomSource& rng) {
  const std::uint64_t round_id = in.round.id;
  // The previous round's selection, when this step is compared with an
  // announced one; a sealed one's result the server cannot read, so the
  // comparison is left to those who open it (minutes_document.h).
  auto previous = PreviousSelection(db, in.request);
  if (!previous.ok()) return previous.status();
  shared::MinutesContext context;
  context.counted_at = now;
  context.nonce = RandomHex(rng);
  context.opened_by = "hall server";
  {
    auto q = db.Prepare("SELECT coalesce(opened_at, '') FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(round_id));
    if (q.Step()) context.opened_at = q.Text(0);
  }
  const auto& names = in.request.definition.trustees;
  for (std::size_t i = 0; i < names.size(); ++i)
    context.trustee_names[static_cast<std::uint32_t>(i + 1)] = names[i];
  auto opened =
      shared::OpenRound(in.request, files, nullptr, *previous, context);
  if (!opened.ok()) return opened.status();
  const crypto::Bytes minutes(opened->minutes.begin(), opened->minutes.end());
  const auto sig = crypto::Sign(seal, crypto::SignatureType::kMinutes, minutes);
  std::array<std::uint8_t, 64> signature{};
  std::copy(sig.bytes().begin(), sig.bytes().end(), signature.begin());
  return StoreSignedMinutes(db, round_id, *opened, signature, now);
}

}  // namespace

Result<TallyOutcome> StoreSignedMinutes(
    Database& db, std::uint64_t round_id, const shared::OpenedRound& opened_round,
    const std::array<std::uint8_t, 64>& signature, const std::string& now) {
  const shared::OpenedRound* opened = &opened_round;
  const crypto::Bytes minutes(opened->minutes.begin(), opened->minutes.end());
  crypto::Encoder partials;
  partials.U32(
      static_cast<std::uint32_t>(opened->combined.partial_bytes.size()));
  for (const auto& b : opened->combined.partial_bytes) partials.Var(b);
  const std::string digest = shared::MinutesDigest(minutes, signature);
  auto upd = db.Prepare(
      "UPDATE rounds SET state = 'tallied', minutes = ?, minutes_sig = ?, "
      "partials = ?, minutes_digest = ?, tallied_at = ? "
      "WHERE id = ? AND state = 'closed'");
  upd.Bind(1, minutes).Bind(2, signature).Bind(3, partials.bytes());
  upd.Bind(4, digest).Bind(5, now).Bind(6, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  if (db.Changes() != 1) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " was tallied meanwhile by another command; see hall-admin round "
        "show");
  }
  TallyOutcome out;
  out.sealed = false;
  out.minutes_digest = digest;
  out.minutes_json = opened->minutes;
  return out;
}

Result<shared::SealRequest> MinutesRequestOf(
    Database& db, const GatheredTally& in,
    const std::vector<shared::PartialFile>& files) {
  if (in.request.sealed_step()) {
    return Status::InvalidArgument(
        "round " + Num(in.round.id) +
        " is sealed: its minutes are not signed; the partials go to its "
        "recipients (hall-admin round tally --partial)");
  }
  // The files must open the box now: the console is not given a bad one.
  if (auto combined = shared::CombinePartialFiles(in.request, files);
      !combined.ok())
    return combined.status();
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  shared::SealRequest req;
  req.action = shared::SealAction::kSignMinutes;
  const auto address = in.request.address();
  req.installation = address.installation;
  req.meeting_id = address.meeting_id;
  req.round_id = address.round_id;
  std::copy(seal->bytes().begin(), seal->bytes().end(),
            req.seal_public_key.begin());
  auto request = BuildTallyRequest(db, in.round.id);
  if (!request.ok()) return request.status();
  req.tally_request = std::move(request).value();
  req.partial_files = files;
  {
    auto q = db.Prepare("SELECT coalesce(opened_at, '') FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(in.round.id));
    if (q.Step()) req.opened_at = q.Text(0);
  }
  const std::uint64_t compared = in.request.sealed.compared_round;
  if (compared != 0) {
    // Its signed template always; its signed minutes once it has them.
    auto q = db.Prepare(
        "SELECT template, template_sig, minutes, minutes_sig FROM rounds "
        "WHERE id = ? AND template IS NOT NULL");
    q.Bind(1, static_cast<std::int64_t>(compared));
    if (q.Step()) {
      req.previous_template = q.Blob(0);
      req.previous_template_signature = q.Blob(1);
      if (!q.IsNull(2) && !q.IsNull(3)) {
        req.previous_minutes = q.Blob(2);
        req.previous_minutes_signature = q.Blob(3);
      }
    }
  }
  return req;
}

namespace {

// A sealed step: the partial files, boxed to the recipients, stored as
// they came; the server checks what it can without a key.
Result<TallyOutcome> StoreSealed(Database& db, const GatheredTally& in,
                                 const std::vector<shared::PartialFile>& files,
                                 const std::string& now) {
  if (Status s = shared::CheckSealedPartialFiles(in.request, files); !s.ok())
    return s;
  const crypto::Bytes sealed = shared::EncodeSealedTally(files);
  const std::string digest = shared::SealedTallyDigest(sealed);
  auto upd = db.Prepare(
      "UPDATE rounds SET state = 'minutes_sealed', sealed_minutes = ?, "
      "minutes_digest = ?, tallied_at = ? WHERE id = ? AND state = 'closed'");
  upd.Bind(1, sealed).Bind(2, digest).Bind(3, now).Bind(
      4, static_cast<std::int64_t>(in.round.id));
  if (Status s = upd.Run(); !s.ok()) return s;
  TallyOutcome out;
  out.sealed = true;
  out.recipients = in.request.definition.recipients.size();
  out.minutes_digest = digest;
  return out;
}

}  // namespace

Result<TallyOutcome> StoreTally(Database& db, const GatheredTally& in,
                                const std::vector<shared::PartialFile>& files,
                                const crypto::SigningKey* seal,
                                const std::string& now,
                                crypto::RandomSource& rng) {
  const bool sealed = in.request.sealed_step();
  if (!sealed) {
    if (!seal) {
      return Status::InvalidArgument(
          "round " + Num(in.round.id) +
          " is announced: its minutes are signed with the seal");
    }
    if (Status s = CheckSealKey(db, *seal); !s.ok()) return s;
  }
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto out = sealed ? StoreSealed(db, in, files, now)
                    : StoreAnnounced(db, in, files, *seal, now, rng);
  if (!out.ok()) return out.status();
  if (db.Changes() != 1) {
    return Status::FailedPrecondition(
        "round " + Num(in.round.id) +
        " was tallied meanwhile by another command; see hall-admin round "
        "show");
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return out;
}

Result<crypto::Bytes> Committee::TallyRequestOf(std::uint64_t round_id) {
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (r->state != RoundState::kClosed) {
    if (Status s = CheckAllowed(round_id, r->state, RoundAction::kTally);
        !s.ok())
      return s;
  }
  // Verified here first: the server never hands the trustees a request its
  // own checks refuse.
  auto gathered = GatherTally(db_, round_id);
  if (!gathered.ok()) return gathered.status();
  return BuildTallyRequest(db_, round_id);
}

Result<TallyOutcome> Committee::TallyRound(
    std::uint64_t round_id, const std::vector<shared::PartialFile>& files,
    const crypto::SigningKey* seal) {
  auto in = GatherTally(db_, round_id);
  if (!in.ok()) return in.status();
  return StoreTally(db_, *in, files, seal, clock_(), rng_);
}

Result<shared::SealRequest> Committee::MinutesRequestOf(
    std::uint64_t round_id, const std::vector<shared::PartialFile>& files) {
  auto in = GatherTally(db_, round_id);
  if (!in.ok()) return in.status();
  return hall::server::MinutesRequestOf(db_, *in, files);
}

Result<TallyOutcome> Committee::StoreMinutesAnswer(
    std::uint64_t round_id, const std::vector<shared::PartialFile>& files,
    const shared::SealAnswer& answer) {
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto in = GatherTally(db_, round_id);
  if (!in.ok()) return in.status();
  auto req = hall::server::MinutesRequestOf(db_, *in, files);
  if (!req.ok()) return req.status();
  auto accepted = shared::CheckMinutesAnswer(*req, answer);
  if (!accepted.ok()) {
    return Status::Make(accepted.code(), "round " + Num(round_id) + ": " +
                                             accepted.message());
  }
  auto out = StoreSignedMinutes(db_, round_id, accepted->opened,
                                accepted->signature, clock_());
  if (!out.ok()) return out.status();
  if (Status s = tx.Commit(); !s.ok()) return s;
  return out;
}

Result<TallyOutcome> Committee::RehearseTally(
    std::uint64_t round_id,
    const std::vector<const crypto::TrusteeShare*>& shares,
    const crypto::SigningKey& seal) {
  auto in = GatherTally(db_, round_id);
  if (!in.ok()) return in.status();
  if (!in->request.definition.rehearsal) {
    return Status::PermissionDenied(
        "meeting " + Num(in->round.meeting_id) +
        " is a real meeting: its trustees decrypt on their own devices "
        "(hall-admin round tally-request, hall-trustee decrypt); only a "
        "rehearsal meeting is tallied with every share in one process");
  }
  std::vector<shared::PartialFile> files;
  for (const auto* share : shares) {
    auto file = shared::MakePartialFile(in->request, *share, rng_);
    if (!file.ok()) return file.status();
    files.push_back(std::move(file).value());
  }
  return StoreTally(db_, *in, files, &seal, clock_(), rng_);
}

}  // namespace hall::server
