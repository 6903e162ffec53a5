// Provisioning: what lets the kiosks and the hall display reach the tally
// server of an installation (installation.h).
//
// - The server certificate names the addresses kiosks may dial (its
//   subjectAltName: always 127.0.0.1 and localhost, plus the addresses given
//   to `hall-admin init --address` or to ReissueServerCertificate). A kiosk
//   refuses a server whose certificate does not name the address it dialled.
// - EnrolKiosk issues a kiosk certificate from the committee CA and writes
//   the kiosk's folder (hall/shared/kiosk_bundle.h: kiosk.crt, kiosk.key,
//   ca.crt, seal.pub, kiosk.json), the one folder `hall-kiosk --config DIR`
//   reads. A hall display is enrolled the same way.
//
// Contract:
// - EnrolKiosk checks everything before it changes anything: the name
//   (shared::IsValidKioskName; kInvalidArgument), that no kiosk of that name
//   is enrolled (kAlreadyExists; a revoked one is replaced), that the address
//   is one the server certificate names (kFailedPrecondition; the message
//   lists the addresses it names and the reissue command), the port (1-65535;
//   kInvalidArgument), that the folder does not exist or is empty
//   (kAlreadyExists: nothing is overwritten), and that the CA and the seal
//   public key load. On any later failure the files it wrote are removed and
//   the kiosk is not recorded. kiosk.key is mode 0600, the folder 0700, the
//   public files 0644; kiosk.json is written last.
// - ReissueServerCertificate keeps the server's key and replaces server.crt
//   by a new certificate from the committee CA (the same CN, 3 years)
//   through a temporary file renamed over the old one, so the installation
//   never lacks a valid certificate that matches server.key. hall-server
//   reads its certificate at start only (SIGHUP reloads the revocation list):
//   it must be restarted to present the new one.
#ifndef HALL_SERVER_PROVISIONING_H_
#define HALL_SERVER_PROVISIONING_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/server/database.h"
#include "hall/server/installation.h"
#include "hall/shared/kiosk_bundle.h"

namespace hall::server {

// The port hall-server listens on unless --port says otherwise, and the port
// a kiosk's folder names unless told.
inline constexpr std::uint16_t kDefaultServerPort = 7400;

// The installation's server certificate, as `hall-admin server show` prints
// it.
struct ServerCertificateInfo {
  std::string common_name;
  std::vector<std::string> addresses;  // its subjectAltName, in order
  std::string serial_hex;
  std::string fingerprint;  // SHA-256, "AB:CD:..."
  std::string not_after;    // "2029-03-01 12:00 UTC"
};
Result<ServerCertificateInfo> LoadServerCertificateInfo(
    const InstallationPaths& paths);

// The address a kiosk's folder names unless told: the first of `addresses`
// other than 127.0.0.1 and localhost, else 127.0.0.1.
std::string DefaultKioskAddress(const std::vector<std::string>& addresses);

// See the contract. `addresses`: IP addresses or DNS names (127.0.0.1 and
// localhost are always named). Returns the new certificate's description.
Result<ServerCertificateInfo> ReissueServerCertificate(
    const InstallationPaths& paths, const std::vector<std::string>& addresses);

// An address as `hall-admin kiosk enrol --server-address` takes it:
// HOST[:PORT], HOST an IPv4 address, a host name, or an IPv6 address (in
// brackets when a port follows: "[fd00::5]:7400"); PORT 1-65535, else
// `default_port`. kInvalidArgument, saying the form, for anything else.
struct ServerAddress {
  std::string host;
  std::uint16_t port = kDefaultServerPort;
};
Result<ServerAddress> ParseServerAddress(
    std::string_view text, std::uint16_t default_port = kDefaultServerPort);

struct KioskEnrolOptions {
  std::string name;  // the kiosk's (or display's) name, e.g. "kiosk-01"
  // The address the kiosk dials; empty: DefaultKioskAddress of the server
  // certificate's addresses.
  std::string server_host;
  std::uint16_t server_port = kDefaultServerPort;
  // The kiosk's folder; empty: paths.kiosk_dir(name).
  std::filesystem::path out;
};

struct EnrolledKiosk {
  std::string serial;  // the kiosk certificate's serial (hex)
  std::filesystem::path dir;
  shared::KioskManifest manifest;  // what its kiosk.json says
};

// See the contract.
Result<EnrolledKiosk> EnrolKiosk(const InstallationPaths& paths, Database& db,
                                 const KioskEnrolOptions& options);
// EnrolKiosk with every default for `name`; returns the certificate serial.
Result<std::string> EnrolKiosk(const InstallationPaths& paths, Database& db,
                               const std::string& name);
// Revokes the kiosk's certificate (the server reloads the list on SIGHUP).
Status RevokeKiosk(const InstallationPaths& paths, Database& db,
                   const std::string& name);

}  // namespace hall::server

#endif  // HALL_SERVER_PROVISIONING_H_
