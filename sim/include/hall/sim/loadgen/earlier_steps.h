// The rounds a step needs before it may open: the server opens a round only
// when every earlier stage of its procedure (rules::StageOf) with a ballot
// has a tallied round in the meeting. RunEarlierSteps holds one round of
// each such stage in an Election (its first balloted step; compared with
// the round before where the step compares), casts `ballots` ballots into
// each through a running hall-server with `client` (marks from `seed`,
// marks.h) and tallies it, so that a round of any step (P7 step 2's rate4,
// P1 step 5's yesno_abstain) can then be measured or tested.
#ifndef HALL_SIM_LOADGEN_EARLIER_STEPS_H_
#define HALL_SIM_LOADGEN_EARLIER_STEPS_H_

#include <cstdint>
#include <string>

#include "hall/base/status.h"
#include "hall/shared/client/voting_client.h"
#include "hall/sim/loadgen/election.h"

namespace hall::sim::loadgen {

// The ids of the earlier rounds, in order; none when the step needs none.
Result<std::vector<std::uint64_t>> RunEarlierSteps(Election& election,
                                                   const std::string& step,
                                                   client::VotingClient& client,
                                                   std::size_t ballots = 5,
                                                   std::uint64_t seed = 1);

}  // namespace hall::sim::loadgen

#endif  // HALL_SIM_LOADGEN_EARLIER_STEPS_H_
