// Socket plumbing for the TLS transport; see io.h.
#include "hall/shared/net/io.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <optional>

#include "hall/shared/net/openssl.h"

namespace hall::net {

std::string DescribeAddress(const sockaddr* addr, socklen_t /*len*/) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (addr->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (addr->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) +
           "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return "unknown address";
}

std::string DescribePeer(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    return "unknown peer";
  }
  return DescribeAddress(reinterpret_cast<sockaddr*>(&ss), len);
}

std::string DurationText(std::chrono::milliseconds d) {
  if (d.count() >= 1000 && d.count() % 1000 == 0) {
    return std::to_string(d.count() / 1000) + " s";
  }
  return std::to_string(d.count()) + " ms";
}

namespace {

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - Clock::now());
  if (left.count() <= 0) return 0;
  if (left.count() > 1'000'000'000) return 1'000'000'000;
  return static_cast<int>(left.count()) + 1;  // round up
}

// Waits for `events` on fd; false on timeout.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int ms = RemainingMs(deadline);
    int r = ::poll(&p, 1, ms);
    if (r > 0) return true;  // ready, or HUP/ERR: the next call will tell
    if (r == 0) return false;
    if (errno != EINTR) return true;
  }
}

}  // namespace

std::string ErrnoText(int err) {
  char buf[256];
  return strerror_r(err, buf, sizeof buf);
}

Result<AddrInfoPtr> ResolveStream(const std::string& host, std::uint16_t port,
                                  bool passive, const std::string& role) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = passive ? (AI_PASSIVE | AI_NUMERICSERV) : AI_ADDRCONFIG;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  const char* node = passive && host.empty() ? nullptr : host.c_str();
  const int gai = getaddrinfo(node, service.c_str(), &hints, &res);
  if (gai != 0) {
    // A temporary failure of the name service may pass; any other means the
    // address given is wrong.
    return Status::Make(gai == EAI_AGAIN ? StatusCode::kUnavailable
                                         : StatusCode::kInvalidArgument,
                        "cannot resolve " + role + " address \"" + host +
                            "\": " + gai_strerror(gai));
  }
  return AddrInfoPtr(res, freeaddrinfo);
}

UniqueFd OpenStreamSocket(const addrinfo* ai, std::string& error) {
  UniqueFd fd(::socket(ai->ai_family,
                       ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                       ai->ai_protocol));
  if (!fd.valid()) error = ErrnoText(errno);
  return fd;
}

Result<UniqueFd> ConnectTcp(const std::string& host, std::uint16_t port,
                            std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  auto list = ResolveStream(host, port, /*passive=*/false, "server");
  if (!list.ok()) return list.status();
  std::string last_error = "no address";
  for (addrinfo* ai = list->get(); ai; ai = ai->ai_next) {
    UniqueFd fd = OpenStreamSocket(ai, last_error);
    if (!fd.valid()) continue;
    int one = 1;
    setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const std::string where = DescribeAddress(ai->ai_addr, ai->ai_addrlen);
    if (::connect(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        last_error = where + ": " + ErrnoText(errno);
        continue;
      }
      if (!WaitFor(fd.get(), POLLOUT, deadline)) {
        return Status::Unavailable("timed out after " + DurationText(timeout) +
                                   " connecting to " + where +
                                   "; is the server running and reachable?");
      }
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
      if (err != 0) {
        last_error = where + ": " + ErrnoText(err);
        continue;
      }
    }
    return fd;
  }
  return Status::Unavailable("cannot connect to " + host + " port " +
                             std::to_string(port) + " (" + last_error +
                             "); is the server running and reachable?");
}

SigpipeGuard::SigpipeGuard() {
  sigset_t block;
  sigemptyset(&block);
  sigaddset(&block, SIGPIPE);
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &block, &old_mask_);
}

SigpipeGuard::~SigpipeGuard() {
  if (!was_pending_) {
    sigset_t pending;
    sigemptyset(&pending);
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      sigset_t pipe_only;
      sigemptyset(&pipe_only);
      sigaddset(&pipe_only, SIGPIPE);
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_only, nullptr, &zero) < 0 && errno == EINTR) {
      }
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

std::optional<SslIoError> RunSslOp(SSL* ssl, int fd, Clock::time_point deadline,
                                   const std::function<int()>& op) {
  SigpipeGuard sigpipe;  // SSL_read may write too (alerts, key updates)
  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int ret = op();
    if (ret > 0) return std::nullopt;
    const int err = SSL_get_error(ssl, ret);
    const int saved_errno = errno;
    switch (err) {
      case SSL_ERROR_WANT_READ:
        if (!WaitFor(fd, POLLIN, deadline)) {
          return SslIoError{SslIoError::Kind::kTimeout, "", 0};
        }
        continue;
      case SSL_ERROR_WANT_WRITE:
        if (!WaitFor(fd, POLLOUT, deadline)) {
          return SslIoError{SslIoError::Kind::kTimeout, "", 0};
        }
        continue;
      case SSL_ERROR_ZERO_RETURN:
        return SslIoError{SslIoError::Kind::kClosed, "closed by peer", 0};
      case SSL_ERROR_SYSCALL: {
        unsigned long code = ERR_peek_error();
        std::string detail = OpenSslErrors();
        if (detail.empty()) {
          if (saved_errno == 0 || saved_errno == ECONNRESET ||
              saved_errno == EPIPE) {
            return SslIoError{
                SslIoError::Kind::kClosed,
                saved_errno ? ErrnoText(saved_errno) : "connection closed",
                code};
          }
          detail = ErrnoText(saved_errno);
        }
        return SslIoError{SslIoError::Kind::kFailed, detail, code};
      }
      default: {
        unsigned long code = ERR_peek_error();
        if (ERR_GET_LIB(code) == ERR_LIB_SSL &&
            ERR_GET_REASON(code) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
          OpenSslErrors();
          return SslIoError{SslIoError::Kind::kClosed,
                            "connection closed without close_notify", code};
        }
        std::string detail = OpenSslErrors();
        if (detail.empty() && saved_errno) detail = ErrnoText(saved_errno);
        return SslIoError{SslIoError::Kind::kFailed, detail, code};
      }
    }
  }
}

}  // namespace hall::net
