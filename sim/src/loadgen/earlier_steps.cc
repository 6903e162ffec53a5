#include "hall/sim/loadgen/earlier_steps.h"

#include <algorithm>
#include <set>

#include "hall/shared/catalog.h"
#include "hall/sim/loadgen/marks.h"

namespace hall::sim::loadgen {

Result<std::vector<std::uint64_t>> RunEarlierSteps(Election& election,
                                                   const std::string& step,
                                                   client::VotingClient& client,
                                                   std::size_t ballots,
                                                   std::uint64_t seed) {
  const rules::Procedure* p =
      rules::Catalog::Builtin().Find(election.procedure());
  if (!p) {
    return Status::NotFound("procedure " + election.procedure() +
                            " is not shipped");
  }
  const int mine = rules::StageOf(step);
  std::vector<std::uint64_t> ids;
  std::set<int> held;
  for (const rules::Step& earlier : p->steps) {
    const int stage = rules::StageOf(earlier.id);
    if (stage >= mine || !earlier.ballot || held.count(stage)) continue;
    held.insert(stage);
    std::optional<std::uint64_t> compare;
    if (earlier.rule && earlier.rule->params.check_divergence && !ids.empty())
      compare = ids.back();
    auto round = election.AddRound(earlier.id, true, {}, compare);
    if (!round.ok()) return round.status();
    auto t = client.FetchBallot(round->id);
    if (!t.ok()) return t.status();
    const auto spec = t->Spec();
    const std::size_t n = std::min(ballots, round->codes.size());
    const auto marks =
        DrawMarks(spec, RandomDistribution(spec, seed + ids.size()), n,
                  seed + ids.size());
    for (std::size_t i = 0; i < n; ++i) {
      auto prepared = client::PrepareBallot(*t, round->codes[i], marks[i]);
      if (!prepared.ok()) return prepared.status();
      auto receipt = client.Cast(*prepared);
      if (!receipt.ok()) return receipt.status();
    }
    auto tally = election.CloseAndTally(round->id);
    if (!tally.ok()) {
      return Status::Make(
          tally.status().code(),
          "the earlier step " + earlier.id + ": " + tally.message());
    }
    ids.push_back(round->id);
  }
  return ids;
}

}  // namespace hall::sim::loadgen
