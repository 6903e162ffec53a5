// The demo meetings' scripts, one table per procedure P1-P7: the roll (who
// is convened, in which group, who is absent), the candidates, the
// leadership collective's size, and for each balloted step who votes (roll
// groups), which persons are on the ballot (named, carried forward from an
// earlier step's outcome, or the persons of an earlier step's ballot), the
// posts, the head's nominee and the round it is compared with. The ballot
// kind, disclosure and rule of each step are the procedure file's (the
// meeting runs the shipped catalog); a step the file has without a ballot is
// not in a script. Data only: meeting.h runs a script.
#ifndef HALL_SIM_DEMO_PROCEDURE_SCRIPT_H_
#define HALL_SIM_DEMO_PROCEDURE_SCRIPT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "hall/crypto/ballot_kind.h"

namespace hall::sim::demo {

struct RollEntry {
  std::string id;
  std::string name;
  std::string group;
  bool present = true;
};

struct ScriptStep {
  std::string step;   // the procedure file's step id ("2", "1a", "2r")
  std::string title;  // what the narration calls it
  std::vector<std::string> groups;   // who votes; empty: the whole roll
  bool tally_by_group = false;       // each group its own voter class
  std::vector<std::string> advisory_groups;  // vote as class B, decide nothing
  std::vector<std::string> persons;  // named on the ballot (after carried)
  // The step whose outcome's selected / carried forward / tied persons head
  // this ballot (a sealed one is read with the recipient's key, as the
  // leadership would receive it); "" for none.
  std::string carry_from;
  // The step whose ballot's persons are this ballot's (P1 step 5 votes on
  // step 4's persons without reading its sealed result); "" for none.
  std::string persons_of;
  std::string compare_with;  // the step compared with (P1 step 3)
  std::uint64_t slots = 1;
  std::optional<std::string> head_nominee;
  // Printed before the round: what the demo cannot do yet in this step.
  std::string note;
  // When set: a first round of the step is opened, half its delegates vote,
  // and the committee defers it with this reason (P7's 暂缓表决: the round
  // is cancelled, its ballots never counted); then the step is held again.
  std::string deferred_first;
  // The marks cast when no seed is given (P1 only; one entry per delegate
  // present in `groups`); empty: drawn at random.
  std::vector<std::vector<crypto::Mark>> scripted;
};

struct ProcedureScript {
  std::string code;  // "P1"
  std::string meeting_title;
  std::uint64_t members = 0;  // the leadership collective (or committee)
  std::vector<RollEntry> roll;
  std::vector<std::string> candidates;
  std::vector<ScriptStep> steps;  // the balloted steps, in the file's order
  // The sitting's date (hall-admin meeting create --date), in the first
  // quarter so that P6 runs without its outside_q1 warning.
  std::string date = "2027-02-10";
  // The dates the steps without a ballot record (P7 step 4's publicity,
  // talk and trial), as hall-admin step record --date takes them.
  std::vector<std::pair<std::string, std::string>> record_dates;
};

// The script of procedure `code` ("P1".."P7", case-insensitive), or nullptr.
const ProcedureScript* FindScript(const std::string& code);
// "P1, P2, ..., P7".
std::string ScriptCodes();

}  // namespace hall::sim::demo

#endif  // HALL_SIM_DEMO_PROCEDURE_SCRIPT_H_
