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

// Who is counted for a quorum (of a step's electorate).
struct Attendance {
  std::int64_t members = 0;   // the body's members (P7: the Central Committee)
  std::int64_t convened = 0;  // those called to the meeting or step
  std::int64_t present = 0;   // those checked in
};

// The one quorum rule: step `step`'s own quorum when it has one, else the
// procedure's, counted over members, those convened or those present (a
// quorum over cast or valid ballots is counted over those present: it is
// checked before anyone votes). `step` null: the procedure's own quorum (a
// meeting before any step). The rules engine, the committee's refusal to
// seal or open, hall-admin's quorum line and the hall display all call it.
QuorumCheck CheckQuorum(const Procedure& procedure, const Step* step,
                        const Attendance& attendance);
// The threshold CheckQuorum applies: `step`'s own quorum, else the
// procedure's.
const Threshold& QuorumThreshold(const Procedure& procedure, const Step* step);

// Validates, then evaluates. `step` must belong to `procedure`.
Result<RoundResult> Evaluate(const Procedure& procedure, const Step& step,
                             const RoundInput& input);

}  // namespace hall::rules

#endif  // HALL_SHARED_RULES_H_
