// Listening sockets and wake-up pipes; see listen.h.
#include "hall/shared/net/listen.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hall/shared/net/io.h"

namespace hall::net {

Result<ListeningSocket> ListenTcp(const std::string& host, std::uint16_t port,
                                  int backlog) {
  auto list = ResolveStream(host, port, /*passive=*/true, "listen");
  if (!list.ok()) return list.status();
  std::string last_error = "no address";
  int last_errno = 0;
  for (addrinfo* ai = list->get(); ai; ai = ai->ai_next) {
    UniqueFd fd = OpenStreamSocket(ai, last_error);
    if (!fd.valid()) continue;
    int one = 1;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd.get(), ai->ai_addr, ai->ai_addrlen) != 0 ||
        ::listen(fd.get(), backlog) != 0) {
      last_errno = errno;
      last_error = DescribeAddress(ai->ai_addr, ai->ai_addrlen) + ": " +
                   ErrnoText(last_errno);
      continue;
    }
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(fd.get(), reinterpret_cast<sockaddr*>(&bound), &len);
    ListeningSocket out;
    out.port = ntohs(bound.ss_family == AF_INET6
                         ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                         : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    out.fd = std::move(fd);
    return out;
  }
  // A port in use may be free again later; a port this user may not open
  // will not be.
  return Status::Make(last_errno == EADDRINUSE ? StatusCode::kUnavailable
                                               : CodeForErrno(last_errno),
                      "cannot listen on " + host + " port " +
                          std::to_string(port) + " (" + last_error +
                          "); is another server already using it?");
}

Result<WakePipe> OpenWakePipe() {
  int fds[2];
  if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    return Status::Internal("cannot create the listener's wake-up pipe: " +
                            ErrnoText(errno));
  }
  WakePipe out;
  out.read_end.reset(fds[0]);
  out.write_end.reset(fds[1]);
  return out;
}

}  // namespace hall::net
