// The load phase of hall-loadgen: simulated kiosks (one thread and one TLS
// connection each) casting ballots prepared beforehand, so that the kiosks'
// encryption does not compete with the server for the CPU while measured.
//
// Full speed (rate 0) is closed-loop: each kiosk casts its next ballot as
// soon as it has the receipt of the previous one. With a rate R the load is
// open-loop: ballot i is due at t0 + i/R whatever happened before, and its
// latency is measured from when it was due, so a server that falls behind
// shows the queueing delay instead of hiding it.
//
// With `recast` (the soak's kill storms), a ballot whose Cast failed with
// kUnavailable or kInternal (the connection lost, the server gone or busy)
// after the client's own retries is cast again, the same envelope, until it
// gets a receipt, is refused for good, or max_duration has passed: a retried
// identical envelope gets the receipt of the one stored before. Its latency
// then runs from the first attempt, so a receipt that waited out a restart
// shows as such.
#ifndef HALL_SIM_LOADGEN_LOAD_H_
#define HALL_SIM_LOADGEN_LOAD_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/signing_key.h"
#include "hall/shared/client/voting_client.h"
#include "hall/shared/net/tls.h"

namespace hall::sim::loadgen {

struct LoadOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::vector<net::TlsClientConfig> kiosks;  // one simulated kiosk each
  double rate = 0;                           // ballots/s; 0: full speed
  std::chrono::seconds max_duration{300};    // stop offering after this
  bool recast = false;  // cast a failed ballot again (above)
  // Called once every kiosk is connected, as the timed phase starts (a
  // soak starts its killer or flood there); may be empty.
  std::function<void()> started;
  client::ClientOptions client;
};

struct LoadResult {
  std::uint64_t offered = 0;  // casts started
  std::uint64_t stored = 0;   // receipts received
  std::uint64_t failed = 0;
  std::uint64_t retries = 0;       // re-sends by the clients
  double seconds = 0;              // from t0 to the last receipt
  std::vector<double> latency_ms;  // of the stored ballots, sorted
  std::vector<std::optional<shared::Receipt>> receipts;  // by ballot index
  std::vector<bool> attempted;      // by ballot index: sent at least once
  std::uint64_t recasts = 0;        // ballots cast again after a failed Cast
  std::vector<std::string> errors;  // the first few failures

  double throughput() const { return seconds > 0 ? stored / seconds : 0; }
  // Nearest-rank percentile (p in 0..100) of latency_ms; 0 when empty.
  double Percentile(double p) const;
};

// The choices of `count` delegates on a nominate ballot of `persons`: a
// fixed, uneven spread over the persons with some blank ballots. Nominate
// only; every other kind (and nominate from a seed) is DrawMarks (marks.h).
std::vector<crypto::Mark> PlannedChoices(std::size_t count,
                                         std::uint32_t persons);

// Prepares one ballot per (code, marks) on `threads` threads: `marks[i]` is
// ballot i's marks as crypto/ballot_kind.h takes them (one for nominate, one
// per person otherwise).
Result<std::vector<client::PreparedBallot>> PrepareBallots(
    const shared::BallotTemplate& ballot_template,
    std::span<const std::string> codes,
    std::span<const std::vector<crypto::Mark>> marks, unsigned threads);
// The same for one-mark (nominate) ballots: choice i is ballot i's mark.
Result<std::vector<client::PreparedBallot>> PrepareBallots(
    const shared::BallotTemplate& ballot_template,
    std::span<const std::string> codes, std::span<const crypto::Mark> choices,
    unsigned threads);

// Connects every kiosk (untimed), then casts `ballots` (timed).
Result<LoadResult> RunLoad(const LoadOptions& options,
                           const crypto::VerifyKey& seal,
                           std::span<const client::PreparedBallot> ballots);

}  // namespace hall::sim::loadgen

#endif  // HALL_SIM_LOADGEN_LOAD_H_
