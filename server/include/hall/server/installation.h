// A hall installation: one folder on the tally server holding the encrypted
// database, its key file, the committee's seal key (passphrase-protected),
// the committee CA, the server's certificate, the revocation list and the
// kiosks' certificate folders. `hall-admin init` creates it.
#ifndef HALL_SERVER_INSTALLATION_H_
#define HALL_SERVER_INSTALLATION_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hall/crypto/key_file.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"
#include "hall/server/database.h"

namespace hall::server {

struct InstallationPaths {
  std::filesystem::path dir;
  std::filesystem::path db() const { return dir / "hall.db"; }
  std::filesystem::path db_key() const { return dir / "db.key"; }
  std::filesystem::path seal_key() const { return dir / "seal.key"; }
  std::filesystem::path ca_cert() const { return dir / "ca.crt"; }
  std::filesystem::path ca_key() const { return dir / "ca.key"; }
  std::filesystem::path server_cert() const { return dir / "server.crt"; }
  std::filesystem::path server_key() const { return dir / "server.key"; }
  std::filesystem::path crl() const { return dir / "revoked.crl"; }
  std::filesystem::path kiosk_dir(const std::string& name) const {
    return dir / "kiosks" / name;
  }
};

struct InitOptions {
  std::string name = "hall";  // shown in certificates
  // The seal's public key when the seal lives on the committee console
  // (hall-console init): then no seal key is made or kept here.
  std::optional<crypto::VerifyKey> seal_public_key;
  std::string seal_passphrase;  // otherwise: the new seal key's
  crypto::KeyFileCost seal_cost = crypto::KeyFileCost::kModerate;
  // When set, the database is unlocked by this passphrase instead of a key
  // file (then every command asks for it).
  std::optional<std::string> db_passphrase;
  std::vector<std::string> server_names;  // extra host names / IPs for TLS
};

struct InitResult {
  std::string installation_id;
  std::string seal_fingerprint;
};

// Creates the folder's contents; refuses a folder that already holds one.
Result<InitResult> InitInstallation(const InstallationPaths& paths,
                                    const InitOptions& options);

// The database key: the key file if it exists, otherwise `passphrase`.
Result<DatabaseKey> InstallationDbKey(
    const InstallationPaths& paths,
    const std::optional<std::string>& passphrase);
// InstallationDbKey with the passphrase from $HALL_DB_PASSPHRASE, if set
// (what hall-server and the load generator use: they ask nothing).
Result<DatabaseKey> InstallationDbKeyFromEnv(const InstallationPaths& paths);
// Opens the installation's database, upgrades a version 4 schema in place
// (UpgradeSchema, schema.h) and checks its schema.
Result<Database> OpenInstallation(const InstallationPaths& paths,
                                  const DatabaseKey& key);

}  // namespace hall::server

#endif  // HALL_SERVER_INSTALLATION_H_
