#include "hall/shared/statements.h"

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

struct Box {
  std::string name;
  crypto::Bytes sealed;
};

constexpr std::uint32_t kMaxRecipients = kMaxMinutesRecipients;

Status Damaged() {
  return Status::Corruption(
      "the sealed minutes are damaged (not a list of recipients' boxes); "
      "export them again from the installation that tallied the round");
}

Result<std::vector<Box>> DecodeBoxes(std::span<const std::uint8_t> sealed) {
  crypto::Decoder d(sealed);
  std::uint32_t n = 0;
  if (!d.U32(n) || n == 0 || n > kMaxRecipients) return Damaged();
  std::vector<Box> boxes(n);
  for (Box& b : boxes) {
    if (!d.Str(b.name) || !d.Var(b.sealed)) return Damaged();
  }
  if (!d.Done()) return Damaged();
  return boxes;
}

}  // namespace

crypto::Bytes KeyCeremonyContext(const std::string& installation,
                                 std::uint64_t meeting_id) {
  return crypto::Encoder()
      .Str("hall/v1/ceremony")
      .Str(installation)
      .U64(meeting_id)
      .Take();
}

std::string MinutesDigest(std::span<const std::uint8_t> minutes,
                          std::span<const std::uint8_t, 64> signature) {
  const crypto::Bytes input = crypto::Encoder()
                                  .Str("hall/v1/minutes-digest")
                                  .Var(minutes)
                                  .Fixed(signature)
                                  .Take();
  return crypto::ToHex(crypto::Blake2b256(input));
}

Result<crypto::Bytes> SealMinutes(
    const SealedMinutesPackage& package,
    const std::vector<MinutesRecipient>& recipients,
    crypto::RandomSource& rng) {
  if (recipients.empty() || recipients.size() > kMaxRecipients) {
    return Status::FailedPrecondition(
        "sealed minutes need between 1 and " + std::to_string(kMaxRecipients) +
        " recipients; this meeting has " + std::to_string(recipients.size()) +
        " (hall-admin recipient add)");
  }
  const crypto::Bytes plain = crypto::Encoder()
                                  .Var(package.minutes)
                                  .Fixed(package.signature)
                                  .Var(package.partials)
                                  .Take();
  crypto::Encoder out;
  out.U32(static_cast<std::uint32_t>(recipients.size()));
  for (const MinutesRecipient& r : recipients) {
    Result<crypto::Bytes> box = crypto::SealTo(r.public_key, plain, rng);
    if (!box.ok()) {
      return Status::InvalidArgument("recipient " + r.name + ": " +
                                     box.message());
    }
    out.Str(r.name).Var(*box);
  }
  return out.Take();
}

Result<std::vector<std::string>> SealedMinutesRecipients(
    std::span<const std::uint8_t> sealed) {
  auto boxes = DecodeBoxes(sealed);
  if (!boxes.ok()) return boxes.status();
  std::vector<std::string> names;
  for (const Box& b : *boxes) names.push_back(b.name);
  return names;
}

Result<SealedMinutesPackage> OpenSealedMinutes(
    std::span<const std::uint8_t> sealed, const crypto::BoxKey& key) {
  auto boxes = DecodeBoxes(sealed);
  if (!boxes.ok()) return boxes.status();
  for (const Box& b : *boxes) {
    Result<crypto::Bytes> plain = crypto::OpenSealed(key, b.sealed);
    if (!plain.ok()) continue;
    SealedMinutesPackage p;
    crypto::Decoder d(*plain);
    if (!d.Var(p.minutes) || !d.Fixed(p.signature) || !d.Var(p.partials) ||
        !d.Done()) {
      return Status::Corruption(
          "the sealed minutes open with this key but what they hold is "
          "damaged (box of " + b.name + ")");
    }
    return p;
  }
  return Status::NotFound(
      "this recipient key opens none of the sealed minutes' boxes (it is not "
      "one of the recipients this round was sealed to)");
}

}  // namespace hall::shared
