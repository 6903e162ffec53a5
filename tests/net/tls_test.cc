// TLS transport tests: a real TlsListener and real clients over loopback
// (127.0.0.1 only), mutual TLS 1.3 with certificates from a real committee CA.
#include "hall/shared/net/tls.h"

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <stdexcept>
#include <thread>

#include "hall/server/pki.h"
#include "hall/server/tls_listener.h"
#include "hall/shared/net/io.h"
#include "net_test_util.h"

namespace hall::server {
namespace {

using namespace std::chrono_literals;
using hall::testing::LogCapture;
using hall::testing::PkiFiles;
using net::Frame;
using net::TlsClientConfig;
using net::TlsConnection;

constexpr std::uint16_t kThrowType = 666;

std::vector<std::uint8_t> Bytes(const std::string& s) {
  return {s.begin(), s.end()};
}
std::string Text(const std::vector<std::uint8_t>& b) {
  return {b.begin(), b.end()};
}
bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Echoes "<kiosk CN>|<payload>" with type + 1.
Frame Echo(const PeerInfo& peer, const Frame& request) {
  if (request.type == kThrowType) throw std::runtime_error("boom");
  Frame out;
  out.type = static_cast<std::uint16_t>(request.type + 1);
  out.payload = Bytes(peer.common_name + "|");
  out.payload.insert(out.payload.end(), request.payload.begin(),
                     request.payload.end());
  return out;
}

class TlsTest : public ::testing::Test {
 protected:
  TlsListenerConfig Config() {
    TlsListenerConfig c;
    c.host = "127.0.0.1";
    c.port = 0;
    c.ca_cert_path = pki_.File("ca.crt");
    c.cert_path = pki_.File("server.crt");
    c.key_path = pki_.File("server.key");
    c.crl_path = pki_.File("crl.pem");
    c.handshake_timeout = 5s;
    c.idle_timeout = 10s;
    c.io_timeout = 5s;
    c.refusal_log_interval = 0ms;  // every refusal its own line
    c.log = log_.Sink();
    return c;
  }

  void StartServer(TlsListenerConfig config,
                   TlsListener::Handler handler = Echo) {
    auto started = TlsListener::Start(std::move(config), std::move(handler));
    ASSERT_TRUE(started.ok()) << started.message();
    listener_ = std::move(started).value();
    ASSERT_NE(listener_->port(), 0);
  }

  TlsClientConfig Kiosk(const std::string& name) {
    return {pki_.File("ca.crt"), pki_.File(name + ".crt"),
            pki_.File(name + ".key")};
  }

  Result<TlsConnection> Dial(const TlsClientConfig& config) {
    return net::Connect("127.0.0.1", listener_->port(), config, 5s);
  }

  // Connects and makes one request; "" if that worked, else the error.
  std::string Refusal(const TlsClientConfig& config) {
    auto conn = Dial(config);
    if (!conn.ok()) return conn.message();
    auto reply = conn->Call(Frame{1, Bytes("hello")});
    if (reply.ok()) return "";
    return reply.message();
  }

  static void ExpectEcho(TlsConnection& conn, const std::string& kiosk,
                         const std::string& text) {
    auto reply = conn.Call(Frame{10, Bytes(text)});
    ASSERT_TRUE(reply.ok()) << reply.message();
    EXPECT_EQ(reply->type, 11);
    EXPECT_EQ(Text(reply->payload), kiosk + "|" + text);
  }

