#include "hall/server/schema.h"

#include <string>

namespace hall::server {
namespace {

// What version 5 added to version 4: kiosk alerts and spoiled ballots.
// Written once, run by CreateSchema and by the upgrade of a version 4
// database.
constexpr const char* kVersion5Tables = R"sql(
CREATE TABLE IF NOT EXISTS kiosk_alerts(
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL,
  round_id INTEGER NOT NULL,
  kiosk TEXT NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL,
  received_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS kiosk_alerts_by_kiosk
  ON kiosk_alerts(kiosk, round_id);
CREATE TABLE IF NOT EXISTS kiosk_alerts_counted(
  kiosk TEXT NOT NULL,
  round_id INTEGER NOT NULL,
  meeting_id INTEGER NOT NULL,
  count INTEGER NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY(meeting_id, kiosk, round_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS spoiled_ballots(
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  digest BLOB NOT NULL,
  entry BLOB NOT NULL,
  PRIMARY KEY(round_id, digest)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cast_ciphertexts(
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  digest BLOB NOT NULL,
  PRIMARY KEY(round_id, digest)) WITHOUT ROWID;
)sql";

// What version 6 added to version 5: the date of a meeting's sitting
// (meetings.date, "YYYY-MM-DD" or NULL), signed in its definition. Run by
// CreateSchema and by every upgrade; adds the column only where it is missing.
Status AddColumnIfMissing(Database& db, const std::string& table,
                          const std::string& column, const std::string& type);

Status AddVersion6(Database& db) {
  return AddColumnIfMissing(db, "meetings", "date", "TEXT");
}

// What version 7 added to version 6: a committee's cancellation of a round,
// signed (rounds.cancellation / cancellation_sig: the round-cancelled
// statement, shared/committee_records.h), and the records of the steps
// without a ballot, each signed, with their attached documents.
constexpr const char* kVersion7Tables = R"sql(
CREATE TABLE IF NOT EXISTS step_records(
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  step TEXT NOT NULL,
  idx INTEGER NOT NULL,
  statement BLOB NOT NULL,
  signature BLOB,
  PRIMARY KEY(meeting_id, step, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS step_documents(
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  step TEXT NOT NULL,
  idx INTEGER NOT NULL,
  position INTEGER NOT NULL,
  content BLOB NOT NULL,
  PRIMARY KEY(meeting_id, step, idx, position)) WITHOUT ROWID;
)sql";

Status AddColumnIfMissing(Database& db, const std::string& table,
                          const std::string& column, const std::string& type) {
  auto cols = db.Prepare("PRAGMA table_info(" + table + ")");
  while (cols.Step()) {
    if (cols.Text(1) == column) return Status::Ok();
  }
  if (!cols.status().ok()) return cols.status();
  return db.Exec("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
}

Status AddVersion7(Database& db) {
  if (Status s = AddColumnIfMissing(db, "rounds", "cancellation", "BLOB"); !s.ok())
    return s;
  if (Status s = AddColumnIfMissing(db, "rounds", "cancellation_sig", "BLOB");
      !s.ok())
    return s;
  return db.Exec(kVersion7Tables);
}

// What version 8 added to version 7: the key ceremony's transcript
// (meetings.ceremony: the dealers' commitments the box key was derived
// from, crypto/ceremony.h), for the election record.
Status AddVersion8(Database& db) {
  return AddColumnIfMissing(db, "meetings", "ceremony", "BLOB");
}

// What version 9 added to version 8: a round's voter classes
// (rounds.tally_by_group 0/1, rounds.advisory_groups a JSON list of roll
// groups), signed in its box-sealed statement.
Status AddVersion9(Database& db) {
  if (Status s = AddColumnIfMissing(db, "rounds", "tally_by_group",
                                    "INTEGER NOT NULL DEFAULT 0");
      !s.ok())
    return s;
  return AddColumnIfMissing(db, "rounds", "advisory_groups",
                            "TEXT NOT NULL DEFAULT '[]'");
}

Result<std::int64_t> StoredVersion(Database& db) {
  auto tables = db.Prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
      "'meta'");
  if (!tables.Step() || tables.Int(0) == 0) {
    return Status::Corruption(
        "database: not a hall installation database (no schema); if "
        "'hall-admin init' "
        "failed half-way, remove the folder and run it again");
  }
  auto q = db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!q.Step()) {
    return Status::Corruption(
        "database: not a hall installation database (no schema version)");
  }
  return q.Int(0);
}

}  // namespace

Status CreateSchema(Database& db) {
  static const char* const kSchema = R"sql(
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL);
CREATE TABLE meetings(
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  procedure TEXT NOT NULL,
  procedure_file BLOB NOT NULL,
  members INTEGER NOT NULL,
  trustees_k INTEGER,
  box_key BLOB,
  definition BLOB,
  definition_sig BLOB,
  rehearsal INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL);
CREATE TABLE roll(
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  person_id TEXT NOT NULL,
  name TEXT NOT NULL,
  grp TEXT NOT NULL,
  present INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(meeting_id, person_id)) WITHOUT ROWID;
CREATE TABLE candidates(
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  name TEXT NOT NULL,
  PRIMARY KEY(meeting_id, name)) WITHOUT ROWID;
CREATE TABLE trustees(
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(meeting_id, idx)) WITHOUT ROWID;
CREATE TABLE recipients(
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  name TEXT NOT NULL,
  public_key BLOB NOT NULL,
  PRIMARY KEY(meeting_id, name)) WITHOUT ROWID;
CREATE TABLE kiosks(
  name TEXT PRIMARY KEY,
  serial TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE rounds(
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meetings(id),
  step TEXT NOT NULL,
  state TEXT NOT NULL,
  slots INTEGER NOT NULL,
  head_nominee TEXT,
  previous_round INTEGER,
  persons TEXT NOT NULL,
  groups TEXT NOT NULL DEFAULT '[]',
  date TEXT NOT NULL,
  issued INTEGER,
  present_at_seal INTEGER,
  template BLOB,
  template_sig BLOB,
  credential_list BLOB,
  credential_list_sig BLOB,
  sealed_statement BLOB,
  sealed_sig BLOB,
  closed_statement BLOB,
  closed_sig BLOB,
  sealed_at TEXT,
  opened_at TEXT,
  closed_at TEXT,
  tallied_at TEXT,
  partials BLOB,
  minutes BLOB,
  minutes_sig BLOB,
  minutes_digest TEXT,
  sealed_minutes BLOB,
  cancelled_reason TEXT);
CREATE TABLE ballots(
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  idx INTEGER NOT NULL,
  credential BLOB NOT NULL,
  envelope BLOB NOT NULL,
  entry_hash BLOB NOT NULL,
  tracking_code TEXT NOT NULL,
  PRIMARY KEY(round_id, idx),
  UNIQUE(round_id, credential),
  UNIQUE(round_id, tracking_code)) WITHOUT ROWID;
CREATE TABLE issued_receipts(
  round_id INTEGER NOT NULL REFERENCES rounds(id),
  idx INTEGER NOT NULL,
  tracking_code TEXT NOT NULL,
  head BLOB NOT NULL,
  PRIMARY KEY(round_id, idx)) WITHOUT ROWID;
)sql";
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  if (Status s = db.Exec(kSchema); !s.ok()) return s;
  if (Status s = db.Exec(kVersion5Tables); !s.ok()) return s;
  if (Status s = AddVersion6(db); !s.ok()) return s;
  if (Status s = AddVersion7(db); !s.ok()) return s;
  if (Status s = AddVersion8(db); !s.ok()) return s;
  if (Status s = AddVersion9(db); !s.ok()) return s;
  auto put =
      db.Prepare("INSERT INTO meta(key, value) VALUES('schema_version', ?)");
  if (Status s = put.Bind(1, std::int64_t{kSchemaVersion}).Run(); !s.ok())
    return s;
  return tx.Commit();
}

Status UpgradeSchema(Database& db) {
  auto before = StoredVersion(db);
  if (!before.ok()) return before.status();
  if (*before < 4 || *before >= kSchemaVersion) return Status::Ok();  // CheckSchema judges it
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  // Another process may have upgraded it meanwhile.
  auto now = StoredVersion(db);
  if (!now.ok()) return now.status();
  if (*now < 4 || *now >= kSchemaVersion) return Status::Ok();
  if (*now == 4) {
    if (Status s = db.Exec(kVersion5Tables); !s.ok()) return s;
  }
  if (Status s = AddVersion6(db); !s.ok()) return s;
  if (Status s = AddVersion7(db); !s.ok()) return s;
  if (Status s = AddVersion8(db); !s.ok()) return s;
  if (Status s = AddVersion9(db); !s.ok()) return s;
  auto put = db.Prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'");
  if (Status s = put.Bind(1, std::int64_t{kSchemaVersion}).Run(); !s.ok()) return s;
  return tx.Commit();
}

Status CheckSchema(Database& db) {
  auto version = StoredVersion(db);
  if (!version.ok()) return version.status();
  if (*version != kSchemaVersion) {
    return Status::FailedPrecondition(
        "database: schema version " + std::to_string(*version) +
        " is not the version this program reads (" +
        std::to_string(kSchemaVersion) + ")");
  }
  return Status::Ok();
}

}  // namespace hall::server
