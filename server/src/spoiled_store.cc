#include "hall/server/spoiled_store.h"

#include <algorithm>
#include <string>

#include "hall/server/round_state.h"
#include "hall/server/round_store.h"

namespace hall::server {
namespace {

std::int64_t Sql(std::uint64_t n) { return static_cast<std::int64_t>(n); }
std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

Status StoreSpoiled(Database& db, std::uint64_t round_id,
                    std::span<const std::uint8_t> entry_bytes) {
  auto entry = shared::SpoiledEntry::Decode(entry_bytes);
  if (!entry.ok()) return entry.status();
  const shared::Digest32 digest = entry->Digest();
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  auto round = LoadRound(db, round_id);
  if (!round.ok()) {
    if (round.code() != StatusCode::kNotFound) return round.status();
    return Status::NotFound("there is no round " + Num(round_id));
  }
  const Status not_open = Status::FailedPrecondition(
      "round " + Num(round_id) + " is " +
      std::string(RoundStateName(round->state)) +
      ": a spoiled ballot is recorded only while the round's box is open");
  if (round->state == RoundState::kDraft) return not_open;  // no template yet
  auto t = LoadTemplate(db, round_id);
  if (!t.ok()) return t.status();
  const auto verify = [&]() -> Status {
    if (Status s = shared::VerifySpoiledEntry(*t, *entry); !s.ok()) {
      return Status::PermissionDenied(
          "this spoiled ballot does not verify, so it is not recorded: " +
          s.message());
    }
    return Status::Ok();
  };
  auto known = db.Prepare(
      "SELECT entry FROM spoiled_ballots WHERE round_id = ? AND digest = ?");
  known.Bind(1, Sql(round_id)).Bind(2, digest);
  if (known.Step()) {
    // A retry, answered even once the box has closed. Other bytes for the
    // same ciphertexts are another opening, which cannot verify.
    if (std::ranges::equal(known.Blob(0), entry_bytes)) return Status::Ok();
    return verify();
  }
  if (!known.status().ok()) return known.status();
  if (round->state != RoundState::kOpen) return not_open;
  if (Status s = verify(); !s.ok()) return s;
  auto cast = db.Prepare(
      "SELECT 1 FROM cast_ciphertexts WHERE round_id = ? AND digest = ?");
  cast.Bind(1, Sql(round_id)).Bind(2, digest);
  if (cast.Step()) {
    return Status::PermissionDenied(
        "this spoiled ballot holds the ciphertexts of a ballot cast in round " +
        Num(round_id) +
        ": a cast ballot is never opened, so it is not recorded");
  }
  if (!cast.status().ok()) return cast.status();
  if (CountSpoiled(db, round_id) >= kMaxSpoiledPerRound) {
    return Status::Unavailable(
        "round " + Num(round_id) + " already holds " +
        Num(kMaxSpoiledPerRound) +
        " spoiled ballots, the most it records: this one is not recorded "
        "(tell the organizing committee)");
  }
  auto insert = db.Prepare(
      "INSERT INTO spoiled_ballots(round_id, digest, entry) VALUES(?, ?, ?)");
  insert.Bind(1, Sql(round_id)).Bind(2, digest).Bind(3, entry_bytes);
  if (Status s = insert.Run(); !s.ok()) return s;
  return tx.Commit();
}

Result<std::vector<shared::SpoiledEntry>> LoadSpoiled(Database& db,
                                                      std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT digest, entry FROM spoiled_ballots WHERE round_id = ? ORDER BY "
      "digest");
  q.Bind(1, Sql(round_id));
  std::vector<shared::SpoiledEntry> out;
  while (q.Step()) {
    auto entry = shared::SpoiledEntry::Decode(q.Blob(1));
    const Bytes stored_digest = q.Blob(0);
    if (!entry.ok() || !std::ranges::equal(entry->Digest(), stored_digest)) {
      return Status::Corruption("round " + Num(round_id) +
                                ": a stored spoiled ballot is damaged; the "
                                "database was altered");
    }
    out.push_back(std::move(entry).value());
  }
  if (!q.status().ok()) return q.status();
  return out;
}

std::uint64_t CountSpoiled(Database& db, std::uint64_t round_id) {
  auto q =
      db.Prepare("SELECT count(*) FROM spoiled_ballots WHERE round_id = ?");
  q.Bind(1, Sql(round_id));
  return q.Step() ? static_cast<std::uint64_t>(q.Int(0)) : 0;
}

CastCiphertexts::CastCiphertexts(Database& db)
    : spoiled_(db.Prepare(
          "SELECT 1 FROM spoiled_ballots WHERE round_id = ? AND digest = ?")),
      insert_(db.Prepare("INSERT OR IGNORE INTO cast_ciphertexts(round_id, "
                         "digest) VALUES(?, ?)")) {}

Status CastCiphertexts::CheckNotSpoiled(std::uint64_t round_id,
                                        const shared::Digest32& digest) {
  spoiled_.Reset();
  spoiled_.Bind(1, Sql(round_id)).Bind(2, digest);
  const bool spoiled = spoiled_.Step();
  Status read = spoiled_.status();
  spoiled_.Reset();
  if (!read.ok()) return read;
  if (spoiled) {
    return Status::PermissionDenied(
        "this ballot was spoiled to check the kiosk: its choices are public "
        "and it can never be cast; fill in a new ballot");
  }
  return Status::Ok();
}

Status CastCiphertexts::Record(std::uint64_t round_id,
                               const shared::Digest32& digest) {
  insert_.Reset();
  insert_.Bind(1, Sql(round_id)).Bind(2, digest);
  return insert_.Run();
}

}  // namespace hall::server
