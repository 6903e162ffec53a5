// hall-admin init: a new installation (seal, CA, server certificate,
// database).
#include <CLI/CLI.hpp>
#include <iostream>

#include "hall/server/admin/admin.h"
#include "hall/server/provisioning.h"
#include "hall/shared/seal_public_key_file.h"

namespace hall::server::admin {
namespace {

struct InitArgs {
  CommonOptions common;
  std::string name = "hall";
  std::vector<std::string> addresses;  // --address, for the certificate
  bool db_passphrase = false;
  std::string seal_cost = "moderate";
  std::string seal_public_key;  // hall-console init's seal.pub
};

// The seal public key file hall-console init writes.
crypto::VerifyKey ReadSealPublicKey(const std::string& path) {
  auto key = shared::DecodeSealPublicKeyFile(ReadInputFile(path, 4096));
  if (!key.ok()) Fail(key.status().WithContext(path));
  return std::move(key).value();
}

void RunInit(const InitArgs& a) {
  if (a.common.dir.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "no installation folder: give --dir DIR or set HALL_DIR");
  }
  InstallationPaths paths{a.common.dir};
  std::error_code ec;
  if (std::filesystem::exists(paths.db(), ec)) {
    Fail(StatusCode::kAlreadyExists,
         a.common.dir +
             " already holds a hall installation; hall never "
             "overwrites one (choose another folder)");
  }
  // The certificates' names (docs/transport.md): checked before anything
  // is created.
  if (a.name.empty() || a.name.size() > 48 ||
      a.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
                               "TUVWXYZ0123456789 ._-") != std::string::npos) {
    Fail(StatusCode::kInvalidArgument,
         "--name \"" + a.name +
             "\" goes into the certificates: use at most 48 ASCII letters, "
             "digits, spaces, '.', '_' or '-'");
  }
  InitOptions opt;
  opt.name = a.name;
  opt.server_names = a.addresses;
  opt.seal_cost = ParseCost(a.seal_cost);
  if (!a.seal_public_key.empty()) {
    opt.seal_public_key = ReadSealPublicKey(a.seal_public_key);
  } else {
    opt.seal_passphrase = ReadPassphrase(
        "new seal passphrase", a.common.seal_passphrase_file,
        "HALL_SEAL_PASSPHRASE", "--seal-passphrase-file", /*confirm=*/true);
    if (opt.seal_passphrase.size() < 8) {
      Fail(StatusCode::kInvalidArgument,
           "the seal passphrase must have at least 8 characters");
    }
  }
  if (a.db_passphrase) {
    opt.db_passphrase = ReadPassphrase(
        "new database passphrase", a.common.db_passphrase_file,
        "HALL_DB_PASSPHRASE", "--db-passphrase-file", /*confirm=*/true);
    if (opt.db_passphrase->size() < 8) {
      Fail(StatusCode::kInvalidArgument,
           "the database passphrase must have at least 8 characters");
    }
  }
  InitResult r = Take(InitInstallation(paths, opt));
  const ServerCertificateInfo cert = Take(LoadServerCertificateInfo(paths));
  std::string addresses;
  for (const std::string& address : cert.addresses)
    addresses += (addresses.empty() ? "" : ", ") + address;
  Out() << "installation created in " << a.common.dir << " (id "
        << r.installation_id << ")\n"
        << "seal fingerprint: " << r.seal_fingerprint << "\n"
        << "server certificate names: " << addresses << "\n"
        << (a.addresses.empty()
                ? "Kiosks on the hall network need the server's address "
                  "in it: hall-admin server reissue-certificate --address "
                  "A (then restart hall-server).\n"
                : "")
        << (opt.seal_public_key
                ? "The seal stays on the committee console: compare this "
                  "fingerprint with the one hall-console init printed.\n"
                : "The seal key is in this folder: use it for rehearsals "
                  "only; a real meeting's seal lives on the committee "
                  "console (hall-console init, then init "
                  "--seal-public-key).\n")
        << "\n"
        << "Read the seal fingerprint aloud, record it in the minutes of "
           "the meeting and give it to every kiosk operator: kiosks show "
           "it on every ballot.\n"
        << "Next:\n"
        << "  hall-admin kiosk enrol --dir " << a.common.dir
        << " kiosk-01       (one per kiosk and display: the folder "
           "for hall-kiosk --config)\n"
        << "  hall-server --dir " << a.common.dir << " --host 0.0.0.0 "
        << "--port " << kDefaultServerPort << "\n"
        << "  hall-admin meeting create --dir " << a.common.dir
        << " --title TITLE --procedure P1 --members N\n";
  if (a.db_passphrase) {
    Out() << "The database is locked by its passphrase: every command "
                 "and hall-server ask for it (HALL_DB_PASSPHRASE).\n";
  }
}

}  // namespace

void RegisterInit(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<InitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "init",
      "Create an installation: the committee's seal key (passphrase-"
      "protected), the committee CA, the server certificate and the "
      "encrypted database. Prints the seal fingerprint.");
  cmd->add_option("--dir", a->common.dir,
                  "The new installation folder (default: $HALL_DIR)")
      ->envname("HALL_DIR");
  cmd->add_option("--name", a->name,
                  "Name shown in the certificates (e.g. the venue)")
      ->capture_default_str();
  cmd->add_option("--address,--server-name", a->addresses,
                  "An IP address or host name kiosks dial to reach the "
                  "server (repeatable), put in the server certificate; "
                  "127.0.0.1 and localhost are always included (later: "
                  "hall-admin server reissue-certificate)");
  cmd->add_flag("--db-passphrase", a->db_passphrase,
                "Lock the database with a passphrase instead of a key file "
                "(then every command asks for it; $HALL_DB_PASSPHRASE or "
                "--db-passphrase-file)");
  cmd->add_option("--db-passphrase-file", a->common.db_passphrase_file,
                  "File holding the new database passphrase");
  cmd->add_option("--seal-passphrase-file", a->common.seal_passphrase_file,
                  "File holding the new seal passphrase (or "
                  "$HALL_SEAL_PASSPHRASE; else asked twice on the terminal)");
  cmd->add_option("--seal-public-key", a->seal_public_key,
                  "The seal's public key from the committee console "
                  "(hall-console init's seal.pub): the seal key then never "
                  "comes to this machine");
  cmd->add_option("--seal-cost", a->seal_cost,
                  "How hard guessing the seal passphrase is: interactive "
                  "(64 MiB) or moderate (256 MiB)")
      ->check(CostValidator())
      ->capture_default_str();
  cmd->callback([&ctx, a] { ctx.action = [a] { RunInit(*a); }; });
}

}  // namespace hall::server::admin
