#include "hall/sim/soak/storm.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "hall/sim/loadgen/hostile_flood.h"

namespace hall::sim::soak {
namespace {

using Clock = std::chrono::steady_clock;

// SIGKILLs and restarts the server at random intervals until Stop().
class Killer {
 public:
  Killer(loadgen::ServerProcess& server, std::chrono::milliseconds every,
         std::uint64_t seed)
      : server_(server), every_(every), rng_(seed) {}
  ~Killer() { Stop(); }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  std::uint64_t kills() const { return kills_; }
  std::uint64_t restart_failures() const { return restart_failures_; }
  // Mean time from a SIGKILL to the new server listening.
  double mean_restart_ms() const {
    return kills_ ? restart_us_ / 1000.0 / kills_ : 0;
  }

 private:
  void Run() {
    const auto half = every_.count() / 2;
    std::uniform_int_distribution<std::int64_t> wait(half,
                                                     half + every_.count());
    std::unique_lock lock(mu_);
    while (!stop_) {
      const auto d = std::chrono::milliseconds(wait(rng_));
      if (cv_.wait_for(lock, d, [&] { return stop_; })) break;
      server_.Kill();
      ++kills_;
      const auto restart = Clock::now();
      // Up again at once, on the same installation and port; a start that
      // fails (the port not yet free, say) is tried again.
      for (int attempt = 0; attempt < 50 && !server_.running(); ++attempt) {
        if (server_.Start().ok()) break;
        ++restart_failures_;
        cv_.wait_for(lock, std::chrono::milliseconds(100));
      }
      restart_us_ += std::chrono::duration_cast<std::chrono::microseconds>(
                         Clock::now() - restart)
                         .count();
    }
  }

  loadgen::ServerProcess& server_;
  std::chrono::milliseconds every_;
  std::mt19937_64 rng_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::atomic<std::uint64_t> kills_{0};
  std::atomic<std::uint64_t> restart_failures_{0};
  std::atomic<std::uint64_t> restart_us_{0};
  std::thread thread_;
};

}  // namespace

Result<StormReport> RunStorm(
    const StormOptions& options,
    const std::function<void(std::string_view)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  const auto setup_start = Clock::now();
  auto round = SoakRound::SetUp(options.round);
  if (!round.ok()) return round.status();
  SoakRound& r = **round;
  say("setup: " + std::to_string(options.round.kiosks) + " kiosks, " +
      std::to_string(r.ballots().size()) + " ballots prepared, round " +
      std::to_string(r.round().id) + " open, hall-server on 127.0.0.1:" +
      std::to_string(r.server().port()) + " (" +
      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                         Clock::now() - setup_start)
                         .count()) +
      " ms)");

  Killer killer(r.server(), options.kill_every, options.round.seed);
  std::unique_ptr<loadgen::HostileFlood> flood;
  loadgen::LoadOptions load = r.Load();
  load.recast = true;
  load.rate = options.rate;
  load.max_duration = options.seconds;
  const std::uint16_t port = r.server().port();
  load.started = [&] {
    if (options.flood > 0) {
      loadgen::FloodOptions f;
      f.port = port;
      f.connections = options.flood;
      f.max_duration = options.seconds + std::chrono::seconds(30);
      flood = loadgen::HostileFlood::Start(f);
    }
    if (options.kill_every.count() > 0) killer.Start();
  };
  say("casting for at most " + std::to_string(options.seconds.count()) + " s" +
      (options.kill_every.count() > 0
           ? ", SIGKILL about every " +
                 std::to_string(options.kill_every.count()) + " ms"
           : std::string()) +
      (options.flood > 0
           ? ", " + std::to_string(options.flood) + " hostile connections"
           : std::string()));
  auto result = loadgen::RunLoad(load, r.election().seal_public(), r.ballots());
  killer.Stop();
  if (flood) flood->Stop();
  if (!result.ok()) return result.status();
  // The last server was started by the killer thread, which has ended: it
  // is being stopped (ServerProcess's contract). Started again from here.
  if (killer.kills() > 0) {
    (void)r.server().Stop();
    if (Status s = r.server().Start(); !s.ok()) return s;
  }

  StormReport report;
  report.kills = killer.kills();
  report.restart_failures = killer.restart_failures();
  report.mean_restart_ms = killer.mean_restart_ms();
  report.offered = result->offered;
  report.receipts_in_storm = result->stored;
  report.failed_in_storm = result->failed;
  report.recasts = result->recasts;
  report.client_retries = result->retries;
  report.flood_opened = flood ? flood->opened() : 0;
  report.seconds = result->seconds;
  report.p50_ms = result->Percentile(50);
  report.p99_ms = result->Percentile(99);
  report.max_ms = result->latency_ms.empty() ? 0 : result->latency_ms.back();
  report.load_errors = result->errors;
  say("casting done: " + std::to_string(report.receipts_in_storm) + " of " +
      std::to_string(report.offered) + " offered got a receipt, " +
      std::to_string(report.kills) + " kills; settling and tallying");
  auto verdict = r.Verify(*result);
  if (!verdict.ok()) return verdict.status();
  report.verdict = std::move(verdict).value();
  return report;
}

}  // namespace hall::sim::soak
