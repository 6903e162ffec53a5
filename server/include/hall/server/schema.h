// The database schema of a hall installation, version 4 (2: each meeting
// stores the procedure file it runs; 3: rehearsal meetings and cancelled
// rounds; 4: `issued_receipts`, every receipt the server gave out, written
// in the transaction that stores its ballot, so a board that lost ballots
// after their receipts went out is refused at close and at inclusion).
//
// Secrecy by construction: the `ballots` table holds, per round, only the
// position on the bulletin board, the anonymous credential key, the signed
// envelope and its board hashes. No arrival time, no kiosk, no person. A
// sealed round's counts and outcome are never stored in the clear: only the
// partial decryptions boxed to each recipient, and their digest.
#ifndef HALL_SERVER_SCHEMA_H_
#define HALL_SERVER_SCHEMA_H_

#include "hall/base/status.h"
#include "hall/server/database.h"

namespace hall::server {

inline constexpr int kSchemaVersion = 4;

// Creates every table of an empty database.
Status CreateSchema(Database& db);
// Refuses a database of another schema version.
Status CheckSchema(Database& db);

}  // namespace hall::server

#endif  // HALL_SERVER_SCHEMA_H_
