// hall-admin kiosk enrol|revoke|list: kiosk (and hall display) certificates
// from the committee CA with the folder a kiosk reads, and their revocation.
#include <signal.h>
#include <sys/types.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <limits>
#include <optional>

#include "hall/server/admin/admin.h"
#include "hall/server/admin/server_process.h"
#include "hall/server/provisioning.h"

namespace hall::server::admin {
namespace {

struct KioskArgs {
  CommonOptions common;
  std::string name;
  std::string server_address;  // HOST[:PORT]; empty: the default
  std::string out;             // the kiosk's folder; empty: the default
  std::optional<long long> server_pid;  // hall-server to signal
};

void RunEnrol(const KioskArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  KioskEnrolOptions options;
  options.name = a.name;
  options.out = a.out;
  if (!a.server_address.empty()) {
    const ServerAddress address = Take(ParseServerAddress(a.server_address));
    options.server_host = address.host;
    options.server_port = address.port;
  }
  const EnrolledKiosk k = Take(EnrolKiosk(inst.paths, *inst.db, options));
  const std::string dir = k.dir.string();
  const bool v6 = k.manifest.server_host.find(':') != std::string::npos;
  Out() << "kiosk " << a.name << " enrolled (certificate serial " << k.serial
        << ")\n"
        << "Its folder " << dir
        << " holds kiosk.crt, kiosk.key, ca.crt, seal.pub and kiosk.json: it "
           "dials "
        << (v6 ? "[" : "") << k.manifest.server_host << (v6 ? "]" : "") << ":"
        << k.manifest.server_port << " and checks every ballot against the "
        << "seal " << k.manifest.seal_fingerprint << ".\n"
        << "Copy the whole folder to the kiosk (or hall display) and start it "
           "with: hall-kiosk --config FOLDER\n"
        << "kiosk.key is secret: carry it on a USB stick you keep"
        << (a.out.empty() ? ", then delete the folder here (--out puts it "
                            "straight on the stick)"
                          : "")
        << ".\n";
}

void RunRevoke(const KioskArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  // The server is checked first: a wrong --server-pid revokes nothing.
  std::optional<ServerProcess> server;
  if (a.server_pid) {
    if (*a.server_pid <= 0 || *a.server_pid > std::numeric_limits<pid_t>::max())
      Fail(StatusCode::kInvalidArgument,
           "--server-pid must be hall-server's process id (pgrep -a "
           "hall-server); kiosk " + a.name + " was not revoked");
    auto found =
        ServerProcess::Find(static_cast<pid_t>(*a.server_pid), inst.paths);
    if (!found.ok())
      Fail(found.code(), found.message() + "; kiosk " + a.name +
                             " was not revoked");
    server.emplace(std::move(found).value());
  }
  Check(RevokeKiosk(inst.paths, *inst.db, a.name));
  Out() << "kiosk " << a.name << " revoked; the revocation list "
            << inst.paths.crl().string() << " is updated\n";
  if (server) {
    if (Status s = server->Signal(SIGHUP); !s.ok()) {
      Fail(s.code(), "kiosk " + a.name + " is revoked, but " + s.message() +
                         "; send it SIGHUP (kill -HUP " +
                         std::to_string(server->pid()) + ") yourself");
    }
    Out() << "hall-server (pid " << server->pid()
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
  CLI::App* kiosk = app.add_subcommand(
      "kiosk", "Kiosks and hall displays: enrol, revoke, list");
  kiosk->require_subcommand(1);

  auto e = std::make_shared<KioskArgs>();
  CLI::App* enrol = kiosk->add_subcommand(
      "enrol",
      "Issue a kiosk certificate from the committee CA and write the kiosk's "
      "folder (kiosk.crt, kiosk.key, ca.crt, seal.pub, kiosk.json; default "
      "DIR/kiosks/NAME), which the kiosk reads with hall-kiosk --config "
      "FOLDER. A hall display is enrolled just like a kiosk.");
  enrol->alias("enroll");
  AddCommonOptions(*enrol, e->common);
  enrol
      ->add_option("name", e->name,
                   "Kiosk or display name: letters, digits, - and _ (e.g. "
                   "kiosk-01, display-1)")
      ->required();
  enrol->add_option(
      "--server-address", e->server_address,
      "HOST[:PORT] the kiosk dials to reach hall-server ([IPv6]:PORT); HOST "
      "must be named by the server certificate (hall-admin server show). "
      "Default: the first address it names besides 127.0.0.1 and localhost, "
      "else 127.0.0.1; port " +
          std::to_string(kDefaultServerPort));
  enrol->add_option("--out", e->out,
                    "Write the kiosk's folder here (new or empty, e.g. on the "
                    "USB stick) instead of DIR/kiosks/NAME");
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
                     "kiosk off at once (checked first: it must be the "
                     "hall-server of this installation)");
  revoke->callback([&ctx, r] { ctx.action = [r] { RunRevoke(*r); }; });

  auto l = std::make_shared<KioskArgs>();
  CLI::App* list =
      kiosk->add_subcommand("list", "List enrolled and revoked kiosks");
  AddCommonOptions(*list, l->common);
  list->callback([&ctx, l] { ctx.action = [l] { RunList(*l); }; });
}

}  // namespace hall::server::admin
