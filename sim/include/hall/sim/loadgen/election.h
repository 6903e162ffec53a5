// Election: a complete installation prepared in-process through the
// Committee API, for hall-loadgen and the client tests: a temporary folder,
// an installation (fast seal cost), a P1 meeting with `people` convened and
// present, candidates, a recipient for sealed minutes, enrolled kiosks, the
// key ceremony (k of n trustees, shares kept in memory), and rounds sealed
// (codes kept as printed text) and opened on demand.
//
// Not for real meetings: the seal passphrase is fixed and every secret is
// held in one process. Thread-compatible.
#ifndef HALL_SIM_LOADGEN_ELECTION_H_
#define HALL_SIM_LOADGEN_ELECTION_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"
#include "hall/crypto/trustee.h"
#include "hall/server/committee.h"
#include "hall/server/database.h"
#include "hall/server/installation.h"
#include "hall/shared/net/tls.h"

namespace hall::sim::loadgen {

// A folder made with mkdtemp, removed with its contents on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "hall-loadgen");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  bool ok() const { return !path_.empty(); }

 private:
  std::filesystem::path path_;
};

struct ElectionOptions {
  std::uint64_t people = 100;        // convened, all checked in
  std::uint32_t ballot_persons = 5;  // candidates on a round's ballot
  std::uint32_t kiosks = 1;          // kiosk-001 ...
  std::uint32_t trustees = 5;
  std::uint32_t threshold = 3;
  std::string procedure = "vn-138-appointment";
  std::string title = "hall-loadgen meeting";
  // The candidates' names; empty: "Candidate 01", ... (2 x ballot_persons).
  std::vector<std::string> candidate_names;
  // The committee's wall clock (the times it signs); empty: SystemClock().
  server::Clock clock;
};

struct ElectionRound {
  std::uint64_t id = 0;
  std::vector<std::string> persons;
  std::vector<std::string> codes;  // printed ballot codes, one per person
};

struct TallyReport {
  // Where the time goes: closing the box (its box-closed statement), the
  // tally (RehearseTally: every ballot re-verified, the trustees' partial
  // decryptions, combining, the rules, the minutes) and the recipient
  // opening the minutes (which verifies the round again).
  double close_seconds = 0;
  double seconds = 0;
  double open_seconds = 0;
  std::uint64_t cast = 0;
  std::uint64_t blank = 0;                      // nominate ballots only
  std::map<std::string, std::uint64_t> counts;  // nominate: person -> votes
  // Every kind: person -> option -> count, as the minutes list them
  // (nominate: the one option "votes").
  std::map<std::string, std::map<std::string, std::uint64_t>> option_counts;
  std::string minutes_json;  // opened with the recipient
};

class Election {
 public:
  // Builds everything in `dir` (which must be empty or absent).
  static Result<std::unique_ptr<Election>> Create(
      const std::filesystem::path& dir, const ElectionOptions& options);

  const server::InstallationPaths& paths() const { return paths_; }
  server::Database& db() { return db_; }
  server::Committee& committee() { return *committee_; }
  const crypto::SigningKey& seal() const { return seal_; }
  const crypto::VerifyKey& seal_public() const { return seal_.verify_key(); }
  std::uint64_t meeting_id() const { return meeting_id_; }
  const std::string& procedure() const { return procedure_; }
  const std::vector<std::string>& candidates() const { return candidates_; }
  const server::RecipientKey& recipient() const { return recipient_; }
  const std::vector<crypto::TrusteeShare>& shares() const { return shares_; }
  std::uint32_t kiosks() const { return kiosks_; }

  // TLS settings of kiosk `i` (0-based) enrolled at creation.
  net::TlsClientConfig KioskTls(std::uint32_t i) const;
  static std::string KioskName(std::uint32_t i);

  // A new round of `step` with `persons` (default: the first
  // ballot_persons candidates), sealed; opened when `open`.
  // `compare_with`: the earlier round a step compares with (P1 step 3).
  Result<ElectionRound> AddRound(
      const std::string& step, bool open, std::vector<std::string> persons = {},
      std::optional<std::uint64_t> compare_with = std::nullopt);
  // The same for a round defined in full (its meeting_id is set here; no
  // persons: the first ballot_persons candidates).
  Result<ElectionRound> AddRound(server::NewRound round, bool open);
  // Closes the round (if open) and tallies it with the first `k` trustees
  // (default: the threshold); reads the counts from the minutes.
  Result<TallyReport> CloseAndTally(std::uint64_t round_id,
                                    std::optional<std::uint32_t> k = {});

 private:
  Election(server::InstallationPaths paths, server::Database db,
           crypto::SigningKey seal, server::Clock clock);

  server::InstallationPaths paths_;
  server::Database db_;
  crypto::SigningKey seal_;
  std::unique_ptr<server::Committee> committee_;
  std::uint64_t meeting_id_ = 0;
  std::string procedure_;
  std::vector<std::string> candidates_;
  std::uint32_t ballot_persons_ = 5;
  std::uint32_t threshold_ = 3;
  std::uint32_t kiosks_ = 0;
  server::RecipientKey recipient_;
  std::vector<crypto::TrusteeShare> shares_;
};

}  // namespace hall::sim::loadgen

#endif  // HALL_SIM_LOADGEN_ELECTION_H_
