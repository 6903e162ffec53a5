// The database schema of a hall installation, version 7 (2: each meeting
// stores the procedure file it runs; 3: rehearsal meetings and cancelled
// rounds; 4: `issued_receipts`, every receipt the server gave out, written
// in the transaction that stores its ballot, so a board that lost ballots
// after their receipts went out is refused at close and at inclusion;
// 5: `kiosk_alerts` and `kiosk_alerts_counted`, what kiosks reported
// (alert_store.h), `spoiled_ballots`, the ballots spoiled to check a kiosk,
// and `cast_ciphertexts`, the digest of each cast ballot's ciphertexts, so
// that no ciphertexts are both spoiled and cast (spoiled_store.h);
// 6: `meetings.date`, the date of the meeting's sitting; 7:
// `rounds.cancellation` / `cancellation_sig`, the committee's signed
// cancellation of a round, and `step_records` / `step_documents`, the
// signed records of the steps without a ballot).
//
// Upgrades: versions 5 to 7 only add tables and columns, so UpgradeSchema
// turns a version 4, 5 or 6 database into version 7 in place, in one
// transaction (OpenInstallation runs it before CheckSchema). Any other
// version is refused.
//
// Secrecy by construction: the `ballots` table holds, per round, only the
// position on the bulletin board, the anonymous credential key, the signed
// envelope and its board hashes. No arrival time, no kiosk, no person; and
// so do `spoiled_ballots` (a round's spoiled ballots keyed by the digest of
// their ciphertexts, with no time or kiosk) and `cast_ciphertexts`. A
// sealed round's counts and outcome are never stored in the clear: only the
// partial decryptions boxed to each recipient, and their digest.
#ifndef HALL_SERVER_SCHEMA_H_
#define HALL_SERVER_SCHEMA_H_

#include "hall/base/status.h"
#include "hall/server/database.h"

namespace hall::server {

inline constexpr int kSchemaVersion = 9;

// Creates every table of an empty database.
Status CreateSchema(Database& db);
// Upgrades a version 4, 5, 6, 7 or 8 database to kSchemaVersion (see above), keeping
// every row; does nothing to any other version.
Status UpgradeSchema(Database& db);
// Refuses a database of another schema version.
Status CheckSchema(Database& db);

}  // namespace hall::server

#endif  // HALL_SERVER_SCHEMA_H_