  void WaitForActive(std::size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (listener_->stats().active != n &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(listener_->stats().active, n);
  }

  void TearDown() override {
    if (listener_) listener_->Stop();
    if (HasFailure() || std::getenv("HALL_NET_TEST_LOG")) {
      for (const std::string& l : log_.Lines()) {
        std::printf("  server log: %s\n", l.c_str());
      }
    }
  }

  PkiFiles pki_;
  LogCapture log_;
  std::unique_ptr<TlsListener> listener_;
};

TEST_F(TlsTest, ValidKioskExchangesFramesOverTls13) {
  StartServer(Config());
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(conn.ok()) << conn.message();
  EXPECT_EQ(conn->tls_version(), "TLSv1.3");
  EXPECT_EQ(CertificateCommonName(conn->peer_certificate()), "hall-server");
  for (int i = 0; i < 5; ++i)
    ExpectEcho(*conn, "kiosk-1", "ping " + std::to_string(i));
  // Empty payload and a payload right at the limit.
  auto empty = conn->Call(Frame{3, {}});
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_EQ(Text(empty->payload), "kiosk-1|");
  EXPECT_EQ(listener_->stats().handshakes_ok, 1u);
  EXPECT_EQ(listener_->stats().frames_handled, 6u);
}

TEST_F(TlsTest, PeerInfoCarriesKioskNameAndSerial) {
  PeerInfo seen;
  std::mutex mu;
  StartServer(Config(), [&](const PeerInfo& p, const Frame& f) {
    std::lock_guard lock(mu);
    seen = p;
    return f;
  });
  auto conn = Dial(Kiosk("kiosk-2"));
  ASSERT_TRUE(conn.ok()) << conn.message();
  ASSERT_TRUE(conn->Call(Frame{1, {}}).ok());
  std::lock_guard lock(mu);
  EXPECT_EQ(seen.common_name, "kiosk-2");
  EXPECT_EQ(seen.serial_hex, pki_.kiosk_serials[1]);
  EXPECT_EQ(seen.fingerprint.size(), 95u);
  EXPECT_TRUE(Contains(seen.address, "127.0.0.1:")) << seen.address;
}

TEST_F(TlsTest, LargeFramesUpToTheLimitPass) {
  StartServer(Config());
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(conn.ok()) << conn.message();
  std::vector<std::uint8_t> big(net::kDefaultMaxFramePayload - 8, 0x5A);
  auto reply = conn->Call(Frame{4, big});
  ASSERT_TRUE(reply.ok()) << reply.message();
  EXPECT_EQ(reply->payload.size(), big.size() + 8);
}

TEST_F(TlsTest, ClientWithoutCertificateRefused) {
  StartServer(Config());
  std::string why = Refusal({pki_.File("ca.crt"), "", ""});
  EXPECT_TRUE(Contains(why, "no kiosk certificate was presented")) << why;
  EXPECT_NE(log_.WaitFor("no client certificate presented"), "");
  // The server goes on serving.
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(conn.ok());
  ExpectEcho(*conn, "kiosk-1", "after");
}

TEST_F(TlsTest, ClientFromAnotherCaRefused) {
  StartServer(Config());
  std::string why = Refusal({pki_.File("ca.crt"), pki_.File("other-kiosk.crt"),
                             pki_.File("other-kiosk.key")});
  EXPECT_TRUE(Contains(why, "not issued by this committee's CA")) << why;
  std::string line = log_.WaitFor(
      "the kiosk certificate is not issued by this committee's CA");
  EXPECT_TRUE(Contains(line, "refused 127.0.0.1:")) << line;
  EXPECT_TRUE(Contains(line, "CN=kiosk-1")) << line;
}

TEST_F(TlsTest, ServerCertificateUsedAsKioskRefused) {
  StartServer(Config());
  std::string why = Refusal(
      {pki_.File("ca.crt"), pki_.File("server.crt"), pki_.File("server.key")});
  EXPECT_FALSE(why.empty());
  EXPECT_NE(log_.WaitFor("wrong extended key usage"), "");
}

TEST_F(TlsTest, RevokedKioskRefusedAfterReloadWhileServerRuns) {
  StartServer(Config());
  auto kiosk1 = Dial(Kiosk("kiosk-1"));
  auto kiosk2 = Dial(Kiosk("kiosk-2"));
  ASSERT_TRUE(kiosk1.ok() && kiosk2.ok());
  ExpectEcho(*kiosk1, "kiosk-1", "before");
  ExpectEcho(*kiosk2, "kiosk-2", "before");

  auto crl = LoadCrl(pki_.File("crl.pem"));
  ASSERT_TRUE(crl.ok());
  auto revoked = RevokeCertificate(pki_.ca, crl->get(), pki_.kiosk_serials[0]);
  ASSERT_TRUE(revoked.ok()) << revoked.message();
  ASSERT_TRUE(SaveCrl(pki_.File("crl.pem"), revoked->get()).ok());
  Status reload = listener_->ReloadRevocations();
  ASSERT_TRUE(reload.ok()) << reload.message();

  // A new connection of the revoked kiosk is refused...
  std::string why = Refusal(Kiosk("kiosk-1"));
  EXPECT_TRUE(Contains(why, "revoked")) << why;
  std::string line = log_.WaitFor("the kiosk certificate has been revoked");
  EXPECT_TRUE(Contains(line, pki_.kiosk_serials[0])) << line;
  // ...its open connection was closed...
  EXPECT_FALSE(kiosk1->Call(Frame{1, {}}).ok());
  EXPECT_NE(log_.WaitFor("closed kiosk kiosk-1"), "");
  // ...and the others go on.
  ExpectEcho(*kiosk2, "kiosk-2", "after");
  auto kiosk3 = Dial(Kiosk("kiosk-3"));
  ASSERT_TRUE(kiosk3.ok());
  ExpectEcho(*kiosk3, "kiosk-3", "new");
}

TEST_F(TlsTest, BadCrlReloadKeepsTheOldList) {
  StartServer(Config());
  // A CRL from another CA in place of ours.
  std::filesystem::copy_file(pki_.File("other-crl.pem"), pki_.File("crl.pem"),
                             std::filesystem::copy_options::overwrite_existing);
  Status reload = listener_->ReloadRevocations();
  ASSERT_FALSE(reload.ok());
  EXPECT_TRUE(Contains(reload.message(), "not signed by this committee's CA"))
      << reload.message();
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(conn.ok());
  ExpectEcho(*conn, "kiosk-1", "still fine");
}

TEST_F(TlsTest, ServerCertificateFromAnotherCaRefusedByClient) {
  TlsListenerConfig c = Config();
  c.ca_cert_path = pki_.File("other-ca.crt");
  c.cert_path = pki_.File("other-server.crt");
  c.key_path = pki_.File("other-server.key");
  c.crl_path = pki_.File("other-crl.pem");
  StartServer(c);
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_FALSE(conn.ok());
  EXPECT_TRUE(Contains(conn.message(),
                       "the server certificate is not issued by this "
                       "committee's CA"))
      << conn.message();
  EXPECT_NE(log_.WaitFor("the kiosk refused the server"), "");
}

TEST_F(TlsTest, StartRefusesMismatchedFiles) {
  TlsListenerConfig c = Config();
  c.cert_path = pki_.File("other-server.crt");
  c.key_path = pki_.File("other-server.key");
  auto r = TlsListener::Start(c, Echo);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(),
                       "other-server.crt: not issued by this "
                       "committee's CA"))
      << r.message();

