// ServerProcess: the real hall-server binary run as a child process on a
// loopback port, for hall-loadgen and the client tests.
//
// Contract:
// - Start() forks and execs `hall-server --dir D --host H --port P
//   --port-file F` (H = 127.0.0.1 unless set_host() says otherwise; P = 0
//   picks a free port the first time; a restart reuses the port it had), its
//   stderr going to `log_path`, and waits until the port file appears (at
//   most `start_timeout`).
// - Alive() tells whether the child still runs (one that exited is reaped
//   and running() is false from then on).
// - Stop() sends SIGTERM and waits (then SIGKILL after 10 s); Kill() sends
//   SIGKILL at once, as a crash would. The destructor stops a running child.
// - PeakRssKb() reads VmHWM from /proc/<pid>/status, CpuSeconds() user +
//   system time from /proc/<pid>/stat, while the child runs.
// - LimitFileSize(n) sets the running child's RLIMIT_FSIZE (prlimit): from
//   then on no file of its may grow past n bytes, so its writes there fail
//   (EFBIG, the child ignores SIGXFSZ) as they would on a full disk;
//   nullopt lifts the limit again. A restart starts without a limit.
// - The child gets SIGTERM when the thread that started it ends
//   (PR_SET_PDEATHSIG names a thread, not the process): a Start() from a
//   thread that ends before the server should (a killer thread) is to be
//   followed by a Stop() and Start() from a thread that lives on.
// - One thread uses an object at a time.
//
// RunProgram: another program of the build (hall-admin) run to its end, or
// killed on the way (RunProgramKilledAfter).
#ifndef HALL_SIM_LOADGEN_SERVER_PROCESS_H_
#define HALL_SIM_LOADGEN_SERVER_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hall/base/status.h"

namespace hall::sim::loadgen {

class ServerProcess {
 public:
  ServerProcess(std::filesystem::path server_binary,
                std::filesystem::path installation_dir,
                std::filesystem::path log_path);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // The address hall-server listens on from the next Start() on.
  void set_host(std::string host) { host_ = std::move(host); }
  Status Start(std::chrono::milliseconds start_timeout =
                   std::chrono::milliseconds(15'000));
  Status Stop();
  void Kill();
  Status LimitFileSize(std::optional<std::uint64_t> bytes);
  bool running() const { return pid_ > 0; }
  bool Alive();
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::optional<std::uint64_t> PeakRssKb() const;
  std::optional<double> CpuSeconds() const;
  const std::filesystem::path& log_path() const { return log_path_; }

 private:
  std::filesystem::path binary_;
  std::filesystem::path dir_;
  std::filesystem::path log_path_;
  std::string host_ = "127.0.0.1";
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// hall-server next to the running program (/proc/self/exe), else
// `fallback` when that exists, else "".
std::filesystem::path FindServerBinary(const std::filesystem::path& fallback);
// The same for another program of the build (e.g. "hall-admin").
std::filesystem::path FindSiblingBinary(const std::string& name,
                                        const std::filesystem::path& fallback);

// Runs `binary args...` to its end (stdin /dev/null), its stdout and stderr
// into `output` (created) or, when that is empty, this process's; returns
// its exit status (kNotFound when it cannot be run, kInternal when it
// could not start or was killed).
Result<int> RunProgramStatus(const std::filesystem::path& binary,
                             const std::vector<std::string>& args,
                             const std::filesystem::path& output = {});
// The same, but SIGKILLed once `kill_after` has passed since it started
// (as a crash or a power cut would end it): nullopt when it was killed so,
// its exit status when it ended before.
Result<std::optional<int>> RunProgramKilledAfter(
    const std::filesystem::path& binary, const std::vector<std::string>& args,
    const std::filesystem::path& output, std::chrono::microseconds kill_after);
// RunProgramStatus, Ok only when it exits with status 0.
Status RunProgram(const std::filesystem::path& binary,
                  const std::vector<std::string>& args);

}  // namespace hall::sim::loadgen

#endif  // HALL_SIM_LOADGEN_SERVER_PROCESS_H_
