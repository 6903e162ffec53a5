// listener_flood_bench: load shedding in the kiosk listener, measured on
// loopback (127.0.0.0/8 only). Not part of ctest; run it from a Release or
// RelWithDebInfo build:
//
//   ninja -C build listener_flood_bench &&
//   build/tests/bench/listener_flood_bench
//
// The listener runs in a child process (so its RSS is its own) with the
// production defaults of TlsListenerConfig; this process plays the kiosks and
// the attackers:
//  1. churn: --hostile raw TCP connections (default 1,000, from 127.0.0.10-13)
//     that never finish a TLS handshake, half silent, half trickling one byte,
//     re-opened as the server drops them (hall/sim/loadgen/hostile_flood.h,
//     shared with hall-soak --flood), for --seconds (default 20); at the
//     same time --kiosks kiosk threads (from 127.0.0.1) each make a
//     status-sized request on a fresh mutual-TLS connection every 50 ms. Prints
//     their success rate and latency percentiles, and the server's log lines
//     per minute.
//  2. announcements: --announcers authenticated connections (default 450)
//     each announce a 1 MiB payload, send 1 KiB of it, then nothing; prints
//     the server's RSS before and with them (limits per address and per
//     certificate raised so that all 450 are admitted: the worst case).
// Every loop is bounded in count and time.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../net/net_test_util.h"
#include "hall/base/unique_fd.h"
#include "hall/server/pki.h"
#include "hall/server/tls_listener.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/net/tls.h"
#include "hall/sim/loadgen/hostile_flood.h"

namespace {

using namespace std::chrono_literals;
using hall::net::Frame;
using hall::net::UniqueFd;
using SteadyClock = std::chrono::steady_clock;

struct ServerChild {
  pid_t pid = -1;
  std::uint16_t port = 0;
  UniqueFd control;  // closing it stops the child
};

// Forks a process running a TlsListener; its log lines go to `log_path`.
ServerChild StartServer(const hall::testing::PkiFiles& pki,
                        const std::string& log_path, bool raise_limits) {
  int port_pipe[2], control_pipe[2];
  HALL_CHECK(::pipe(port_pipe) == 0 && ::pipe(control_pipe) == 0);
  pid_t pid = ::fork();
  HALL_CHECK(pid >= 0);
  if (pid == 0) {
    ::close(port_pipe[0]);
    ::close(control_pipe[1]);
    std::FILE* log = std::fopen(log_path.c_str(), "w");
    hall::server::TlsListenerConfig c;
    c.ca_cert_path = pki.File("ca.crt");
    c.cert_path = pki.File("server.crt");
    c.key_path = pki.File("server.key");
    c.crl_path = pki.File("crl.pem");
    if (raise_limits) {
      c.max_connections_per_address = 1024;
      c.max_connections_per_certificate = 1024;
    }
    c.log = [log](std::string_view line) {
      std::fprintf(log, "%.*s\n", static_cast<int>(line.size()), line.data());
      std::fflush(log);
    };
    auto listener = hall::server::TlsListener::Start(
        c, [](const hall::server::PeerInfo& peer, const Frame& request) {
          Frame out{static_cast<std::uint16_t>(request.type + 1), {}};
          out.payload.assign(peer.common_name.begin(), peer.common_name.end());
          out.payload.resize(200, ' ');  // about a status reply's size
          return out;
        });
    std::uint16_t port = listener.ok() ? (*listener)->port() : 0;
    (void)!::write(port_pipe[1], &port, sizeof port);
    if (listener.ok()) {
      char byte;
      while (::read(control_pipe[0], &byte, 1) > 0) {
      }
      (*listener)->Stop();
    }
    std::fclose(log);
    ::_exit(listener.ok() ? 0 : 1);
  }
  ::close(port_pipe[1]);
  ::close(control_pipe[0]);
  ServerChild child;
  child.pid = pid;
  child.control = UniqueFd(control_pipe[1]);
  HALL_CHECK(::read(port_pipe[0], &child.port, sizeof child.port) ==
             sizeof child.port);
  ::close(port_pipe[0]);
  HALL_CHECK(child.port != 0);
  return child;
}

void StopServer(ServerChild& child) {
  child.control.reset();
  int status = 0;
  ::waitpid(child.pid, &status, 0);
}

long RssKb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0)
      return std::stol(line.substr(line.find(':') + 1));
  }
  return -1;
}

std::size_t CountLines(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) ++n;
  return n;
}

hall::net::TlsClientConfig Kiosk(const hall::testing::PkiFiles& pki,
                                 const std::string& name) {
  return {pki.File("ca.crt"), pki.File(name + ".crt"), pki.File(name + ".key")};
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}

