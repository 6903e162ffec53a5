#include "hall/crypto/ballot_kind.h"

#include <string>

namespace hall::crypto {

std::string_view BallotKindName(BallotKind kind) {
  switch (kind) {
    case BallotKind::kNominate:
      return "nominate";
    case BallotKind::kApprove:
      return "approve";
    case BallotKind::kRate3:
      return "rate3";
    case BallotKind::kRate4:
      return "rate4";
    case BallotKind::kYesNoAbstain:
      return "yesno_abstain";
  }
  HALL_CHECK(false);
  return {};
}

Result<BallotKind> ParseBallotKind(std::string_view name) {
  for (BallotKind k : kAllBallotKinds) {
    if (BallotKindName(k) == name) return k;
  }
  return Status::InvalidArgument(
      "unknown ballot kind \"" + std::string(name) +
      "\" (expected nominate, approve, rate3, rate4 or "
      "yesno_abstain)");
}

std::uint32_t LevelsPerPerson(BallotKind kind) {
  switch (kind) {
    case BallotKind::kNominate:
      return 1;
    case BallotKind::kApprove:
      return 2;
    case BallotKind::kRate3:
      return 3;
    case BallotKind::kRate4:
      return 4;
    case BallotKind::kYesNoAbstain:
      return 3;
  }
  HALL_CHECK(false);
  return 0;
}

Result<BallotShape> ShapeFor(const BallotSpec& spec) {
  const std::string kind(BallotKindName(spec.kind));
  const std::uint32_t levels = LevelsPerPerson(spec.kind);
  if (spec.persons == 0) {
    return Status::InvalidArgument("a " + kind +
                                   " ballot needs at least one person");
  }
  if (spec.persons > BallotShape::kMaxOptions / levels) {
    return Status::InvalidArgument("a " + kind +
                                   " ballot lists too many persons (" +
                                   std::to_string(spec.persons) + ")");
  }
  if (spec.max_agree && spec.kind != BallotKind::kApprove) {
    return Status::InvalidArgument(
        "max_agree applies only to approve ballots, not " + kind);
  }
  if (spec.max_agree && *spec.max_agree == 0) {
    return Status::InvalidArgument("max_agree must be at least 1");
  }
  BallotShape shape;
  shape.num_options = spec.persons * levels;
  if (spec.kind == BallotKind::kNominate) {
    SumConstraint all;
    for (std::uint32_t p = 0; p < spec.persons; ++p) all.options.push_back(p);
    all.min = 0;
    all.max = 1;
    shape.constraints.push_back(std::move(all));
  } else {
    const std::uint32_t min = spec.kind == BallotKind::kApprove ? 0 : 1;
    for (std::uint32_t p = 0; p < spec.persons; ++p) {
      SumConstraint person;
      for (std::uint32_t l = 0; l < levels; ++l) {
        person.options.push_back(p * levels + l);
      }
      person.min = min;
      person.max = 1;
      shape.constraints.push_back(std::move(person));
    }
    if (spec.max_agree && *spec.max_agree < spec.persons) {
      SumConstraint agrees;
      for (std::uint32_t p = 0; p < spec.persons; ++p) {
        agrees.options.push_back(p * levels);
      }
      agrees.min = 0;
      agrees.max = *spec.max_agree;
      shape.constraints.push_back(std::move(agrees));
    }
  }
  if (Status s = shape.Validate(); !s.ok()) return s;
  return shape;
}

Result<std::vector<std::uint8_t>> MarksToPlaintext(
    const BallotSpec& spec, std::span<const Mark> marks) {
  Result<BallotShape> shape = ShapeFor(spec);
  if (!shape.ok()) return shape.status();
  const std::string kind(BallotKindName(spec.kind));
  const std::uint32_t levels = LevelsPerPerson(spec.kind);
  std::vector<std::uint8_t> plain(shape->num_options, 0);
  if (spec.kind == BallotKind::kNominate) {
    if (marks.size() != 1) {
      return Status::InvalidArgument(
          "a nominate ballot takes exactly one mark (a "
          "person, or blank); got " +
          std::to_string(marks.size()));
    }
    if (marks[0]) {
      if (*marks[0] >= spec.persons) {
        return Status::InvalidArgument("person " + std::to_string(*marks[0]) +
                                       " is not on this ballot (it lists " +
                                       std::to_string(spec.persons) + ")");
      }
      plain[*marks[0]] = 1;
    }
  } else {
    if (marks.size() != spec.persons) {
      return Status::InvalidArgument("a " + kind +
                                     " ballot takes one mark per person (" +
                                     std::to_string(spec.persons) + "); got " +
                                     std::to_string(marks.size()));
    }
    for (std::uint32_t p = 0; p < spec.persons; ++p) {
      if (!marks[p]) {
        if (spec.kind == BallotKind::kApprove) continue;
        return Status::InvalidArgument("person " + std::to_string(p) + ": a " +
                                       kind + " ballot needs one of " +
                                       std::to_string(levels) +
                                       " choices for every person");
      }
      if (*marks[p] >= levels) {
        return Status::InvalidArgument(
            "person " + std::to_string(p) + ": choice " +
            std::to_string(*marks[p]) + " does not exist (a " + kind +
            " ballot has " + std::to_string(levels) + " per person)");
      }
      plain[p * levels + *marks[p]] = 1;
    }
  }
  if (Status s = CheckPlaintext(*shape, plain); !s.ok()) {
    if (spec.kind == BallotKind::kApprove && spec.max_agree) {
      return Status::InvalidArgument("more than " +
                                     std::to_string(*spec.max_agree) +
                                     " agrees on this approve ballot");
    }
    return s;
  }
  return plain;
}

}  // namespace hall::crypto
