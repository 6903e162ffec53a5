// Checks the committee's parts share before a round moves on: the step's
// quorum over the round's electorate, and the order of a procedure's stages.
// Each returns kFailedPrecondition saying what must happen first.
#ifndef HALL_SERVER_SRC_COMMITTEE_CHECKS_H_
#define HALL_SERVER_SRC_COMMITTEE_CHECKS_H_

#include <memory>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/server/database.h"
#include "hall/server/meeting_model.h"
#include "hall/shared/procedure.h"

namespace hall::server {

// A round's electorate (LoadElectorate over its groups, for its step) and
// its step in the meeting's procedure; kCorruption when the stored step is
// not a step of that procedure (the database was altered).
struct ElectorateAndStep {
  MeetingInfo electorate;
  std::shared_ptr<const rules::Procedure> procedure;
  const rules::Step* step = nullptr;  // in *procedure
};
Result<ElectorateAndStep> LoadElectorateAndStep(Database& db,
                                                const RoundInfo& r);

// rules::CheckQuorum for step `s` over `m`'s electorate, as a refusal:
// "quorum not met: 25 of 40 convened are present, 27 required; 2 more must
// check in (hall-admin checkin)".
Status CheckStepQuorum(const rules::Procedure& p, const rules::Step& s,
                       const MeetingInfo& m);

// Stages run in the procedure's order (rules::StageOf): round `r` may not
// open once a round of a later stage of the same meeting was opened (P1 step
// 2 after step 5 was announced). A later round only sealed does not block.
Status CheckStepOrder(const rules::Procedure& p, const RoundInfo& r,
                      const std::vector<RoundInfo>& rounds);

// Every earlier balloted stage has a tallied round (P5 step 4 needs the
// confidence vote of step 2 or 2r first). `verb`: "sealed" or "opened".
// The steps without a ballot of earlier stages than round `r`'s have a
// record signed by the seal (hall-admin step record); otherwise
// kFailedPrecondition naming the first and the command that records it.
Status CheckEarlierStepsRecorded(Database& db, const rules::Procedure& p,
                                 const RoundInfo& r);
Status CheckEarlierStagesTallied(const rules::Procedure& p, const RoundInfo& r,
                                 const std::vector<RoundInfo>& rounds,
                                 const std::string& verb);

// The most persons one sitting may study (rules::RuleParameters::
// max_persons_per_sitting; P7 step 3: 30): the distinct persons on round
// `r`'s ballot and on every other sealed or later round of
// its stage in the meeting together, cancelled ones included; the limit is
// the largest any step of the stage sets. Checked before `r` is sealed.
Status CheckSittingPersons(const rules::Procedure& p, const rules::Step& s,
                           const RoundInfo& r,
                           const std::vector<RoundInfo>& rounds);

}  // namespace hall::server

#endif  // HALL_SERVER_SRC_COMMITTEE_CHECKS_H_
