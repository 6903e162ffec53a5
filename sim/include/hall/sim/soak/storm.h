// The kill storm of hall-soak: kiosks cast while hall-server is killed with
// SIGKILL and restarted on the same installation and port, over and over;
// optionally with hostile connection churn (loadgen::HostileFlood) at the
// same time.
//
// Contract:
// - RunStorm sets up a SoakRound (soak_round.h), then runs the kiosks
//   (loadgen::RunLoad with recast: a kiosk whose cast failed casts the same
//   envelope again) for at most `seconds`. Once every kiosk is connected, a
//   killer thread waits a random time in [kill_every / 2, 3 kill_every / 2]
//   (seeded), SIGKILLs the server and starts it again at once, until the
//   kiosks are done (kill_every 0: no kills). With `flood` > 0 that many
//   hostile connections churn against the server's port from the start of
//   casting to its end. Then the round is settled and verified
//   (SoakRound::Verify).
// - `progress` (may be empty) gets one line per phase, for a person.
// - Speed is reported (StormReport), never judged here.
#ifndef HALL_SIM_SOAK_STORM_H_
#define HALL_SIM_SOAK_STORM_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/sim/soak/soak_round.h"

namespace hall::sim::soak {

struct StormOptions {
  SoakRoundOptions round;                     // kiosks, ballots, seed, binaries
  std::chrono::seconds seconds{60};           // kiosks stop offering after this
  std::chrono::milliseconds kill_every{300};  // 0: no kills
  int flood = 0;                              // hostile connections; 0: none
  double rate = 0;  // ballots/s offered; 0: full speed
};

struct StormReport {
  std::uint64_t kills = 0;             // SIGKILLs sent to a listening server
  std::uint64_t restart_failures = 0;  // starts that failed (then retried)
  double mean_restart_ms = 0;  // from a SIGKILL to the new server listening
  std::uint64_t offered = 0;   // ballots sent at least once
  std::uint64_t receipts_in_storm = 0;  // receipts the kiosks got casting
  std::uint64_t failed_in_storm = 0;    // casts given up during the storm
  std::uint64_t recasts = 0;            // the same ballot cast again by a kiosk
  std::uint64_t client_retries = 0;     // re-sends inside VotingClient::Cast
  std::uint64_t flood_opened = 0;       // hostile connections opened in all
  double seconds = 0;                   // casting, first due to last receipt
  double p50_ms = 0, p99_ms = 0, max_ms = 0;  // of the storm's receipts
  std::vector<std::string> load_errors;
  SoakVerdict verdict;
  // The share of offered ballots that got their receipt while casting.
  double success_rate() const {
    return offered ? static_cast<double>(receipts_in_storm) / offered : 0;
  }
};

Result<StormReport> RunStorm(
    const StormOptions& options,
    const std::function<void(std::string_view)>& progress = {});

}  // namespace hall::sim::soak

#endif  // HALL_SIM_SOAK_STORM_H_
