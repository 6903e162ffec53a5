// The `hall-rules` command: evaluate | list | show | check | demo.
// RunRulesCommand takes the streams so tests can run it in-process; the
// contract (docs/procedures.md, "Evaluating a round offline") fixes its output,
// its error line on stderr and exit status 2 for bad input.
#ifndef HALL_SHARED_TOOLS_RULES_COMMAND_H_
#define HALL_SHARED_TOOLS_RULES_COMMAND_H_

#include <iosfwd>

namespace hall::rules {

int RunRulesCommand(int argc, char** argv, std::istream& in, std::ostream& out,
                    std::ostream& err);

}  // namespace hall::rules

#endif  // HALL_SHARED_TOOLS_RULES_COMMAND_H_
