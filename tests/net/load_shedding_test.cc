// Load shedding in the kiosk listener: real TLS between real sockets on
// loopback. Hostile peers come from 127.0.0.7 (any 127/8 address reaches the
// listener on 127.0.0.1), the kiosks from 127.0.0.1, so the per-address limits
// apply to the flood and not to them. Deadlines are short and configurable;
// waits are bounded and generous.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "hall/base/unique_fd.h"
#include "hall/server/tls_listener.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/net/tls.h"
#include "net_test_util.h"
#include "refusal_log.h"

namespace hall::server {
namespace {

using namespace std::chrono_literals;
using hall::testing::LogCapture;
using hall::testing::PkiFiles;
using net::Frame;
using net::TlsClientConfig;
using net::TlsConnection;
using net::UniqueFd;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kHostileAddress = "127.0.0.7";

Frame Echo(const PeerInfo& peer, const Frame& request) {
  Frame out;
  out.type = static_cast<std::uint16_t>(request.type + 1);
  out.payload.assign(peer.common_name.begin(), peer.common_name.end());
  return out;
}

// A plain TCP connection to 127.0.0.1:port from `source`; invalid on error.
UniqueFd RawConnect(std::uint16_t port, const char* source) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    return UniqueFd();
  }
  return fd;
}

// True once the server has closed `fd` (EOF or reset), waiting up to `wait`.
bool ClosedByServer(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char buf[64];
  return ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0;
}

