// A kiosk's folder (kiosk_bundle.h) and the seal public key file
// (seal_public_key_file.h): each refusal of LoadKioskBundle, with its code
// and a message that names the file and what to do. The folders are made by
// hand here (PEM files with the right first line only: hall_shared parses no
// certificate); tests/admin/provisioning_test.cc reads the folders that
// `hall-admin kiosk enrol` really writes.
#include "hall/shared/kiosk_bundle.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "hall/crypto/fingerprint.h"
#include "hall/crypto/signing_key.h"
#include "hall/shared/seal_public_key_file.h"

namespace hall::shared {
namespace {

namespace fs = std::filesystem;

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class KioskBundleTest : public ::testing::Test {
 protected:
  KioskBundleTest() : seal_(crypto::SigningKey::Generate()) {
    char tmpl[] = "/tmp/hall-bundle-test-XXXXXX";
    root_ = mkdtemp(tmpl);
    dir_ = root_ / "kiosk-01";
    fs::create_directory(dir_);
    manifest_ = KioskManifest{
        .name = "kiosk-01",
        .server_host = "10.0.0.5",
        .server_port = 7400,
        .seal_fingerprint = crypto::Fingerprint(seal_.verify_key()),
    };
    Write("kiosk.crt",
          "-----BEGIN CERTIFICATE-----\nMIIB\n"
          "-----END CERTIFICATE-----\n");
    Write("ca.crt",
          "-----BEGIN CERTIFICATE-----\nMIIC\n"
          "-----END CERTIFICATE-----\n");
    Write("kiosk.key",
          "-----BEGIN PRIVATE KEY-----\nMC4C\n"
          "-----END PRIVATE KEY-----\n");
    ::chmod((dir_ / "kiosk.key").c_str(), 0600);
    Write("seal.pub", EncodeSealPublicKeyFile(seal_.verify_key()));
    Write("kiosk.json", EncodeKioskManifest(manifest_));
  }
  ~KioskBundleTest() override { fs::remove_all(root_); }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary | std::ios::trunc) << text;
  }

  // LoadKioskBundle's failure (the test fails when it succeeds).
  Status Refusal() {
    auto b = LoadKioskBundle(dir_);
    EXPECT_FALSE(b.ok());
    return b.ok() ? Status::Ok() : b.status();
  }

  crypto::SigningKey seal_;
  fs::path root_;
  fs::path dir_;
  KioskManifest manifest_;
};

TEST_F(KioskBundleTest, ReadsACompleteFolder) {
  auto b = LoadKioskBundle(dir_);
  ASSERT_TRUE(b.ok()) << b.message();
  EXPECT_EQ(b->dir, dir_);
  EXPECT_EQ(b->name, "kiosk-01");
  EXPECT_EQ(b->host, "10.0.0.5");
  EXPECT_EQ(b->port, 7400);
  EXPECT_EQ(b->cert_path, dir_ / "kiosk.crt");
  EXPECT_EQ(b->key_path, dir_ / "kiosk.key");
  EXPECT_EQ(b->ca_path, dir_ / "ca.crt");
  EXPECT_EQ(b->seal, seal_.verify_key());
  EXPECT_EQ(b->seal_fingerprint, crypto::Fingerprint(seal_.verify_key()));
}

TEST_F(KioskBundleTest, ManifestRoundTripsInItsDocumentedForm) {
  const std::string text = EncodeKioskManifest(manifest_);
  EXPECT_EQ(text,
            "{\n  \"format\": \"hall-kiosk-bundle/v1\",\n"
            "  \"name\": \"kiosk-01\",\n"
            "  \"server_host\": \"10.0.0.5\",\n"
            "  \"server_port\": 7400,\n"
            "  \"seal_fingerprint\": \"" +
                manifest_.seal_fingerprint + "\"\n}\n");
  auto back = DecodeKioskManifest(text);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->name, manifest_.name);
  EXPECT_EQ(back->server_host, manifest_.server_host);
  EXPECT_EQ(back->server_port, manifest_.server_port);
  EXPECT_EQ(back->seal_fingerprint, manifest_.seal_fingerprint);
}

TEST_F(KioskBundleTest, RefusesAMissingFolder) {
  dir_ = root_ / "nowhere";
  const Status s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_TRUE(Has(s.message(), dir_.string())) << s.message();
  EXPECT_TRUE(Has(s.message(), "no such folder")) << s.message();
  EXPECT_TRUE(Has(s.message(), "hall-admin kiosk enrol")) << s.message();
}

TEST_F(KioskBundleTest, RefusesAFileGivenForTheFolder) {
  dir_ = dir_ / "kiosk.json";
  const Status s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(s.message(), "not a folder")) << s.message();
}