void Churn(const hall::testing::PkiFiles& pki, int hostile, int kiosks,
           int seconds) {
  const std::string log_path = pki.File("churn.log");
  ServerChild server = StartServer(pki, log_path, false);
  hall::sim::loadgen::FloodOptions flood_options;
  flood_options.port = server.port;
  flood_options.connections = hostile;
  flood_options.max_duration = std::chrono::seconds(seconds + 5);
  auto flood = hall::sim::loadgen::HostileFlood::Start(flood_options);
  std::this_thread::sleep_for(2s);  // let the flood fill its slots
  const std::size_t lines_before = CountLines(log_path);
  const auto start = SteadyClock::now();
  std::mutex mu;
  std::vector<double> latencies_ms;
  std::uint64_t calls = 0, failures = 0;
  std::string first_failure;
  std::vector<std::thread> threads;
  for (int k = 0; k < kiosks; ++k) {
    threads.emplace_back([&, k] {
      const auto config = Kiosk(pki, "kiosk-" + std::to_string(1 + k % 3));
      const auto stop_at = start + std::chrono::seconds(seconds);
      for (int i = 0; i < 100'000 && SteadyClock::now() < stop_at; ++i) {
        const auto t0 = SteadyClock::now();
        std::string why;
        auto conn = hall::net::Connect("127.0.0.1", server.port, config, 5s);
        if (!conn.ok()) {
          why = conn.message();
        } else {
          auto reply = conn->Call(Frame{20, {}});
          if (!reply.ok()) why = reply.message();
        }
        const double ms =
            std::chrono::duration<double, std::milli>(SteadyClock::now() - t0)
                .count();
        {
          std::lock_guard lock(mu);
          ++calls;
          if (why.empty()) {
            latencies_ms.push_back(ms);
          } else {
            ++failures;
            if (first_failure.empty()) first_failure = why;
          }
        }
        std::this_thread::sleep_for(50ms);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const double elapsed_s =
      std::chrono::duration<double>(SteadyClock::now() - start).count();
  const std::size_t lines = CountLines(log_path) - lines_before;
  flood->Stop();
  StopServer(server);
  std::printf(
      "churn: %d hostile connections (%llu opened in all), %d kiosks, %.1f s\n"
      "  kiosk calls (new mutual-TLS connection + 1 request each): %llu, "
      "succeeded %.2f%%\n"
      "  latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n"
      "  server log: %zu lines in %.1f s = %.0f lines per minute\n",
      hostile, static_cast<unsigned long long>(flood->opened()), kiosks,
      elapsed_s, static_cast<unsigned long long>(calls),
      calls ? 100.0 * (calls - failures) / calls : 0.0,
      Percentile(latencies_ms, 0.50), Percentile(latencies_ms, 0.99),
      Percentile(latencies_ms, 1.0), lines, elapsed_s,
      lines / elapsed_s * 60.0);
  if (!first_failure.empty()) {
    std::printf("  first failure: %s\n", first_failure.c_str());
  }
}

void Announcements(const hall::testing::PkiFiles& pki, int announcers) {
  ServerChild server = StartServer(pki, pki.File("announce.log"), true);
  // A few round trips first, so the idle figure includes warmed-up TLS.
  for (int i = 0; i < 10; ++i) {
    auto conn =
        hall::net::Connect("127.0.0.1", server.port, Kiosk(pki, "kiosk-1"), 5s);
    if (conn.ok()) (void)conn->Call(Frame{20, {}});
  }
  std::this_thread::sleep_for(200ms);
  const long idle_kb = RssKb(server.pid, "VmRSS");
  auto header =
      hall::net::EncodeFrameHeader(20, hall::net::kDefaultMaxFramePayload);
  std::vector<std::uint8_t> start(header.begin(), header.end());
  start.resize(start.size() + 1024, 'x');
  std::vector<hall::net::TlsConnection> conns;
  int failed = 0;
  for (int i = 0; i < announcers; ++i) {
    auto conn = hall::net::Connect(
        "127.0.0.1", server.port,
        Kiosk(pki, "kiosk-" + std::to_string(1 + i % 3)), 5s);
    if (!conn.ok() || !conn->SendRawBytesForTesting(start).ok()) {
      ++failed;
      continue;
    }
    conns.push_back(std::move(conn).value());
  }
  std::this_thread::sleep_for(2s);  // every server thread is in its Receive
  const long with_kb = RssKb(server.pid, "VmRSS");
  const long peak_kb = RssKb(server.pid, "VmHWM");
  conns.clear();
  StopServer(server);
  std::printf(
      "announcements: %d connections each announcing 1 MiB and sending 1 KiB "
      "(%d failed to connect)\n"
      "  server RSS: idle %.1f MB, with them %.1f MB, peak %.1f MB\n",
      announcers, failed, idle_kb / 1024.0, with_kb / 1024.0, peak_kb / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"listener_flood_bench: kiosk listener load shedding, loopback"};
  int hostile = 1000, kiosks = 8, seconds = 20, announcers = 450;
  app.add_option("--hostile", hostile, "Hostile connections kept open")
      ->check(CLI::Range(1, 5000));
  app.add_option("--kiosks", kiosks, "Kiosk threads")->check(CLI::Range(1, 64));
  app.add_option("--seconds", seconds, "Churn duration")
      ->check(CLI::Range(1, 120));
  app.add_option("--announcers", announcers, "1 MiB announcements")
      ->check(CLI::Range(1, 1000));
  CLI11_PARSE(app, argc, argv);
  ::signal(SIGPIPE, SIG_IGN);
  hall::testing::PkiFiles pki;
  std::printf("machine: %u hardware threads\n",
              std::thread::hardware_concurrency());
  Churn(pki, hostile, kiosks, seconds);
  Announcements(pki, announcers);
  return 0;
}
