#include "hall/server/ballot_box.h"

#include <cstdio>
#include <memory>

#include "hall/crypto/ballot.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/trustee.h"
#include "hall/server/round_state.h"
#include "hall/server/round_store.h"
#include "hall/server/spoiled_store.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/spoiled_ballot.h"
#include "storage_alarm.h"

namespace hall::server {

struct BallotBox::RoundCache {
  std::uint64_t round_id = 0;
  shared::Digest32 digest{};
  std::optional<crypto::BallotShape> shape;
  std::optional<crypto::BallotBoxKey> box_key;
  std::optional<crypto::CredentialList> credentials;
  // Guarded by BallotBox::queue_mutex_ owner (the writer) and board_mutex.
  std::mutex board_mutex;
  std::unique_ptr<crypto::BulletinBoard> board;
  std::map<crypto::VerifyKey, std::uint64_t> index_by_credential;
  std::vector<shared::Receipt> receipts;
  // How many of the board's entries this server knows are committed: the
  // stored board must never hold fewer.
  std::uint64_t committed = 0;
  // Set when a failed commit left the board unrebuilt (see Poison).
  bool poisoned = false;
  // What the last inclusion request found stored (guarded by reader_mutex_):
  // the next one reads only the receipts issued since.
  CommittedBoard checked;
};

struct BallotBox::Pending {
  std::shared_ptr<RoundCache> round;
  crypto::VerifyKey credential;
  crypto::Bytes envelope;
  shared::Digest32 ciphertexts{};  // shared::CiphertextsDigest of the ballot
  std::promise<Result<shared::Receipt>> done;
};

namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

shared::Receipt ToReceipt(std::uint64_t round_id,
                          const crypto::BoardReceipt& b) {
  shared::Receipt r;
  r.round_id = round_id;
  r.index = b.index;
  r.tracking_code = b.tracking_code;
  r.entry_hash = b.entry_hash;
  r.head = b.head;
  return r;
}

// Rebuilds the in-memory board from the committed ballots.
Status LoadBoard(Database& db, BallotBox::RoundCache& rc) {
  rc.board = std::make_unique<crypto::BulletinBoard>(rc.digest);
  rc.index_by_credential.clear();
  rc.receipts.clear();
  auto q = db.Prepare(
      "SELECT idx, credential, envelope, entry_hash FROM ballots WHERE "
      "round_id = ? ORDER BY idx");
  q.Bind(1, static_cast<std::int64_t>(rc.round_id));
  while (q.Step()) {
    auto receipt = rc.board->Append(q.Blob(2));
    if (!receipt.ok() ||
        receipt->index != static_cast<std::uint64_t>(q.Int(0)) ||
        crypto::Bytes(receipt->entry_hash.begin(), receipt->entry_hash.end()) !=
            q.Blob(3)) {
      return Status::Corruption("round " + Num(rc.round_id) +
                           ": the stored bulletin board does not chain; the "
                           "database was altered");
    }
    auto key = crypto::VerifyKey::FromBytes(q.Blob(1));
    if (!key.ok()) return key.status();
    rc.index_by_credential[*key] = receipt->index;
    const shared::Receipt r = ToReceipt(rc.round_id, *receipt);
    rc.receipts.push_back(r);
  }
  rc.committed = rc.board->size();
  return q.status();
}

}  // namespace

Result<std::unique_ptr<BallotBox>> BallotBox::Open(
    const std::filesystem::path& db_path, const DatabaseKey& key,
    BallotBoxOptions options) {
  auto writer = Database::Open(db_path, key, false);
  if (!writer.ok()) return writer.status();
  if (options.commit_veto) writer->SetCommitVeto(std::move(options.commit_veto));
  auto reader = Database::Open(db_path, key, false);
  if (!reader.ok()) return reader.status();
  StorageAlarm::Sink sink = std::move(options.log);
  if (!sink) {
    sink = [](std::string_view line) {
      std::fprintf(stderr, "hall-server: %.*s\n",
                   static_cast<int>(line.size()), line.data());
    };
  }
  auto alarm = std::make_unique<StorageAlarm>(
      db_path.parent_path().string(), std::move(sink),
      options.storage_log_interval);
  return std::unique_ptr<BallotBox>(new BallotBox(
      std::move(writer).value(), std::move(reader).value(), std::move(alarm)));
}