  c = Config();
  c.key_path = pki_.File("kiosk-1.key");
  r = TlsListener::Start(c, Echo);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "does not belong")) << r.message();

  c = Config();
  c.crl_path = pki_.File("other-crl.pem");
  r = TlsListener::Start(c, Echo);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "other-crl.pem")) << r.message();

  c = Config();
  c.crl_path = "";
  r = TlsListener::Start(c, Echo);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "revocation list")) << r.message();
}

TEST_F(TlsTest, OversizedFrameRefusedAndConnectionClosedServerKeepsServing) {
  StartServer(Config());
  auto other = Dial(Kiosk("kiosk-2"));
  ASSERT_TRUE(other.ok());
  ExpectEcho(*other, "kiosk-2", "before");

  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(conn.ok());
  // The client itself refuses to send an oversized frame (and stays usable).
  Status local = conn->Send(
      Frame{1, std::vector<std::uint8_t>(net::kDefaultMaxFramePayload + 1)});
  ASSERT_FALSE(local.ok());
  EXPECT_TRUE(Contains(local.message(), "too large to send"));
  ExpectEcho(*conn, "kiosk-1", "still open");

  // A peer that sends one anyway: header announcing 1 MiB + 1, then bytes.
  auto header = net::EncodeFrameHeader(1, net::kDefaultMaxFramePayload + 1);
  ASSERT_TRUE(conn->SendRawBytesForTesting(header).ok());
  std::vector<std::uint8_t> chunk(64 * 1024, 0xAB);
  (void)conn->SendRawBytesForTesting(chunk);
  auto reply = conn->Receive();
  EXPECT_FALSE(reply.ok());
  EXPECT_FALSE(conn->is_open());
  std::string line = log_.WaitFor("frame too large");
  EXPECT_TRUE(Contains(line, "closed kiosk kiosk-1")) << line;
  EXPECT_TRUE(Contains(line, "exceeds the limit of 1 MiB")) << line;

  // Others are unaffected; the same kiosk may reconnect.
  ExpectEcho(*other, "kiosk-2", "after");
  auto again = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(again.ok());
  ExpectEcho(*again, "kiosk-1", "reconnected");
}

