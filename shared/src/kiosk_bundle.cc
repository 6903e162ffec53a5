#include "hall/shared/kiosk_bundle.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <tuple>
#include <vector>

#include "hall/base/unique_fd.h"
#include "hall/crypto/fingerprint.h"
#include "hall/shared/json_input.h"
#include "hall/shared/seal_public_key_file.h"

namespace hall::shared {
namespace {

namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

constexpr std::size_t kMaxManifestBytes = 64 * 1024;

constexpr std::string_view kFormatField = "format";
constexpr std::string_view kNameField = "name";
constexpr std::string_view kHostField = "server_host";
constexpr std::string_view kPortField = "server_port";
constexpr std::string_view kFingerprintField = "seal_fingerprint";

// What to do about a folder that is not right: make it again.
constexpr char kEnrolAgain[] =
    "`hall-admin kiosk enrol NAME` on the tally server makes the kiosk's "
    "folder: copy the whole folder again";

bool IsValidHost(std::string_view host) {
  return !host.empty() && host.size() <= 253 &&
         std::all_of(host.begin(), host.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':';
         });
}

Status FieldError(std::string_view field, std::string_view problem) {
  return Status::InvalidArgument(std::string(field) + ": " +
                                 std::string(problem));
}

// Reads `path` whole; refuses one of more than `max` bytes.
Result<std::string> ReadSmallFile(const fs::path& path, std::size_t max) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid()) {
    const int err = errno;
    std::string m =
        path.string() + ": cannot read it (" + std::strerror(err) + ")";
    if (err == EACCES || err == EPERM) {
      m += "; the kiosk program's user must be able to read every file of "
           "the folder";
    }
    return Status::Make(CodeForErrno(err), std::move(m));
  }
  std::string data;
  char buf[4096];
  while (data.size() <= max) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      return Status::Make(
          CodeForErrno(err),
          path.string() + ": cannot read it (" + std::strerror(err) + ")");
    }
    if (n == 0) return data;
    data.append(buf, static_cast<std::size_t>(n));
  }
  sodium_memzero(data.data(), data.size());
  return Status::InvalidArgument(path.string() + ": too large (more than " +
                                 std::to_string(max) + " bytes); " +
                                 kEnrolAgain);
}

// OK when `path` starts as a PEM block labelled `label`.
Status CheckPemLabel(const fs::path& path, std::string_view label,
                     std::string_view what) {
  auto text = ReadSmallFile(path, 64 * 1024);
  if (!text.ok()) return text.status();
  const std::string begin = "-----BEGIN " + std::string(label) + "-----";
  const bool ok = text->compare(0, begin.size(), begin) == 0;
  sodium_memzero(text->data(), text->size());
  if (!ok) {
    return Status::InvalidArgument(path.string() + ": not a PEM " +
                                   std::string(what) + " (it should start " +
                                   begin + "); " + kEnrolAgain);
  }
  return Status::Ok();
}

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

bool IsValidKioskName(std::string_view name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
}

std::string EncodeKioskManifest(const KioskManifest& manifest) {
  ordered_json j;
  j[kFormatField] = kKioskBundleFormat;
  j[kNameField] = manifest.name;
  j[kHostField] = manifest.server_host;
  j[kPortField] = manifest.server_port;
  j[kFingerprintField] = manifest.seal_fingerprint;
  return j.dump(2) + "\n";
}

Result<KioskManifest> DecodeKioskManifest(std::string_view json_text) {
  auto parsed = ParseOrderedJsonInput(json_text, "the kiosk's manifest");
  if (!parsed.ok()) {
    return Status::InvalidArgument(parsed.message() + "; " +
                                   std::string(kEnrolAgain));
  }
  const ordered_json j = std::move(parsed.value());
  if (!j.is_object()) {
    return Status::InvalidArgument("not a JSON object; " +
                                   std::string(kEnrolAgain));
  }
  for (const auto& [key, value] : j.items()) {
    if (key != kFormatField && key != kNameField && key != kHostField &&
        key != kPortField && key != kFingerprintField) {
      return FieldError(key, "unexpected field (this kiosk reads " +
                                 std::string(kKioskBundleFormat) + ")");
    }
  }
  const auto string_field = [&j](std::string_view field,
                                 std::string& out) -> Status {
    const auto it = j.find(field);
    if (it == j.end()) return FieldError(field, "missing");
    if (!it->is_string()) return FieldError(field, "must be a string");
    out = it->get<std::string>();
    return Status::Ok();
  };
  std::string format;
  if (Status s = string_field(kFormatField, format); !s.ok()) return s;
  if (format != kKioskBundleFormat) {
    return FieldError(kFormatField,
                      "\"" + format + "\" is not " +
                          std::string(kKioskBundleFormat) +
                          ", the format this kiosk reads; enrol the kiosk "
                          "with the hall-admin of the same hall version");
  }
  KioskManifest m;
  if (Status s = string_field(kNameField, m.name); !s.ok()) return s;
  if (!IsValidKioskName(m.name)) {
    return FieldError(kNameField,
                      "\"" + m.name +
                          "\" is not a kiosk name (1 to 64 letters, digits, "
                          "'-' and '_')");
  }
  if (Status s = string_field(kHostField, m.server_host); !s.ok()) return s;
  if (!IsValidHost(m.server_host)) {
    return FieldError(kHostField, "\"" + m.server_host +
                                      "\" is not an IP address or host name");
  }
  const auto port = j.find(kPortField);
  if (port == j.end()) return FieldError(kPortField, "missing");
  if (!port->is_number_unsigned() || port->get<std::uint64_t>() < 1 ||
      port->get<std::uint64_t>() > 65535) {
    return FieldError(kPortField, "must be a whole number from 1 to 65535");
  }
  m.server_port = static_cast<std::uint16_t>(port->get<std::uint64_t>());
  if (Status s = string_field(kFingerprintField, m.seal_fingerprint); !s.ok())
    return s;
  if (m.seal_fingerprint.empty()) {
    return FieldError(kFingerprintField, "is empty");
  }
  return m;
}

