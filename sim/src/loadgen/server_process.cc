#include "hall/sim/loadgen/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace hall::sim::loadgen {
namespace {

// Waits up to `timeout` for `pid` to exit; true when it did (and is reaped).
bool WaitExit(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

ServerProcess::ServerProcess(std::filesystem::path server_binary,
                             std::filesystem::path installation_dir,
                             std::filesystem::path log_path)
    : binary_(std::move(server_binary)),
      dir_(std::move(installation_dir)),
      log_path_(std::move(log_path)) {}

ServerProcess::~ServerProcess() {
  if (running()) (void)Stop();
}

Status ServerProcess::Start(std::chrono::milliseconds start_timeout) {
  if (running())
    return Status::FailedPrecondition("hall-server is already running");
  if (binary_.empty() || access(binary_.c_str(), X_OK) != 0) {
    return Status::NotFound("cannot run hall-server at \"" + binary_.string() +
                            "\"; build it or give its path (--server)");
  }
  const std::filesystem::path port_file = dir_ / "loadgen.port";
  std::error_code ec;
  std::filesystem::remove(port_file, ec);
  std::vector<std::string> args = {
      binary_.string(),  "--dir",  dir_.string(),         "--host",
      host_,             "--port", std::to_string(port_), "--port-file",
      port_file.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int log_fd =
      open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    return Status::Internal(log_path_.string() +
                            ": cannot open the server log");
  }
  const pid_t pid = fork();
  if (pid < 0) {
    close(log_fd);
    return Status::Internal("cannot start hall-server: fork failed");
  }
  if (pid == 0) {
    // The server never outlives us (e.g. hall-loadgen stopped by Ctrl-C).
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() == 1) _exit(127);
    dup2(log_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
      dup2(null_fd, STDIN_FILENO);
      dup2(null_fd, STDOUT_FILENO);
    }
    // A file size limit (LimitFileSize) fails the write instead of killing
    // the server, as a full disk would.
    signal(SIGXFSZ, SIG_IGN);
    // Nothing of the parent's (sockets, database files) leaks into the
    // server.
    close_range(3, ~0U, 0);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  pid_ = pid;
  const auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Status::Internal("hall-server exited at start; see " +
                              log_path_.string());
    }
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port && port > 0 && port < 65536) {
      port_ = static_cast<std::uint16_t>(port);
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill();
  return Status::Unavailable(
      "hall-server did not start listening in time; see " + log_path_.string());
}

Status ServerProcess::Stop() {
  if (!running()) return Status::Ok();
  kill(pid_, SIGTERM);
  if (!WaitExit(pid_, std::chrono::milliseconds(10'000))) {
    Kill();
    return Status::Internal("hall-server did not stop on SIGTERM; killed it");
  }
  pid_ = -1;
  return Status::Ok();
}

void ServerProcess::Kill() {
  if (!running()) return;
  kill(pid_, SIGKILL);
  (void)WaitExit(pid_, std::chrono::milliseconds(10'000));
  pid_ = -1;
}

bool ServerProcess::Alive() {
  if (!running()) return false;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_ || (r < 0 && errno == ECHILD)) {
    pid_ = -1;
    return false;
  }
  return true;
}

Status ServerProcess::LimitFileSize(std::optional<std::uint64_t> bytes) {
  if (!running())
    return Status::FailedPrecondition("hall-server is not running");
  rlimit limit{};
  // The soft limit only: it is the one enforced, and one that is lifted
  // again needs no privilege.
  limit.rlim_cur = bytes ? *bytes : RLIM_INFINITY;
  limit.rlim_max = RLIM_INFINITY;
  if (prlimit(pid_, RLIMIT_FSIZE, &limit, nullptr) != 0) {
    return Status::Make(CodeForErrno(errno),
                        "cannot set hall-server's file size limit");
  }
  return Status::Ok();
}

std::optional<std::uint64_t> ServerProcess::PeakRssKb() const {
  if (!running()) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) {
      return std::stoull(line.substr(6));
    }
  }
  return std::nullopt;
}

std::optional<double> ServerProcess::CpuSeconds() const {
  if (!running()) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string stat;
  std::getline(in, stat);
  // Fields after the command name (which may hold spaces) in parentheses.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::filesystem::path FindSiblingBinary(const std::string& name,
                                        const std::filesystem::path& fallback) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto next_to = self.parent_path() / name;
    if (access(next_to.c_str(), X_OK) == 0) return next_to;
  }
  if (!fallback.empty() && access(fallback.c_str(), X_OK) == 0) return fallback;
  return {};
}