TEST_F(KioskBundleTest, NamesEachMissingFile) {
  for (const char* file :
       {"kiosk.json", "kiosk.crt", "kiosk.key", "ca.crt", "seal.pub"}) {
    SCOPED_TRACE(file);
    const fs::path kept = root_ / "kept";
    fs::rename(dir_ / file, kept);
    const Status s = Refusal();
    EXPECT_EQ(s.code(), StatusCode::kNotFound);
    EXPECT_TRUE(Has(s.message(), std::string(file) + " is missing"))
        << s.message();
    EXPECT_TRUE(Has(s.message(), "hall-admin kiosk enrol")) << s.message();
    fs::rename(kept, dir_ / file);
  }
  fs::remove(dir_ / "kiosk.key");
  fs::remove(dir_ / "seal.pub");
  const Status both = Refusal();
  EXPECT_EQ(both.code(), StatusCode::kNotFound);
  EXPECT_TRUE(Has(both.message(), "kiosk.key and seal.pub are missing"))
      << both.message();
}

TEST_F(KioskBundleTest, RefusesALinkOrFolderInPlaceOfAFile) {
  fs::remove(dir_ / "ca.crt");
  fs::create_symlink(dir_ / "kiosk.crt", dir_ / "ca.crt");
  Status s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(s.message(), "ca.crt: not a regular file")) << s.message();
  fs::remove(dir_ / "ca.crt");
  fs::create_directory(dir_ / "ca.crt");
  s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST_F(KioskBundleTest, RefusesAKeyOthersMayRead) {
  for (mode_t mode : {0640, 0604, 0620, 0644}) {
    SCOPED_TRACE(mode);
    ASSERT_EQ(::chmod((dir_ / "kiosk.key").c_str(), mode), 0);
    const Status s = Refusal();
    EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
    EXPECT_TRUE(Has(s.message(), "kiosk.key")) << s.message();
    EXPECT_TRUE(Has(s.message(), "chmod 600")) << s.message();
    EXPECT_TRUE(Has(s.message(), "USB stick")) << s.message();
  }
  ASSERT_EQ(::chmod((dir_ / "kiosk.key").c_str(), 0400), 0);
  EXPECT_TRUE(LoadKioskBundle(dir_).ok());
}

// LoadKioskBundle(dir) as a user who does not own the folder: this user
// when it is not root, else a child process that became "nobody".
Status LoadAsAnotherUser(const fs::path& dir) {
  if (::geteuid() != 0) {
    auto b = LoadKioskBundle(dir);
    return b.ok() ? Status::Ok() : b.status();
  }
  int fds[2];
  HALL_CHECK(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  HALL_CHECK(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) _exit(100);
    auto b = LoadKioskBundle(dir);
    const std::string m = b.ok() ? "" : b.message();
    if (!m.empty() && ::write(fds[1], m.data(), m.size()) < 0) _exit(101);
    _exit(b.ok() ? 0 : static_cast<int>(b.code()));
  }
  ::close(fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) {
    message.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  HALL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) < 100);
  const int code = WEXITSTATUS(status);
  return code == 0 ? Status::Ok()
                   : Status::Make(static_cast<StatusCode>(code), message);
}

TEST_F(KioskBundleTest, RefusesAnUnreadableManifest) {
  // Everyone may enter the folders; kiosk.json and kiosk.key are the
  // owner's only.
  ASSERT_EQ(::chmod(root_.c_str(), 0755), 0);
  ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
  ASSERT_EQ(::chmod((dir_ / "kiosk.json").c_str(), 0600), 0);
  const Status s = LoadAsAnotherUser(dir_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << s.message();
  EXPECT_TRUE(Has(s.message(), "kiosk.json: cannot read it")) << s.message();
  EXPECT_TRUE(Has(s.message(), "must be able to read")) << s.message();
}

TEST_F(KioskBundleTest, RefusesAnOversizedManifest) {
  Write("kiosk.json", std::string(70 * 1024, ' '));
  const Status s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(s.message(), "kiosk.json: too large")) << s.message();
}

