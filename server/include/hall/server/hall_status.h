// HallStatus: the public status of the installation (protocol.h's
// StatusResponse), what every kiosk and the hall display show: the current
// meeting and its current round (the open one, else the latest past its
// draft).
//
// Contract:
// - Turnout, quorum and the quorum rule are those of the round's
//   electorate and step (LoadElectorate, rules::CheckQuorum): exactly what
//   the committee enforced when it sealed and opened the round.
// - A sealed round's counts and outcome are never in it: the round shows
//   issued, cast, spoiled, state, times, board head and the minutes'
//   digest; announced_outcome is filled only for a round announced under an
//   announced disclosure that its template also says.
// - Alerts: how many the meeting's kiosks reported and the newest
//   shared::kMaxStatusAlerts (kind, kiosk, round, time), never their detail.
// - Times are the server's `clock` (opened_at_unix / closed_at_unix from the
//   round's stored times; 0 when not yet or unreadable).
// - Never fails: what cannot be read is left out.
#ifndef HALL_SERVER_HALL_STATUS_H_
#define HALL_SERVER_HALL_STATUS_H_

#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/protocol.h"

namespace hall::server {

shared::StatusResponse HallStatus(Database& db, const Clock& clock);

}  // namespace hall::server

#endif  // HALL_SERVER_HALL_STATUS_H_
