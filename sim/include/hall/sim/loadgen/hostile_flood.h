// HostileFlood: hostile connection churn against a TLS listener on
// loopback, for listener_flood_bench and the soak (hall-soak --flood).
//
// Contract:
// - Start() opens `connections` raw TCP connections to 127.0.0.1:port from
//   the source addresses 127.0.0.<first_source> .. +<sources - 1> (in turn),
//   none of which ever finishes a TLS handshake: the even ones stay silent,
//   the odd ones send one byte (the start of a ClientHello) and no more.
//   A thread re-opens each connection the server drops, every 5 ms, until
//   Stop() (or the destructor), or `max_duration` at the latest.
// - opened() counts the connections opened so far (first and re-opened).
// - Loopback only: the sources are in 127.0.0.0/8. Not thread-safe apart
//   from opened().
#ifndef HALL_SIM_LOADGEN_HOSTILE_FLOOD_H_
#define HALL_SIM_LOADGEN_HOSTILE_FLOOD_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>

namespace hall::sim::loadgen {

struct FloodOptions {
  std::uint16_t port = 0;
  int connections = 1000;
  int first_source = 10;  // 127.0.0.10
  int sources = 4;        // .. 127.0.0.13
  std::chrono::seconds max_duration{600};
};

class HostileFlood {
 public:
  static std::unique_ptr<HostileFlood> Start(const FloodOptions& options);
  ~HostileFlood();
  HostileFlood(const HostileFlood&) = delete;
  HostileFlood& operator=(const HostileFlood&) = delete;

  void Stop();
  std::uint64_t opened() const { return opened_.load(); }

 private:
  explicit HostileFlood(const FloodOptions& options) : options_(options) {}
  void Run();

  FloodOptions options_;
  std::atomic<bool> done_{false};
  std::atomic<std::uint64_t> opened_{0};
  std::thread thread_;
};

}  // namespace hall::sim::loadgen

#endif  // HALL_SIM_LOADGEN_HOSTILE_FLOOD_H_
