// hall-admin server show|reissue-certificate: the tally server's certificate
// and the addresses it names (what kiosks may dial).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "hall/crypto/fingerprint.h"
#include "hall/server/admin/admin.h"
#include "hall/server/provisioning.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct ServerArgs {
  CommonOptions common;
  std::vector<std::string> addresses;
};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

void RunShow(const ServerArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  const ServerCertificateInfo info =
      Take(LoadServerCertificateInfo(inst.paths));
  const crypto::VerifyKey seal = Take(SealPublicKey(*inst.db));
  Out() << "installation " << inst.paths.dir.string() << "\n"
        << "seal fingerprint: " << crypto::Fingerprint(seal) << "\n"
        << "server certificate " << inst.paths.server_cert().string() << "\n"
        << "  name: " << info.common_name << "\n"
        << "  addresses: " << Join(info.addresses) << "\n"
        << "  valid until: " << info.not_after << "\n"
        << "  serial: " << info.serial_hex << "\n"
        << "  SHA-256: " << info.fingerprint << "\n"
        << "kiosks dial " << DefaultKioskAddress(info.addresses) << ":"
        << kDefaultServerPort
        << " unless enrolled with --server-address; another address needs "
           "hall-admin server reissue-certificate --address A\n";
}

void RunReissue(const ServerArgs& a) {
  // Files only: the database is not opened (nor its passphrase asked).
  const InstallationPaths paths = PathsOrFail(a.common);
  const ServerCertificateInfo before = Take(LoadServerCertificateInfo(paths));
  const ServerCertificateInfo after =
      Take(ReissueServerCertificate(paths, a.addresses));
  Out() << "new server certificate " << paths.server_cert().string()
        << " (serial " << after.serial_hex << ", valid until "
        << after.not_after << ")\n"
        << "  addresses: " << Join(after.addresses) << "\n"
        << "  (before: " << Join(before.addresses) << ")\n";
  std::vector<std::string> dropped;
  for (const std::string& old : before.addresses) {
    if (std::find(after.addresses.begin(), after.addresses.end(), old) ==
        after.addresses.end()) {
      dropped.push_back(old);
    }
  }
  if (!dropped.empty()) {
    Out() << "No longer named: " << Join(dropped)
          << ". Kiosks whose folder dials one of them will refuse the server: "
             "enrol them again (revoke, then enrol) with another "
             "--server-address.\n";
  }
  Out() << "Restart hall-server so it presents the new certificate (it reads "
           "it at start only; SIGHUP reloads just the revocation list).\n";
}

}  // namespace

void RegisterServer(CLI::App& app, Context& ctx) {
  CLI::App* server = app.add_subcommand(
      "server", "The tally server's certificate: show, reissue-certificate");
  server->require_subcommand(1);

  auto s = std::make_shared<ServerArgs>();
  CLI::App* show = server->add_subcommand(
      "show",
      "Show the installation: the seal fingerprint and the server "
      "certificate, with the addresses kiosks may dial");
  AddCommonOptions(*show, s->common);
  show->callback([&ctx, s] { ctx.action = [s] { RunShow(*s); }; });

  auto r = std::make_shared<ServerArgs>();
  CLI::App* reissue = server->add_subcommand(
      "reissue-certificate",
      "Issue the server a new certificate from the committee CA naming "
      "127.0.0.1, localhost and every --address (the ones it named before "
      "are dropped unless given again); it replaces server.crt at once. "
      "Restart hall-server afterwards.");
  reissue
      ->add_option("--dir", r->common.dir,
                   "The installation folder (default: $HALL_DIR)")
      ->envname("HALL_DIR");
  reissue
      ->add_option("--address", r->addresses,
                   "An IP address or host name kiosks dial to reach the "
                   "server (repeatable)")
      ->required();
  reissue->callback([&ctx, r] { ctx.action = [r] { RunReissue(*r); }; });
}

}  // namespace hall::server::admin
