// BallotKind: how each ballot kind of docs/procedures.md maps to a BallotShape and
// how a voter's marks map to the 0/1 plaintext vector. No meeting knowledge
// beyond this mapping.
//
// Layout (person-major): person p's options are p*L .. p*L+L-1, where L is
// LevelsPerPerson(kind); for nominate L = 1 (one option per person).
//
//   kind           options per person          constraints
//   nominate       1 (chosen)                  all options: sum in [0,1]
//                                              (blank allowed)
//   approve        2 (agree, disagree)         each person's pair in [0,1];
//                                              with max_agree set (and below
//                                              the number of persons): the
//                                              agree options in [0,max_agree]
//   rate3          3 (high, medium, low)       each person's triple in [1,1]
//   rate4          4 (优秀, 称职, 基本称职, 不称职) each person's four in [1,1]
//   yesno_abstain  3 (agree, disagree, abstain) each person's triple in [1,1]
//
// Constraints are listed person by person, then the max_agree constraint.
//
// Marks (MarksToPlaintext): for nominate exactly one mark, the chosen person's
// index (0-based) or nullopt for a blank ballot. For the other kinds one mark
// per person: the level chosen (0-based, in the order above) or nullopt, which
// only approve allows (neither agree nor disagree).
#ifndef HALL_CRYPTO_BALLOT_KIND_H_
#define HALL_CRYPTO_BALLOT_KIND_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "hall/crypto/ballot_shape.h"
#include "hall/base/status.h"

namespace hall::crypto {

enum class BallotKind { kNominate, kApprove, kRate3, kRate4, kYesNoAbstain };

// Every kind, in the order above.
inline constexpr BallotKind kAllBallotKinds[] = {
    BallotKind::kNominate, BallotKind::kApprove, BallotKind::kRate3,
    BallotKind::kRate4, BallotKind::kYesNoAbstain};

// "nominate", "approve", "rate3", "rate4", "yesno_abstain".
std::string_view BallotKindName(BallotKind kind);
Result<BallotKind> ParseBallotKind(std::string_view name);
std::uint32_t LevelsPerPerson(BallotKind kind);

struct BallotSpec {
  BallotKind kind = BallotKind::kNominate;
  std::uint32_t persons = 0;
  // approve only: at most this many agrees (>= 1). Refused for other kinds.
  std::optional<std::uint32_t> max_agree;
};

Result<BallotShape> ShapeFor(const BallotSpec& spec);

using Mark = std::optional<std::uint32_t>;
Result<std::vector<std::uint8_t>> MarksToPlaintext(const BallotSpec& spec,
                                                   std::span<const Mark> marks);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_BALLOT_KIND_H_
