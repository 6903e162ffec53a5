#include "hall/sim/loadgen/hostile_flood.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <string>
#include <vector>

#include "hall/base/unique_fd.h"

namespace hall::sim::loadgen {
namespace {

using ::hall::UniqueFd;

UniqueFd RawConnect(std::uint16_t port, const std::string& source) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return fd;
  sockaddr_in from{}, to{};
  from.sin_family = to.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  to.sin_port = htons(port);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    return UniqueFd();
  }
  return fd;
}

// True when the server closed (or reset) the connection.
bool Dropped(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char buf[64];
  return ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) <= 0;
}

}  // namespace

std::unique_ptr<HostileFlood> HostileFlood::Start(const FloodOptions& options) {
  std::unique_ptr<HostileFlood> flood(new HostileFlood(options));
  flood->thread_ = std::thread([f = flood.get()] { f->Run(); });
  return flood;
}

HostileFlood::~HostileFlood() { Stop(); }

void HostileFlood::Stop() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
}

void HostileFlood::Run() {
  using namespace std::chrono_literals;
  std::vector<UniqueFd> conns(options_.connections);
  const auto stop_at = std::chrono::steady_clock::now() + options_.max_duration;
  const int sources = options_.sources > 0 ? options_.sources : 1;
  while (!done_.load() && std::chrono::steady_clock::now() < stop_at) {
    for (int i = 0; i < options_.connections && !done_.load(); ++i) {
      UniqueFd& fd = conns[i];
      if (fd.valid() && !Dropped(fd.get())) continue;
      fd = RawConnect(
          options_.port,
          "127.0.0." + std::to_string(options_.first_source + i % sources));
      if (!fd.valid()) continue;
      ++opened_;
      if (i % 2 == 1) {
        const char byte = 0x16;  // the start of a ClientHello, no more
        (void)!::send(fd.get(), &byte, 1, MSG_NOSIGNAL);
      }
    }
    std::this_thread::sleep_for(5ms);
  }
}

}  // namespace hall::sim::loadgen
