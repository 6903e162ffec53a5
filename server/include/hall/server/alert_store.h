// Kiosk alerts: what kiosks report to the committee (protocol.h's
// AlertRequest), kept in the installation database (schema version 5:
// kiosk_alerts, kiosk_alerts_counted).
//
// Contract:
// - StoreAlert keeps at most kAlertsKeptPerKioskRound alerts of one kiosk
//   for one round and kAlertsKeptPerKiosk of one kiosk in all; a further
//   one is only counted (kiosk_alerts_counted: how many, and when the last
//   came). So a hostile kiosk stores at most kAlertsKeptPerKiosk details of
//   shared::kMaxAlertDetail bytes, and one counter row per round.
// - The round is 0 (none named) or a round of the installation (else
//   kNotFound, so a kiosk cannot make counter rows for rounds that do not
//   exist). The alert belongs to that round's meeting; with round 0, to the
//   current meeting (CurrentMeeting), or to none (meeting 0).
// - The kiosk name (the TLS peer's certificate name) and the detail are
//   stored as shared::SanitizeAlertText makes them (the name cut to 64
//   bytes, "(no name)" when empty), with the server's time from `clock`.
// - One transaction (BEGIN IMMEDIATE) on `db`, which must not be in one.
// - The detail is the kiosk's own text: hall-admin alerts shows it to the
//   committee; the hall display (the kiosk status) never gets it.
#ifndef HALL_SERVER_ALERT_STORE_H_
#define HALL_SERVER_ALERT_STORE_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/kiosk_alert.h"
#include "hall/shared/protocol.h"

namespace hall::server {

inline constexpr std::uint64_t kAlertsKeptPerKioskRound = 10;
inline constexpr std::uint64_t kAlertsKeptPerKiosk = 100;

enum class AlertDisposition : std::uint8_t {
  kStored,   // kept with its detail
  kCounted,  // over the caps: only counted
};

Result<AlertDisposition> StoreAlert(Database& db, std::string_view kiosk,
                                    const shared::AlertRequest& alert,
                                    const Clock& clock);

struct StoredAlert {
  std::uint64_t id = 0;
  std::uint64_t meeting_id = 0;
  std::uint64_t round_id = 0;
  std::string kiosk;
  shared::AlertKind kind = shared::AlertKind::kTemplateSealInvalid;
  std::string detail;       // sanitized
  std::string received_at;  // the Clock's "YYYY-MM-DDTHH:MM:SSZ"
};

// Alerts over the caps, per kiosk and round.
struct CountedAlerts {
  std::string kiosk;
  std::uint64_t round_id = 0;
  std::uint64_t count = 0;
  std::string last_at;
};

// Meeting `meeting_id`'s stored alerts, the newest first, at most `limit`.
// kCorruption for a stored kind that is not an AlertKind's name.
Result<std::vector<StoredAlert>> ListAlerts(
    Database& db, std::uint64_t meeting_id,
    std::size_t limit = std::numeric_limits<std::size_t>::max());
std::vector<CountedAlerts> ListCountedAlerts(Database& db,
                                             std::uint64_t meeting_id);
// Every alert of the meeting received: stored and only counted.
std::uint64_t AlertTotal(Database& db, std::uint64_t meeting_id);

}  // namespace hall::server

#endif  // HALL_SERVER_ALERT_STORE_H_
