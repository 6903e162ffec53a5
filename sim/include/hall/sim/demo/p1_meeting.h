// A whole P1 meeting (appointment from the internal source, steps 2 to 5)
// run for real: an installation in a folder, the committee's steps through
// the Committee API, the real hall-server process on a loopback port, and
// simulated delegates casting over mutual TLS with the headless voting
// client from two kiosks. The README's main command runs it; the end-to-end
// test checks its report against the choices made and the rules engine.
#ifndef HALL_SIM_DEMO_P1_MEETING_H_
#define HALL_SIM_DEMO_P1_MEETING_H_

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/key_file.h"
#include "hall/base/status.h"
#include "hall/shared/protocol.h"

namespace hall::sim::demo {

// After each round is tallied, while hall-server still runs: its process
// id and the round's ballot codes, so that a test can look for them (and
// for any other secret) in what the hall server's side holds.
struct RoundCheckpoint {
  int server_pid = -1;
  std::uint64_t round = 0;
  std::vector<std::string> codes;
};

struct DemoOptions {
  std::filesystem::path server_binary;  // hall-server
  std::filesystem::path work_dir;  // empty: a temporary folder, removed after
  crypto::KeyFileCost seal_cost = crypto::KeyFileCost::kInteractive;
  std::function<void(const RoundCheckpoint&)> after_round;  // tests
};

struct DemoRound {
  std::uint64_t id = 0;
  std::string step;
  std::string disclosure;
  std::vector<std::string> persons;
  std::vector<std::vector<crypto::Mark>>
      choices;  // one entry per delegate who voted
  std::size_t receipts = 0;
  std::size_t inclusion_proofs_checked = 0;
  std::string
      minutes_json;  // signed minutes (sealed ones opened by a recipient)
  shared::StatusResponse
      hall_status;  // what the hall display saw after the round
};

struct DemoReport {
  std::string seal_fingerprint;
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  std::vector<DemoRound> rounds;
};

// Runs the meeting, narrating each step to `out`.
Result<DemoReport> RunP1Meeting(const DemoOptions& options, std::ostream& out);

}  // namespace hall::sim::demo

#endif  // HALL_SIM_DEMO_P1_MEETING_H_
