#include "hall/shared/spoiled_ballot.h"

#include <string_view>

#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/trustee.h"

namespace hall::shared {
namespace {

constexpr std::string_view kEntryTag = "hall/v1/spoiled-ballot";
constexpr std::string_view kListTag = "hall/v1/spoiled-ballots";
constexpr std::string_view kDigestTag = "hall/v1/ballot-ciphertexts";
// A list holds at most this many entries (a round keeps fewer: the server's
// cap, spoiled_store.h).
constexpr std::uint32_t kMaxListEntries = 1u << 20;

void EncodeCiphertexts(crypto::Encoder& e,
                       std::span<const crypto::Ciphertext> ciphertexts) {
  e.U32(static_cast<std::uint32_t>(ciphertexts.size()));
  for (const crypto::Ciphertext& c : ciphertexts) c.EncodeTo(e);
}

Status Malformed(const std::string& what) {
  return Status::InvalidArgument("spoiled ballot: " + what);
}

}  // namespace

Bytes SpoiledEntry::Encode() const {
  crypto::Encoder e;
  e.Str(kEntryTag);
  EncodeCiphertexts(e, ciphertexts);
  e.Var(opening.Encode());
  return e.Take();
}

Result<SpoiledEntry> SpoiledEntry::Decode(std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  std::string tag;
  if (!d.Str(tag, 64) || tag != kEntryTag)
    return Malformed("does not start with " + std::string(kEntryTag));
  std::uint32_t n = 0;
  if (!d.U32(n) || n == 0 || n > crypto::BallotShape::kMaxOptions)
    return Malformed("impossible number of options");
  SpoiledEntry entry;
  entry.ciphertexts.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    auto c = crypto::Ciphertext::DecodeFrom(d, /*allow_identity=*/false);
    if (!c.ok())
      return Malformed("option " + std::to_string(i) + ": " + c.message());
    entry.ciphertexts.push_back(*c);
  }
  Bytes opening;
  if (!d.Var(opening) || !d.Done())
    return Malformed("truncated or trailing bytes");
  auto decoded = crypto::SpoiledBallot::Decode(opening);
  if (!decoded.ok()) return Malformed(decoded.message());
  if (decoded->nonces.size() != n)
    return Malformed("the opening does not cover the ballot's " +
                     std::to_string(n) + " options");
  entry.opening = std::move(decoded).value();
  return entry;
}

Digest32 SpoiledEntry::Digest() const { return CiphertextsDigest(ciphertexts); }

SpoiledEntry SpoiledEntryOf(const crypto::EncryptedBallot& ballot,
                            const crypto::SpoiledBallot& opening) {
  return SpoiledEntry{ballot.options, opening};
}

Digest32 CiphertextsDigest(std::span<const crypto::Ciphertext> ciphertexts) {
  crypto::Encoder e;
  e.Str(kDigestTag);
  EncodeCiphertexts(e, ciphertexts);
  return crypto::Blake2b256(e.Take());
}

Status VerifySpoiledEntry(const BallotTemplate& ballot_template,
                          const SpoiledEntry& entry) {
  auto box_key = crypto::BallotBoxKey::Decode(ballot_template.box_key);
  if (!box_key.ok()) {
    return Status::InvalidArgument("the ballot's box key is unreadable: " +
                                   box_key.message());
  }
  auto shape = crypto::ShapeFor(ballot_template.Spec());
  if (!shape.ok()) {
    return Status::InvalidArgument("the round's ballot has no valid shape: " +
                                   shape.message());
  }
  if (entry.ciphertexts.size() != shape->num_options) {
    return Status::InvalidArgument("the spoiled ballot has " +
                                   std::to_string(entry.ciphertexts.size()) +
                                   " options; this round's ballot has " +
                                   std::to_string(shape->num_options));
  }
  if (Status s = crypto::CheckPlaintext(*shape, entry.opening.plaintext);
      !s.ok()) {
    return Status::InvalidArgument(
        "the choices shown on the spoiled ballot are not a ballot of this "
        "round: " +
        s.message());
  }
  crypto::EncryptedBallot ciphertexts_only;
  ciphertexts_only.options = entry.ciphertexts;
  if (Status s = crypto::VerifyOpening(box_key->joint_key(), ciphertexts_only,
                                       entry.opening);
      !s.ok()) {
    return Status::Corruption(
        "the spoiled ballot does NOT encrypt the choices shown: " +
        s.message());
  }
  return Status::Ok();
}

Bytes EncodeSpoiledList(std::span<const SpoiledEntry> entries) {
  crypto::Encoder e;
  e.Str(kListTag).U32(static_cast<std::uint32_t>(entries.size()));
  for (std::size_t i = 0; i < entries.size(); ++i) {
    HALL_CHECK(i == 0 || entries[i - 1].Digest() < entries[i].Digest());
    e.Var(entries[i].Encode());
  }
  return e.Take();
}

Result<std::vector<SpoiledEntry>> DecodeSpoiledList(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  std::string tag;
  std::uint32_t m = 0;
  if (!d.Str(tag, 64) || tag != kListTag || !d.U32(m) || m > kMaxListEntries)
    return Malformed("the list does not start with " + std::string(kListTag));
  std::vector<SpoiledEntry> entries;
  std::optional<Digest32> previous;
  for (std::uint32_t i = 0; i < m; ++i) {
    Bytes one;
    if (!d.Var(one)) return Malformed("the list is truncated");
    auto entry = SpoiledEntry::Decode(one);
    if (!entry.ok()) return entry.status();
    const Digest32 digest = entry->Digest();
    if (previous && !(*previous < digest))
      return Malformed(
          "the list is not in the order of the digests, once each");
    previous = digest;
    entries.push_back(std::move(entry).value());
  }
  if (!d.Done()) return Malformed("trailing bytes after the list");
  return entries;
}

}  // namespace hall::shared
