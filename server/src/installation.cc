#include "hall/server/installation.h"

#include <cstdlib>

#include "hall/base/folder.h"
#include "hall/crypto/fingerprint.h"
#include "hall/server/pki.h"
#include "hall/server/round_store.h"
#include "hall/server/schema.h"

namespace hall::server {
static Result<InitResult> InitInstallationFiles(const InstallationPaths& paths,
                                                const InitOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(paths.db(), ec)) {
    return Status::AlreadyExists(
        paths.dir.string() +
        ": already holds a hall installation; hall never overwrites one");
  }
  if (!options.seal_public_key && options.seal_passphrase.size() < 8) {
    return Status::InvalidArgument(
        "the seal passphrase must have at least 8 characters");
  }
  if (auto made = MakeFolder(paths.dir); !made.ok()) return made.status();

  // The seal: its public key only, when the committee console holds it.
  std::optional<crypto::VerifyKey> seal_public = options.seal_public_key;
  if (!seal_public) {
    crypto::SigningKey seal = crypto::SigningKey::Generate();
    if (Status s = crypto::SaveSigningKey(seal, paths.seal_key(),
                                          options.seal_passphrase,
                                          options.seal_cost);
        !s.ok()) {
      return s;
    }
    seal_public = seal.verify_key();
  }
  // The database.
  std::optional<DatabaseKey> key;
  if (options.db_passphrase) {
    key = DatabaseKey::Passphrase(*options.db_passphrase);
  } else {
    if (Status s = CreateDatabaseKeyFile(paths.db_key()); !s.ok()) return s;
    auto loaded = LoadDatabaseKeyFile(paths.db_key());
    if (!loaded.ok()) return loaded.status();
    key = std::move(loaded).value();
  }
  auto db = Database::Open(paths.db(), *key, true);
  if (!db.ok()) return db.status();
  if (Status s = CreateSchema(*db); !s.ok()) return s;
  std::array<std::uint8_t, 16> id{};
  randombytes_buf(id.data(), id.size());
  InitResult result;
  result.installation_id = Hex(id);
  result.seal_fingerprint = crypto::Fingerprint(*seal_public);
  auto meta = db->Prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
  if (Status s =
          meta.Bind(1, "installation").Bind(2, result.installation_id).Run();
      !s.ok()) {
    return s;
  }
  if (Status s = meta.Bind(1, "seal_public_key")
                     .Bind(2, seal_public->bytes())
                     .Run();
      !s.ok()) {
    return s;
  }
  // The committee CA, the server's certificate and an empty revocation list.
  auto ca = CreateCommitteeCa(options.name + " committee CA", 10 * 365);
  if (!ca.ok()) return ca.status();
  auto server =
      IssueCertificate(*ca, CertRole::kServer, options.name + " tally server",
                       kDefaultCertificateValidityDays, options.server_names);
  if (!server.ok()) return server.status();
  auto crl = CreateEmptyCrl(*ca);
  if (!crl.ok()) return crl.status();
  for (Status s :
       {SavePrivateKey(paths.ca_key().string(), ca->key.get()),
        SaveCertificate(paths.ca_cert().string(), ca->cert.get()),
        SavePrivateKey(paths.server_key().string(), server->key.get()),
        SaveCertificate(paths.server_cert().string(), server->cert.get()),
        SaveCrl(paths.crl().string(), crl->get())}) {
    if (!s.ok()) return s;
  }
  return result;
}

Result<InitResult> InitInstallation(const InstallationPaths& paths,
                                    const InitOptions& options) {
  namespace fs = std::filesystem;
  // On failure, remove what this call created (and nothing that was there).
  const std::vector<fs::path> files = {paths.db(),
                                       fs::path(paths.db().string() + "-wal"),
                                       fs::path(paths.db().string() + "-shm"),
                                       paths.db_key(),
                                       paths.seal_key(),
                                       paths.ca_cert(),
                                       paths.ca_key(),
                                       paths.server_cert(),
                                       paths.server_key(),
                                       paths.crl()};
  std::vector<fs::path> created;
  std::error_code ec;
  for (const auto& f : files) {
    if (!fs::exists(f, ec)) created.push_back(f);
  }
  auto result = InitInstallationFiles(paths, options);
  if (!result.ok()) {
    const bool made_anything =
        fs::exists(paths.db(), ec) || fs::exists(paths.seal_key(), ec);
    for (const auto& f : created) fs::remove(f, ec);
    if (made_anything) {
      return Status::Make(
          result.code(),
          result.message() + " (the partly made installation was removed)");
    }
  }
  return result;
}

Result<DatabaseKey> InstallationDbKey(
    const InstallationPaths& paths,
    const std::optional<std::string>& passphrase) {
  std::error_code ec;
  if (std::filesystem::exists(paths.db_key(), ec))
    return LoadDatabaseKeyFile(paths.db_key());
  if (!passphrase) {
    return Status::InvalidArgument(
        paths.dir.string() +
        ": the database is locked by a passphrase; give it "
        "(HALL_DB_PASSPHRASE or --db-passphrase-file)");
  }
  return DatabaseKey::Passphrase(*passphrase);
}

Result<DatabaseKey> InstallationDbKeyFromEnv(const InstallationPaths& paths) {
  std::optional<std::string> passphrase;
  if (const char* p = std::getenv("HALL_DB_PASSPHRASE")) passphrase = p;
  return InstallationDbKey(paths, passphrase);
}

Result<Database> OpenInstallation(const InstallationPaths& paths,
                                  const DatabaseKey& key) {
  auto db = Database::Open(paths.db(), key, false);
  if (!db.ok()) return db.status();
  if (Status s = UpgradeSchema(*db); !s.ok()) return s;
  if (Status s = CheckSchema(*db); !s.ok()) return s;
  return db;
}

}  // namespace hall::server
