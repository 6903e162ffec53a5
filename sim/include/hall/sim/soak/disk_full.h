// The full disk of hall-soak: kiosks cast while the server's storage
// cannot take a write, then again once it can.
//
// Contract:
// - RunDiskFull sets up a SoakRound (soak_round.h) whose installation sits
//   on a small tmpfs of its own (mounted when this process may mount, i.e.
//   as root; `StorageFault::kFullDisk`), or, when it may not, with the
//   server's file size limit set to 0 (ServerProcess::LimitFileSize: every
//   write of the server fails with EFBIG; `kFailingWrites`).
// - Phase 1 casts the first third of the ballots normally. Phase 2 fills
//   the disk (a filler file takes every free block: ENOSPC) or sets the
//   limit, and casts the second third with a short retry budget: no
//   receipt may come back for a ballot the server could not store. Phase 3
//   frees the space (removes the filler, lifts the limit) and casts the
//   second and last thirds again. The round is then settled and verified
//   (SoakRound::Verify): every receipt on the board and in the tally.
// - The server is never restarted here unless it died; `server_died`
//   says whether it did (then it is started again for phase 3).
#ifndef HALL_SIM_SOAK_DISK_FULL_H_
#define HALL_SIM_SOAK_DISK_FULL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/sim/soak/soak_round.h"

namespace hall::sim::soak {

enum class StorageFault { kFullDisk, kFailingWrites };
std::string_view StorageFaultName(StorageFault fault);

struct DiskFullReport {
  StorageFault fault = StorageFault::kFullDisk;
  std::uint64_t before = 0;  // receipts before the disk filled
  std::uint64_t while_full_offered = 0;
  std::uint64_t while_full_receipts = 0;       // must be 0
  std::vector<std::string> while_full_errors;  // what the kiosks were told
  bool server_died = false;         // it exited while the disk was full
  std::uint64_t after_offered = 0;  // cast once space returned
  std::uint64_t after_receipts = 0;
  std::vector<std::string> after_errors;
  SoakVerdict verdict;
};

// `fault`: kFullDisk tries the tmpfs first (falling back as above),
// kFailingWrites goes straight to the file size limit.
Result<DiskFullReport> RunDiskFull(
    SoakRoundOptions options, StorageFault fault = StorageFault::kFullDisk,
    const std::function<void(std::string_view)>& progress = {});

}  // namespace hall::sim::soak

#endif  // HALL_SIM_SOAK_DISK_FULL_H_
