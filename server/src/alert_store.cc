#include "hall/server/alert_store.h"

#include "hall/server/round_store.h"

namespace hall::server {
namespace {

constexpr std::size_t kMaxKioskName = 64;

std::int64_t Sql(std::uint64_t n) { return static_cast<std::int64_t>(n); }

std::uint64_t CountOf(Statement& q) {
  return q.Step() ? static_cast<std::uint64_t>(q.Int(0)) : 0;
}

}  // namespace

Result<AlertDisposition> StoreAlert(Database& db, std::string_view kiosk,
                                    const shared::AlertRequest& alert,
                                    const Clock& clock) {
  std::string name = shared::SanitizeAlertText(kiosk, kMaxKioskName);
  if (name.empty()) name = "(no name)";
  const std::string detail = shared::SanitizeAlertText(alert.detail);
  const std::string now = clock();
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  std::uint64_t meeting_id = 0;
  if (alert.round_id != 0) {
    auto round = db.Prepare("SELECT meeting_id FROM rounds WHERE id = ?");
    round.Bind(1, Sql(alert.round_id));
    if (!round.Step()) {
      if (!round.status().ok()) return round.status();
      return Status::NotFound("there is no round " +
                              std::to_string(alert.round_id) +
                              "; report the alert with the round the kiosk "
                              "was shown, or with round 0");
    }
    meeting_id = static_cast<std::uint64_t>(round.Int(0));
  } else if (auto current = CurrentMeeting(db)) {
    meeting_id = *current;
  }
  auto per_round = db.Prepare(
      "SELECT count(*) FROM kiosk_alerts WHERE kiosk = ? AND round_id = ?");
  per_round.Bind(1, name).Bind(2, Sql(alert.round_id));
  auto per_kiosk =
      db.Prepare("SELECT count(*) FROM kiosk_alerts WHERE kiosk = ?");
  per_kiosk.Bind(1, name);
  const bool keep = CountOf(per_round) < kAlertsKeptPerKioskRound &&
                    CountOf(per_kiosk) < kAlertsKeptPerKiosk;
  if (!per_round.status().ok()) return per_round.status();
  if (!per_kiosk.status().ok()) return per_kiosk.status();
  if (keep) {
    auto insert = db.Prepare(
        "INSERT INTO kiosk_alerts(meeting_id, round_id, kiosk, kind, detail, "
        "received_at) VALUES(?, ?, ?, ?, ?, ?)");
    insert.Bind(1, Sql(meeting_id)).Bind(2, Sql(alert.round_id)).Bind(3, name);
    insert.Bind(4, shared::AlertKindName(alert.kind)).Bind(5, detail);
    if (Status s = insert.Bind(6, now).Run(); !s.ok()) return s;
  } else {
    auto more = db.Prepare(
        "UPDATE kiosk_alerts_counted SET count = count + 1, last_at = ? "
        "WHERE meeting_id = ? AND kiosk = ? AND round_id = ?");
    more.Bind(1, now).Bind(2, Sql(meeting_id)).Bind(3, name);
    more.Bind(4, Sql(alert.round_id));
    if (Status s = more.Run(); !s.ok()) return s;
    if (db.Changes() == 0) {
      auto first = db.Prepare(
          "INSERT INTO kiosk_alerts_counted(kiosk, round_id, meeting_id, "
          "count, last_at) VALUES(?, ?, ?, 1, ?)");
      first.Bind(1, name).Bind(2, Sql(alert.round_id)).Bind(3, Sql(meeting_id));
      if (Status s = first.Bind(4, now).Run(); !s.ok()) return s;
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return keep ? AlertDisposition::kStored : AlertDisposition::kCounted;
}

Result<std::vector<StoredAlert>> ListAlerts(Database& db,
                                            std::uint64_t meeting_id,
                                            std::size_t limit) {
  auto q = db.Prepare(
      "SELECT id, meeting_id, round_id, kiosk, kind, detail, received_at "
      "FROM kiosk_alerts WHERE meeting_id = ? ORDER BY id DESC LIMIT ?");
  q.Bind(1, Sql(meeting_id));
  q.Bind(2, limit > static_cast<std::size_t>(INT64_MAX)
                ? INT64_MAX
                : static_cast<std::int64_t>(limit));
  std::vector<StoredAlert> out;
  while (q.Step()) {
    auto kind = shared::ParseAlertKind(q.Text(4));
    if (!kind) {
      return Status::Corruption("kiosk alert " + std::to_string(q.Int(0)) +
                                " has the unknown kind \"" + q.Text(4) +
                                "\"; the database was altered");
    }
    StoredAlert a;
    a.id = static_cast<std::uint64_t>(q.Int(0));
    a.meeting_id = static_cast<std::uint64_t>(q.Int(1));
    a.round_id = static_cast<std::uint64_t>(q.Int(2));
    a.kiosk = q.Text(3);
    a.kind = *kind;
    a.detail = q.Text(5);
    a.received_at = q.Text(6);
    out.push_back(std::move(a));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

std::vector<CountedAlerts> ListCountedAlerts(Database& db,
                                             std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT kiosk, round_id, count, last_at FROM kiosk_alerts_counted "
      "WHERE meeting_id = ? ORDER BY kiosk, round_id");
  q.Bind(1, Sql(meeting_id));
  std::vector<CountedAlerts> out;
  while (q.Step()) {
    out.push_back({q.Text(0), static_cast<std::uint64_t>(q.Int(1)),
                   static_cast<std::uint64_t>(q.Int(2)), q.Text(3)});
  }
  return out;
}

std::uint64_t AlertTotal(Database& db, std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT (SELECT count(*) FROM kiosk_alerts WHERE meeting_id = ?1) + "
      "(SELECT coalesce(sum(count), 0) FROM kiosk_alerts_counted WHERE "
      "meeting_id = ?1)");
  q.Bind(1, Sql(meeting_id));
  return CountOf(q);
}

}  // namespace hall::server
