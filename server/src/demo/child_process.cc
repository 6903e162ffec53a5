#include "hall/server/demo/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

namespace hall::server {

Result<ChildProcess> ChildProcess::Start(const std::filesystem::path& program,
                                         const std::vector<std::string>& args,
                                         const std::filesystem::path& log) {
  std::vector<std::string> storage = {program.string()};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null",
                                   O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr,
                             argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return Status::Error(program.string() +
                         ": cannot start: " + std::strerror(rc));
  }
  return ChildProcess(pid);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept : pid_(other.pid_) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0) (void)Stop(SIGKILL, std::chrono::seconds(5));
    pid_ = other.pid_;
    other.pid_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !Stop(SIGTERM, std::chrono::seconds(5)).ok()) {
    (void)Stop(SIGKILL, std::chrono::seconds(5));
  }
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

Status ChildProcess::Stop(int signal, std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return Status::Ok();
  kill(pid_, signal);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return Status::Error("process " + std::to_string(pid_) +
                       " did not stop in time");
}

Result<ServerProcess> StartServer(const std::filesystem::path& server_binary,
                                  const std::filesystem::path& dir,
                                  std::chrono::milliseconds timeout) {
  const auto port_file = dir / "server.port";
  std::error_code ec;
  std::filesystem::remove(port_file, ec);
  auto child = ChildProcess::Start(
      server_binary,
      {"--dir", dir.string(), "--port", "0", "--port-file", port_file.string()},
      dir / "server.log");
  if (!child.ok()) return child.status();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port && port > 0)
      return ServerProcess{std::move(child).value(),
                           static_cast<std::uint16_t>(port)};
    if (!child->Running()) {
      return Status::Error("hall-server exited at start; see " +
                           (dir / "server.log").string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return Status::Error("hall-server did not start listening in time; see " +
                       (dir / "server.log").string());
}

std::filesystem::path SiblingProgram(const char* argv0,
                                     const std::string& name) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(argv0, ec);
  const auto candidate = self.parent_path() / name;
  if (std::filesystem::exists(candidate, ec)) return candidate;
  const auto in_build = self.parent_path().parent_path() / "server" / name;
  if (std::filesystem::exists(in_build, ec)) return in_build;
  return {};
}

}  // namespace hall::server