std::filesystem::path FindServerBinary(const std::filesystem::path& fallback) {
  return FindSiblingBinary("hall-server", fallback);
}

namespace {

// Starts `binary args...` (stdin /dev/null, stdout and stderr into
// `output` or, when empty, this process's); its pid.
Result<pid_t> Spawn(const std::filesystem::path& binary,
                    const std::vector<std::string>& args,
                    const std::filesystem::path& output) {
  const std::string name = binary.filename().string();
  if (binary.empty() || access(binary.c_str(), X_OK) != 0)
    return Status::NotFound("cannot run \"" + binary.string() +
                            "\" (is it built next to hall-server?)");
  std::vector<std::string> all = {binary.string()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out_fd = -1;
  if (!output.empty()) {
    out_fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                  0600);
    if (out_fd < 0)
      return Status::Internal(output.string() + ": cannot be created");
  }
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    if (out_fd >= 0) close(out_fd);
    return Status::Internal("cannot start " + name + ": fork failed");
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (out_fd >= 0) {
      dup2(out_fd, STDOUT_FILENO);
      dup2(out_fd, STDERR_FILENO);
    }
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    close_range(3, ~0U, 0);
    execv(argv[0], argv.data());
    _exit(127);
  }
  if (out_fd >= 0) close(out_fd);
  return pid;
}

// Waits for `pid`; SIGKILLs it first once `kill_after` has passed (when
// given). Its exit status, or nullopt when it was killed so.
Result<std::optional<int>> Reap(
    pid_t pid, const std::string& name,
    std::optional<std::chrono::microseconds> kill_after) {
  const auto deadline = std::chrono::steady_clock::now() +
                        kill_after.value_or(std::chrono::microseconds::zero());
  bool killed = false;
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid, &status, kill_after && !killed ? WNOHANG : 0);
    if (r == pid) break;
    if (r < 0 && errno != EINTR)
      return Status::Internal("waiting for " + name + " failed");
    if (r == 0 && std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      killed = true;
    } else if (r == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  if (killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
    return std::optional<int>();
  if (!WIFEXITED(status))
    return Status::Internal(name + " was killed by signal " +
                            std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) == 127)
    return Status::NotFound(name + " could not be run");
  return std::optional<int>(WEXITSTATUS(status));
}

}  // namespace

Result<int> RunProgramStatus(const std::filesystem::path& binary,
                             const std::vector<std::string>& args,
                             const std::filesystem::path& output) {
  auto pid = Spawn(binary, args, output);
  if (!pid.ok()) return pid.status();
  auto end = Reap(*pid, binary.filename().string(), std::nullopt);
  if (!end.ok()) return end.status();
  return **end;
}

Result<std::optional<int>> RunProgramKilledAfter(
    const std::filesystem::path& binary, const std::vector<std::string>& args,
    const std::filesystem::path& output, std::chrono::microseconds kill_after) {
  auto pid = Spawn(binary, args, output);
  if (!pid.ok()) return pid.status();
  return Reap(*pid, binary.filename().string(), kill_after);
}

Status RunProgram(const std::filesystem::path& binary,
                  const std::vector<std::string>& args) {
  auto exit_status = RunProgramStatus(binary, args);
  if (!exit_status.ok()) return exit_status.status();
  if (*exit_status == 0) return Status::Ok();
  return Status::Internal(binary.filename().string() +
                          " exited with status " +
                          std::to_string(*exit_status));
}

}  // namespace hall::sim::loadgen