Result<KioskBundle> LoadKioskBundle(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) {
      return Status::NotFound(dir.string() +
                              ": no such folder; the kiosk's folder is made "
                              "on the tally server by `hall-admin kiosk enrol "
                              "NAME --out DIR` (copy all of it to the kiosk)");
    }
    return Status::Make(
        CodeForErrno(err),
        dir.string() + ": cannot open the folder (" + std::strerror(err) + ")");
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(
        dir.string() +
        ": not a folder; give the kiosk's folder that `hall-admin kiosk "
        "enrol` made (it holds kiosk.json)");
  }
  const fs::path manifest_path = dir / kKioskManifestFileName;
  const fs::path cert_path = dir / kKioskCertFileName;
  const fs::path key_path = dir / kKioskKeyFileName;
  const fs::path ca_path = dir / kKioskCaFileName;
  const fs::path seal_path = dir / kSealPublicKeyFileName;

  // Every file there, and regular; all missing ones named at once.
  std::vector<std::string> missing;
  for (const fs::path& p :
       {manifest_path, cert_path, key_path, ca_path, seal_path}) {
    struct stat fst {};
    if (::lstat(p.c_str(), &fst) != 0) {
      const int err = errno;
      if (err == ENOENT) {
        missing.push_back(p.filename().string());
        continue;
      }
      return Status::Make(CodeForErrno(err), p.string() + ": cannot open it (" +
                                                 std::strerror(err) + ")");
    }
    if (!S_ISREG(fst.st_mode)) {
      return Status::InvalidArgument(p.string() +
                                     ": not a regular file (a link or a "
                                     "folder); " +
                                     kEnrolAgain);
    }
    if (p == key_path && (fst.st_mode & 077) != 0) {
      return Status::FailedPrecondition(
          p.string() +
          ": the kiosk's private key may be read or changed by "
          "other users (mode " +
          ModeText(fst.st_mode) + "); run: chmod 600 " + p.string() +
          " (a FAT USB stick cannot keep that mode: copy the folder to the "
          "kiosk's own disk first)");
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (std::size_t i = 0; i < missing.size(); ++i) {
      if (i > 0) list += i + 1 == missing.size() ? " and " : ", ";
      list += missing[i];
    }
    return Status::NotFound(
        dir.string() + ": " + list + (missing.size() == 1 ? " is" : " are") +
        " missing; a kiosk's folder holds kiosk.json, kiosk.crt, kiosk.key, "
        "ca.crt and seal.pub, which " +
        kEnrolAgain);
  }

  auto manifest_text = ReadSmallFile(manifest_path, kMaxManifestBytes);
  if (!manifest_text.ok()) return manifest_text.status();
  auto manifest = DecodeKioskManifest(*manifest_text);
  if (!manifest.ok()) {
    return manifest.status().WithContext(manifest_path.string());
  }
  auto seal_text = ReadSmallFile(seal_path, 4096);
  if (!seal_text.ok()) return seal_text.status();
  auto seal = DecodeSealPublicKeyFile(*seal_text);
  if (!seal.ok()) {
    return Status::InvalidArgument(seal_path.string() + ": " + seal.message() +
                                   "; " + kEnrolAgain);
  }
  const std::string fingerprint = crypto::Fingerprint(*seal);
  if (!crypto::FingerprintMatches(manifest->seal_fingerprint, fingerprint)) {
    return Status::Corruption(
        dir.string() + ": kiosk.json names the seal " +
        manifest->seal_fingerprint + " but seal.pub holds the seal " +
        fingerprint +
        " (the folder mixes two enrolments); enrol the kiosk again and copy "
        "the whole new folder");
  }
  for (const auto& [path, label, what] :
       {std::tuple{cert_path, "CERTIFICATE", "certificate"},
        std::tuple{ca_path, "CERTIFICATE", "certificate"},
        std::tuple{key_path, "PRIVATE KEY", "private key"}}) {
    if (Status s = CheckPemLabel(path, label, what); !s.ok()) return s;
  }
  return KioskBundle{.dir = dir,
                     .name = manifest->name,
                     .host = manifest->server_host,
                     .port = manifest->server_port,
                     .cert_path = cert_path,
                     .key_path = key_path,
                     .ca_path = ca_path,
                     .seal = *seal,
                     .seal_fingerprint = fingerprint};
}

}  // namespace hall::shared
