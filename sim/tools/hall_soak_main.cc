// hall-soak: the fault and soak harness (docs/soak.md). Real components
// only: the real hall-server child on a throwaway installation, killed with
// SIGKILL and restarted on the same installation and port, and simulated
// kiosks (the voting client hall-loadgen uses) over mutual TLS.
//
//   hall-soak storm --kiosks 100 --seconds 120 --kill-every-ms 300
//   hall-soak storm --kiosks 100 --seconds 30 --kill-every-ms 0 --flood 1000
//   hall-soak disk-full
//   hall-soak clock-jump
//
// Each prints its figures and ends with exit status 0 only when every
// receipt a kiosk got is on the board and in the tally and nothing else is
// (and, for disk-full, no receipt came back while the disk was full).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <string_view>

#include "hall/sim/soak/clock_jump.h"
#include "hall/sim/soak/disk_full.h"
#include "hall/sim/soak/storm.h"

namespace {

namespace soak = hall::sim::soak;
using ull = unsigned long long;

void Say(std::string_view line) {
  std::printf("  %.*s\n", static_cast<int>(line.size()), line.data());
}

// Prints the verdict; true when nothing receipted was lost or added.
bool PrintVerdict(const soak::SoakVerdict& v) {
  std::printf(
      "receipts: %llu (%llu of them when settled after the faults), %llu "
      "ballots refused when settled\n"
      "receipted ballots lost: %llu (not proven on the board: %llu; tally "
      "cast %llu)\n"
      "ballots in the tally without a receipt: %llu\n"
      "minutes' counts %s the marks of the receipted ballots\n"
      "connections to settle and verify: %llu attempts for 2\n",
      static_cast<ull>(v.receipts), static_cast<ull>(v.settled),
      static_cast<ull>(v.refused), static_cast<ull>(v.lost()),
      static_cast<ull>(v.not_included), static_cast<ull>(v.tally_cast),
      static_cast<ull>(v.extra()), v.counts_match ? "match" : "DO NOT match",
      static_cast<ull>(v.connect_attempts));
  for (const auto& e : v.errors) std::printf("  problem: %s\n", e.c_str());
  return v.lost() == 0 && v.extra() == 0 && v.counts_match && v.refused == 0;
}

struct Common {
  std::uint32_t kiosks = 100;
  std::uint64_t ballots = 0;
  std::uint64_t seed = 1;
  std::string server;
  std::string server_log;

