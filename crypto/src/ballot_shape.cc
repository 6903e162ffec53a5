#include "hall/crypto/ballot_shape.h"

#include <string>

namespace hall::crypto {

Status BallotShape::Validate() const {
  if (num_options == 0)
    return Status::InvalidArgument("a ballot needs at least one option");
  if (num_options > kMaxOptions) {
    return Status::InvalidArgument("a ballot has more than " +
                                   std::to_string(kMaxOptions) + " options");
  }
  for (std::size_t c = 0; c < constraints.size(); ++c) {
    const SumConstraint& k = constraints[c];
    const std::string where = "constraint " + std::to_string(c) + ": ";
    if (k.options.empty())
      return Status::InvalidArgument(where + "lists no options");
    for (std::size_t i = 0; i < k.options.size(); ++i) {
      if (k.options[i] >= num_options) {
        return Status::InvalidArgument(where + "names option " +
                                       std::to_string(k.options[i]) +
                                       ", which the ballot does not have");
      }
      if (i > 0 && k.options[i] <= k.options[i - 1]) {
        return Status::InvalidArgument(where +
                                       "options must be listed once each, in "
                                       "increasing order");
      }
    }
    if (k.min > k.max || k.max > k.options.size()) {
      return Status::InvalidArgument(
          where + "the range [" + std::to_string(k.min) + ", " +
          std::to_string(k.max) + "] is impossible for " +
          std::to_string(k.options.size()) + " options");
    }
  }
  return Status::Ok();
}

void BallotShape::EncodeTo(Encoder& enc) const {
  enc.Str("hall/v1/ballot-shape").U32(num_options);
  enc.U32(static_cast<std::uint32_t>(constraints.size()));
  for (const SumConstraint& k : constraints) {
    enc.U32(static_cast<std::uint32_t>(k.options.size()));
    for (std::uint32_t o : k.options) enc.U32(o);
    enc.U32(k.min).U32(k.max);
  }
}

Bytes BallotShape::Encode() const {
  Encoder enc;
  EncodeTo(enc);
  return enc.Take();
}

Status CheckPlaintext(const BallotShape& shape,
                      std::span<const std::uint8_t> plaintext) {
  if (Status s = shape.Validate(); !s.ok()) return s;
  if (plaintext.size() != shape.num_options) {
    return Status::InvalidArgument(
        "the choices cover " + std::to_string(plaintext.size()) +
        " options; the ballot has " + std::to_string(shape.num_options));
  }
  // Accumulate every verdict first, so the work does not depend on the
  // choices; only the (rejected) error path branches.
  std::uint32_t bad_value = 0;
  for (std::uint8_t v : plaintext) bad_value |= (v >> 1) | (v & 0xFE);
  std::vector<std::uint32_t> sums(shape.constraints.size(), 0);
  for (std::size_t c = 0; c < shape.constraints.size(); ++c) {
    for (std::uint32_t o : shape.constraints[c].options)
      sums[c] += plaintext[o];
  }
  if (bad_value != 0) {
    for (std::size_t i = 0; i < plaintext.size(); ++i) {
      if (plaintext[i] > 1) {
        return Status::InvalidArgument("option " + std::to_string(i) + " is " +
                                       std::to_string(plaintext[i]) +
                                       "; each option must be 0 or 1");
      }
    }
  }
  for (std::size_t c = 0; c < shape.constraints.size(); ++c) {
    const SumConstraint& k = shape.constraints[c];
    if (sums[c] < k.min || sums[c] > k.max) {
      return Status::InvalidArgument(
          "constraint " + std::to_string(c) + ": " + std::to_string(sums[c]) +
          " options marked; allowed between " + std::to_string(k.min) +
          " and " + std::to_string(k.max));
    }
  }
  return Status::Ok();
}

}  // namespace hall::crypto
