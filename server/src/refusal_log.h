// The kiosk listener's refusal log: refused and dropped connections are
// counted per (address, reason) and written as summaries, never one line per
// refusal, so a flood cannot flood the log.
//
// Contract:
// - Note() records one refusal of a connection from `host` (an address with
//   no port) for `reason`; `detail` is the text that explains it (the last
//   one noted is kept for the summary).
// - A key (host, reason) writes at most one line per `interval`: the first
//   refusal of a key quiet for an interval is written at once ("refused <peer>:
//   <detail>"); later ones are counted and Flush() writes "<n> connections
//   refused from <host> in the last <interval> (<reason>: <detail>)" once
//   `interval` has passed since the key's last line.
// - At most kMaxKeys keys are tracked; refusals beyond that are counted under
//   the host "other addresses".
// - At most `max_lines` lines per `interval` in all, whatever the number of
//   addresses: what does not fit is counted, and written as one line once
//   per interval ("<n> connections refused from <m> more addresses ...").
// - Thread-safe; the sink is called under this class's lock, one line at a
//   time.
// - Lines name addresses, kiosk names and reasons only: nothing about votes.
#ifndef HALL_SERVER_SRC_REFUSAL_LOG_H_
#define HALL_SERVER_SRC_REFUSAL_LOG_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace hall::server {

enum class RefusalReason {
  kTooManyFromAddress,            // the address's total connection limit
  kTooManyHandshakesFromAddress,  // the address's unauthenticated limit
  kHandshakeLimit,                // all handshake slots busy
  kEvictedForFairness,  // a handshake dropped to make room for another address
  kKioskLimit,          // all authenticated kiosk slots busy
  kTooManyForCertificate,  // the kiosk certificate's own limit
  kHandshakeTimeout,
  kHandshakeFailed,  // certificate refused, not TLS 1.3, ...
  kNoThread,         // could not start a connection thread
};

// Short words for `reason`, as used in summaries ("too many from this
// address").
const char* RefusalReasonText(RefusalReason reason);

class RefusalLog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxKeys = 1024;

  RefusalLog(std::chrono::milliseconds interval,
             std::function<void(const std::string&)> sink,
             std::function<Clock::time_point()> now = Clock::now,
             std::size_t max_lines = SIZE_MAX);

  // `peer` is "host:port" as shown in the first line; `host` the key.
  void Note(const std::string& host, const std::string& peer,
            RefusalReason reason, const std::string& detail);
  // Writes the summaries that are due; `all` writes every pending count now
  // (at Stop()).
  void Flush(bool all = false);

  std::uint64_t noted() const;

 private:
  struct Entry {
    Clock::time_point last_line{};
    std::uint64_t pending = 0;  // refusals since the last line
    std::string detail;
  };
  void WriteSummary(const std::pair<std::string, RefusalReason>& key,
                    Entry& entry);
  // Whether one more line fits in this interval's budget (and counts it).
  bool TakeLine(Clock::time_point now);

  const std::chrono::milliseconds interval_;
  const std::function<void(const std::string&)> sink_;
  const std::function<Clock::time_point()> now_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, RefusalReason>, Entry> entries_;
  std::uint64_t noted_ = 0;
  const std::size_t max_lines_;
  Clock::time_point window_start_{};
  std::size_t lines_in_window_ = 0;
  // Refusals whose lines did not fit the budget, and from where.
  std::uint64_t overflow_pending_ = 0;
  std::set<std::string> overflow_hosts_;
  Clock::time_point overflow_last_{};
};

// 1204 -> "1,204".
std::string GroupedCount(std::uint64_t n);

}  // namespace hall::server

#endif  // HALL_SERVER_SRC_REFUSAL_LOG_H_