TEST_F(TlsTest, ClientRefusesOversizedReply) {
  StartServer(Config());
  TlsClientConfig c = Kiosk("kiosk-1");
  c.max_frame_payload = 16;
  auto conn = Dial(c);
  ASSERT_TRUE(conn.ok());
  auto reply = conn->Call(Frame{1, Bytes("0123456789")});  // reply is 18 bytes
  ASSERT_FALSE(reply.ok());
  EXPECT_TRUE(Contains(reply.message(), "frame too large")) << reply.message();
  EXPECT_FALSE(conn->is_open());
}

TEST_F(TlsTest, MalformedHeadersRefused) {
  StartServer(Config());
  {
    auto conn = Dial(Kiosk("kiosk-1"));
    ASSERT_TRUE(conn.ok());
    auto header = net::EncodeFrameHeader(1, 0);
    header[0] = 'X';
    ASSERT_TRUE(conn->SendRawBytesForTesting(header).ok());
    EXPECT_FALSE(conn->Receive().ok());
    EXPECT_NE(log_.WaitFor("expected magic \"HALL\""), "");
  }
  {
    auto conn = Dial(Kiosk("kiosk-1"));
    ASSERT_TRUE(conn.ok());
    auto header = net::EncodeFrameHeader(1, 0);
    header[4] = 9;
    ASSERT_TRUE(conn->SendRawBytesForTesting(header).ok());
    EXPECT_FALSE(conn->Receive().ok());
    EXPECT_NE(log_.WaitFor("unsupported protocol version 9"), "");
  }
  {
    // Truncated: half a header, then the kiosk hangs up.
    auto conn = Dial(Kiosk("kiosk-1"));
    ASSERT_TRUE(conn.ok());
    auto header = net::EncodeFrameHeader(1, 0);
    ASSERT_TRUE(conn->SendRawBytesForTesting(std::span(header).first(5)).ok());
    conn->Close();
    EXPECT_NE(log_.WaitFor("truncated frame"), "");
  }
  auto conn = Dial(Kiosk("kiosk-2"));
  ASSERT_TRUE(conn.ok());
  ExpectEcho(*conn, "kiosk-2", "fine");
}

