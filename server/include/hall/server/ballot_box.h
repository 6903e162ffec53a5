// BallotBox: accepts cast ballots for open rounds and answers inclusion
// queries. Thread-safe; used by every kiosk connection at once.
//
// Cast: the calling thread checks the envelope's credential against the
// round's sealed list and verifies the ballot's proofs (in parallel across
// connections); one writer thread then commits a batch of ballots in one
// transaction (group commit, synchronous=FULL) and only after COMMIT
// returns does a receipt go out. A retried cast of the same envelope gets
// the same receipt; a second, different ballot on one credential is refused.
// The round's state is re-read inside each write transaction, so a round
// closed by hall-admin from another process accepts nothing more.
//
// Refusals are Status codes (the kiosk service maps them to the protocol's
// error codes, once): kInvalidArgument malformed envelope or payload,
// kPermissionDenied a code not valid for the round, used, a ballot that
// does not verify or whose ciphertexts were spoiled to check a kiosk
// (spoiled_store.h), kFailedPrecondition a round not accepting ballots,
// kNotFound no such round or tracking code, kUnavailable not stored (cast
// the same ballot again), kInternal unreadable round data.
//
// A batch that cannot be stored (a full disk, an I/O error) is logged once
// with what to do, then summarised while it lasts, and once more when
// ballots are stored again (storage_alarm.h); never one line per cast.
#ifndef HALL_SERVER_BALLOT_BOX_H_
#define HALL_SERVER_BALLOT_BOX_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "hall/base/status.h"
#include "hall/server/database.h"
#include "hall/shared/protocol.h"

namespace hall::server {

class StorageAlarm;

struct BallotBoxOptions {
  // Tests only: the writer's Database::SetCommitVeto. While it returns true
  // no batch commits, every ballot in it is answered kUnavailable ("cast it
  // again") and no receipt goes out.
  std::function<bool()> commit_veto;
  // Where storage failures are written; empty: stderr, "hall-server: ".
  std::function<void(std::string_view line)> log;
  // While storage keeps failing, at most one summary line per this.
  std::chrono::milliseconds storage_log_interval{60'000};
};

class BallotBox {
 public:
  // Opens its own connections to the database (one writer, one reader).
  static Result<std::unique_ptr<BallotBox>> Open(
      const std::filesystem::path& db_path, const DatabaseKey& key,
      BallotBoxOptions options = {});
  ~BallotBox();
  BallotBox(const BallotBox&) = delete;
  BallotBox& operator=(const BallotBox&) = delete;

  Result<shared::Receipt> Cast(std::uint64_t round_id,
                               std::span<const std::uint8_t> envelope);
  Result<shared::InclusionResponse> Inclusion(std::uint64_t round_id,
                                              const std::string& tracking_code);
  // Stops the writer; casts after this are refused as unavailable.
  void Stop();

  struct RoundCache;

 private:
  struct Pending;
  BallotBox(Database writer, Database reader,
            std::unique_ptr<StorageAlarm> alarm);
  // The round's verification material and in-memory board (loaded once).
  Result<std::shared_ptr<RoundCache>> Round(std::uint64_t round_id);
  void WriterLoop();
  // One batch's answers; `provisional[i]` marks an answer that holds only
  // if the batch commits (a receipt from it, a refusal against a ballot of
  // it). Returns why the batch did not commit, or Ok.
  Status CommitBatch(const std::vector<std::shared_ptr<Pending>>& batch,
                   std::vector<Result<shared::Receipt>>& answers,
                   std::vector<bool>& provisional,
                   std::vector<RoundCache*>& touched);
  // A round whose board could not be rebuilt after a failed commit: no
  // ballot is taken against it and the next cast reloads it from storage.
  void Poison(RoundCache& rc);

  Database writer_db_;
  Database reader_db_;
  std::unique_ptr<StorageAlarm> storage_alarm_;
  std::mutex reader_mutex_;
  std::mutex cache_mutex_;
  std::map<std::uint64_t, std::shared_ptr<RoundCache>> cache_;
  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<std::shared_ptr<Pending>> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace hall::server

#endif  // HALL_SERVER_BALLOT_BOX_H_
