// The server side's socket plumbing (hall/shared/net/listen.h): a real
// listening socket on loopback and a real wake-up pipe.
#include "hall/shared/net/listen.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "hall/shared/net/io.h"

namespace hall::net {
namespace {

using namespace std::chrono_literals;

bool Readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

TEST(ListenTcpTest, EphemeralPortAcceptsConnections) {
  auto listening = ListenTcp("127.0.0.1", 0, 4);
  ASSERT_TRUE(listening.ok()) << listening.message();
  ASSERT_TRUE(listening->fd.valid());
  ASSERT_NE(listening->port, 0);
  EXPECT_NE(::fcntl(listening->fd.get(), F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(listening->fd.get(), F_GETFD) & FD_CLOEXEC, 0);
  auto client = ConnectTcp("127.0.0.1", listening->port, 5s);
  ASSERT_TRUE(client.ok()) << client.message();
}

TEST(ListenTcpTest, PortInUseIsUnavailableAndNamed) {
  auto first = ListenTcp("127.0.0.1", 0, 4);
  ASSERT_TRUE(first.ok()) << first.message();
  const std::string port = std::to_string(first->port);
  auto second = ListenTcp("127.0.0.1", first->port, 4);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(second.message(), "cannot listen on 127.0.0.1 port " + port +
                                  " (127.0.0.1:" + port + ": " +
                                  ErrnoText(EADDRINUSE) +
                                  "); is another server already using it?");
}

TEST(WakePipeTest, AByteWrittenWakesTheReadEnd) {
  auto pipe = OpenWakePipe();
  ASSERT_TRUE(pipe.ok()) << pipe.message();
  EXPECT_NE(::fcntl(pipe->read_end.get(), F_GETFL) & O_NONBLOCK, 0);
  EXPECT_NE(::fcntl(pipe->write_end.get(), F_GETFD) & FD_CLOEXEC, 0);
  EXPECT_FALSE(Readable(pipe->read_end.get()));
  const char byte = 'x';
  ASSERT_EQ(::write(pipe->write_end.get(), &byte, 1), 1);
  EXPECT_TRUE(Readable(pipe->read_end.get()));
}

}  // namespace
}  // namespace hall::net
