// The server side's socket plumbing: a TCP listening socket (the twin of
// ConnectTcp in io.h) and the pipe that wakes an accept loop's poll().
//
// Contract:
// - ListenTcp resolves host:port for listening and binds the first address
//   that binds and listens (SO_REUSEADDR, non-blocking, close-on-exec).
//   Port 0 picks an ephemeral port; the result names the port bound.
//   Failure: "cannot listen on <host> port <port> (<address>: <reason>); is
//   another server already using it?", kUnavailable when the port is in use
//   (it may be free later), else the errno's code.
// - OpenWakePipe gives a non-blocking, close-on-exec pipe: a byte written to
//   write_end makes read_end readable.
#ifndef HALL_SHARED_NET_LISTEN_H_
#define HALL_SHARED_NET_LISTEN_H_

#include <cstdint>
#include <string>

#include "hall/base/status.h"
#include "hall/base/unique_fd.h"

namespace hall::net {

struct ListeningSocket {
  UniqueFd fd;
  std::uint16_t port = 0;  // the port bound
};

Result<ListeningSocket> ListenTcp(const std::string& host, std::uint16_t port,
                                  int backlog);

struct WakePipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Result<WakePipe> OpenWakePipe();

}  // namespace hall::net

#endif  // HALL_SHARED_NET_LISTEN_H_
