#include "hall/sim/soak/disk_full.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <span>
#include <vector>

namespace hall::sim::soak {
namespace {

constexpr char kFiller[] = "filler";

// Takes every free block of the filesystem holding `dir` (ENOSPC).
Status FillDisk(const std::filesystem::path& dir) {
  const auto path = dir / kFiller;
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal(path.string() + ": cannot be created");
  std::vector<char> block(1 << 20, 'f');
  for (std::size_t size :
       {std::size_t{1} << 20, std::size_t{4096}, std::size_t{1}}) {
    while (::write(fd, block.data(), size) > 0) {
    }
    if (errno != ENOSPC) {
      ::close(fd);
      return Status::Internal(path.string() +
                              ": a write failed otherwise "
                              "than with ENOSPC");
    }
  }
  ::close(fd);
  return Status::Ok();
}

void Merge(const loadgen::LoadResult& part, std::size_t offset,
           loadgen::LoadResult& all) {
  for (std::size_t i = 0; i < part.receipts.size(); ++i) {
    if (part.attempted[i]) all.attempted[offset + i] = true;
    if (part.receipts[i]) all.receipts[offset + i] = part.receipts[i];
  }
}

}  // namespace

std::string_view StorageFaultName(StorageFault fault) {
  return fault == StorageFault::kFullDisk
             ? "a full disk (tmpfs filled to its last block: ENOSPC)"
             : "failing writes (the server's file size limit at 0: EFBIG)";
}

Result<DiskFullReport> RunDiskFull(
    SoakRoundOptions options, StorageFault fault,
    const std::function<void(std::string_view)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  DiskFullReport report;
  report.fault = StorageFault::kFailingWrites;
  if (fault == StorageFault::kFullDisk && ::geteuid() == 0) {
    options.before_install = [&report](const std::filesystem::path& dir) {
      if (::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
                  "size=64m,mode=0700") == 0) {
        report.fault = StorageFault::kFullDisk;
      }
      return Status::Ok();  // not mounted: failing writes instead
    };
    options.after_stop = [&report](const std::filesystem::path& dir) {
      if (report.fault == StorageFault::kFullDisk)
        ::umount2(dir.c_str(), MNT_DETACH);
    };
  }
  auto round = SoakRound::SetUp(options);
  if (!round.ok()) return round.status();
  SoakRound& r = **round;
  const std::filesystem::path install = r.election().paths().dir;
  say(std::string("storage fault: ") +
      std::string(StorageFaultName(report.fault)));
  const std::span<const client::PreparedBallot> all(r.ballots());
  const std::size_t third = all.size() / 3;
  loadgen::LoadResult merged;
  merged.receipts.resize(all.size());
  merged.attempted.resize(all.size());

  // 1. Normal casting.
  auto before = loadgen::RunLoad(r.Load(), r.election().seal_public(),
                                 all.subspan(0, third));
  if (!before.ok()) return before.status();
  Merge(*before, 0, merged);
  report.before = before->stored;
  say("before: " + std::to_string(before->stored) + " of " +
      std::to_string(third) + " receipted");

  // 2. The disk is full: no receipt may come back.
  if (report.fault == StorageFault::kFullDisk) {
    if (Status s = FillDisk(install); !s.ok()) return s;
  } else if (Status s = r.server().LimitFileSize(0); !s.ok()) {
    return s;
  }
  loadgen::LoadOptions full = r.Load();
  full.client.cast_retry.max_attempts = 2;
  full.client.cast_retry.budget = std::chrono::milliseconds(3'000);
  auto during = loadgen::RunLoad(full, r.election().seal_public(),
                                 all.subspan(third, third));
  if (!during.ok()) return during.status();
  Merge(*during, third, merged);
  report.while_full_offered = during->offered;
  report.while_full_receipts = during->stored;
  report.while_full_errors = during->errors;
  report.server_died = !r.server().Alive();
  say("disk full: " + std::to_string(during->stored) + " of " +
      std::to_string(during->offered) + " receipted" +
      (report.server_died ? "; the server died" : ""));

  // 3. Space returns: the same ballots, and the rest, are cast again.
  if (report.fault == StorageFault::kFullDisk) {
    std::error_code ec;
    std::filesystem::remove(install / kFiller, ec);
    if (ec)
      return Status::Internal("cannot remove the filler: " + ec.message());
  } else if (!report.server_died) {
    if (Status s = r.server().LimitFileSize(std::nullopt); !s.ok()) return s;
  }
  if (report.server_died) {
    if (Status s = r.server().Start(); !s.ok()) return s;
  }
  auto after = loadgen::RunLoad(r.Load(), r.election().seal_public(),
                                all.subspan(third));
  if (!after.ok()) return after.status();
  Merge(*after, third, merged);
  report.after_offered = after->offered;
  report.after_receipts = after->stored;
  report.after_errors = after->errors;
  say("space back: " + std::to_string(after->stored) + " of " +
      std::to_string(after->offered) + " receipted");
  auto verdict = r.Verify(merged);
  if (!verdict.ok()) return verdict.status();
  report.verdict = std::move(verdict).value();
  return report;
}

}  // namespace hall::sim::soak
