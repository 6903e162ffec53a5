// The README's main command, run as a user runs it (bash packaging/run.sh
// from the source tree): it must succeed and print a sample round of every
// procedure with its outcomes.
#include <gtest/gtest.h>

#include "run_command.h"

namespace hall::testing {
namespace {

TEST(ReadmeMainCommand, EvaluatesASampleRoundOfEachProcedure) {
  auto r = RunCommand("cd " + Quote(HALL_SOURCE_DIR) + " && bash packaging/run.sh");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line : {"P1 vn-138-appointment, step 2", "P2 vn-planning-next-term, step 2",
                           "P3 vn-planning-annual-review, step 1a",
                           "P4 vn-planning-external, step 4", "P5 vn-confidence-vote, step 2r",
                           "P6 vn-central-annual-review, step 4",
                           "P7 cn-cadre-selection, step 3"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
  }
  // The P1 sample: nobody above half of the 40 convened, top two forward.
  EXPECT_NE(r.out.find("Nguyễn Văn An     carried_forward"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Lê Minh Châu      not_selected"), std::string::npos);
  // The P6 sample is dated May: outside the first quarter.
  EXPECT_NE(r.out.find("flags: tie_at_cut, outside_q1"), std::string::npos);
}

}  // namespace
}  // namespace hall::testing
