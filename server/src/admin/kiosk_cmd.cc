// hall-admin kiosk enrol|revoke|list: kiosk certificates from the
// committee CA, and their revocation.
#include <signal.h>
#include <sys/types.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "hall/server/admin/admin.h"

namespace hall::server::admin {
namespace {

struct KioskArgs {
  CommonOptions common;
  std::string name;
  int server_pid = 0;
};

void RunEnrol(const KioskArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  const std::string serial = Take(EnrolKiosk(inst.paths, *inst.db, a.name));
  const auto dir = inst.paths.kiosk_dir(a.name);
  Out() << "kiosk " << a.name << " enrolled (certificate serial " << serial
            << ")\n"
            << "Copy " << (dir / "kiosk.crt").string() << ", "
            << (dir / "kiosk.key").string() << " and "
            << (dir / "ca.crt").string()
            << " to the kiosk (kiosk.key is secret: move it on a USB stick "
               "you keep, then delete it there).\n";
}

void RunRevoke(const KioskArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  Check(RevokeKiosk(inst.paths, *inst.db, a.name));
  Out() << "kiosk " << a.name << " revoked; the revocation list "
            << inst.paths.crl().string() << " is updated\n";
  if (a.server_pid > 0) {
    if (::kill(static_cast<pid_t>(a.server_pid), SIGHUP) != 0) {
      const int err = errno;
      Fail(CodeForErrno(err), "kiosk " + a.name +
                                  " is revoked, but hall-server (pid " +
                                  std::to_string(a.server_pid) +
                                  ") could not be told: " + std::strerror(err) +
                                  "; send it SIGHUP (kill -HUP PID) yourself");
    }
    Out() << "hall-server (pid " << a.server_pid
              << ") told to reload the list: the kiosk is cut off now\n";
  } else {
    Out() << "Tell the running hall-server to reload it: kill -HUP "
                 "<hall-server pid> (or restart it); until then the kiosk "
                 "can still connect.\n";
  }
}

void RunList(const KioskArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  auto q = inst.db->Prepare(
      "SELECT name, serial, revoked FROM kiosks ORDER BY name");
  int n = 0;
  while (q.Step()) {
    Out() << q.Text(0) << "  serial " << q.Text(1) << "  "
              << (q.Int(2) ? "REVOKED" : "enrolled") << "\n";
    ++n;
  }
  Check(q.status());
  if (n == 0) {
    Out() << "no kiosks enrolled (hall-admin kiosk enrol NAME)\n";
  }
}

}  // namespace

void RegisterKiosk(CLI::App& app, Context& ctx) {
  CLI::App* kiosk =
      app.add_subcommand("kiosk", "Kiosk certificates: enrol, revoke, list");
  kiosk->require_subcommand(1);

  auto e = std::make_shared<KioskArgs>();
  CLI::App* enrol = kiosk->add_subcommand(
      "enrol",
      "Issue a kiosk certificate from the committee CA into "
      "DIR/kiosks/NAME (kiosk.crt, kiosk.key, ca.crt)");
  enrol->alias("enroll");
  AddCommonOptions(*enrol, e->common);
  enrol
      ->add_option("name", e->name,
                   "Kiosk name: letters, digits, - and _ (e.g. kiosk-01)")
      ->required();
  enrol->callback([&ctx, e] { ctx.action = [e] { RunEnrol(*e); }; });

  auto r = std::make_shared<KioskArgs>();
  CLI::App* revoke = kiosk->add_subcommand(
      "revoke",
      "Revoke a kiosk's certificate (a lost or stolen kiosk). The running "
      "hall-server reloads the list on SIGHUP.");
  AddCommonOptions(*revoke, r->common);
  revoke->add_option("name", r->name, "Kiosk name")->required();
  revoke->add_option("--server-pid", r->server_pid,
                     "Send SIGHUP to this hall-server process so it cuts the "
                     "kiosk off at once");
  revoke->callback([&ctx, r] { ctx.action = [r] { RunRevoke(*r); }; });

  auto l = std::make_shared<KioskArgs>();
  CLI::App* list =
      kiosk->add_subcommand("list", "List enrolled and revoked kiosks");
  AddCommonOptions(*list, l->common);
  list->callback([&ctx, l] { ctx.action = [l] { RunList(*l); }; });
}

}  // namespace hall::server::admin
