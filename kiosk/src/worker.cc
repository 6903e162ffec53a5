#include "worker.h"

#include <sodium.h>

#include <utility>

namespace hall::kiosk {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

Worker::Worker(WorkerConfig config, Sink sink)
    : config_(std::move(config)),
      sink_(std::move(sink)),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

Worker::~Worker() {
  thread_.request_stop();
  wake_.notify_all();
}

void Worker::Submit(Effect effect) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(effect));
  }
  wake_.notify_all();
}

void Worker::Log(const std::string& line) {
  if (config_.log) config_.log(line);
}

client::VotingClient* Worker::Client() {
  if (client_) return &*client_;
  client::ClientOptions options;
  options.cast_retry.budget = config_.cast_budget;
  auto c = client::VotingClient::Connect(config_.host, config_.port,
                                         config_.tls, config_.seal, options);
  if (!c.ok()) {
    Disconnected(c.status());
    return nullptr;
  }
  client_.emplace(std::move(c).value());
  if (!was_connected_) {
    Log("connected to " + config_.host + ":" + std::to_string(config_.port));
  }
  was_connected_ = true;
  last_failure_.clear();
  sink_(ConnectionChanged{true, ""});
  return &*client_;
}

void Worker::Disconnected(const Status& why) {
  client_.reset();
  // One line per change: a kiosk that waits for its server logs why once,
  // and again only when the reason changes.
  if (was_connected_) {
    Log("connection lost: " + why.message());
  } else if (why.message() != last_failure_) {
    Log("cannot connect: " + why.message() + " (retrying)");
  }
  last_failure_ = why.message();
  was_connected_ = false;
  sink_(ConnectionChanged{false, why.message()});
}

void Worker::SendDueSpoiled() {
  const auto now = std::chrono::steady_clock::now();
  for (auto it = pending_spoiled_.begin(); it != pending_spoiled_.end();) {
    if (it->send_at > now) {
      ++it;
      continue;
    }
    client::VotingClient* c = Client();
    if (!c) return;  // kept for the next poll
    Status s = c->SubmitSpoiled(it->round_id, it->ballot, it->opening);
    if (!s.ok() && !c->last_error_code()) {
      Disconnected(s);
      return;
    }
    it = pending_spoiled_.erase(it);  // stored, or refused for good
  }
}

void Worker::PollStatus() {
  client::VotingClient* c = Client();
  if (!c) return;
  auto status = c->Status();
  if (!status.ok()) {
    Disconnected(status.status());
    return;
  }
  sink_(StatusArrived{std::move(status).value()});
}

void Worker::Run(std::stop_token stop) {
  PollStatus();
  while (!stop.stop_requested()) {
    std::optional<Effect> effect;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, config_.poll_interval,
                     [this] { return !queue_.empty(); });
      if (stop.stop_requested()) return;
      if (!queue_.empty()) {
        effect.emplace(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    if (effect) {
      Execute(*effect, stop);
    } else {
      PollStatus();
      SendDueSpoiled();
    }
  }
}

void Worker::Execute(Effect& effect, std::stop_token stop) {
  std::visit(
      Overloaded{
          [&](FetchTemplate& e) {
            client::VotingClient* c = Client();
            if (!c) {
              sink_(TemplateArrived{e.round_id,
                                    Status::Unavailable("not connected")});
              return;
            }
            sink_(TemplateArrived{e.round_id, c->FetchBallot(e.round_id)});
          },
          [&](PrepareBallot& e) {
            auto prepared = client::PrepareBallot(*e.ballot, e.code, e.marks);
            crypto::Wipe(e.code.data(), e.code.size());
            sink_(BallotPrepared{e.session, e.seq, std::move(prepared)});
          },
          [&](CastBallot& e) {
            CastFinished done;
            done.session = e.session;
            // Reconnecting is part of the cast, within its budget.
            const auto give_up =
                std::chrono::steady_clock::now() + config_.cast_budget;
            client::VotingClient* c = Client();
            while (!c && !stop.stop_requested() &&
                   std::chrono::steady_clock::now() < give_up) {
              std::unique_lock lock(mutex_);
              wake_.wait_for(lock, stop, std::chrono::milliseconds(500),
                             [] { return false; });
              lock.unlock();
              c = Client();
            }
            if (!c) {
              done.receipt = Status::Unavailable("not connected");
              sink_(std::move(done));
              return;
            }
            const std::uint64_t before = c->cast_retries();
            done.receipt = c->Cast(*e.prepared, stop);
            done.retries = c->cast_retries() - before;
            if (!done.receipt.ok()) done.refusal = c->last_error_code();
            if (!done.receipt.ok() && !done.refusal) {
              Disconnected(done.receipt.status());
            }
            sink_(std::move(done));
          },
          [&](ChallengeBallot& e) {
            ChallengeFinished done;
            done.session = e.session;
            crypto::SpoiledBallot spoiled = e.prepared->Spoil();
            done.verified = client::VerifySpoiledBallot(
                *e.ballot, e.prepared->ballot(), spoiled);
            done.plaintext = spoiled.plaintext;
            // Into the election record: the ciphertexts and the opening, nothing
            // that names the code (spoiled_ballot.h), sent a random 20 to 90 s
            // later, so that its arrival does not mark who stood at the kiosk.
            pending_spoiled_.push_back(PendingSpoiled{
                std::chrono::steady_clock::now() +
                    std::chrono::seconds(20 + randombytes_uniform(71)),
                e.ballot->round_id, e.prepared->ballot(), std::move(spoiled)});
            sink_(std::move(done));
          },
          [&](CheckInclusion& e) {
            InclusionChecked done;
            done.session = e.session;
            client::VotingClient* c = Client();
            if (!c) {
              done.inclusion = Status::Unavailable("not connected");
              sink_(std::move(done));
              return;
            }
            auto inclusion =
                c->CheckInclusion(e.receipt.round_id, e.receipt.tracking_code);
            if (inclusion.ok() && (inclusion->index != e.receipt.index ||
                                   inclusion->entry_hash != e.receipt.entry_hash ||
                                   inclusion->ballot != e.envelope)) {
              inclusion = Status::Corruption(
                  "the ballot in the box under this tracking code is not the "
                  "ballot this kiosk cast");
            }
            done.inclusion = std::move(inclusion);
            sink_(std::move(done));
          },
          [&](ReportAlert& e) {
            client::VotingClient* c = Client();
            if (!c) return;  // the screen already tells the delegate
            if (Status s = c->ReportAlert(e.kind, e.round_id, e.detail);
                !s.ok() && !c->last_error_code()) {
              Disconnected(s);
            }
          },
      },
      effect);
}

}  // namespace hall::kiosk