TEST_F(TlsTest, OnlyTls13IsSpoken) {
  StartServer(Config());
  // A TLS 1.2 client with a valid kiosk certificate.
  net::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  ASSERT_TRUE(ctx);
  SSL_CTX_set_max_proto_version(ctx.get(), TLS1_2_VERSION);
  ASSERT_EQ(SSL_CTX_use_certificate_file(
                ctx.get(), pki_.File("kiosk-1.crt").c_str(), SSL_FILETYPE_PEM),
            1);
  ASSERT_EQ(SSL_CTX_use_PrivateKey_file(
                ctx.get(), pki_.File("kiosk-1.key").c_str(), SSL_FILETYPE_PEM),
            1);
  auto fd = net::ConnectTcp("127.0.0.1", listener_->port(), 3s);
  ASSERT_TRUE(fd.ok()) << fd.message();
  net::SslPtr ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), fd->get());
  SSL* raw = ssl.get();
  auto err = net::RunSslOp(raw, fd->get(), net::Clock::now() + 3s,
                           [raw] { return SSL_connect(raw); });
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(log_.WaitFor("not a TLS 1.3 client"), "");

  // Not TLS at all.
  auto plain = net::ConnectTcp("127.0.0.1", listener_->port(), 3s);
  ASSERT_TRUE(plain.ok());
  const char http[] = "GET / HTTP/1.0\r\n\r\n";
  ASSERT_GT(::send(plain->get(), http, sizeof http - 1, MSG_NOSIGNAL), 0);
  EXPECT_NE(log_.WaitFor("(http request)"), "");
}

