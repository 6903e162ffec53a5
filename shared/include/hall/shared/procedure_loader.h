// Loads a procedure file (JSON, format "hall-procedure/1"; see
// docs/procedures.md) into the Procedure model. The loader checks the whole
// file and reports every problem it finds, one per line, each with its path
// in the file ("steps[2].rule.threshold: missing"), so a committee adapting
// a procedure can fix them all at once.
#ifndef HALL_SHARED_PROCEDURE_LOADER_H_
#define HALL_SHARED_PROCEDURE_LOADER_H_

#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/procedure.h"

namespace hall::rules {


// Parses `text`; `origin` names the file in messages. On failure the
// Status message holds every problem, one per line, each prefixed by origin.
Result<Procedure> ParseProcedure(std::string_view text, const std::string& origin);

// Parses "a/b" with 0 <= a <= b and 1 <= b <= 1000.
bool ParseFraction(std::string_view text, Fraction& out);

}  // namespace hall::rules

#endif  // HALL_SHARED_PROCEDURE_LOADER_H_
