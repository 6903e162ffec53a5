// Low-level socket plumbing for the TLS transport (client and server side).
//
// Sockets are non-blocking; every wait is a poll() bounded by a deadline, so
// no call blocks longer than its timeout and a socket that is shut down from
// another thread (shutdown(2)) wakes its waiter at once. SIGPIPE is never
// raised by hall's writes (SigpipeGuard).
#ifndef HALL_SHARED_NET_IO_H_
#define HALL_SHARED_NET_IO_H_

#include <netdb.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "hall/base/status.h"
#include "hall/base/unique_fd.h"

namespace hall::net {

using Clock = std::chrono::steady_clock;

// The one file-descriptor owner (hall/base/unique_fd.h).
using UniqueFd = hall::UniqueFd;

// "1.2.3.4:5678" or "[::1]:5678".
std::string DescribeAddress(const sockaddr* addr, socklen_t len);
// The remote address of a connected socket, or "unknown peer".
std::string DescribePeer(int fd);

// Human text for a duration: "250 ms", "5 s".
std::string DurationText(std::chrono::milliseconds d);

// strerror_r's text for `err` ("Address already in use").
std::string ErrnoText(int err);

// The addresses of `host`:`port` for a TCP stream (owned list). `passive`
// resolves for listening (an empty host is every address); `role` names the
// address in the error ("listen", "server").
using AddrInfoPtr = std::unique_ptr<addrinfo, void (*)(addrinfo*)>;
Result<AddrInfoPtr> ResolveStream(const std::string& host, std::uint16_t port,
                                  bool passive, const std::string& role);
// A non-blocking, close-on-exec socket for `ai`; on failure an invalid fd
// and the reason in `error`.
UniqueFd OpenStreamSocket(const addrinfo* ai, std::string& error);

// Resolves `host` and opens a non-blocking TCP connection within `timeout`.
Result<UniqueFd> ConnectTcp(const std::string& host, std::uint16_t port,
                            std::chrono::milliseconds timeout);

// Blocks SIGPIPE for the calling thread while alive and discards a SIGPIPE
// raised meanwhile, so writing to a closed socket yields EPIPE, not death.
class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_mask_;
  bool was_pending_ = false;
};

// Outcome of driving one SSL operation on a non-blocking socket.
struct SslIoError {
  enum class Kind {
    kTimeout,  // the deadline passed
    kClosed,   // the peer closed the connection (cleanly or not)
    kFailed,   // TLS or socket error; `detail` says which
  };
  Kind kind = Kind::kFailed;
  std::string detail;        // OpenSSL / errno text, possibly empty
  unsigned long reason = 0;  // first OpenSSL error code, 0 if none
};

// Runs `op` (an SSL_* call returning > 0 on success) until it succeeds, fails
// or `deadline` passes, waiting with poll() on WANT_READ / WANT_WRITE.
// Returns nullopt on success.
std::optional<SslIoError> RunSslOp(SSL* ssl, int fd, Clock::time_point deadline,
                                   const std::function<int()>& op);

}  // namespace hall::net

#endif  // HALL_SHARED_NET_IO_H_
