// The committee cancels a round with a reason (committee.h): the box stops
// taking ballots when the request is made, the seal signs the
// round-cancelled statement (shared/committee_records.h), and the ballots
// in the box are never counted.
#include <algorithm>

#include "hall/server/committee.h"
#include "hall/server/round_store.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/printable_text.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

struct StoredCancellation {
  crypto::Bytes statement;
  bool signed_ = false;
};

std::optional<StoredCancellation> LoadCancellation(Database& db,
                                                   std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT cancellation, cancellation_sig IS NOT NULL FROM rounds WHERE id "
      "= ? AND cancellation IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return std::nullopt;
  return StoredCancellation{q.Blob(0), q.Int(1) != 0};
}

Result<shared::SealRequest> CancelRequest(Database& db, std::uint64_t meeting,
                                          std::uint64_t round_id,
                                          crypto::Bytes statement) {
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  shared::SealRequest req;
  req.action = shared::SealAction::kSignStatement;
  req.installation = Installation(db);
  req.meeting_id = meeting;
  req.round_id = round_id;
  std::copy(seal->bytes().begin(), seal->bytes().end(),
            req.seal_public_key.begin());
  req.statement_type = crypto::SignatureType::kRoundCancelled;
  req.statement = std::move(statement);
  return req;
}

}  // namespace

Result<shared::SealRequest> Committee::CancelRequestOf(
    std::uint64_t round_id, const std::string& typed_reason) {
  if (typed_reason.empty()) {
    return Status::InvalidArgument(
        "a cancellation needs its reason, as the minutes will say it (at "
        "most " + Num(shared::kMaxReasonBytes) + " bytes): --reason TEXT");
  }
  auto clean = shared::HumanText(typed_reason, "the reason",
                                 shared::kMaxReasonBytes,
                                 shared::TextShape::kLines);
  if (!clean.ok()) return clean.status();
  const std::string& reason = *clean;
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (auto waiting = LoadCancellation(db_, round_id); waiting) {
    if (waiting->signed_) {
      return Status::FailedPrecondition("round " + Num(round_id) +
                                        " is cancelled already");
    }
    auto stored = shared::RoundCancelledStatement::Decode(waiting->statement);
    if (!stored.ok()) return stored.status();
    if (stored->reason != reason) {
      return Status::FailedPrecondition(
          "round " + Num(round_id) +
          "'s cancellation waits for the seal with another reason (\"" +
          stored->reason + "\"); sign that request, or give the same reason");
    }
    return CancelRequest(db_, r->meeting_id, round_id, waiting->statement);
  }
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kCancel);
      !s.ok())
    return s;
  shared::RoundCancelledStatement c;
  c.installation = Installation(db_);
  c.meeting_id = r->meeting_id;
  c.round_id = round_id;
  c.step = r->step;
  c.state = std::string(RoundStateName(r->state));
  c.reason = reason;
  c.cancelled_at = clock_();
  if (r->state != RoundState::kDraft) {
    // Only what the seal signed is put in the statement.
    auto sealed = LoadSealedRound(db_, round_id);
    if (!sealed.ok()) return sealed.status();
    c.template_digest = sealed->ballot_template.Digest();
    if (r->state != RoundState::kSealed) {
      c.cast = r->cast;
      c.board_head = BoardHead(db_, round_id, c.template_digest);
    }
  }
  const crypto::Bytes statement = c.Encode();
  auto upd = db_.Prepare(
      "UPDATE rounds SET state = 'cancelled', cancelled_reason = ?, "
      "cancellation = ?, cancellation_sig = NULL, closed_at = "
      "coalesce(closed_at, ?) WHERE id = ? AND state = ?");
  upd.Bind(1, reason).Bind(2, statement).Bind(3, c.cancelled_at);
  upd.Bind(4, static_cast<std::int64_t>(round_id)).Bind(5, c.state);
  if (Status s = upd.Run(); !s.ok()) return s;
  if (db_.Changes() != 1) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " changed meanwhile");
  }
  auto req = CancelRequest(db_, r->meeting_id, round_id, statement);
  if (!req.ok()) return req.status();
  if (Status s = tx.Commit(); !s.ok()) return s;
  return req;
}

Status Committee::StoreCancelAnswer(std::uint64_t round_id,
                                    const shared::SealAnswer& answer) {
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  auto waiting = LoadCancellation(db_, round_id);
  if (!waiting || waiting->signed_) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " has no cancellation waiting for the seal (hall-admin round cancel " +
        Num(round_id) + " --reason TEXT --request-out FILE first)");
  }
  auto req = CancelRequest(db_, r->meeting_id, round_id, waiting->statement);
  if (!req.ok()) return req.status();
  auto sig = shared::CheckStatementAnswer(*req, answer);
  if (!sig.ok()) {
    return Status::Make(sig.code(),
                        "round " + Num(round_id) + ": " + sig.message());
  }
  auto upd = db_.Prepare(
      "UPDATE rounds SET cancellation_sig = ? WHERE id = ? AND "
      "cancellation_sig IS NULL");
  upd.Bind(1, *sig).Bind(2, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  return tx.Commit();
}

Status Committee::CancelRound(std::uint64_t round_id, const std::string& reason,
                              const crypto::SigningKey& seal) {
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  auto req = CancelRequestOf(round_id, reason);
  if (!req.ok()) return req.status();
  auto answer = shared::SignStatementWork(*req, seal);
  if (!answer.ok()) return answer.status();
  return StoreCancelAnswer(round_id, *answer);
}

Result<std::optional<shared::RoundCancelledStatement>> Committee::Cancellation(
    std::uint64_t round_id) {
  auto waiting = LoadCancellation(db_, round_id);
  if (!waiting || !waiting->signed_)
    return std::optional<shared::RoundCancelledStatement>();
  auto c = shared::RoundCancelledStatement::Decode(waiting->statement);
  if (!c.ok()) return c.status();
  return std::optional<shared::RoundCancelledStatement>(std::move(c).value());
}

}  // namespace hall::server