TEST_F(TlsTest, HandlerExceptionClosesOnlyThatConnection) {
  StartServer(Config());
  auto a = Dial(Kiosk("kiosk-1"));
  auto b = Dial(Kiosk("kiosk-2"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->Call(Frame{kThrowType, {}}).ok());
  EXPECT_NE(log_.WaitFor("the request handler failed (boom)"), "");
  ExpectEcho(*b, "kiosk-2", "unaffected");
}

TEST_F(TlsTest, IdleConnectionsAreClosed) {
  TlsListenerConfig c = Config();
  c.idle_timeout = 300ms;
  StartServer(c);
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_TRUE(conn.ok());
  ExpectEcho(*conn, "kiosk-1", "hi");
  EXPECT_NE(log_.WaitFor("idle limit 300 ms"), "");
  EXPECT_FALSE(conn->Call(Frame{1, {}}).ok());
}

TEST_F(TlsTest, ConnectionsBeyondTheCapAreRefusedCleanly) {
  TlsListenerConfig c = Config();
  c.max_connections = 3;
  StartServer(c);
  std::vector<TlsConnection> open;
  for (int i = 1; i <= 3; ++i) {
    auto conn = Dial(Kiosk("kiosk-" + std::to_string(i)));
    ASSERT_TRUE(conn.ok()) << conn.message();
    ExpectEcho(*conn, "kiosk-" + std::to_string(i), "in");
    open.push_back(std::move(conn).value());
  }
  std::string why = Refusal(Kiosk("kiosk-1"));
  EXPECT_FALSE(why.empty());
  EXPECT_NE(log_.WaitFor("at the connection limit of 3"), "");
  EXPECT_EQ(listener_->stats().refused_at_limit, 1u);
  for (std::size_t i = 0; i < open.size(); ++i) {
    ExpectEcho(open[i], "kiosk-" + std::to_string(i + 1), "still in");
  }
  // Make room, then a new kiosk gets in.
  open.pop_back();
  WaitForActive(2);
  auto conn = Dial(Kiosk("kiosk-3"));
  ASSERT_TRUE(conn.ok()) << conn.message();
  ExpectEcho(*conn, "kiosk-3", "in again");
}

TEST_F(TlsTest, ManyConcurrentKiosks) {
  constexpr int kClients = 150;
  constexpr int kRoundTrips = 5;
  TlsListenerConfig c = Config();
  c.max_handshakes_per_address = kClients;       // all from 127.0.0.1
  c.max_connections_per_certificate = kClients;  // 3 certificates
  StartServer(c);
  std::latch all_connected(kClients);
  std::atomic<int> connected{0};
  std::atomic<int> round_trips{0};
  std::atomic<int> failures{0};
  std::mutex mu;
  std::string first_failure;
  const auto start = std::chrono::steady_clock::now();
  std::atomic<std::int64_t> connect_done_ns{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      const std::string kiosk = "kiosk-" + std::to_string(1 + i % 3);
      auto conn = Dial(Kiosk(kiosk));
      if (conn.ok()) {
        connected++;
      } else {
        failures++;
        std::lock_guard lock(mu);
        if (first_failure.empty()) first_failure = conn.message();
      }
      all_connected.arrive_and_wait();  // all connections are open at once
      std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::steady_clock::now() - start)
                             .count();
      std::int64_t prev = connect_done_ns.load();
      while (now > prev && !connect_done_ns.compare_exchange_weak(prev, now)) {
      }
      if (!conn.ok()) return;
      for (int r = 0; r < kRoundTrips; ++r) {
        const std::string text = std::to_string(i) + "/" + std::to_string(r);
        auto reply = conn->Call(Frame{10, Bytes(text)});
        if (reply.ok() && Text(reply->payload) == kiosk + "|" + text) {
          round_trips++;
        } else {
          failures++;
          std::lock_guard lock(mu);
          if (first_failure.empty()) {
            first_failure = reply.ok() ? "wrong reply" : reply.message();
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double total_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_EQ(connected.load(), kClients);
  EXPECT_EQ(round_trips.load(), kClients * kRoundTrips);
  EXPECT_GE(listener_->stats().handshakes_ok,
            static_cast<std::uint64_t>(kClients));
  const double connect_s = connect_done_ns.load() / 1e9;
  std::printf(
      "[ measure  ] %d concurrent kiosks: all connected in %.3f s "
      "(%.0f handshakes/s), %d round trips, total %.3f s\n",
      kClients, connect_s, kClients / connect_s, kClients * kRoundTrips,
      total_s);
  RecordProperty("handshakes_per_s", static_cast<int>(kClients / connect_s));
}

TEST_F(TlsTest, StopClosesConnectionsAndJoins) {
  StartServer(Config());
  std::vector<TlsConnection> open;
  for (int i = 0; i < 5; ++i) {
    auto conn = Dial(Kiosk("kiosk-1"));
    ASSERT_TRUE(conn.ok());
    open.push_back(std::move(conn).value());
  }
  // One connection stuck in its handshake (plain TCP, says nothing).
  auto silent = net::ConnectTcp("127.0.0.1", listener_->port(), 3s);
  ASSERT_TRUE(silent.ok());
  WaitForActive(6);
  const auto start = std::chrono::steady_clock::now();
  listener_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(listener_->stats().active, 0u);
  for (TlsConnection& conn : open) EXPECT_FALSE(conn.Call(Frame{1, {}}).ok());
  EXPECT_FALSE(Dial(Kiosk("kiosk-1")).ok());
}

TEST(TlsClientTest, ConfigurationErrorsAreClear) {
  PkiFiles pki;
  auto r = net::Connect("127.0.0.1", 1, {"", "", ""}, 1s);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "no committee CA certificate"));
  r = net::Connect("127.0.0.1", 1,
                   {pki.File("ca.crt"), pki.File("kiosk-1.crt"), ""}, 1s);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "must be configured together"));
  r = net::Connect(
      "127.0.0.1", 1,
      {pki.File("ca.crt"), pki.File("kiosk-1.crt"), pki.File("kiosk-2.key")},
      1s);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "does not belong")) << r.message();
  r = net::Connect("127.0.0.1", 1, {pki.File("missing.crt"), "", ""}, 1s);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "missing.crt")) << r.message();
}

