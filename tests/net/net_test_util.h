// Helpers for the transport tests: a temporary directory holding a committee
// PKI (CA, server, kiosks, CRL) and a second, foreign CA.
#ifndef HALL_TESTS_NET_NET_TEST_UTIL_H_
#define HALL_TESTS_NET_NET_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "hall/server/pki.h"

namespace hall::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "hall-net-XXXXXX").string();
    HALL_CHECK(mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const {
    return (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

// Writes `<prefix>.crt` and `<prefix>.key` for a certificate issued by `ca`.
inline std::string SaveIssued(const TempDir& dir, const std::string& prefix,
                              server::IssuedCertificate& issued) {
  EXPECT_TRUE(
      server::SaveCertificate(dir.File(prefix + ".crt"), issued.cert.get())
          .ok());
  EXPECT_TRUE(
      server::SavePrivateKey(dir.File(prefix + ".key"), issued.key.get()).ok());
  return server::CertificateSerialHex(issued.cert.get());
}

// A committee PKI on disk: ca.crt/ca.key, server.crt/key, kiosk-1..3,
// crl.pem (empty), and a foreign CA (other-ca.crt) with other-kiosk and
// other-server certificates.
struct PkiFiles {
  TempDir dir;
  server::CommitteeCa ca;
  server::CommitteeCa other_ca;
  std::vector<std::string> kiosk_serials;

  PkiFiles() {
    auto made = server::CreateCommitteeCa("Test Committee CA", 30);
    HALL_CHECK(made.ok());
    ca = std::move(made).value();
    auto other = server::CreateCommitteeCa("Other CA", 30);
    HALL_CHECK(other.ok());
    other_ca = std::move(other).value();
    HALL_CHECK(server::SaveCertificate(File("ca.crt"), ca.cert.get()).ok());
    HALL_CHECK(server::SavePrivateKey(File("ca.key"), ca.key.get()).ok());
    HALL_CHECK(
        server::SaveCertificate(File("other-ca.crt"), other_ca.cert.get())
            .ok());
    auto srv = server::IssueCertificate(ca, server::CertRole::kServer,
                                        "hall-server", 30);
    HALL_CHECK(srv.ok());
    SaveIssued(dir, "server", *srv);
    for (int i = 1; i <= 3; ++i) {
      auto k = server::IssueCertificate(ca, server::CertRole::kKiosk,
                                        "kiosk-" + std::to_string(i), 30);
      HALL_CHECK(k.ok());
      kiosk_serials.push_back(
          SaveIssued(dir, "kiosk-" + std::to_string(i), *k));
    }
    auto ok = server::IssueCertificate(other_ca, server::CertRole::kKiosk,
                                       "kiosk-1", 30);
    HALL_CHECK(ok.ok());
    SaveIssued(dir, "other-kiosk", *ok);
    auto os = server::IssueCertificate(other_ca, server::CertRole::kServer,
                                       "hall-server", 30);
    HALL_CHECK(os.ok());
    SaveIssued(dir, "other-server", *os);
    auto crl = server::CreateEmptyCrl(ca);
    HALL_CHECK(crl.ok());
    HALL_CHECK(server::SaveCrl(File("crl.pem"), crl->get()).ok());
    auto other_crl = server::CreateEmptyCrl(other_ca);
    HALL_CHECK(other_crl.ok());
    HALL_CHECK(server::SaveCrl(File("other-crl.pem"), other_crl->get()).ok());
  }

  std::string File(const std::string& name) const { return dir.File(name); }
};

// Thread-safe log sink with waiting.
class LogCapture {
 public:
  std::function<void(std::string_view)> Sink() {
    return [this](std::string_view line) {
      std::lock_guard lock(mu_);
      lines_.emplace_back(line);
      cv_.notify_all();
    };
  }
  // Waits up to `timeout` for a line containing `needle`; returns it or "".
  std::string WaitFor(
      const std::string& needle,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(3000)) {
    std::unique_lock lock(mu_);
    std::string found;
    cv_.wait_for(lock, timeout, [&] {
      for (const std::string& l : lines_) {
        if (l.find(needle) != std::string::npos) {
          found = l;
          return true;
        }
      }
      return false;
    });
    return found;
  }
  std::vector<std::string> Lines() {
    std::lock_guard lock(mu_);
    return lines_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
};

}  // namespace hall::testing

#endif  // HALL_TESTS_NET_NET_TEST_UTIL_H_
