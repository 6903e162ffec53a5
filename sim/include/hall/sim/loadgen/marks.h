// Marks for simulated delegates, for every ballot kind (crypto/ballot_kind.h):
// drawn from a seeded random or from a given distribution, blanks only where
// the kind allows them, and counted back the way the minutes count them, so
// that a caller knows exactly what it cast, per person per option.
//
// A distribution (MarkDistribution) gives each choice a relative weight:
// - nominate: one weight per person on the ballot and one for a blank ballot;
// - approve, yesno_abstain, rate3, rate4: per person, one weight per option
//   of the kind (rules::OptionNames: agree/disagree[/abstain],
//   high/medium/low, excellent/competent/basic/incompetent), and for approve
//   one for "none" (the person left unmarked). yesno_abstain, rate3 and rate4
//   mark every person: they have no "none".
//
// ParseMarks reads the text form of --marks (hall-loadgen, hall-demo):
//   nominate:  "1:8,2:5,3:3,blank:1"    ballot positions (1-based) and blank
//   others:
//   "1=agree:6,disagree:3,none:1;2=agree:2,disagree:7;*=agree:1,disagree:1"
//              per position (1-based) or "*" (every person not named), the
//              options of the kind (approve also "none")
// Weights are non-negative decimals, relative (they need not add up to 1);
// a choice not named has weight 0; a person not named and no "*": the
// default draw's weights. Errors name the entry and what is allowed
// (kInvalidArgument).
//
// DrawMarks is deterministic for a seed (std::mt19937_64, whose sequence the
// standard fixes, and no library distribution): the same seed, distribution
// and ballot give the same marks on every platform. With no distribution,
// RandomDistribution(seed) gives uneven weights per person and option (and a
// 1-in-20 weight for blank / none where the kind allows them). An approve
// ballot with max_agree: when more agrees are drawn than allowed, agrees
// chosen at random among them become disagrees.
#ifndef HALL_SIM_LOADGEN_MARKS_H_
#define HALL_SIM_LOADGEN_MARKS_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot_kind.h"

namespace hall::sim::loadgen {

// One delegate's marks: for nominate one mark, otherwise one per person.
using BallotMarks = std::vector<crypto::Mark>;

struct MarkDistribution {
  // nominate: weights[0] has persons + 1 entries (the last: blank).
  // Others: weights[p] has the kind's options (+1 "none" for approve).
  std::vector<std::vector<double>> weights;
};

// The choices a distribution weighs for a person of `kind`, in order:
// nominate: "votes" (the person) then "blank"; others: rules::OptionNames,
// then "none" for approve.
std::vector<std::string> ChoiceNames(crypto::BallotKind kind);

MarkDistribution RandomDistribution(const crypto::BallotSpec& spec,
                                    std::uint64_t seed);
Result<MarkDistribution> ParseMarks(std::string_view text,
                                    const crypto::BallotSpec& spec,
                                    std::uint64_t seed);

// `count` delegates' marks; every one is accepted by MarksToPlaintext.
std::vector<BallotMarks> DrawMarks(const crypto::BallotSpec& spec,
                                   const MarkDistribution& distribution,
                                   std::size_t count, std::uint64_t seed);

// What a set of ballots adds up to, in the minutes' terms: per person per
// option (nominate: the option "votes"), cast, and for nominate the blank
// ballots. Persons are the ballot's names, in ballot order.
struct CastCounts {
  std::uint64_t cast = 0;
  std::uint64_t blank = 0;  // nominate only
  std::map<std::string, std::map<std::string, std::uint64_t>> counts;
};
CastCounts CountMarks(const crypto::BallotSpec& spec,
                      std::span<const std::string> persons,
                      std::span<const BallotMarks> marks);

}  // namespace hall::sim::loadgen

#endif  // HALL_SIM_LOADGEN_MARKS_H_
