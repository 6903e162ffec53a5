// ChildProcess: runs another program of hall (hall-server) as a child, for
// the demo, the load generator and end-to-end tests. The child is stopped
// (SIGTERM, then SIGKILL) when the object is destroyed.
#ifndef HALL_SERVER_DEMO_CHILD_PROCESS_H_
#define HALL_SERVER_DEMO_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "hall/crypto/status.h"

namespace hall::server {

class ChildProcess {
 public:
  // Starts `program` with `args`; its stderr goes to `log` (appended).
  static Result<ChildProcess> Start(const std::filesystem::path& program,
                                    const std::vector<std::string>& args,
                                    const std::filesystem::path& log);
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // Sends `signal` and waits up to `timeout` for the child to exit.
  Status Stop(int signal, std::chrono::milliseconds timeout);
  bool Running();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

// Starts hall-server on a free loopback port of the installation `dir` and
// waits until it listens; returns the port.
struct ServerProcess {
  ChildProcess process;
  std::uint16_t port = 0;
};
Result<ServerProcess> StartServer(
    const std::filesystem::path& server_binary,
    const std::filesystem::path& dir,
    std::chrono::milliseconds timeout = std::chrono::seconds(20));

// The hall-server binary next to the running program (same build or
// install folder), or "" when there is none.
std::filesystem::path SiblingProgram(const char* argv0,
                                     const std::string& name);

}  // namespace hall::server

#endif  // HALL_SERVER_DEMO_CHILD_PROCESS_H_
