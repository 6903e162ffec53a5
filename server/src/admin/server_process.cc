#include "hall/server/admin/server_process.h"

#include <dirent.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

namespace hall::server::admin {

namespace fs = std::filesystem;

namespace {

std::string Pid(pid_t pid) { return std::to_string(pid); }

// Debian 12's <sys/pidfd.h> declares these without C linkage (glibc 2.36),
// so they are called as the system calls they are.
int PidfdOpen(pid_t pid) {
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
}
int PidfdSendSignal(int pidfd, int signal) {
  return static_cast<int>(
      ::syscall(SYS_pidfd_send_signal, pidfd, signal, nullptr, 0));
}

// The kernel's command name of the process (world-readable).
Result<std::string> CommandName(pid_t pid) {
  std::ifstream comm("/proc/" + Pid(pid) + "/comm");
  std::string name;
  if (!comm || !std::getline(comm, name))
    return Status::NotFound("there is no process " + Pid(pid) +
                            "; find hall-server's with: pgrep -a hall-server");
  return name;
}

// The process's state letter from /proc/PID/stat ('Z': ended, a zombie).
char State(pid_t pid) {
  std::ifstream stat("/proc/" + Pid(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(stat)),
                  std::istreambuf_iterator<char>());
  const std::size_t paren = all.rfind(')');
  return paren != std::string::npos && paren + 2 < all.size() ? all[paren + 2]
                                                               : '?';
}

// The file name of the program the process runs (" (deleted)" dropped: a
// hall-server rebuilt while it runs is still one).
Result<std::string> ProgramName(pid_t pid) {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/" + Pid(pid) + "/exe", ec);
  if (ec)
    return Status::PermissionDenied(
        "cannot see which program process " + Pid(pid) + " runs (" +
        ec.message() +
        "); run hall-admin as the user that runs hall-server, or as root");
  std::string name = exe.filename().string();
  const std::string deleted = " (deleted)";
  if (name.size() > deleted.size() &&
      name.compare(name.size() - deleted.size(), deleted.size(), deleted) == 0)
    name.resize(name.size() - deleted.size());
  return name;
}

// Whether one of the process's open files is `file`.
Result<bool> HoldsOpen(pid_t pid, const fs::path& file) {
  const std::string fd_dir = "/proc/" + Pid(pid) + "/fd";
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(fd_dir.c_str()),
                                          &::closedir);
  if (!dir) {
    const int err = errno;
    if (err == ENOENT)
      return Status::NotFound("process " + Pid(pid) + " has ended");
    return Status::PermissionDenied(
        "cannot see which files process " + Pid(pid) + " has open (" +
        std::strerror(err) +
        "); run hall-admin as the user that runs hall-server, or as root");
  }
  while (const dirent* entry = ::readdir(dir.get())) {
    if (entry->d_name[0] == '.') continue;
    std::error_code ec;
    const fs::path target = fs::read_symlink(fd_dir + "/" + entry->d_name, ec);
    if (!ec && target == file) return true;
  }
  return false;
}

}  // namespace

Result<ServerProcess> ServerProcess::Find(pid_t pid,
                                          const InstallationPaths& paths) {
  if (pid <= 0)
    return Status::InvalidArgument("--server-pid must be a process id (> 0)");
  UniqueFd pidfd(PidfdOpen(pid));
  if (!pidfd.valid()) {
    const int err = errno;
    if (err == ESRCH)
      return Status::NotFound("there is no process " + Pid(pid) +
                              "; find hall-server's with: pgrep -a hall-server");
    return Status::Make(CodeForErrno(err), "cannot reach process " + Pid(pid) +
                                               ": " + std::strerror(err));
  }
  auto name = CommandName(pid);
  if (!name.ok()) return name.status();
  if (*name != "hall-server")
    return Status::FailedPrecondition(
        "process " + Pid(pid) + " is " + *name +
        ", not hall-server; find hall-server's with: pgrep -a hall-server");
  if (State(pid) == 'Z')
    return Status::NotFound("process " + Pid(pid) +
                            " has ended; find the running hall-server with: "
                            "pgrep -a hall-server");
  auto program = ProgramName(pid);
  if (!program.ok()) return program.status();
  if (*program != "hall-server")
    return Status::FailedPrecondition(
        "process " + Pid(pid) + " calls itself hall-server but runs " +
        *program + "; find hall-server's with: pgrep -a hall-server");
  std::error_code ec;
  const fs::path db = fs::canonical(paths.db(), ec);
  if (ec)
    return Status::NotFound(paths.db().string() + ": " + ec.message());
  auto holds = HoldsOpen(pid, db);
  if (!holds.ok()) return holds.status();
  if (!*holds)
    return Status::FailedPrecondition(
        "process " + Pid(pid) + " is a hall-server of another installation "
        "(it does not have " + db.string() +
        " open); find this one's with: pgrep -a hall-server");
  return ServerProcess(pid, std::move(pidfd));
}

Status ServerProcess::Signal(int signal) const {
  if (PidfdSendSignal(pidfd_.get(), signal) != 0) {
    const int err = errno;
    return Status::Make(CodeForErrno(err),
                        "hall-server (pid " + Pid(pid_) +
                            ") could not be signalled: " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace hall::server::admin
