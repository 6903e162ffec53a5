// Provisioning as the committee does it: the real hall-admin binary (init
// --address, kiosk enrol, server show, server reissue-certificate) and the
// real hall-server process, with the headless voting client dialling the
// server exactly as a kiosk would from the folder `kiosk enrol` wrote
// (LoadKioskBundle). Linux routes all of 127.0.0.0/8 to the loopback
// interface, so 127.0.0.2 plays the hall network's address.
#include "hall/server/provisioning.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>

#include "cli/run_command.h"
#include "hall/shared/client/voting_client.h"
#include "hall/shared/kiosk_bundle.h"
#include "hall/shared/net/tls.h"
#include "hall/shared/seal_public_key_file.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::server {
namespace {

namespace fs = std::filesystem;
using hall::testing::CommandResult;
using hall::testing::Quote;
using hall::testing::RunCommand;
using hall::testing::Slurp;
using json = nlohmann::json;

int Mode(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

net::TlsClientConfig TlsOf(const shared::KioskBundle& b) {
  net::TlsClientConfig tls;
  tls.ca_cert_pem_path = b.ca_path.string();
  tls.cert_path = b.cert_path.string();
  tls.key_path = b.key_path.string();
  return tls;
}

class Provisioning : public ::testing::Test {
 protected:
  Provisioning() {
    char tmpl[] = "/tmp/hall-provisioning-test-XXXXXX";
    root_ = mkdtemp(tmpl);
    dir_ = root_ / "install";
  }
  ~Provisioning() override { fs::remove_all(root_); }

  CommandResult Admin(const std::string& args) {
    return RunCommand(
        "env -u HALL_DB_PASSPHRASE HALL_DIR=" + Quote(dir_.string()) +
        " HALL_SEAL_PASSPHRASE='seal passphrase 1' " + HALL_ADMIN_BINARY + " " +
        args);
  }

  // init; returns the seal fingerprint it printed.
  std::string Init(const std::string& args = "") {
    auto init = Admin("init --seal-cost min --name 'Hall A' " + args);
    EXPECT_EQ(init.exit_code, 0) << init.err;
    std::smatch fp;
    EXPECT_TRUE(std::regex_search(
        init.out, fp,
        std::regex("seal fingerprint: ([0-9A-Z]{4}(-[0-9A-Z]{4}){3})")))
        << init.out;
    init_out_ = init.out;
    return fp.size() > 1 ? fp[1].str() : "";
  }

  fs::path root_;
  fs::path dir_;
  std::string init_out_;
};

TEST_F(Provisioning, EnrolWritesAFolderTheKioskReadsBack) {
  const std::string fingerprint = Init("--address 10.1.2.3 --address hall.lan");
  EXPECT_TRUE(Has(init_out_,
                  "server certificate names: 127.0.0.1, localhost, "
                  "10.1.2.3, hall.lan"))
      << init_out_;
  const fs::path usb = root_ / "usb" / "kiosk-01";
  auto enrol = Admin("kiosk enrol kiosk-01 --out " + Quote(usb.string()));
  ASSERT_EQ(enrol.exit_code, 0) << enrol.err;
  EXPECT_TRUE(Has(enrol.out, "dials 10.1.2.3:7400")) << enrol.out;
  EXPECT_TRUE(Has(enrol.out, "hall-kiosk --config")) << enrol.out;
  EXPECT_TRUE(Has(enrol.out, fingerprint)) << enrol.out;
  EXPECT_FALSE(fs::exists(dir_ / "kiosks" / "kiosk-01"));  // only on the stick

  for (const char* f :
       {"kiosk.crt", "kiosk.key", "ca.crt", "seal.pub", "kiosk.json"}) {
    EXPECT_TRUE(fs::is_regular_file(usb / f)) << f;
  }
  EXPECT_EQ(Mode(usb / "kiosk.key"), 0600);
  EXPECT_EQ(Mode(usb), 0700);
  EXPECT_EQ(Slurp(usb / "ca.crt"), Slurp(dir_ / "ca.crt"));
  // seal.pub is the file hall-admin init --seal-public-key reads.
  auto seal = shared::DecodeSealPublicKeyFile(Slurp(usb / "seal.pub"));
  ASSERT_TRUE(seal.ok()) << seal.message();
  const fs::path other = root_ / "other";
  auto reinit =
      RunCommand(std::string("env -u HALL_DIR ") + HALL_ADMIN_BINARY +
                 " init --dir " + Quote(other.string()) +
                 " --seal-public-key " + Quote((usb / "seal.pub").string()));
  ASSERT_EQ(reinit.exit_code, 0) << reinit.err;
  EXPECT_TRUE(Has(reinit.out, "seal fingerprint: " + fingerprint))
      << reinit.out;

  const json manifest = json::parse(Slurp(usb / "kiosk.json"));
  EXPECT_EQ(manifest, json({{"format", "hall-kiosk-bundle/v1"},
                            {"name", "kiosk-01"},
                            {"server_host", "10.1.2.3"},
                            {"server_port", 7400},
                            {"seal_fingerprint", fingerprint}}));

  auto bundle = shared::LoadKioskBundle(usb);
  ASSERT_TRUE(bundle.ok()) << bundle.message();
  EXPECT_EQ(bundle->name, "kiosk-01");
  EXPECT_EQ(bundle->host, "10.1.2.3");
  EXPECT_EQ(bundle->port, kDefaultServerPort);
  EXPECT_EQ(bundle->seal, *seal);
  EXPECT_EQ(bundle->seal_fingerprint, fingerprint);
  EXPECT_EQ(bundle->key_path, usb / "kiosk.key");

  // The default folder, another named address and port; a display.
  auto display = Admin("kiosk enrol display-1 --server-address hall.lan:7500");
  ASSERT_EQ(display.exit_code, 0) << display.err;
  auto shown = shared::LoadKioskBundle(dir_ / "kiosks" / "display-1");
  ASSERT_TRUE(shown.ok()) << shown.message();
  EXPECT_EQ(shown->host, "hall.lan");
  EXPECT_EQ(shown->port, 7500);
  auto list = Admin("kiosk list");
  EXPECT_TRUE(Has(list.out, "kiosk-01")) << list.out;
  EXPECT_TRUE(Has(list.out, "display-1")) << list.out;

  auto help = Admin("kiosk enrol --help");
  EXPECT_TRUE(Has(help.out, "hall display")) << help.out;
}

TEST_F(Provisioning, EnrolRefusesAnAddressTheCertificateDoesNotName) {
  Init("--address 10.1.2.3");
  const fs::path usb = root_ / "usb";
  auto refused = Admin("kiosk enrol kiosk-01 --server-address 10.9.9.9 --out " +
                       Quote(usb.string()));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(Has(refused.err, "does not name 10.9.9.9")) << refused.err;
  EXPECT_TRUE(Has(refused.err, "it names 127.0.0.1, localhost, 10.1.2.3"))
      << refused.err;
  EXPECT_TRUE(Has(refused.err,
                  "hall-admin server reissue-certificate --address 10.1.2.3 "
                  "--address 10.9.9.9"))
      << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1);
  EXPECT_FALSE(fs::exists(usb));
  EXPECT_TRUE(Has(Admin("kiosk list").out, "no kiosks enrolled"));

  // Not an address at all; a folder that holds something.
  EXPECT_EQ(
      Admin("kiosk enrol kiosk-01 --server-address 10.1.2.3:99999").exit_code,
      2);
  fs::create_directories(usb);
  std::ofstream(usb / "notes.txt") << "x";
  auto full = Admin("kiosk enrol kiosk-01 --out " + Quote(usb.string()));
  EXPECT_EQ(full.exit_code, 2);
  EXPECT_TRUE(Has(full.err, "not an empty folder")) << full.err;
  // A name the default address and port suit.
  auto ok = Admin("kiosk enrol kiosk-01 --server-address 10.1.2.3");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

TEST_F(Provisioning, ReissuedCertificateLetsAKioskDialTheNewAddress) {
  Init();
  EXPECT_TRUE(Has(init_out_, "server reissue-certificate")) << init_out_;
  const std::string key_before = Slurp(dir_ / "server.key");
  const std::string cert_before = Slurp(dir_ / "server.crt");

  sim::loadgen::ServerProcess server(HALL_SERVER_BINARY, dir_,
                                     root_ / "server.log");
  server.set_host("127.0.0.2");
  ASSERT_TRUE(server.Start().ok()) << Slurp(root_ / "server.log");
  const std::string address = "127.0.0.2:" + std::to_string(server.port());

  // Before: the certificate names 127.0.0.1 and localhost only.
  auto early = Admin("kiosk enrol kiosk-01 --server-address " + address);
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_TRUE(Has(early.err, "does not name 127.0.0.2")) << early.err;
  auto k1 = Admin("kiosk enrol kiosk-01 --out " +
                  Quote((root_ / "kiosk-01").string()));
  ASSERT_EQ(k1.exit_code, 0) << k1.err;
  auto b1 = shared::LoadKioskBundle(root_ / "kiosk-01");
  ASSERT_TRUE(b1.ok()) << b1.message();
  EXPECT_EQ(b1->host, "127.0.0.1");
  auto refused = client::VotingClient::Connect("127.0.0.2", server.port(),
                                               TlsOf(*b1), b1->seal);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(Has(refused.message(), "not valid for the address"))
      << refused.message();

  // Re-issue, then restart the server.
  auto reissue = Admin("server reissue-certificate --address 127.0.0.2");
  ASSERT_EQ(reissue.exit_code, 0) << reissue.err;
  EXPECT_TRUE(Has(reissue.out, "addresses: 127.0.0.1, localhost, 127.0.0.2"))
      << reissue.out;
  EXPECT_TRUE(Has(reissue.out, "Restart hall-server")) << reissue.out;
  EXPECT_EQ(Slurp(dir_ / "server.key"), key_before);
  EXPECT_NE(Slurp(dir_ / "server.crt"), cert_before);
  EXPECT_FALSE(fs::exists(dir_ / "server.crt.tmp"));
  auto show = Admin("server show");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(Has(show.out, "addresses: 127.0.0.1, localhost, 127.0.0.2"))
      << show.out;
  EXPECT_TRUE(Has(show.out, "kiosks dial 127.0.0.2:7400")) << show.out;

  auto k2 = Admin("kiosk enrol kiosk-02 --server-address " + address +
                  " --out " + Quote((root_ / "kiosk-02").string()));
  ASSERT_EQ(k2.exit_code, 0) << k2.err;
  auto b2 = shared::LoadKioskBundle(root_ / "kiosk-02");
  ASSERT_TRUE(b2.ok()) << b2.message();
  EXPECT_EQ(b2->host, "127.0.0.2");
  EXPECT_EQ(b2->port, server.port());

  // The running server still presents the old certificate.
  EXPECT_FALSE(
      client::VotingClient::Connect(b2->host, b2->port, TlsOf(*b2), b2->seal)
          .ok());
  ASSERT_TRUE(server.Stop().ok());
  ASSERT_TRUE(server.Start().ok()) << Slurp(root_ / "server.log");
  for (const shared::KioskBundle* b : {&*b1, &*b2}) {
    SCOPED_TRACE(b->name);
    auto client = client::VotingClient::Connect("127.0.0.2", server.port(),
                                                TlsOf(*b), b->seal);
    ASSERT_TRUE(client.ok()) << client.message();
    auto status = client->Status();
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_FALSE(status->installation.empty());
  }
}

// kiosk revoke --server-pid signals this installation's hall-server only:
// another installation's server, a process that is not hall-server and a
// process that has ended are refused before anything is revoked; the right
// one reloads the list and the kiosk is cut off at once.
TEST_F(Provisioning, RevokeSignalsOnlyThisInstallationsServer) {
  Init();
  ASSERT_EQ(Admin("kiosk enrol kiosk-01").exit_code, 0);
  sim::loadgen::ServerProcess server(HALL_SERVER_BINARY, dir_,
                                     root_ / "server.log");
  ASSERT_TRUE(server.Start().ok()) << Slurp(root_ / "server.log");
  const fs::path other_dir = root_ / "other";
  auto other_init =
      RunCommand("env -u HALL_DB_PASSPHRASE HALL_DIR=" +
                 Quote(other_dir.string()) +
                 " HALL_SEAL_PASSPHRASE='seal passphrase 2' " +
                 HALL_ADMIN_BINARY + " init --seal-cost min --name 'Hall B'");
  ASSERT_EQ(other_init.exit_code, 0) << other_init.err;
  sim::loadgen::ServerProcess other(HALL_SERVER_BINARY, other_dir,
                                    root_ / "other.log");
  ASSERT_TRUE(other.Start().ok()) << Slurp(root_ / "other.log");
  auto bundle = shared::LoadKioskBundle(dir_ / "kiosks" / "kiosk-01");
  ASSERT_TRUE(bundle.ok()) << bundle.message();
  ASSERT_TRUE(client::VotingClient::Connect("127.0.0.1", server.port(),
                                            TlsOf(*bundle), bundle->seal)
                  .ok());

  auto wrong_server = Admin("kiosk revoke kiosk-01 --server-pid " +
                            std::to_string(other.pid()));
  EXPECT_NE(wrong_server.exit_code, 0);
  EXPECT_TRUE(Has(wrong_server.err, "a hall-server of another installation"))
      << wrong_server.err;
  EXPECT_TRUE(Has(wrong_server.err, "kiosk-01 was not revoked"))
      << wrong_server.err;
  for (const char* pid : {"0", "-5", "99999999999"}) {
    auto bad = Admin(std::string("kiosk revoke kiosk-01 --server-pid ") + pid);
    EXPECT_EQ(bad.exit_code, 2) << pid;
    EXPECT_TRUE(Has(bad.err, "kiosk-01 was not revoked")) << bad.err;
  }
  auto self = Admin("kiosk revoke kiosk-01 --server-pid 1");
  EXPECT_NE(self.exit_code, 0);
  EXPECT_TRUE(Has(self.err, "not hall-server")) << self.err;
  const pid_t ended = fork();
  if (ended == 0) _exit(0);
  ASSERT_GT(ended, 0);
  ASSERT_EQ(waitpid(ended, nullptr, 0), ended);
  auto gone = Admin("kiosk revoke kiosk-01 --server-pid " +
                    std::to_string(ended));
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_TRUE(Has(gone.err, "there is no process")) << gone.err;
  EXPECT_TRUE(Has(Admin("kiosk list").out, "enrolled"));
  EXPECT_FALSE(Has(Slurp(root_ / "other.log"), "revocation list reloaded"));

  auto revoke = Admin("kiosk revoke kiosk-01 --server-pid " +
                      std::to_string(server.pid()));
  ASSERT_EQ(revoke.exit_code, 0) << revoke.err;
  EXPECT_TRUE(Has(revoke.out, "told to reload")) << revoke.out;
  for (int i = 0; i < 100 && !Has(Slurp(root_ / "server.log"),
                                  "revocation list reloaded");
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(Has(Slurp(root_ / "server.log"), "revocation list reloaded"));
  EXPECT_FALSE(client::VotingClient::Connect("127.0.0.1", server.port(),
                                             TlsOf(*bundle), bundle->seal)
                   .ok());
  EXPECT_TRUE(Has(Admin("kiosk list").out, "REVOKED"));
}

TEST_F(Provisioning, ReissueRefusesWhatIsNotAnAddressAndKeepsTheCertificate) {
  Init("--address 10.1.2.3");
  const std::string cert_before = Slurp(dir_ / "server.crt");
  auto bad = Admin("server reissue-certificate --address 'not an address'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "neither an IP address nor a host name")) << bad.err;
  EXPECT_EQ(Admin("server reissue-certificate").exit_code, 2);  // no --address
  EXPECT_EQ(Slurp(dir_ / "server.crt"), cert_before);
  // Dropping an address says which kiosks must be enrolled again.
  auto moved = Admin("server reissue-certificate --address fd00::5");
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_TRUE(Has(moved.out, "No longer named: 10.1.2.3")) << moved.out;
  auto v6 = Admin("kiosk enrol kiosk-01 --server-address '[fd00::5]:7401'");
  ASSERT_EQ(v6.exit_code, 0) << v6.err;
  EXPECT_TRUE(Has(v6.out, "dials [fd00::5]:7401")) << v6.out;
  auto bundle = shared::LoadKioskBundle(dir_ / "kiosks" / "kiosk-01");
  ASSERT_TRUE(bundle.ok()) << bundle.message();
  EXPECT_EQ(bundle->host, "fd00::5");
}

TEST(ServerAddress, ParsesHostAndPort) {
  struct Case {
    const char* text;
    const char* host;
    std::uint16_t port;
  };
  for (const Case& c : {Case{"10.0.0.5", "10.0.0.5", kDefaultServerPort},
                        Case{"10.0.0.5:7500", "10.0.0.5", 7500},
                        Case{"hall.lan:1", "hall.lan", 1},
                        Case{"fd00::5", "fd00::5", kDefaultServerPort},
                        Case{"[fd00::5]", "fd00::5", kDefaultServerPort},
                        Case{"[fd00::5]:65535", "fd00::5", 65535}}) {
    SCOPED_TRACE(c.text);
    auto a = ParseServerAddress(c.text);
    ASSERT_TRUE(a.ok()) << a.message();
    EXPECT_EQ(a->host, c.host);
    EXPECT_EQ(a->port, c.port);
  }
  for (const char* bad :
       {"", ":7400", "10.0.0.5:", "10.0.0.5:0", "10.0.0.5:65536",
        "10.0.0.5:74x0", "[fd00::5", "[fd00::5]7400", "[]:7400"}) {
    SCOPED_TRACE(bad);
    auto a = ParseServerAddress(bad);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.code(), StatusCode::kInvalidArgument);
    EXPECT_TRUE(Has(a.message(), "HOST:PORT")) << a.message();
  }
  EXPECT_EQ(DefaultKioskAddress({"127.0.0.1", "localhost"}), "127.0.0.1");
  EXPECT_EQ(DefaultKioskAddress({"127.0.0.1", "localhost", "10.0.0.5", "x"}),
            "10.0.0.5");
}

}  // namespace
}  // namespace hall::server
