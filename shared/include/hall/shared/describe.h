// Procedures in words a committee member understands: the rule of each step
// written out from the procedure data (so an adapted file is described as
// it is), in English ("en") or Vietnamese ("vi").
#ifndef HALL_SHARED_DESCRIBE_H_
#define HALL_SHARED_DESCRIBE_H_

#include <string>

#include "hall/shared/procedure.h"

namespace hall::rules {

// One line: "2  nominate, sealed: top vote-getter above 1/2 of convened ...".
std::string StepSummary(const Step& step, const std::string& language);

// The whole procedure: title, source, quorum, then every step with its
// electorate, ballot, rule (with the exact integer comparison), disclosure,
// notes and named parameters.
std::string DescribeProcedure(const Procedure& procedure, const std::string& language);

}  // namespace hall::rules

#endif  // HALL_SHARED_DESCRIBE_H_
