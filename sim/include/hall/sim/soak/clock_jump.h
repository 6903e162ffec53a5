// The clock jump of hall-soak: the committee's wall clock (the times it
// signs into the box-sealed, box-closed and minutes statements) jumps back
// and forward while a round runs, and kiosks keep casting.
//
// Contract:
// - RunClockJump sets up a SoakRound (soak_round.h) whose committee reads
//   a JumpClock (the system time plus an offset). The round is sealed and
//   opened at offset 0; the first half of the ballots is cast; the clock
//   jumps back by `back` (before the seal) and the second half is cast;
//   the clock jumps forward to `forward` past the true time, the round is
//   closed and tallied (SoakRound::Verify). With `close_while_back` the
//   close is first tried while the clock is still back (closed_back says
//   whether it was accepted) and again after the jump forward (closed);
//   a round that cannot be closed is not tallied (the report says so). With
//   `record_out`, the meeting's election record is then exported with the real
//   hall-admin and checked with the real hall-audit (both next to this
//   program).
// - What it cannot jump: the hall-server child's and the kiosks' own clock
//   (the kernel's, used by OpenSSL for certificate times and by the
//   server's status times); doing so needs a faked time (libfaketime) or
//   a clock namespace with a CLOCK_REALTIME offset, which Linux does not
//   have.
#ifndef HALL_SIM_SOAK_CLOCK_JUMP_H_
#define HALL_SIM_SOAK_CLOCK_JUMP_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/server/meeting_model.h"
#include "hall/sim/soak/soak_round.h"

namespace hall::sim::soak {

// The system time plus an offset that may be changed at any time, in the
// committee's clock format (server::SystemClock). Thread-safe.
class JumpClock {
 public:
  void Jump(std::chrono::seconds by) { offset_ += by.count(); }
  std::chrono::seconds offset() const { return std::chrono::seconds(offset_); }
  // A server::Clock reading this one; it must not outlive it.
  server::Clock AsClock();
  // Every time AsClock's readers were given, in order.
  std::vector<std::string> readings() const;

 private:
  std::atomic<std::int64_t> offset_{0};
  mutable std::mutex mu_;
  std::vector<std::string> readings_;
};

struct ClockJumpOptions {
  SoakRoundOptions round;
  std::chrono::seconds back{3 * 3600};
  std::chrono::seconds forward{400 * 86400};
  bool audit = true;  // export the record and run hall-audit verify on it
  bool close_while_back = false;
  // Where hall-admin and hall-audit are when not next to this program.
  std::filesystem::path tools_dir;
};

struct ClockJumpReport {
  std::vector<std::string> times;  // the times the committee signed, in order
  std::uint64_t first_half_receipts = 0;
  std::uint64_t second_half_receipts = 0;  // after the jump back
  std::uint64_t offered = 0;
  bool closed_back = false;  // close_while_back: accepted while back
  std::string close_back_error;
  bool closed = false;  // the round is closed (and its box-closed signed)
  std::string close_error;
  SoakVerdict verdict;
  int audit_exit = -1;        // hall-audit verify's exit status; -1: not run
  std::string audit_summary;  // its last lines
};

Result<ClockJumpReport> RunClockJump(
    const ClockJumpOptions& options,
    const std::function<void(std::string_view)>& progress = {});

}  // namespace hall::sim::soak

#endif  // HALL_SIM_SOAK_CLOCK_JUMP_H_