// What kind of failure each is, for a caller that branches on the code.
TEST(TlsClientTest, FailuresCarryTheirCode) {
  PkiFiles pki;
  EXPECT_EQ(net::Connect("127.0.0.1", 1, {"", "", ""}, 1s).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(net::Connect("127.0.0.1", 1,
                         {pki.File("ca.crt"), pki.File("kiosk-1.crt"),
                          pki.File("kiosk-2.key")},
                         1s)
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      net::Connect("127.0.0.1", 1, {pki.File("missing.crt"), "", ""}, 1s).code(),
      StatusCode::kNotFound);
  // Nobody listens on port 1: a retry may find the server up.
  auto down = net::Connect("127.0.0.1", 1, {pki.File("ca.crt"), "", ""}, 1s);
  EXPECT_EQ(down.code(), StatusCode::kUnavailable) << down.message();
}

TEST_F(TlsTest, AServerFromAnotherCaIsPermissionDenied) {
  TlsListenerConfig c = Config();
  c.ca_cert_path = pki_.File("other-ca.crt");
  c.cert_path = pki_.File("other-server.crt");
  c.key_path = pki_.File("other-server.key");
  c.crl_path = pki_.File("other-crl.pem");
  StartServer(c);
  auto conn = Dial(Kiosk("kiosk-1"));
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.code(), StatusCode::kPermissionDenied) << conn.message();
}

// A kiosk the server refuses learns it as permission denied (not as a lost
// connection it should retry).
TEST_F(TlsTest, KioskRefusalsArePermissionDenied) {
  StartServer(Config());
  auto refusal_code = [&](const TlsClientConfig& config) {
    auto conn = Dial(config);
    if (!conn.ok()) return conn.code();
    auto reply = conn->Call(Frame{1, Bytes("hello")});
    return reply.ok() ? StatusCode::kOk : reply.code();
  };
  EXPECT_EQ(refusal_code({pki_.File("ca.crt"), "", ""}),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(refusal_code({pki_.File("ca.crt"), pki_.File("other-kiosk.crt"),
                          pki_.File("other-kiosk.key")}),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(refusal_code({pki_.File("ca.crt"), pki_.File("server.crt"),
                          pki_.File("server.key")}),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(refusal_code(Kiosk("kiosk-1")), StatusCode::kOk);
}

// What kind of failure each refusal to start is.
TEST_F(TlsTest, StartFailuresCarryTheirCode) {
  TlsListenerConfig c = Config();
  c.ca_cert_path = pki_.File("missing-ca.crt");
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kNotFound);

  c = Config();
  c.crl_path = "";
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kInvalidArgument);
  c = Config();
  c.max_connections = 0;
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(TlsListener::Start(Config(), nullptr).code(),
            StatusCode::kInvalidArgument);
  c = Config();
  c.ca_cert_path = pki_.File("kiosk-1.crt");  // not a CA
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kInvalidArgument);

  // A server certificate of another CA, a key of another certificate.
  c = Config();
  c.cert_path = pki_.File("other-server.crt");
  c.key_path = pki_.File("other-server.key");
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kPermissionDenied);
  c = Config();
  c.key_path = pki_.File("kiosk-1.key");
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kPermissionDenied);
  // A revocation list without this CA's signature.
  c = Config();
  c.crl_path = pki_.File("other-crl.pem");
  EXPECT_EQ(TlsListener::Start(c, Echo).code(), StatusCode::kCorruption);

  // The port is taken: it may be free later.
  StartServer(Config());
  c = Config();
  c.port = listener_->port();
  auto busy = TlsListener::Start(c, Echo);
  EXPECT_EQ(busy.code(), StatusCode::kUnavailable) << busy.message();

  // A reload with another CA's list is refused as such.
  std::filesystem::copy_file(pki_.File("other-crl.pem"), pki_.File("crl.pem"),
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(listener_->ReloadRevocations().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace hall::server
