// SoakRound: what every fault scenario of hall-soak (storm.h, disk_full.h,
// clock_jump.h) starts from and ends with.
//
// Contract:
// - SetUpSoakRound builds a throwaway installation in a new temporary
//   folder the way hall-loadgen does (loadgen::Election: `kiosks` kiosks,
//   `ballots` people present, a P1 step 2 nominate round of `persons`
//   persons, sealed and opened), starts the real hall-server on it as a
//   child process (loadgen::ServerProcess), and prepares one ballot per
//   person with marks drawn from `seed` (loadgen::DrawMarks), before any
//   fault. `before_install` (may be empty) runs on the installation folder,
//   still empty, before anything is written to it (disk_full.h mounts a
//   small filesystem there), and `after_stop` (may be empty) once the
//   server has stopped and the election has closed its database, before
//   the folder is removed (it unmounts it).
// - Settle casts every ballot that was attempted but has no receipt once
//   more against the running server (a ballot stored before its answer was
//   lost gets its receipt now; one never stored is stored now), so that
//   each attempted ballot ends with a receipt or a refusal.
//   Its connections (and Verify's) are tried again for up to 10 s.
// - Verify then checks, with the server still running, the inclusion proof
//   of every receipt (against the head the server reports now), stops the
//   server, closes the round and tallies it with 3 of 5 trustees
//   (Election::CloseAndTally, the real trustee flow), and compares the
//   minutes' counts, per person per option, and cast, with the marks of the
//   receipted ballots.
// - The folder and the child go with the object.
#ifndef HALL_SIM_SOAK_SOAK_ROUND_H_
#define HALL_SIM_SOAK_SOAK_ROUND_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/client/voting_client.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/load.h"
#include "hall/sim/loadgen/marks.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::sim::soak {

struct SoakRoundOptions {
  std::uint32_t kiosks = 20;
  std::uint64_t ballots = 200;
  std::uint32_t persons = 5;
  std::uint64_t seed = 1;
  std::filesystem::path server_binary;  // empty: next to this program
  std::filesystem::path server_log;     // empty: in the temporary folder
  std::function<Status(const std::filesystem::path&)> before_install;
  std::function<void(const std::filesystem::path&)> after_stop;
  loadgen::ElectionOptions election;  // people, kiosks, persons set here
};

struct SoakVerdict {
  std::uint64_t receipts = 0;          // ballots with a receipt
  std::uint64_t settled = 0;           // of them, receipted by Settle
  std::uint64_t refused = 0;           // attempted, refused for good by Settle
  std::uint64_t not_included = 0;      // receipts whose inclusion proof failed
  std::uint64_t tally_cast = 0;        // the minutes' cast
  bool counts_match = false;           // minutes == marks of the receipted
  std::uint64_t connect_attempts = 0;  // Settle's and Verify's connects
  std::vector<std::string> errors;     // the first few problems, for people
  // Receipted ballots lost: not on the board, or missing from the tally.
  std::uint64_t lost() const {
    const std::uint64_t missing =
        tally_cast < receipts ? receipts - tally_cast : 0;
    return std::max(not_included, missing);
  }
  // Ballots in the tally that no receipt went out for.
  std::uint64_t extra() const {
    return tally_cast > receipts ? tally_cast - receipts : 0;
  }
};

class SoakRound {
 public:
  static Result<std::unique_ptr<SoakRound>> SetUp(
      const SoakRoundOptions& options);
  ~SoakRound();

  loadgen::Election& election() { return *election_; }
  loadgen::ServerProcess& server() { return *server_; }
  const loadgen::ElectionRound& round() const { return round_; }
  const shared::BallotTemplate& ballot_template() const { return *template_; }
  const std::vector<client::PreparedBallot>& ballots() const {
    return ballots_;
  }
  const std::filesystem::path& folder() const { return tmp_->path(); }
  // LoadOptions for the kiosks on the server's port (loadgen::RunLoad).
  loadgen::LoadOptions Load() const;

  // `load` (RunLoad's result) with every attempted ballot settled.
  Status Settle(loadgen::LoadResult& load, SoakVerdict& verdict);
  Result<SoakVerdict> Verify(loadgen::LoadResult& load);

 private:
  SoakRound() = default;

  std::unique_ptr<loadgen::TempDir> tmp_;
  std::unique_ptr<loadgen::Election> election_;
  std::unique_ptr<loadgen::ServerProcess> server_;
  loadgen::ElectionRound round_;
  std::optional<shared::BallotTemplate> template_;
  std::vector<loadgen::BallotMarks> marks_;
  std::vector<client::PreparedBallot> ballots_;
  std::function<void(const std::filesystem::path&)> after_stop_;
  std::filesystem::path install_dir_;
};

}  // namespace hall::sim::soak

#endif  // HALL_SIM_SOAK_SOAK_ROUND_H_
