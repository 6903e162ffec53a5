// hall-admin alerts: what the kiosks reported to the committee (a template
// failing its seal, an inclusion proof or a spoiled ballot that did not
// verify), with the kiosk's certificate name, the round and the server's
// time; the detail is the kiosk's own text, sanitized when it was stored
// (alert_store.h).
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "hall/server/admin/admin.h"
#include "hall/server/alert_store.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct AlertArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;  // 0: the current meeting
};

std::string RoundText(std::uint64_t round_id) {
  return round_id == 0 ? "no round" : "round " + Num(round_id);
}

void RunAlerts(const AlertArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  Database& db = *inst.db;
  std::uint64_t meeting_id = a.meeting;
  if (meeting_id == 0) {
    auto current = CurrentMeeting(db);
    if (!current) {
      Out() << "no meetings yet (hall-admin meeting create)\n";
      return;
    }
    meeting_id = *current;
  }
  const MeetingInfo m = RequireMeeting(db, meeting_id);
  const auto stored = Take(ListAlerts(db, m.id));
  const auto counted = ListCountedAlerts(db, m.id);
  const std::uint64_t total = AlertTotal(db, m.id);
  if (total == 0) {
    Out() << "no kiosk alerts for meeting " << m.id << " (" << m.title << ")\n";
    return;
  }
  Out() << total << " kiosk alert" << (total == 1 ? "" : "s") << " for meeting "
        << m.id << " (" << m.title << "); tell the "
        << "organizing committee and check each kiosk named:\n";
  for (const StoredAlert& alert : stored) {
    Out() << alert.received_at << "  " << alert.kiosk << "  "
          << RoundText(alert.round_id) << "  "
          << shared::AlertKindName(alert.kind);
    if (!alert.detail.empty()) Out() << ": " << alert.detail;
    Out() << "\n";
  }
  for (const CountedAlerts& c : counted) {
    Out() << "and " << c.count << " more from " << c.kiosk << " for "
          << RoundText(c.round_id) << ", the last at " << c.last_at
          << " (only counted: a kiosk's first " << kAlertsKeptPerKioskRound
          << " per round and " << kAlertsKeptPerKiosk << " in all are kept)\n";
  }
}

}  // namespace

void RegisterAlerts(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<AlertArgs>();
  CLI::App* alerts = app.add_subcommand(
      "alerts",
      "Show what the kiosks reported: a ballot template failing its seal, "
      "an inclusion proof or a spoiled ballot that did not verify (newest "
      "first, with the kiosk's certificate name, the round and the server's "
      "time)");
  AddCommonOptions(*alerts, a->common);
  alerts->add_option("--meeting", a->meeting,
                     "Meeting id (default: the current meeting)");
  alerts->callback([&ctx, a] { ctx.action = [a] { RunAlerts(*a); }; });
}

}  // namespace hall::server::admin
