// The rules engine: pure functions that turn one round's counts into
// outcomes, exactly as docs/procedures.md states. No I/O, no clock, no floating
// point: every threshold is an exact integer comparison.
//
// Evaluate() first checks the input against the step (counts above cast,
// present above convened, unknown candidates, ...) and returns an error
// naming the field and the problem; otherwise it returns the outcome of every
// candidate with its reason, the quorum check, the denominator used and the
// flags.
#ifndef HALL_SHARED_RULES_H_
#define HALL_SHARED_RULES_H_

#include "hall/base/status.h"
#include "hall/shared/procedure.h"
#include "hall/shared/round.h"

namespace hall::rules {

// Checks `input` against `step` of `procedure`. The message of a failed
// Status starts with the field path ("counts.A.agree: ...").
Status ValidateRound(const Procedure& procedure, const Step& step,
                     const RoundInput& input);

// Validates, then evaluates. `step` must belong to `procedure`.
Result<RoundResult> Evaluate(const Procedure& procedure, const Step& step,
                             const RoundInput& input);

}  // namespace hall::rules

#endif  // HALL_SHARED_RULES_H_