TEST_F(KioskBundleTest, RefusesAMalformedManifest) {
  struct Case {
    std::string text;
    std::string says;
  };
  const std::string fp = manifest_.seal_fingerprint;
  const auto with = [&](const std::string& fields) {
    return "{\"format\": \"hall-kiosk-bundle/v1\", " + fields + "}";
  };
  const std::string name = "\"name\": \"kiosk-01\"";
  const std::string host = "\"server_host\": \"10.0.0.5\"";
  const std::string port = "\"server_port\": 7400";
  const std::string seal = "\"seal_fingerprint\": \"" + fp + "\"";
  const Case cases[] = {
      {"", "empty: it must hold one JSON value"},
      {"{\"format\": ", "ends too soon at line 1, column 12"},
      {"[1, 2]", "not a JSON object"},
      {"{\"format\": \"hall-kiosk-bundle/v2\", " + name + ", " + host + ", " +
           port + ", " + seal + "}",
       "format: \"hall-kiosk-bundle/v2\" is not hall-kiosk-bundle/v1"},
      {"{" + name + ", " + host + ", " + port + ", " + seal + "}",
       "format: missing"},
      {with(host + ", " + port + ", " + seal), "name: missing"},
      {with("\"name\": \"kiosk 01\", " + host + ", " + port + ", " + seal),
       "name: \"kiosk 01\" is not a kiosk name"},
      {with(name + ", " + port + ", " + seal), "server_host: missing"},
      {with(name + ", \"server_host\": 5, " + port + ", " + seal),
       "server_host: must be a string"},
      {with(name + ", \"server_host\": \"a b\", " + port + ", " + seal),
       "server_host: \"a b\" is not an IP address or host name"},
      {with(name + ", " + host + ", " + seal), "server_port: missing"},
      {with(name + ", " + host + ", \"server_port\": 0, " + seal),
       "server_port: must be a whole number from 1 to 65535"},
      {with(name + ", " + host + ", \"server_port\": 65536, " + seal),
       "server_port: must be a whole number from 1 to 65535"},
      {with(name + ", " + host + ", \"server_port\": -1, " + seal),
       "server_port: must be a whole number from 1 to 65535"},
      {with(name + ", " + host + ", \"server_port\": \"7400\", " + seal),
       "server_port: must be a whole number from 1 to 65535"},
      {with(name + ", " + host + ", " + port), "seal_fingerprint: missing"},
      {with(name + ", " + host + ", " + port + ", \"seal_fingerprint\": \"\""),
       "seal_fingerprint: is empty"},
      {with(name + ", " + host + ", " + port + ", " + seal +
            ", \"server\": \"x\""),
       "server: unexpected field"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Write("kiosk.json", c.text);
    const Status s = Refusal();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Has(s.message(), (dir_ / "kiosk.json").string() + ": "))
        << s.message();
    EXPECT_TRUE(Has(s.message(), c.says)) << s.message();
  }
}

TEST_F(KioskBundleTest, RefusesAManifestOfAnotherSeal) {
  manifest_.seal_fingerprint =
      crypto::Fingerprint(crypto::SigningKey::Generate().verify_key());
  Write("kiosk.json", EncodeKioskManifest(manifest_));
  const Status s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_TRUE(Has(s.message(), "mixes two enrolments")) << s.message();
  EXPECT_TRUE(Has(s.message(), manifest_.seal_fingerprint)) << s.message();
}

TEST_F(KioskBundleTest, RefusesABadSealPublicKey) {
  Write("seal.pub", "not hex\n");
  const Status s = Refusal();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(s.message(), "seal.pub: not a seal public key"))
      << s.message();
}

TEST_F(KioskBundleTest, RefusesFilesThatAreNotPem) {
  for (const char* file : {"kiosk.crt", "ca.crt", "kiosk.key"}) {
    SCOPED_TRACE(file);
    const std::string kept = [&] {
      std::ifstream in(dir_ / file);
      return std::string(std::istreambuf_iterator<char>(in), {});
    }();
    Write(file, "garbage\n");
    const Status s = Refusal();
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Has(s.message(), std::string(file) + ": not a PEM"))
        << s.message();
    Write(file, kept);
  }
  EXPECT_TRUE(LoadKioskBundle(dir_).ok());
}

TEST(SealPublicKeyFile, RoundTripsAndRefusesOtherText) {
  const crypto::SigningKey seal = crypto::SigningKey::Generate();
  const std::string text = EncodeSealPublicKeyFile(seal.verify_key());
  ASSERT_EQ(text.size(), 65u);
  EXPECT_EQ(text.back(), '\n');
  auto back = DecodeSealPublicKeyFile(text);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(*back, seal.verify_key());
  // Upper case and a CRLF line end, as an editor may leave it.
  std::string upper = text.substr(0, 64);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  EXPECT_TRUE(DecodeSealPublicKeyFile(upper + "\r\n").ok());
  for (const std::string& bad :
       {std::string(), text.substr(0, 62) + "\n", text.substr(0, 63) + "g\n",
        text + text, std::string(64, '0') + "\n"}) {
    SCOPED_TRACE(bad);
    auto r = DecodeSealPublicKeyFile(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Has(r.message(), "64 hex digits")) << r.message();
  }
}

TEST(KioskName, FollowsTheCertificateRule) {
  EXPECT_TRUE(IsValidKioskName("kiosk-01"));
  EXPECT_TRUE(IsValidKioskName("display_1"));
  EXPECT_TRUE(IsValidKioskName(std::string(64, 'k')));
  EXPECT_FALSE(IsValidKioskName(""));
  EXPECT_FALSE(IsValidKioskName(std::string(65, 'k')));
  EXPECT_FALSE(IsValidKioskName("kiosk 01"));
  EXPECT_FALSE(IsValidKioskName("kiosk/01"));
}

}  // namespace
}  // namespace hall::shared
