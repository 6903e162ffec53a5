// Worker: the kiosk's one thread that talks to the tally server and does
// the crypto, so the UI never waits. It owns the VotingClient (one per
// thread, voting_client.h), runs effects in the order they come, and polls
// the server's status in between. Results go to the sink as events (on the
// worker thread). Destruction stops the thread, ending a cast in flight
// with kCancelled.
#ifndef HALL_KIOSK_SRC_WORKER_H_
#define HALL_KIOSK_SRC_WORKER_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "hall/crypto/signing_key.h"
#include "hall/shared/client/voting_client.h"
#include "machine.h"

namespace hall::kiosk {

struct WorkerConfig {
  explicit WorkerConfig(const crypto::VerifyKey& seal_key) : seal(seal_key) {}
  std::string host;
  std::uint16_t port = 0;
  net::TlsClientConfig tls;
  crypto::VerifyKey seal;  // no default: made from the configuration
  std::chrono::milliseconds poll_interval{2'000};
  std::chrono::milliseconds cast_budget{20'000};
  std::function<void(const std::string&)> log;  // connection events only
};

class Worker {
 public:
  using Sink = std::function<void(Event)>;
  Worker(WorkerConfig config, Sink sink);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void Submit(Effect effect);

 private:
  void Run(std::stop_token stop);
  void Execute(Effect& effect, std::stop_token stop);
  // The connected client, connecting first if needed; nullptr when the
  // server cannot be reached (a ConnectionChanged event says why).
  client::VotingClient* Client();
  void Disconnected(const Status& why);
  void PollStatus();
  void SendDueSpoiled();
  void Log(const std::string& line);

  WorkerConfig config_;
  Sink sink_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Effect> queue_;
  std::optional<client::VotingClient> client_;
  bool was_connected_ = false;
  std::string last_failure_;  // the last reason logged for not connecting
  struct PendingSpoiled {
    std::chrono::steady_clock::time_point send_at;
    std::uint64_t round_id = 0;
    crypto::EncryptedBallot ballot;
    crypto::SpoiledBallot opening;
  };
  std::vector<PendingSpoiled> pending_spoiled_;  // worker thread only
  std::jthread thread_;  // last: stopped and joined first
};

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_SRC_WORKER_H_