BallotBox::BallotBox(Database writer, Database reader,
                     std::unique_ptr<StorageAlarm> alarm)
    : writer_db_(std::move(writer)),
      reader_db_(std::move(reader)),
      storage_alarm_(std::move(alarm)) {
  writer_ = std::thread([this] { WriterLoop(); });
}

BallotBox::~BallotBox() { Stop(); }

void BallotBox::Stop() {
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

Result<std::shared_ptr<BallotBox::RoundCache>> BallotBox::Round(
    std::uint64_t round_id) {
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(round_id);
    if (it != cache_.end()) return it->second;
  }
  std::lock_guard reader_lock(reader_mutex_);
  {
    // Another connection may have loaded it while we waited: load a round
    // once, not once per waiting connection.
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(round_id);
    if (it != cache_.end()) return it->second;
  }
  auto info = LoadRound(reader_db_, round_id);
  if (!info.ok()) {
    if (info.code() != StatusCode::kNotFound) return info.status();
    return Status::NotFound("there is no round " + Num(round_id));
  }
  if (info->state == RoundState::kDraft) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " is not sealed yet");
  }
  auto rc = std::make_shared<RoundCache>();
  rc->round_id = round_id;
  // Only what the seal signed: template, credential list, ballot-box key.
  auto sealed = LoadSealedRound(reader_db_, round_id);
  if (!sealed.ok()) return sealed.status();
  auto shape = crypto::ShapeFor(sealed->ballot_template.Spec());
  if (!shape.ok()) return Status::Internal("round data unreadable");
  rc->digest = sealed->ballot_template.Digest();
  rc->shape = std::move(shape).value();
  rc->box_key = std::move(sealed->box_key);
  rc->credentials = std::move(sealed->credentials);
  if (Status s = LoadBoard(reader_db_, *rc); !s.ok()) return s;
  std::lock_guard lock(cache_mutex_);
  auto [it, inserted] = cache_.emplace(round_id, rc);
  return it->second;
}

Result<shared::Receipt> BallotBox::Cast(
    std::uint64_t round_id, std::span<const std::uint8_t> envelope_bytes) {
  auto round = Round(round_id);
  if (!round.ok()) return round.status();
  RoundCache& rc = **round;
  auto env = crypto::CredentialEnvelope::Decode(envelope_bytes);
  if (!env.ok())
    return Status::InvalidArgument("the ballot envelope is malformed");
  if (!rc.credentials->Contains(env->credential())) {
    return Status::NotFound(
        "this ballot code is not valid for this round: check the "
        "code on your slip");
  }
  if (!crypto::VerifyEnvelope(*env, *rc.credentials).ok()) {
    return Status::PermissionDenied(
        "the ballot's signature does not match its ballot code");
  }
  auto parts = shared::ParseCastPayload(env->payload());
  if (!parts.ok())
    return Status::InvalidArgument("the ballot payload is malformed");
  if (parts->template_digest != rc.digest) {
    return Status::PermissionDenied(
        "this ballot was filled in for another round");
  }
  auto ballot = crypto::EncryptedBallot::Decode(parts->ballot);
  if (!ballot.ok())
    return Status::PermissionDenied("the encrypted ballot is malformed");
  if (!crypto::VerifyBallot(rc.box_key->joint_key(), *rc.shape, rc.digest,
                            env->credential(), *ballot)
           .ok()) {
    return Status::PermissionDenied(
        "the ballot's proofs do not verify for this ballot code: it is not a "
        "valid ballot for this round (a ballot, or part of one, copied from "
        "another ballot is refused)");
  }
  auto pending = std::make_shared<Pending>(
      Pending{*round,
              env->credential(),
              crypto::Bytes(envelope_bytes.begin(), envelope_bytes.end()),
              shared::CiphertextsDigest(ballot->options),
              {}});
  auto future = pending->done.get_future();
  {
    std::lock_guard lock(queue_mutex_);
    if (stopping_) {
      return Status::Unavailable("the server is shutting down; cast again");
    }
    queue_.push_back(pending);
  }
  queue_cv_.notify_one();
  return future.get();
}

