// A whole meeting of one procedure (P1-P7) run for real from its script
// (procedure_script.h): an installation in a folder, the committee's steps
// through the Committee API, the real hall-server process on a loopback
// port, and simulated delegates casting over mutual TLS with the headless
// voting client from two kiosks. Every balloted step of the procedure file
// is a round; a step without a ballot is narrated as "Step N: no ballot
// (recorded in the minutes)". The README's main command runs P1; the
// end-to-end tests check each report against the marks cast and an
// independent `hall-rules evaluate`.
//
// Marks: the script's own for P1 when no seed is given (the README's
// story); otherwise drawn for every delegate present in the step's
// electorate from the seed (loadgen/marks.h, random weights per person and
// option; blanks only where the kind allows them). Default seed 1.
//
// What cannot run yet is said and skipped, never faked: a step the script
// has and the procedure file does not (P7 "3r" before it exists), a round
// whose carried-forward list is empty, and a tally the rules engine refuses
// (P6: "date: missing" until a round carries its sitting's date; the round
// is reported with tally_error and the meeting goes on).
#ifndef HALL_SIM_DEMO_MEETING_H_
#define HALL_SIM_DEMO_MEETING_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/key_file.h"
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
  std::string procedure = "P1";  // P1..P7
  // The marks' seed; none: P1's scripted marks, seed 1 for the others.
  std::optional<std::uint64_t> seed;
  std::function<void(const RoundCheckpoint&)> after_round;  // tests
};

struct DemoRound {
  std::uint64_t id = 0;
  std::string step;
  crypto::BallotKind kind = crypto::BallotKind::kNominate;
  std::string disclosure;
  std::vector<std::string> persons;  // the ballot's, in ballot order
  // The electorate as the demo's roll has it (not read from the minutes).
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  std::uint64_t members = 0;
  std::uint64_t slots = 1;
  std::optional<std::string> head_nominee;
  std::string compared_step;  // the step compared with, "" for none
  std::vector<std::vector<crypto::Mark>>
      choices;  // one entry per delegate who voted
  // With voter classes: the class of each choice's ballot code.
  std::vector<std::string> choice_classes;
  std::size_t receipts = 0;
  std::size_t inclusion_proofs_checked = 0;
  std::string
      minutes_json;  // signed minutes (sealed ones opened by a recipient)
  // Why the round could not be counted (its box is closed); then
  // minutes_json is empty.
  std::string tally_error;
  shared::StatusResponse
      hall_status;  // what the hall display saw after the round
};

// A round the committee deferred (cancelled with a reason, signed by the
// seal) after some delegates had voted.
struct DeferredRound {
  std::uint64_t id = 0;
  std::string step;
  std::string reason;
  std::size_t ballots_in_box = 0;  // cast before the deferral, never counted
};

struct DemoReport {
  std::string procedure;  // the procedure file's id ("vn-138-appointment")
  std::string seal_fingerprint;
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  std::vector<DemoRound> rounds;
  std::vector<DeferredRound> deferred;
  std::vector<std::string> skipped;  // "step 4: not held ...", one a line
  // The steps without a ballot, recorded by the committee (hall-admin step
  // record) and signed by the seal, in the procedure's order.
  std::vector<std::string> recorded;
  // The election record exported at the end (work_dir/record) and whether
  // hall-audit verify passed every check on it.
  std::filesystem::path record;
  bool record_verified = false;
  std::string audit_summary;
};

// Runs the meeting of options.procedure, narrating each step to `out`.
// kInvalidArgument for a procedure without a script.
Result<DemoReport> RunMeeting(const DemoOptions& options, std::ostream& out);

}  // namespace hall::sim::demo

#endif  // HALL_SIM_DEMO_MEETING_H_
