// ServerProcess: a running hall-server that hall-admin may signal, found by
// its process id and checked to be this installation's server before any
// signal is sent: its command name is hall-server and it holds this
// installation's database (DIR/hall.db) open. The process is held by a
// pidfd, so a process id reused after the check is never signalled.
//
// Find() fails with kNotFound (no process with that id), kFailedPrecondition
// (a process that is not hall-server, or a hall-server of another
// installation), kPermissionDenied (its open files cannot be read: run as
// the server's user or root); each message says what to do.
#ifndef HALL_SERVER_ADMIN_SERVER_PROCESS_H_
#define HALL_SERVER_ADMIN_SERVER_PROCESS_H_

#include <sys/types.h>

#include "hall/base/status.h"
#include "hall/base/unique_fd.h"
#include "hall/server/installation.h"

namespace hall::server::admin {

class ServerProcess {
 public:
  static Result<ServerProcess> Find(pid_t pid, const InstallationPaths& paths);

  pid_t pid() const { return pid_; }
  // Sends `signal` to the process checked by Find().
  Status Signal(int signal) const;

 private:
  ServerProcess(pid_t pid, UniqueFd pidfd) : pid_(pid), pidfd_(std::move(pidfd)) {}
  pid_t pid_;
  UniqueFd pidfd_;
};

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_SERVER_PROCESS_H_
