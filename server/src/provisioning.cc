// Provisioning; see provisioning.h for the contract.
#include "hall/server/provisioning.h"

#include <openssl/asn1.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "hall/base/folder.h"
#include "hall/base/private_file.h"
#include "hall/crypto/fingerprint.h"
#include "hall/server/pki.h"
#include "hall/server/round_store.h"
#include "hall/shared/seal_public_key_file.h"

namespace hall::server {
namespace {

namespace fs = std::filesystem;

bool IsLoopbackDefault(const std::string& address) {
  return address == "127.0.0.1" || address == "localhost";
}

std::string JoinAddresses(const std::vector<std::string>& addresses) {
  std::string out;
  for (const std::string& a : addresses) out += (out.empty() ? "" : ", ") + a;
  return out;
}

std::string NotAfterText(const X509* cert) {
  std::tm tm{};
  const ASN1_TIME* t = X509_get0_notAfter(cert);
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return "?";
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
  return text;
}

ServerCertificateInfo Describe(const X509* cert) {
  return ServerCertificateInfo{
      .common_name = CertificateCommonName(cert),
      .addresses = CertificateAddresses(cert),
      .serial_hex = CertificateSerialHex(cert),
      .fingerprint = CertificateFingerprint(cert),
      .not_after = NotAfterText(cert),
  };
}

// The reissue command that adds `address` to what `cert` names.
std::string ReissueHint(const std::vector<std::string>& named,
                        const std::string& address) {
  std::string cmd = "hall-admin server reissue-certificate";
  for (const std::string& a : named) {
    if (!IsLoopbackDefault(a)) cmd += " --address " + a;
  }
  return cmd + " --address " + address;
}

// Writes a public file of the kiosk's folder (never over an existing one).
Status WritePublicFile(const fs::path& path, std::string_view text) {
  NewPrivateFile file(path, 0644);
  if (!file.Write(text) || !file.Commit()) {
    const int err = file.error();
    return Status::Make(
        CodeForErrno(err),
        path.string() + ": cannot write it (" + std::strerror(err) + ")");
  }
  return Status::Ok();
}

// Whether `dir` does not exist or is an empty folder.
Result<bool> IsAbsentOrEmpty(const fs::path& dir) {
  std::error_code ec;
  const fs::file_status st = fs::status(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::Make(CodeForErrno(ec.value()),
                        dir.string() + ": " + ec.message());
  }
  if (!fs::exists(st)) return true;
  if (!fs::is_directory(st)) return false;
  const bool empty = fs::is_empty(dir, ec);
  if (ec) {
    return Status::Make(CodeForErrno(ec.value()),
                        dir.string() + ": " + ec.message());
  }
  return empty;
}

// Removes what a failed enrolment wrote into `dir` (and `dir` when it made
// it).
void RemoveWritten(const fs::path& dir, const std::vector<fs::path>& files,
                   bool made_dir) {
  std::error_code ec;
  for (const fs::path& f : files) {
    fs::remove(f, ec);
    fs::remove(fs::path(f.string() + ".tmp"), ec);
  }
  if (made_dir) fs::remove(dir, ec);
}

}  // namespace

Result<ServerAddress> ParseServerAddress(std::string_view text,
                                         std::uint16_t default_port) {
  const auto refuse = [&text](std::string_view why) {
    return Status::InvalidArgument(
        "\"" + std::string(text) + "\" is not a server address (" +
        std::string(why) +
        "); give HOST or HOST:PORT, e.g. 10.0.0.5, hall-server.local:7400 "
        "or [fd00::5]:7400");
  };
  ServerAddress out{.host = {}, .port = default_port};
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return refuse("no closing ]");
    out.host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return refuse("text after ]");
      port = rest.substr(1);
      if (port.empty()) return refuse("no port after :");
    }
  } else if (const std::size_t colon = text.find(':');
             colon != std::string_view::npos &&
             text.find(':', colon + 1) == std::string_view::npos) {
    out.host = std::string(text.substr(0, colon));
    port = text.substr(colon + 1);
    if (port.empty()) return refuse("no port after :");
  } else {
    out.host = std::string(text);  // a host, or an IPv6 address alone
  }
  if (out.host.empty()) return refuse("no host");
  if (!port.empty()) {
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9' || value > 65535) return refuse("bad port");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value < 1 || value > 65535) return refuse("the port must be 1-65535");
    out.port = static_cast<std::uint16_t>(value);
  }
  return out;
}

