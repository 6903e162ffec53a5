// The README's main command, run as a user runs it (bash packaging/run.sh
// from the source tree): it must run a whole P1 meeting against a real
// server and show, round by round, what the hall sees and the outcomes.
#include <gtest/gtest.h>

#include "run_command.h"

namespace hall::testing {
namespace {

TEST(ReadmeMainCommand, RunsAWholeP1Meeting) {
  auto r =
      RunCommand("cd " + Quote(HALL_SOURCE_DIR) + " && bash packaging/run.sh");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  for (const char* line :
       {"Meeting 1 (P1 vn-138-appointment)", "Check-in: 28 of 30 present",
        "Step 2: extended conference nominates",
        "Step 3: leadership collective nominates",
        "Step 4: key officials conference: confidence vote",
        "Step 5: leadership collective votes on the appointment",
        "(sealed round: no count and no outcome is shown in the hall)",
        "Trần Văn Bình: selected — 5 agree: more than 1/2 of the 7 members",
        "The meeting is over",
        // It ends with the auditor's verification of the exported record.
        "The election record (hall-admin record export):",
        "0 FAILED, 0 not checked",
        "the record verifies: every applicable check passed"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  }
}

}  // namespace
}  // namespace hall::testing