template <typename Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds limit) {
  const auto deadline = SteadyClock::now() + limit;
  while (!pred()) {
    if (SteadyClock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

class LoadSheddingTest : public ::testing::Test {
 protected:
  TlsListenerConfig Config() {
    TlsListenerConfig c;
    c.ca_cert_path = pki_.File("ca.crt");
    c.cert_path = pki_.File("server.crt");
    c.key_path = pki_.File("server.key");
    c.crl_path = pki_.File("crl.pem");
    c.handshake_timeout = 1s;
    c.idle_timeout = 10s;
    c.io_timeout = 5s;
    c.log = log_.Sink();
    return c;
  }
  void StartServer(TlsListenerConfig config) {
    auto started = TlsListener::Start(std::move(config), Echo);
    ASSERT_TRUE(started.ok()) << started.message();
    listener_ = std::move(started).value();
  }
  TlsClientConfig Kiosk(const std::string& name) {
    return {pki_.File("ca.crt"), pki_.File(name + ".crt"),
            pki_.File(name + ".key")};
  }
  Result<TlsConnection> Dial(const std::string& kiosk) {
    return net::Connect("127.0.0.1", listener_->port(), Kiosk(kiosk), 5s);
  }
  // One status-like round trip on a new connection; "" when it worked.
  std::string CallOnce(const std::string& kiosk) {
    auto conn = Dial(kiosk);
    if (!conn.ok()) return conn.message();
    auto reply = conn->Call(Frame{20, {}});
    if (!reply.ok()) return reply.message();
    return reply->type == 21 ? "" : "wrong reply";
  }
  // How many of `n` calls on new connections worked; the first failure's
  // reason in `first_failure`.
  int SucceedingCalls(const std::string& kiosk, int n,
                      std::string& first_failure) {
    int ok = 0;
    for (int i = 0; i < n; ++i) {
      const std::string why = CallOnce(kiosk);
      if (why.empty()) {
        ok++;
      } else if (first_failure.empty()) {
        first_failure = why;
      }
    }
    return ok;
  }
  std::size_t LinesContaining(const std::string& needle) {
    auto lines = log_.Lines();
    return std::count_if(lines.begin(), lines.end(), [&](const auto& l) {
      return l.find(needle) != std::string::npos;
    });
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

TEST_F(LoadSheddingTest, SilentFloodDoesNotLockKiosksOutAndIsLoggedInSummary) {
  constexpr int kFlood = 300;
  constexpr int kCalls = 20;
  TlsListenerConfig c = Config();
  c.max_connections = 16;  // far fewer kiosk slots than flood connections
  c.max_handshakes = 64;
  c.max_handshakes_per_address = 16;
  StartServer(c);
  const std::uint16_t port = listener_->port();
  std::atomic<bool> done{false};
  std::atomic<int> opened{0};
  // Never says a word; re-opens what the server drops, bounded in time.
  std::thread flood([&] {
    std::vector<UniqueFd> conns(kFlood);
    const auto stop_at = SteadyClock::now() + 30s;
    while (!done.load() && SteadyClock::now() < stop_at) {
      for (UniqueFd& fd : conns) {
        if (fd.valid() && !ClosedByServer(fd.get(), 0ms)) continue;
        fd = RawConnect(port, kHostileAddress);
        if (fd.valid()) opened++;
      }
      std::this_thread::sleep_for(5ms);
    }
  });
  ASSERT_TRUE(WaitUntil([&] { return opened.load() >= 2 * kFlood; }, 10s));
  std::string first_failure;
  const int ok = SucceedingCalls("kiosk-1", kCalls, first_failure);
  done = true;
  flood.join();
  EXPECT_EQ(ok, kCalls) << first_failure;
  const TlsListenerStats stats = listener_->stats();
  EXPECT_GT(stats.refused_per_address, static_cast<std::uint64_t>(kFlood));
  EXPECT_LE(stats.handshaking, 16u);  // the flood never held more
  // Hundreds of refusals, a handful of lines: per reason one line now and
  // at most one summary per 10 s interval.
  listener_->Stop();
  EXPECT_LE(LinesContaining(kHostileAddress), 8u);
  EXPECT_GE(LinesContaining(std::string("from ") + kHostileAddress +
                            " in the last 10 s"),
            1u);
}

TEST_F(LoadSheddingTest, FullHandshakePoolMakesRoomForAnotherAddress) {
  TlsListenerConfig c = Config();
  c.max_handshakes = 8;
  c.max_handshakes_per_address = 16;  // the pool is the limit here
  c.handshake_timeout = 20s;          // the flood would hold its slots for long
  StartServer(c);
  std::vector<UniqueFd> flood;
  for (int i = 0; i < 8; ++i) {
    flood.push_back(RawConnect(listener_->port(), kHostileAddress));
    ASSERT_TRUE(flood.back().valid());
  }
  ASSERT_TRUE(
      WaitUntil([&] { return listener_->stats().handshaking == 8; }, 5s));
  const auto start = SteadyClock::now();
  EXPECT_EQ(CallOnce("kiosk-1"), "");
  EXPECT_LT(SteadyClock::now() - start, 5s);
  EXPECT_GE(listener_->stats().evicted, 1u);
  // The flood's own address gets no such favour: it may refill the slot it
  // lost, but not take one more.
  ASSERT_TRUE(
      WaitUntil([&] { return listener_->stats().handshaking == 7; }, 5s));
  flood.push_back(RawConnect(listener_->port(), kHostileAddress));
  ASSERT_TRUE(
      WaitUntil([&] { return listener_->stats().handshaking == 8; }, 5s));
  UniqueFd more = RawConnect(listener_->port(), kHostileAddress);
  ASSERT_TRUE(more.valid());
  EXPECT_TRUE(ClosedByServer(more.get(), 5000ms));
  EXPECT_EQ(listener_->stats().refused_at_limit, 1u);
}

// A flood from many addresses, one silent connection each, fills every
// handshake slot with addresses that all hold as many as each other: a
// kiosk still gets in, taking the place of the flood's oldest handshake.
TEST_F(LoadSheddingTest, ManyAddressesOneConnectionEachCannotLockAKioskOut) {
  constexpr int kAddresses = 24;
  TlsListenerConfig c = Config();
  c.max_handshakes = 16;
  c.handshake_timeout = 20s;  // the flood would hold its slots for long
  StartServer(c);
  const std::uint16_t port = listener_->port();
  std::atomic<bool> done{false};
  std::vector<std::string> sources;
  for (int i = 0; i < kAddresses; ++i)
    sources.push_back("127.0.0." + std::to_string(10 + i));
  // Re-opens each address's connection the moment the server drops it.
  std::thread flood([&] {
    std::vector<UniqueFd> conns(kAddresses);
    const auto stop_at = SteadyClock::now() + 30s;
    while (!done.load() && SteadyClock::now() < stop_at) {
      for (int i = 0; i < kAddresses; ++i) {
        if (conns[i].valid() && !ClosedByServer(conns[i].get(), 0ms)) continue;
        conns[i] = RawConnect(port, sources[i].c_str());
      }
      std::this_thread::sleep_for(2ms);
    }
  });
  ASSERT_TRUE(WaitUntil([&] { return listener_->stats().handshaking == 16; },
                        10s));
  std::this_thread::sleep_for(300ms);  // past the eviction age
  std::string first_failure;
  const int ok = SucceedingCalls("kiosk-1", 10, first_failure);
  done = true;
  flood.join();
  EXPECT_EQ(ok, 10) << first_failure;
  EXPECT_GE(listener_->stats().evicted, 10u);
}

TEST_F(LoadSheddingTest, SilentPeerDroppedAtTheHandshakeDeadline) {
  TlsListenerConfig c = Config();
  c.handshake_timeout = 1s;
  StartServer(c);
  UniqueFd fd = RawConnect(listener_->port(), kHostileAddress);
  ASSERT_TRUE(fd.valid());
  const auto start = SteadyClock::now();
  // One byte a second: a ClientHello that never completes.
  bool closed = false;
  for (int i = 0; i < 15 && !closed; ++i) {
    const char byte = 0x16;
    (void)!::send(fd.get(), &byte, 1, MSG_NOSIGNAL);
    closed = ClosedByServer(fd.get(), 1000ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(SteadyClock::now() - start, 8s);
  EXPECT_NE(log_.WaitFor("refused 127.0.0.7:"), "");
}

TEST_F(LoadSheddingTest, SlowlorisKioskDroppedAtTheFrameDeadline) {
  TlsListenerConfig c = Config();
  c.io_timeout = 2s;  // a frame must arrive whole 2 s after its first byte
  StartServer(c);
  auto conn = Dial("kiosk-1");
  ASSERT_TRUE(conn.ok()) << conn.message();
  auto header = net::EncodeFrameHeader(20, 100);
  std::vector<std::uint8_t> frame(header.begin(), header.end());
  frame.resize(frame.size() + 100, 'x');
  const auto start = SteadyClock::now();
  std::size_t sent = 0;
  std::string line;
  while (sent < frame.size() && line.empty()) {
    if (!conn->SendRawBytesForTesting({&frame[sent], 1}).ok()) break;
    ++sent;
    line = log_.WaitFor("timed out in the middle of a message", 1000ms);
  }
  if (line.empty()) line = log_.WaitFor("in the middle of a message", 3s);
  EXPECT_NE(line, "");
  EXPECT_LT(sent, 12u);  // dropped long before the frame was complete
  EXPECT_LT(SteadyClock::now() - start, 15s);
  EXPECT_TRUE(WaitUntil([&] { return listener_->stats().active == 0; }, 5s));
}

TEST_F(LoadSheddingTest, OneCertificateCannotTakeEverySlot) {
  TlsListenerConfig c = Config();
  c.max_connections = 5;
  c.max_connections_per_certificate = 3;
  StartServer(c);
  std::vector<TlsConnection> held;
  for (int i = 0; i < 3; ++i) {
    auto conn = Dial("kiosk-1");
    ASSERT_TRUE(conn.ok()) << conn.message();
    ASSERT_TRUE(conn->Call(Frame{20, {}}).ok());
    held.push_back(std::move(conn).value());
  }
  EXPECT_NE(CallOnce("kiosk-1"), "");  // a fourth: refused
  EXPECT_EQ(listener_->stats().refused_per_certificate, 1u);
  EXPECT_NE(log_.WaitFor("kiosk-1 (serial"), "");
  EXPECT_EQ(CallOnce("kiosk-2"), "");  // another kiosk still gets in
  for (TlsConnection& conn : held) EXPECT_TRUE(conn.Call(Frame{20, {}}).ok());
}

TEST_F(LoadSheddingTest, PerAddressTotalLimit) {
  TlsListenerConfig c = Config();
  c.max_connections_per_address = 2;
  StartServer(c);
  auto a = Dial("kiosk-1");
  auto b = Dial("kiosk-2");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(a->Call(Frame{20, {}}).ok());
  ASSERT_TRUE(b->Call(Frame{20, {}}).ok());
  EXPECT_NE(CallOnce("kiosk-3"), "");
  EXPECT_EQ(listener_->stats().refused_per_address, 1u);
  EXPECT_NE(log_.WaitFor("connections from this address (limit 2)"), "");
}

TEST_F(LoadSheddingTest, AnnouncedMegabyteCostsOneChunkNotAMegabyte) {
  constexpr std::size_t kPeers = 20;
  StartServer(Config());
  ASSERT_EQ(net::ReceiveBufferBytesInFlight(), 0u);
  std::vector<TlsConnection> peers;
  auto header = net::EncodeFrameHeader(20, net::kDefaultMaxFramePayload);
  std::vector<std::uint8_t> start(header.begin(), header.end());
  start.resize(start.size() + 100, 'x');  // 100 of the 1 MiB announced
  for (std::size_t i = 0; i < kPeers; ++i) {
    auto conn = Dial("kiosk-" + std::to_string(1 + i % 3));
    ASSERT_TRUE(conn.ok()) << conn.message();
    ASSERT_TRUE(conn->SendRawBytesForTesting(start).ok());
    peers.push_back(std::move(conn).value());
  }
  const std::size_t one_chunk_each = kPeers * net::kReceiveChunk;
  WaitUntil([&] { return net::ReceiveBufferBytesInFlight() >= one_chunk_each; },
            5s);
  EXPECT_EQ(net::ReceiveBufferBytesInFlight(), one_chunk_each);
  EXPECT_LT(net::ReceiveBufferBytesInFlight(),
            kPeers * net::kDefaultMaxFramePayload / 8);
  peers.clear();  // hang up mid-frame: the buffers go
  EXPECT_TRUE(
      WaitUntil([&] { return net::ReceiveBufferBytesInFlight() == 0; }, 5s));
}

TEST_F(LoadSheddingTest, WholeMegabyteFrameStillArrives) {
  StartServer(Config());
  auto conn = Dial("kiosk-1");
  ASSERT_TRUE(conn.ok());
  Frame big{20, std::vector<std::uint8_t>(net::kDefaultMaxFramePayload, 7)};
  auto reply = conn->Call(big);
  ASSERT_TRUE(reply.ok()) << reply.message();
  EXPECT_EQ(reply->type, 21);
}

TEST(RefusalLogTest, OneLinePerAddressAndReasonPerInterval) {
  std::vector<std::string> lines;
  SteadyClock::time_point now = SteadyClock::now();
  RefusalLog log(
      10s, [&](const std::string& l) { lines.push_back(l); },
      [&] { return now; });
  for (int i = 0; i < 1205; ++i) {
    log.Note("127.0.0.7", "127.0.0.7:4000", RefusalReason::kTooManyFromAddress,
             "already 256 connections from this address (limit 256)");
  }
  log.Note("127.0.0.8", "127.0.0.8:4000", RefusalReason::kHandshakeTimeout,
           "timed out");
  ASSERT_EQ(lines.size(), 2u);  // the first of each key, at once
  EXPECT_EQ(lines[0],
            "refused 127.0.0.7:4000: already 256 connections from this "
            "address (limit 256)");
  log.Flush();
  EXPECT_EQ(lines.size(), 2u);  // the interval has not passed
  now += 10s;
  log.Flush();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2],
            "1,204 connections refused from 127.0.0.7 in the last 10 s (too "
            "many connections from this address: already 256 connections "
            "from this address (limit 256))");
  now += 10s;
  log.Flush();  // nothing new
  EXPECT_EQ(lines.size(), 3u);
  EXPECT_EQ(log.noted(), 1206u);
}

TEST(RefusalLogTest, TracksABoundedNumberOfAddresses) {
  std::vector<std::string> lines;
  RefusalLog log(10s, [&](const std::string& l) { lines.push_back(l); });
  for (std::size_t i = 0; i < RefusalLog::kMaxKeys + 500; ++i) {
    const std::string host =
        "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256);
    log.Note(host, host + ":1", RefusalReason::kHandshakeTimeout, "t");
  }
  EXPECT_EQ(lines.size(), RefusalLog::kMaxKeys);
  log.Flush(/*all=*/true);
  ASSERT_EQ(lines.size(), RefusalLog::kMaxKeys + 1);
  EXPECT_NE(lines.back().find("500 connections refused from other addresses"),
            std::string::npos);
}

// However many addresses, the log writes at most its budget of lines per
// interval; the rest is counted in one line.
TEST(RefusalLogTest, AFloodFromManyAddressesStaysWithinTheLineBudget) {
  std::vector<std::string> lines;
  RefusalLog::Clock::time_point now{};
  RefusalLog log(
      10s, [&](const std::string& l) { lines.push_back(l); },
      [&] { return now; }, 10);
  for (int second = 0; second < 60; ++second) {
    for (int a = 0; a < 600; ++a)
      log.Note("10.0." + std::to_string(a / 250) + "." + std::to_string(a % 250),
               "peer", RefusalReason::kHandshakeTimeout, "timed out");
    log.Flush();
    now += 1s;
  }
  log.Flush(true);
  // Seven intervals (the last at the final flush), 10 lines and one count
  // line each.
  EXPECT_LE(lines.size(), 7u * 11u);
  const bool counted = std::any_of(lines.begin(), lines.end(), [](const auto& l) {
    return l.find("more addresses in the last 10 s") != std::string::npos;
  });
  EXPECT_TRUE(counted);
}

TEST(RefusalLogTest, GroupedCount) {
  EXPECT_EQ(GroupedCount(0), "0");
  EXPECT_EQ(GroupedCount(999), "999");
  EXPECT_EQ(GroupedCount(1000), "1,000");
  EXPECT_EQ(GroupedCount(1234567), "1,234,567");
}

}  // namespace
}  // namespace hall::server