std::string DefaultKioskAddress(const std::vector<std::string>& addresses) {
  for (const std::string& a : addresses) {
    if (!IsLoopbackDefault(a)) return a;
  }
  return "127.0.0.1";
}

Result<ServerCertificateInfo> LoadServerCertificateInfo(
    const InstallationPaths& paths) {
  auto cert = LoadCertificate(paths.server_cert().string());
  if (!cert.ok()) return cert.status();
  return Describe(cert->get());
}

Result<ServerCertificateInfo> ReissueServerCertificate(
    const InstallationPaths& paths, const std::vector<std::string>& addresses) {
  auto ca = LoadCommitteeCa(paths.ca_cert().string(), paths.ca_key().string());
  if (!ca.ok()) return ca.status();
  const std::string cert_path = paths.server_cert().string();
  const std::string key_path = paths.server_key().string();
  auto old_cert = LoadCertificate(cert_path);
  if (!old_cert.ok()) return old_cert.status();
  auto key = LoadPrivateKey(key_path);
  if (!key.ok()) return key.status();
  if (Status s = CheckKeyMatches(old_cert->get(), key->get(), key_path);
      !s.ok()) {
    return s;
  }
  auto cert = IssueCertificateForKey(
      *ca, CertRole::kServer, CertificateCommonName(old_cert->get()),
      kDefaultCertificateValidityDays, key->get(), addresses);
  if (!cert.ok()) return cert.status();
  if (Status s = VerifyIssuedBy(ca->cert.get(), cert->get(), cert_path);
      !s.ok()) {
    return s;
  }
  if (Status s = SaveCertificate(cert_path, cert->get()); !s.ok()) return s;
  return Describe(cert->get());
}

