// The committee's key ceremony: run in one process with every trustee at
// hand, or recorded from a ceremony the trustees ran on their own machines.
#include <set>

#include "hall/crypto/ceremony.h"
#include "hall/server/committee.h"
#include "hall/server/round_store.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/statements.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

// What every key ceremony of a meeting must satisfy before it is run or
// recorded: the meeting exists and has no key yet, 1 <= k <= n <= 255, and
// the trustees' names are distinct.
Status CheckNewCeremony(Database& db, std::uint64_t meeting_id,
                        const std::vector<std::string>& names,
                        std::uint32_t k) {
  auto m = LoadMeeting(db, meeting_id);
  if (!m.ok()) return m.status();
  if (m->trustees_k) {
    return Status::AlreadyExists(
        "meeting " + Num(meeting_id) +
        ": the key ceremony has already been run; its key opens every round");
  }
  const auto n = static_cast<std::uint32_t>(names.size());
  if (n < 1 || n > crypto::kMaxTrustees) {
    return Status::InvalidArgument("name between 1 and " + Num(crypto::kMaxTrustees) +
                         " trustees");
  }
  if (k < 1 || k > n) {
    return Status::InvalidArgument(
        "the threshold k must be between 1 and the number of trustees (" +
        Num(n) + ")");
  }
  std::set<std::string> unique(names.begin(), names.end());
  if (unique.size() != names.size())
    return Status::InvalidArgument("two trustees have the same name");
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto clean = shared::HumanText(names[i], "trustee " + Num(i + 1) + "'s name",
                                   shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    if (*clean != names[i])
      return Status::InvalidArgument("trustee " + Num(i + 1) +
                                     "'s name is not in Unicode NFC");
  }
  return Status::Ok();
}

// Stores the meeting's box key, the ceremony's transcript (the dealers'
// commitments it was derived from), k and trustees in one transaction;
// `before_commit` runs inside it (its failure records nothing).
Status StoreBoxKey(Database& db, std::uint64_t meeting_id,
                   const std::vector<std::string>& names, std::uint32_t k,
                   const crypto::BallotBoxKey& key,
                   std::span<const crypto::DealerCommitments> commitments,
                   const std::function<Status()>& before_commit) {
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  // Checked again inside the transaction: another command may have recorded
  // a key meanwhile.
  if (Status s = CheckNewCeremony(db, meeting_id, names, k); !s.ok()) return s;
  auto upd = db.Prepare(
      "UPDATE meetings SET trustees_k = ?, box_key = ?, ceremony = ? WHERE "
      "id = ?");
  upd.Bind(1, static_cast<std::int64_t>(k)).Bind(2, key.Encode());
  upd.Bind(3, crypto::EncodeCeremonyTranscript(commitments));
  upd.Bind(4, static_cast<std::int64_t>(meeting_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  auto ins =
      db.Prepare("INSERT INTO trustees(meeting_id, idx, name) VALUES(?, ?, ?)");
  for (std::uint32_t i = 0; i < names.size(); ++i) {
    ins.Bind(1, static_cast<std::int64_t>(meeting_id))
        .Bind(2, std::int64_t{i + 1});
    ins.Bind(3, names[i]);
    if (Status s = ins.Run(); !s.ok()) return s;
  }
  if (before_commit) {
    if (Status s = before_commit(); !s.ok()) {
      return Status::Make(s.code(), "the key ceremony was not recorded: " + s.message());
    }
  }
  return tx.Commit();
}

}  // namespace

Result<std::vector<crypto::TrusteeShare>> Committee::RunKeyCeremony(
    std::uint64_t meeting_id, const std::vector<std::string>& names,
    std::uint32_t k, const DeliverShares& deliver) {
  if (Status s = CheckNewCeremony(db_, meeting_id, names, k); !s.ok()) return s;
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  if (m->mode != MeetingMode::kRehearsal) {
    return Status::PermissionDenied(
        "meeting " + std::to_string(meeting_id) +
        " is a real meeting: each trustee makes their share on their own "
        "device (hall-admin ceremony start, hall-trustee announce / deal / "
        "finish); the one-process ceremony is only for a rehearsal meeting "
        "(hall-admin meeting create --rehearsal)");
  }
  const auto n = static_cast<std::uint32_t>(names.size());
  const crypto::Bytes context =
      shared::KeyCeremonyContext(Installation(db_), meeting_id);
  auto ceremony = crypto::RunCeremonyInProcess(n, k, context, rng_);
  if (!ceremony.ok()) return ceremony.status();
  std::function<Status()> before_commit;
  if (deliver) {
    before_commit = [&] { return deliver(ceremony->key, ceremony->shares); };
  }
  if (Status s =
          StoreBoxKey(db_, meeting_id, names, k, ceremony->key,
                      ceremony->commitments, before_commit);
      !s.ok()) {
    return s;
  }
  return std::move(ceremony->shares);
}

Result<crypto::BallotBoxKey> Committee::RecordBoxKey(
    std::uint64_t meeting_id, const std::vector<std::string>& names,
    std::uint32_t k, std::span<const crypto::DealerCommitments> commitments,
    const std::function<Status()>& before_commit) {
  if (Status s = CheckNewCeremony(db_, meeting_id, names, k); !s.ok()) return s;
  const crypto::CeremonyParams params{
      static_cast<std::uint32_t>(names.size()), k,
      shared::KeyCeremonyContext(Installation(db_), meeting_id)};
  if (commitments.size() != names.size()) {
    return Status::InvalidArgument(
        "the key ceremony has " + Num(commitments.size()) + " dealings for " +
        Num(names.size()) + " trustees");
  }
  auto key = crypto::DeriveBallotBoxKey(params, commitments);
  if (!key.ok()) {
    return Status::InvalidArgument(
        "the dealers' commitments do not make meeting " + Num(meeting_id) +
        "'s ballot-box key (another meeting's or installation's ceremony, or "
        "a damaged dealing): " + key.message());
  }
  if (Status s = StoreBoxKey(db_, meeting_id, names, k, *key, commitments,
                             before_commit);
      !s.ok())
    return s;
  return key;
}

Result<crypto::BallotBoxKey> Committee::BoxKey(std::uint64_t meeting_id) {
  return LoadBoxKey(db_, meeting_id);
}

}  // namespace hall::server