// Appends and inserts the batch in one transaction; why it did not commit
// (the transaction is rolled back on return), or Ok.
Status BallotBox::CommitBatch(const std::vector<std::shared_ptr<Pending>>& batch,
                            std::vector<Result<shared::Receipt>>& answers,
                            std::vector<bool>& provisional,
                            std::vector<RoundCache*>& touched) {
  Database::Transaction tx(writer_db_);
  if (!tx.status().ok()) return tx.status();
  std::map<std::uint64_t, std::string> states;
  // Per round, how many ballots were committed before this batch.
  std::map<const RoundCache*, std::uint64_t> committed;
  auto state_query =
      writer_db_.Prepare("SELECT state FROM rounds WHERE id = ?");
  auto insert = writer_db_.Prepare(
      "INSERT INTO ballots(round_id, idx, credential, envelope, entry_hash, "
      "tracking_code) "
      "VALUES(?, ?, ?, ?, ?, ?)");
  auto issue = writer_db_.Prepare(
      "INSERT INTO issued_receipts(round_id, idx, tracking_code, head) "
      "VALUES(?, ?, ?, ?)");
  CastCiphertexts ciphertexts(writer_db_);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    RoundCache& rc = *batch[i]->round;
    std::lock_guard board_lock(rc.board_mutex);
    if (rc.poisoned) {
      answers[i] = Status::Unavailable("the ballot was not stored; cast it again");
      continue;
    }
    committed.try_emplace(&rc, rc.receipts.size());
    if (!states.count(rc.round_id)) {
      state_query.Bind(1, static_cast<std::int64_t>(rc.round_id));
      const bool found = state_query.Step();
      // A read that failed is not "not open": the batch fails, the kiosks
      // cast again.
      if (!state_query.status().ok()) return state_query.status();
      states[rc.round_id] = found ? state_query.Text(0) : "gone";
      state_query.Reset();
    }
    auto known = rc.index_by_credential.find(batch[i]->credential);
    if (known != rc.index_by_credential.end()) {
      provisional[i] = known->second >= committed[&rc];
      if (rc.board->ballot(known->second) == batch[i]->envelope) {
        answers[i] = rc.receipts[known->second];  // a retry: same receipt
      } else {
        answers[i] = Status::AlreadyExists(
            "this ballot code has already been used to vote in this round");
      }
      continue;
    }
    if (states[rc.round_id] != RoundStateName(RoundState::kOpen)) {
      answers[i] = Status::FailedPrecondition(
          "round " + Num(rc.round_id) + " is " + states[rc.round_id] +
          ": it does not accept ballots now");
      continue;
    }
    // A ballot spoiled to check a kiosk is public: never cast.
    if (Status s =
            ciphertexts.CheckNotSpoiled(rc.round_id, batch[i]->ciphertexts);
        !s.ok()) {
      if (s.code() != StatusCode::kPermissionDenied) return s;
      answers[i] = s;
      continue;
    }
    provisional[i] = true;
    auto receipt = rc.board->Append(batch[i]->envelope);
    if (!receipt.ok()) {
      answers[i] = Status::PermissionDenied(receipt.message());
      continue;
    }
    if (std::find(touched.begin(), touched.end(), &rc) == touched.end())
      touched.push_back(&rc);
    insert.Bind(1, static_cast<std::int64_t>(rc.round_id));
    insert.Bind(2, static_cast<std::int64_t>(receipt->index));
    insert.Bind(3, batch[i]->credential.bytes()).Bind(4, batch[i]->envelope);
    insert.Bind(5, receipt->entry_hash).Bind(6, receipt->tracking_code);
    if (Status s = insert.Run(); !s.ok()) return s;
    issue.Bind(1, static_cast<std::int64_t>(rc.round_id));
    issue.Bind(2, static_cast<std::int64_t>(receipt->index));
    issue.Bind(3, receipt->tracking_code).Bind(4, receipt->head);
    if (Status s = issue.Run(); !s.ok()) return s;
    if (Status s = ciphertexts.Record(rc.round_id, batch[i]->ciphertexts);
        !s.ok())
      return s;
    const shared::Receipt r = ToReceipt(rc.round_id, *receipt);
    rc.index_by_credential[batch[i]->credential] = r.index;
    rc.receipts.push_back(r);
    answers[i] = r;
  }
  return tx.Commit();
}