  soak::SoakRoundOptions Round(std::uint64_t default_ballots) const {
    soak::SoakRoundOptions o;
    o.kiosks = kiosks;
    o.ballots = ballots ? ballots : default_ballots;
    o.seed = seed;
    o.server_binary = server;
    o.server_log = server_log;
    return o;
  }
};

void AddCommon(CLI::App* app, Common& c, std::uint32_t kiosks) {
  c.kiosks = kiosks;
  app->add_option("--kiosks,-n", c.kiosks, "Simulated kiosks (threads)")
      ->check(CLI::Range(1u, 500u))
      ->capture_default_str();
  app->add_option("--ballots,-m", c.ballots,
                  "Ballots prepared (one per person present; default: for "
                  "storm --rate x --seconds, or 40 per kiosk at full speed; "
                  "300 otherwise)")
      ->check(CLI::Range(std::uint64_t{3}, std::uint64_t{100000}));
  app->add_option("--seed", c.seed, "Seed of the marks and of the kill times")
      ->capture_default_str();
  app->add_option("--server", c.server,
                  "hall-server binary (default: the one next to hall-soak)");
  app->add_option("--server-log", c.server_log,
                  "Append the server's log to this file (default: "
                  "discarded with the temporary folder)");
}

int Storm(const Common& c, int seconds, int kill_every_ms, int flood,
          double rate) {
  soak::StormOptions o;
  // Enough ballots for the whole time at the offered rate.
  o.round = c.Round(rate > 0 ? static_cast<std::uint64_t>(rate * seconds) + 1
                             : std::uint64_t{c.kiosks} * 40);
  o.seconds = std::chrono::seconds(seconds);
  o.kill_every = std::chrono::milliseconds(kill_every_ms);
  o.flood = flood;
  o.rate = rate;
  std::printf(
      "hall-soak storm: %u kiosks, %llu ballots, %d s, %s, %s\n", c.kiosks,
      static_cast<ull>(o.round.ballots), seconds,
      kill_every_ms > 0
          ? ("SIGKILL about every " + std::to_string(kill_every_ms) + " ms")
                .c_str()
          : "no kills",
      flood > 0
          ? (std::to_string(flood) + " hostile connections churning").c_str()
          : "no flood");
  auto r = soak::RunStorm(o, Say);
  if (!r.ok()) {
    std::fprintf(stderr, "hall-soak: %s\n", r.message().c_str());
    return 1;
  }
  std::printf(
      "kills survived: %llu (restarts that failed and were retried: %llu; "
      "%.0f ms on average from a SIGKILL to the new server listening)\n"
      "ballots cast: %llu offered, %llu receipted while casting (%.2f%%), "
      "%llu given up while casting; %llu recast by the kiosks, %llu client "
      "re-sends\n"
      "cast latency of the receipts (from the first send): p50 %.1f ms, p99 "
      "%.1f ms, max %.1f ms, over %.1f s\n",
      static_cast<ull>(r->kills), static_cast<ull>(r->restart_failures),
      r->mean_restart_ms, static_cast<ull>(r->offered),
      static_cast<ull>(r->receipts_in_storm), 100.0 * r->success_rate(),
      static_cast<ull>(r->failed_in_storm), static_cast<ull>(r->recasts),
      static_cast<ull>(r->client_retries), r->p50_ms, r->p99_ms, r->max_ms,
      r->seconds);
  if (flood > 0) {
    std::printf("hostile connections opened in all: %llu\n",
                static_cast<ull>(r->flood_opened));
  }
  for (const auto& e : r->load_errors)
    std::printf("  while casting: %s\n", e.c_str());
  return PrintVerdict(r->verdict) ? 0 : 1;
}

int DiskFull(const Common& c, bool failing_writes) {
  std::printf("hall-soak disk-full: %u kiosks\n", c.kiosks);
  auto r = soak::RunDiskFull(c.Round(300),
                             failing_writes ? soak::StorageFault::kFailingWrites
                                            : soak::StorageFault::kFullDisk,
                             Say);
  if (!r.ok()) {
    std::fprintf(stderr, "hall-soak: %s\n", r.message().c_str());
    return 1;
  }
  std::printf(
      "fault: %s\n"
      "before: %llu receipts; while full: %llu of %llu offered receipted "
      "(must be 0)%s; after space returned: %llu of %llu receipted\n",
      std::string(soak::StorageFaultName(r->fault)).c_str(),
      static_cast<ull>(r->before), static_cast<ull>(r->while_full_receipts),
      static_cast<ull>(r->while_full_offered),
      r->server_died ? "; the server DIED and was restarted" : "",
      static_cast<ull>(r->after_receipts), static_cast<ull>(r->after_offered));
  for (const auto& e : r->while_full_errors)
    std::printf("  kiosk told while full: %s\n", e.c_str());
  for (const auto& e : r->after_errors) std::printf("  after: %s\n", e.c_str());
  const bool ok = PrintVerdict(r->verdict);
  return ok && r->while_full_receipts == 0 &&
                 r->after_receipts == r->after_offered
             ? 0
             : 1;
}

int ClockJump(const Common& c, bool close_while_back) {
  std::printf("hall-soak clock-jump: %u kiosks\n", c.kiosks);
  soak::ClockJumpOptions o;
  o.close_while_back = close_while_back;
  o.round = c.Round(300);
  auto r = soak::RunClockJump(o, Say);
  if (!r.ok()) {
    std::fprintf(stderr, "hall-soak: %s\n", r.message().c_str());
    return 1;
  }
  std::printf("the committee's clock read:");
  for (const auto& t : r->times) std::printf(" %s", t.c_str());
  std::printf(
      "\nreceipts: %llu before the jump back, %llu after, of %llu offered\n",
      static_cast<ull>(r->first_half_receipts),
      static_cast<ull>(r->second_half_receipts), static_cast<ull>(r->offered));
  if (o.close_while_back) {
    std::printf("close while the clock was back: %s\n",
                r->closed_back ? "accepted"
                               : ("refused: " + r->close_back_error).c_str());
  }
  std::printf("close after the jump forward: %s\n",
              r->closed ? "accepted" : ("refused: " + r->close_error).c_str());
  if (!r->closed) {
    std::printf("the round could not be closed: not tallied\n");
    return 1;
  }
  const bool ok = PrintVerdict(r->verdict);
  if (r->audit_exit >= 0) {
    std::printf("hall-audit verify of the exported record: exit %d\n%s\n",
                r->audit_exit, r->audit_summary.c_str());
  } else if (!r->audit_summary.empty()) {
    std::printf("%s\n", r->audit_summary.c_str());
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  CLI::App app{
      "hall-soak: faults against the real hall-server while simulated kiosks "
      "cast (docs/soak.md)"};
  app.require_subcommand(1);
  Common storm_c, disk_c, clock_c;
  int seconds = 60, kill_every_ms = 300, flood = 0;
  double rate = 0;
  auto* storm = app.add_subcommand(
      "storm",
      "SIGKILL and restart hall-server every few hundred ms while the kiosks "
      "cast (--flood: hostile connections churn meanwhile)");
  AddCommon(storm, storm_c, 100);
  storm->add_option("--seconds", seconds, "Casting lasts at most this long")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  storm
      ->add_option("--kill-every-ms", kill_every_ms,
                   "Mean time from one SIGKILL to the next (each drawn from "
                   "half to one and a half of it); 0: no kills")
      ->check(CLI::Range(0, 600000))
      ->capture_default_str();
  storm
      ->add_option("--flood", flood,
                   "Hostile connections churning against the server "
                   "meanwhile (the listener_flood_bench's flood)")
      ->check(CLI::Range(0, 5000))
      ->capture_default_str();
  storm->add_option("--rate", rate, "Offered ballots/s; 0: full speed")
      ->check(CLI::Range(0.0, 100000.0));
  auto* disk = app.add_subcommand(
      "disk-full",
      "The server's disk fills while the kiosks cast, then space returns "
      "(a small tmpfs as root; else failing writes)");
  AddCommon(disk, disk_c, 10);
  bool failing_writes = false;
  disk->add_flag("--failing-writes", failing_writes,
                 "Fail every write of the server (its file size limit at 0) "
                 "instead of mounting and filling a tmpfs");
  auto* clock = app.add_subcommand(
      "clock-jump",
      "The committee's clock jumps back before the seal and forward a year "
      "while the round runs; the record is audited");
  AddCommon(clock, clock_c, 10);
  bool close_while_back = false;
  clock->add_flag("--close-while-back", close_while_back,
                  "Try the close while the clock is still back (before the "
                  "seal), then again after the jump forward");
  CLI11_PARSE(app, argc, argv);
  if (*storm) return Storm(storm_c, seconds, kill_every_ms, flood, rate);
  if (*disk) return DiskFull(disk_c, failing_writes);
  return ClockJump(clock_c, close_while_back);
}
