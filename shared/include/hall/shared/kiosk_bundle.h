// A kiosk's folder ("bundle"): everything a kiosk or the hall display needs to
// reach the tally server, made by `hall-admin kiosk enrol NAME` on the tally
// server and copied to the kiosk (a USB stick), read by
// `hall-kiosk --config DIR`:
//
//   kiosk.crt   the kiosk's certificate from the committee CA (PEM)
//   kiosk.key   its private key (PEM, unencrypted PKCS#8), mode 0600
//   ca.crt      the committee CA certificate (PEM): the server must chain to it
//   seal.pub    the committee's seal public key (seal_public_key_file.h):
//               every ballot template must carry its signature
//   kiosk.json  {"format": "hall-kiosk-bundle/v1", "name": NAME,
//                "server_host": HOST, "server_port": PORT,
//                "seal_fingerprint": "XXXX-XXXX-XXXX-XXXX"}
//               HOST is the address the kiosk dials (an IP literal or host
//               name that the server certificate names), PORT hall-server's
//               port, the fingerprint crypto::Fingerprint of seal.pub's key
//               (what `hall-admin init` prints and the committee reads aloud).
//
// Contract:
// - EncodeKioskManifest / DecodeKioskManifest are the one encoder and decoder
//   of kiosk.json. The decoder refuses (kInvalidArgument) text that is not a
//   JSON object, another "format", a missing field, a field of the wrong type
//   or out of range (name: IsValidKioskName; server_host: 1-253 letters,
//   digits, '.', '-', ':'; server_port: 1-65535; seal_fingerprint: not
//   empty) and any field it does not know. Messages name the field.
// - LoadKioskBundle(dir) checks the folder without OpenSSL (hall_shared links
//   none): the kiosk's TLS stack parses the PEM files when it connects. It
//   refuses, with a message a committee member can act on that names the
//   folder or file:
//     kNotFound           the folder does not exist; a file is missing (the
//                         message names every missing file and that
//                         `hall-admin kiosk enrol` makes them)
//     kInvalidArgument    `dir` is not a folder, or an entry is not a regular
//                         file; kiosk.json malformed (as the decoder);
//                         seal.pub not a seal public key; a .crt or .key file
//                         that does not start as a PEM certificate / key
//     kFailedPrecondition kiosk.key readable or writable by group or others
//                         (says: chmod 600, and to copy the folder off a FAT
//                         USB stick, whose modes cannot be changed)
//     kPermissionDenied   a file this user may not read
//     kCorruption         kiosk.json's seal_fingerprint is not seal.pub's
//                         (the folder mixes two enrolments)
//   and otherwise returns the paths (inside `dir`), the address, the kiosk
//   name and the seal key.
// - Nothing here compares kiosk.json's name with kiosk.crt's CN or checks the
//   certificates' signatures: the server does that at every handshake, and the
//   kiosk's TLS client checks the server against ca.crt and server_host.
#ifndef HALL_SHARED_KIOSK_BUNDLE_H_
#define HALL_SHARED_KIOSK_BUNDLE_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "hall/base/status.h"
#include "hall/crypto/signing_key.h"

namespace hall::shared {

inline constexpr std::string_view kKioskBundleFormat = "hall-kiosk-bundle/v1";

// The files of a kiosk's folder (and seal_public_key_file.h's seal.pub).
inline constexpr std::string_view kKioskManifestFileName = "kiosk.json";
inline constexpr std::string_view kKioskCertFileName = "kiosk.crt";
inline constexpr std::string_view kKioskKeyFileName = "kiosk.key";
inline constexpr std::string_view kKioskCaFileName = "ca.crt";

// A kiosk (or hall display) name: 1-64 letters, digits, '-' and '_'
// ("kiosk-01"); it is the CN of the kiosk's certificate.
bool IsValidKioskName(std::string_view name);

// What kiosk.json says.
struct KioskManifest {
  std::string name;
  std::string server_host;
  std::uint16_t server_port = 0;
  std::string seal_fingerprint;
};

// kiosk.json's text (pretty-printed, fields in the order above, final
// newline). `manifest` must pass DecodeKioskManifest's checks.
std::string EncodeKioskManifest(const KioskManifest& manifest);
Result<KioskManifest> DecodeKioskManifest(std::string_view json_text);

// A checked kiosk folder.
struct KioskBundle {
  std::filesystem::path dir;
  std::string name;                 // the kiosk's name (its certificate's CN)
  std::string host;                 // the server address to dial
  std::uint16_t port = 0;           // hall-server's port
  std::filesystem::path cert_path;  // dir/kiosk.crt
  std::filesystem::path key_path;   // dir/kiosk.key
  std::filesystem::path ca_path;    // dir/ca.crt
  crypto::VerifyKey seal;           // seal.pub's key
  std::string seal_fingerprint;     // crypto::Fingerprint(seal)
};

Result<KioskBundle> LoadKioskBundle(const std::filesystem::path& dir);

}  // namespace hall::shared

#endif  // HALL_SHARED_KIOSK_BUNDLE_H_