void BallotBox::Poison(RoundCache& rc) {
  rc.poisoned = true;
  std::lock_guard lock(cache_mutex_);
  auto it = cache_.find(rc.round_id);
  if (it != cache_.end() && it->second.get() == &rc) cache_.erase(it);
}

void BallotBox::WriterLoop() {
  constexpr std::size_t kMaxBatch = 256;
  for (;;) {
    std::vector<std::shared_ptr<Pending>> batch;
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty() && stopping_) return;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<Result<shared::Receipt>> answers(
        batch.size(), Status::Internal("the ballot was not answered"));
    std::vector<bool> provisional(batch.size(), false);
    std::vector<RoundCache*> touched;
    const Status commit = CommitBatch(batch, answers, provisional, touched);
    const bool stored = commit.ok();
    if (stored) {
      storage_alarm_->Stored();
      for (RoundCache* rc : touched) {
        std::lock_guard board_lock(rc->board_mutex);
        rc->committed = rc->board->size();
      }
    }
    if (!stored) {
      storage_alarm_->Failed(commit, batch.size());
      // Nothing of this batch is durable: rebuild the boards from the
      // database and ask the kiosks to cast again. An answer given against
      // committed ballots (a retry's receipt, a code already used before)
      // stands; every answer that leaned on this batch does not.
      for (RoundCache* rc : touched) {
        std::lock_guard board_lock(rc->board_mutex);
        if (!LoadBoard(writer_db_, *rc).ok()) Poison(*rc);
      }
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (provisional[i] || answers[i].code() == StatusCode::kInternal) {
          answers[i] =
              Status::Unavailable("the ballot was not stored; cast it again");
        }
      }
    }
    for (std::size_t i = 0; i < batch.size(); ++i)
      batch[i]->done.set_value(std::move(answers[i]));
  }
}

Result<shared::InclusionResponse> BallotBox::Inclusion(
    std::uint64_t round_id, const std::string& tracking_code) {
  auto round = Round(round_id);
  if (!round.ok()) return round.status();
  RoundCache& rc = **round;
  // Only what is committed, and only while the stored board still holds
  // every ballot a receipt went out for: a board that shrank is reported,
  // never proven from memory.
  CommittedBoard committed_board;
  {
    std::lock_guard reader_lock(reader_mutex_);
    auto kept = CheckBoardKeepsNewReceipts(reader_db_, round_id, rc.checked);
    if (!kept.ok()) {
      rc.checked = {};
      return kept.status();
    }
    committed_board = *kept;
    rc.checked = *kept;
  }
  const std::uint64_t committed = committed_board.size;
  std::lock_guard board_lock(rc.board_mutex);
  if (committed < rc.committed) {
    return Status::Corruption(
        "the ballot box of round " + Num(round_id) + " was altered: " +
        Num(rc.committed - committed) + " ballots this server stored, and "
        "gave receipts for, are no longer in the database; tell the "
        "committee and the auditors");
  }
  if (rc.board->size() < committed ||
      (committed_board.head && rc.board->HeadAt(committed) != *committed_board.head)) {
    return Status::Corruption(
        "the stored ballot box of round " + Num(round_id) +
        " is not the one this server accepted; tell the committee");
  }
  auto index = rc.board->IndexOf(tracking_code);
  if (!index.ok() || *index >= committed) {
    return Status::NotFound("no ballot with tracking code " + tracking_code +
                            " is in the box of round " + Num(round_id));
  }
  shared::InclusionResponse r;
  r.proof = rc.board->ProveInclusion(*index, committed).Encode();
  r.head = rc.board->HeadAt(committed);
  return r;
}

}  // namespace hall::server
