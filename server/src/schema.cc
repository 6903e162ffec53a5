#include "hall/server/schema.h"

#include <string>

namespace hall::server {

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
  auto put =
      db.Prepare("INSERT INTO meta(key, value) VALUES('schema_version', ?)");
  if (Status s = put.Bind(1, std::int64_t{kSchemaVersion}).Run(); !s.ok())
    return s;
  return tx.Commit();
}

Status CheckSchema(Database& db) {
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
  if (q.Int(0) != kSchemaVersion) {
    return Status::FailedPrecondition(
        "database: schema version " + std::to_string(q.Int(0)) +
        " is not the version this program reads (" +
        std::to_string(kSchemaVersion) + ")");
  }
  return Status::Ok();
}

}  // namespace hall::server
