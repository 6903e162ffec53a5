// KioskService: answers the kiosk protocol (hall/shared/protocol.h) for
// every connection of the TLS listener. Status shows the current meeting's
// current round (hall_status.h); a sealed round's counts and outcome are
// never sent: only turnout, state and the minutes' digest. An alert is
// stored under the name of the kiosk certificate the connection presented
// (PeerInfo::common_name) with the time of `clock` (alert_store.h); a
// spoiled ballot with neither (spoiled_store.h). Casts and inclusion proofs
// go to the ballot box.
#ifndef HALL_SERVER_KIOSK_SERVICE_H_
#define HALL_SERVER_KIOSK_SERVICE_H_

#include <mutex>

#include "hall/server/ballot_box.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/server/tls_listener.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/protocol.h"

namespace hall::server {

class KioskService {
 public:
  // `db` is a connection of this service's own (used under a mutex).
  KioskService(BallotBox& box, Database db, Clock clock = SystemClock());

  net::Frame Handle(const PeerInfo& peer, const net::Frame& request);
  shared::StatusResponse CurrentStatus();

 private:
  BallotBox& box_;
  std::mutex db_mutex_;
  Database db_;
  Clock clock_;
};

}  // namespace hall::server

#endif  // HALL_SERVER_KIOSK_SERVICE_H_
