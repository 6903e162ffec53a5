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
#ifndef HALL_SERVER_BALLOT_BOX_H_
#define HALL_SERVER_BALLOT_BOX_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "hall/base/status.h"
#include "hall/server/database.h"
#include "hall/shared/protocol.h"

namespace hall::server {

class BallotBox {
 public:
  // Opens its own connections to the database (one writer, one reader).
  // `commit_veto` (tests only) is the writer's Database::SetCommitVeto: while
  // it returns true no batch commits, every ballot in it is answered
  // kUnavailable ("cast it again") and no receipt goes out.
  static Result<std::unique_ptr<BallotBox>> Open(
      const std::filesystem::path& db_path, const DatabaseKey& key,
      std::function<bool()> commit_veto = {});
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
  BallotBox(Database writer, Database reader);
  // The round's verification material and in-memory board (loaded once).
  Result<std::shared_ptr<RoundCache>> Round(std::uint64_t round_id);
  void WriterLoop();
  // One batch's answers; `provisional[i]` marks an answer that holds only
  // if the batch commits (a receipt from it, a refusal against a ballot of
  // it). Returns false when the batch did not commit.
  bool CommitBatch(const std::vector<std::shared_ptr<Pending>>& batch,
                   std::vector<Result<shared::Receipt>>& answers,
                   std::vector<bool>& provisional,
                   std::vector<RoundCache*>& touched);
  // A round whose board could not be rebuilt after a failed commit: no
  // ballot is taken against it and the next cast reloads it from storage.
  void Poison(RoundCache& rc);

  Database writer_db_;
  Database reader_db_;
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