Result<EnrolledKiosk> EnrolKiosk(const InstallationPaths& paths, Database& db,
                                 const KioskEnrolOptions& options) {
  const std::string& name = options.name;
  if (!shared::IsValidKioskName(name)) {
    return Status::InvalidArgument(
        "a kiosk name uses letters, digits, - and _ (at most 64), e.g. "
        "kiosk-01");
  }
  bool replacing = false;  // a revoked kiosk of that name
  {
    auto exists = db.Prepare("SELECT revoked FROM kiosks WHERE name = ?");
    exists.Bind(1, name);
    replacing = exists.Step();
    if (Status s = exists.status(); !s.ok()) return s;
    if (replacing && exists.Int(0) == 0) {
      return Status::AlreadyExists(
          "kiosk \"" + name +
          "\" is already enrolled; revoke it first to replace it");
    }
  }

  // The address, as the server certificate names it.
  auto server_cert = LoadCertificate(paths.server_cert().string());
  if (!server_cert.ok()) return server_cert.status();
  const std::vector<std::string> named =
      CertificateAddresses(server_cert->get());
  const std::string host = options.server_host.empty()
                               ? DefaultKioskAddress(named)
                               : options.server_host;
  if (!CertificateNamesAddress(server_cert->get(), host)) {
    return Status::FailedPrecondition(
        "the server certificate does not name " + host +
        ", so a kiosk dialling it would refuse the server; it names " +
        JoinAddresses(named) +
        ". Give one of those (--server-address), or issue the server a "
        "certificate that names " +
        host + " too: " + ReissueHint(named, host) +
        ", then restart hall-server");
  }
  if (options.server_port == 0) {
    return Status::InvalidArgument(
        "the server port must be 1 to 65535 (hall-server listens on " +
        std::to_string(kDefaultServerPort) + " unless --port says otherwise)");
  }

  // The folder: new or empty. A revoked kiosk's old default folder (its
  // certificate is revoked) is replaced.
  const fs::path dir =
      options.out.empty() ? paths.kiosk_dir(name) : options.out;
  const bool replace_old_dir = replacing && options.out.empty();
  if (!replace_old_dir) {
    auto fresh = IsAbsentOrEmpty(dir);
    if (!fresh.ok()) return fresh.status();
    if (!*fresh) {
      return Status::AlreadyExists(
          dir.string() +
          " exists and is not an empty folder; hall never overwrites one "
          "(give a new folder with --out)");
    }
  }
  auto ca = LoadCommitteeCa(paths.ca_cert().string(), paths.ca_key().string());
  if (!ca.ok()) return ca.status();
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  auto cert = IssueCertificate(*ca, CertRole::kKiosk, name,
                               kDefaultCertificateValidityDays);
  if (!cert.ok()) return cert.status();

  std::error_code ec;
  if (replace_old_dir) fs::remove_all(dir, ec);
  auto made = MakeFolder(dir);
  if (!made.ok()) return made.status();
  const bool made_dir = made->created;
  shared::KioskManifest manifest{
      .name = name,
      .server_host = host,
      .server_port = options.server_port,
      .seal_fingerprint = crypto::Fingerprint(*seal),
  };
  const fs::path key_path = dir / shared::kKioskKeyFileName;
  const fs::path cert_path = dir / shared::kKioskCertFileName;
  const fs::path ca_path = dir / shared::kKioskCaFileName;
  const fs::path seal_path = dir / shared::kSealPublicKeyFileName;
  const fs::path manifest_path = dir / shared::kKioskManifestFileName;
  const std::vector<fs::path> files = {key_path, cert_path, ca_path, seal_path,
                                       manifest_path};
  for (Status s :
       {SavePrivateKey(key_path.string(), cert->key.get()),
        SaveCertificate(cert_path.string(), cert->cert.get()),
        SaveCertificate(ca_path.string(), ca->cert.get()),
        WritePublicFile(seal_path, shared::EncodeSealPublicKeyFile(*seal)),
        WritePublicFile(manifest_path,
                        shared::EncodeKioskManifest(manifest))}) {
    if (!s.ok()) {
      RemoveWritten(dir, files, made_dir);
      return s;
    }
  }

  const std::string serial = CertificateSerialHex(cert->cert.get());
  Status recorded = [&]() -> Status {
    Database::Transaction tx(db);
    if (!tx.status().ok()) return tx.status();
    if (replacing) {
      // A revoked kiosk gets a new certificate; the old one stays revoked.
      auto forget = db.Prepare("DELETE FROM kiosks WHERE name = ?");
      if (Status s = forget.Bind(1, name).Run(); !s.ok()) return s;
    }
    auto ins = db.Prepare("INSERT INTO kiosks(name, serial) VALUES(?, ?)");
    if (Status s = ins.Bind(1, name).Bind(2, serial).Run(); !s.ok()) return s;
    return tx.Commit();
  }();
  if (!recorded.ok()) {
    RemoveWritten(dir, files, made_dir);
    return recorded;
  }
  return EnrolledKiosk{.serial = serial, .dir = dir, .manifest = manifest};
}

Result<std::string> EnrolKiosk(const InstallationPaths& paths, Database& db,
                               const std::string& name) {
  KioskEnrolOptions options;
  options.name = name;
  auto enrolled = EnrolKiosk(paths, db, options);
  if (!enrolled.ok()) return enrolled.status();
  return enrolled->serial;
}

Status RevokeKiosk(const InstallationPaths& paths, Database& db,
                   const std::string& name) {
  auto q = db.Prepare("SELECT serial, revoked FROM kiosks WHERE name = ?");
  q.Bind(1, name);
  if (!q.Step())
    return Status::NotFound("there is no enrolled kiosk \"" + name + "\"");
  if (q.Int(1))
    return Status::FailedPrecondition("kiosk \"" + name +
                                      "\" is already revoked");
  const std::string serial = q.Text(0);
  auto ca = LoadCommitteeCa(paths.ca_cert().string(), paths.ca_key().string());
  if (!ca.ok()) return ca.status();
  auto previous = LoadCrl(paths.crl().string());
  if (!previous.ok()) return previous.status();
  auto crl = RevokeCertificate(*ca, previous->get(), serial);
  if (!crl.ok()) return crl.status();
  if (Status s = SaveCrl(paths.crl().string(), crl->get()); !s.ok()) return s;
  auto upd = db.Prepare("UPDATE kiosks SET revoked = 1 WHERE name = ?");
  return upd.Bind(1, name).Run();
}

}  // namespace hall::server
