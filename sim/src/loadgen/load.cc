#include "hall/sim/loadgen/load.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace hall::sim::loadgen {

using Clock = std::chrono::steady_clock;

double LoadResult::Percentile(double p) const {
  if (latency_ms.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * latency_ms.size());
  const std::size_t i = static_cast<std::size_t>(
      std::clamp(rank, 1.0, static_cast<double>(latency_ms.size())));
  return latency_ms[i - 1];
}

std::vector<crypto::Mark> PlannedChoices(std::size_t count,
                                         std::uint32_t persons) {
  // Out of every 20 delegates: 8, 5, 3, 2 and 1 for the first five persons
  // (capped to the ballot), 1 blank.
  static constexpr int kPattern[20] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
                                       1, 1, 1, 2, 2, 2, 3, 3, 4, -1};
  std::vector<crypto::Mark> marks;
  marks.reserve(count);
  for (std::size_t j = 0; j < count; ++j) {
    const int p = kPattern[j % 20];
    if (p < 0) {
      marks.push_back(std::nullopt);
    } else {
      marks.push_back(
          std::min<std::uint32_t>(static_cast<std::uint32_t>(p), persons - 1));
    }
  }
  return marks;
}

Result<std::vector<client::PreparedBallot>> PrepareBallots(
    const shared::BallotTemplate& ballot_template,
    std::span<const std::string> codes, std::span<const crypto::Mark> choices,
    unsigned threads) {
  std::vector<std::vector<crypto::Mark>> marks;
  marks.reserve(choices.size());
  for (const auto& c : choices) marks.push_back({c});
  return PrepareBallots(ballot_template, codes, marks, threads);
}

Result<std::vector<client::PreparedBallot>> PrepareBallots(
    const shared::BallotTemplate& ballot_template,
    std::span<const std::string> codes,
    std::span<const std::vector<crypto::Mark>> choices, unsigned threads) {
  if (codes.size() != choices.size())
    return Status::InvalidArgument(
        "one set of marks per ballot code is needed");
  std::vector<std::optional<client::PreparedBallot>> slots(codes.size());
  std::vector<Status> errors(codes.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < codes.size(); i = next++) {
      auto p = client::PrepareBallot(ballot_template, codes[i], choices[i]);
      if (p.ok())
        slots[i] = std::move(p).value();
      else
        errors[i] = p.status();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::max(1u, threads); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  std::vector<client::PreparedBallot> out;
  out.reserve(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (!slots[i])
      return Status::Make(errors[i].code(), "ballot " + std::to_string(i + 1) +
                                                ": " + errors[i].message());
    out.push_back(std::move(*slots[i]));
  }
  return out;
}

Result<LoadResult> RunLoad(const LoadOptions& options,
                           const crypto::VerifyKey& seal,
                           std::span<const client::PreparedBallot> ballots) {
  const std::size_t kiosks = options.kiosks.size();
  if (kiosks == 0)
    return Status::InvalidArgument("at least one kiosk is needed");
  LoadResult result;
  result.receipts.resize(ballots.size());

  std::mutex mu;
  std::condition_variable cv;
  std::size_t connected = 0;
  bool go = false;
  Clock::time_point t0;
  std::string connect_error;
  StatusCode connect_code = StatusCode::kInternal;  // of the first failure
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> offered{0};
  std::vector<std::vector<double>> latencies(kiosks);
  std::vector<Clock::time_point> last_done(kiosks);
  std::vector<std::uint64_t> failed(kiosks, 0), retries(kiosks, 0),
      recasts(kiosks, 0);
  // Written by one kiosk each (bytes, not vector<bool>'s shared words).
  std::vector<std::uint8_t> attempted(ballots.size(), 0);
  std::vector<std::string> errors;

  auto kiosk = [&](std::size_t k) {
    auto client = client::VotingClient::Connect(
        options.host, options.port, options.kiosks[k], seal, options.client);
    {
      std::unique_lock lock(mu);
      if (!client.ok() && connect_error.empty()) {
        connect_error =
            "kiosk " + std::to_string(k + 1) + ": " + client.message();
        connect_code = client.code();
      }
      ++connected;
      cv.notify_all();
      cv.wait(lock, [&] { return go; });
    }
    if (!client.ok() || !connect_error.empty()) return;
    const Clock::time_point deadline = t0 + options.max_duration;
    last_done[k] = t0;
    for (std::size_t i = next++; i < ballots.size(); i = next++) {
      Clock::time_point due = Clock::now();
      if (options.rate > 0) {
        due = t0 + std::chrono::duration_cast<Clock::duration>(
                       std::chrono::duration<double>(i / options.rate));
        std::this_thread::sleep_until(due);
      }
      if (Clock::now() > deadline) break;
      ++offered;
      attempted[i] = 1;
      auto receipt = client->Cast(ballots[i]);
      while (options.recast && !receipt.ok() &&
             (receipt.code() == StatusCode::kUnavailable ||
              receipt.code() == StatusCode::kInternal) &&
             Clock::now() < deadline) {
        ++recasts[k];
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        receipt = client->Cast(ballots[i]);
      }
      const auto done = Clock::now();
      if (receipt.ok()) {
        latencies[k].push_back(
            std::chrono::duration<double, std::milli>(done - due).count());
        result.receipts[i] = std::move(receipt).value();
        last_done[k] = done;
      } else {
        ++failed[k];
        std::lock_guard lock(mu);
        if (errors.size() < 5)
          errors.push_back("ballot " + std::to_string(i + 1) + ": " +
                           receipt.message());
      }
    }
    retries[k] = client->cast_retries();
  };

  std::vector<std::thread> threads;
  threads.reserve(kiosks);
  for (std::size_t k = 0; k < kiosks; ++k) threads.emplace_back(kiosk, k);
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return connected == kiosks; });
    t0 = Clock::now() + std::chrono::milliseconds(20);
    go = true;
  }
  cv.notify_all();
  if (options.started && connect_error.empty()) options.started();
  for (auto& t : threads) t.join();
  if (!connect_error.empty()) return Status::Make(connect_code, connect_error);

  Clock::time_point end = t0;
  for (std::size_t k = 0; k < kiosks; ++k) {
    end = std::max(end, last_done[k]);
    result.latency_ms.insert(result.latency_ms.end(), latencies[k].begin(),
                             latencies[k].end());
    result.failed += failed[k];
    result.retries += retries[k];
    result.recasts += recasts[k];
  }
  result.attempted.assign(attempted.begin(), attempted.end());
  std::sort(result.latency_ms.begin(), result.latency_ms.end());
  result.offered = offered;
  result.stored = result.latency_ms.size();
  result.seconds = std::chrono::duration<double>(end - t0).count();
  result.errors = std::move(errors);
  return result;
}

}  // namespace hall::sim::loadgen
