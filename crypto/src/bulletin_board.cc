#include "hall/crypto/bulletin_board.h"

#include <sodium.h>

#include <limits>
#include <string>
#include <utility>

#include "hall/crypto/encoding.h"
#include "hall/crypto/init.h"
#include "hall/crypto/internal/base32.h"

namespace hall::crypto {
namespace {

constexpr std::size_t kTrackingBits = 50;
constexpr std::size_t kTrackingSymbols = kTrackingBits / 5;
constexpr std::size_t kMaxBallot = 1u << 24;
constexpr std::uint32_t kMaxFollowing = 1u << 24;
constexpr char kProofTag[] = "hall/v1/inclusion-proof";

// Recomputes (entry hash, head) from a proof.
void Walk(const InclusionProof& proof, Digest& entry_hash, Digest& head) {
  entry_hash = BoardEntryHash(proof.previous, proof.index,
                              BoardContentHash(proof.ballot));
  head = entry_hash;
  std::uint64_t index = proof.index;
  for (const Digest& content : proof.following) {
    head = BoardEntryHash(head, ++index, content);
  }
}

}  // namespace

Digest BoardGenesis(std::span<const std::uint8_t> context) {
  return Blake2b256(
      Encoder().Str("hall/v1/board-genesis").Var(context).bytes());
}

Digest BoardContentHash(std::span<const std::uint8_t> ballot) {
  return Blake2b256(Encoder().Str("hall/v1/board-content").Var(ballot).bytes());
}

Digest BoardEntryHash(const Digest& previous, std::uint64_t index,
                      const Digest& content) {
  return Blake2b256(Encoder()
                        .Str("hall/v1/board-entry")
                        .Fixed(previous)
                        .U64(index)
                        .Fixed(content)
                        .bytes());
}

std::string TrackingCode(const Digest& entry_hash) {
  const Digest d = Blake2b256(
      Encoder().Str("hall/v1/tracking-code").Fixed(entry_hash).bytes());
  return GroupSymbols(Base32EncodeBits(d, kTrackingBits), 5);
}

Result<std::string> ParseTrackingCode(std::string_view text) {
  std::string symbols;
  for (char c : StripSeparators(text)) {
    const int v = Base32Value(c);
    if (v < 0) {
      return Status::InvalidArgument(
          "a tracking code has only digits and the letters A-Z without I, "
          "L, O and U");
    }
    symbols.push_back(kBase32Alphabet[v]);
  }
  if (symbols.size() != kTrackingSymbols) {
    return Status::InvalidArgument(
        "the tracking code has " + std::to_string(symbols.size()) +
        " characters; a tracking code has " + std::to_string(kTrackingSymbols));
  }
  return GroupSymbols(symbols, 5);
}

BulletinBoard::BulletinBoard(std::span<const std::uint8_t> context)
    : genesis_(BoardGenesis(context)) {}

const Digest& BulletinBoard::head() const {
  return entries_.empty() ? genesis_ : entries_.back().entry_hash;
}

const Digest& BulletinBoard::HeadAt(std::uint64_t size) const {
  HALL_CHECK(size <= entries_.size());
  return size == 0 ? genesis_ : entries_[size - 1].entry_hash;
}

const Bytes& BulletinBoard::ballot(std::uint64_t index) const {
  HALL_CHECK(index < entries_.size());
  return entries_[index].ballot;
}

Result<BoardReceipt> BulletinBoard::Append(
    std::span<const std::uint8_t> ballot) {
  if (ballot.size() > kMaxBallot) {
    return Status::InvalidArgument(
        "the ballot is too large for the bulletin board");
  }
  const Digest content = BoardContentHash(ballot);
  if (by_content_.count(content) != 0) {
    return Status::AlreadyExists(
        "this ballot is already on the bulletin board");
  }
  const std::uint64_t index = entries_.size();
  Entry entry{Bytes(ballot.begin(), ballot.end()), content,
              BoardEntryHash(head(), index, content)};
  BoardReceipt receipt;
  receipt.index = index;
  receipt.entry_hash = entry.entry_hash;
  receipt.tracking_code = TrackingCode(entry.entry_hash);
  receipt.head = entry.entry_hash;
  entries_.push_back(std::move(entry));
  by_content_.emplace(content, index);
  by_code_.emplace(receipt.tracking_code, index);
  return receipt;
}

InclusionProof BulletinBoard::ProveInclusion(std::uint64_t index) const {
  return ProveInclusion(index, entries_.size());
}

InclusionProof BulletinBoard::ProveInclusion(std::uint64_t index,
                                             std::uint64_t size) const {
  HALL_CHECK(index < size && size <= entries_.size());
  InclusionProof proof;
  proof.index = index;
  proof.previous = index == 0 ? genesis_ : entries_[index - 1].entry_hash;
  proof.ballot = entries_[index].ballot;
  for (std::uint64_t i = index + 1; i < size; ++i) {
    proof.following.push_back(entries_[i].content);
  }
  return proof;
}

Result<std::uint64_t> BulletinBoard::IndexOf(
    std::string_view tracking_code) const {
  auto code = ParseTrackingCode(tracking_code);
  if (!code.ok()) return code.status();
  // 50-bit codes: a collision within one round is practically impossible;
  // should one happen, the earliest entry is proven (its code matches too).
  auto it = by_code_.find(*code);
  if (it == by_code_.end()) {
    return Status::NotFound("no ballot with tracking code " + *code +
                            " is on this bulletin board");
  }
  return it->second;
}

Result<InclusionProof> BulletinBoard::ProveInclusion(
    std::string_view tracking_code) const {
  auto index = IndexOf(tracking_code);
  if (!index.ok()) return index.status();
  return ProveInclusion(*index);
}

Bytes InclusionProof::Encode() const {
  Encoder e;
  e.Str(kProofTag).U64(index).Fixed(previous).Var(ballot).U32(
      static_cast<std::uint32_t>(following.size()));
  for (const Digest& d : following) e.Fixed(d);
  return e.Take();
}

Result<InclusionProof> InclusionProof::Decode(
    std::span<const std::uint8_t> bytes) {
  Decoder d(bytes);
  std::string tag;
  InclusionProof proof;
  std::uint32_t count = 0;
  if (!d.Str(tag, 64) || tag != kProofTag) {
    return Status::InvalidArgument("this is not an inclusion proof");
  }
  if (!d.U64(proof.index) || !d.Fixed(proof.previous) ||
      !d.Var(proof.ballot, kMaxBallot) || !d.U32(count) ||
      count > kMaxFollowing) {
    return Status::InvalidArgument(
        "the inclusion proof is truncated or damaged");
  }
  // Every following hash is 32 bytes; refuse counts the input cannot hold
  // before allocating.
  if (count > bytes.size() / sizeof(Digest)) {
    return Status::InvalidArgument(
        "the inclusion proof is truncated or damaged");
  }
  proof.following.resize(count);
  for (Digest& h : proof.following) {
    if (!d.Fixed(h)) {
      return Status::InvalidArgument(
          "the inclusion proof is truncated or damaged");
    }
  }
  if (!d.Done()) {
    return Status::InvalidArgument(
        "the inclusion proof has unexpected bytes at its end");
  }
  return proof;
}

namespace {

// Recomputes the proof's entry hash; OK when the walk ends at expected_head.
Status CheckWalk(const InclusionProof& proof, const Digest& expected_head,
                 Digest& entry_hash) {
  if (proof.following.size() >
      std::numeric_limits<std::uint64_t>::max() - proof.index) {
    return Status::InvalidArgument("the inclusion proof is malformed");
  }
  Digest head;
  Walk(proof, entry_hash, head);
  if (sodium_memcmp(head.data(), expected_head.data(), head.size()) != 0) {
    return Status::Corruption(
        "the ballot is not on the bulletin board with this head: the proof "
        "leads to another head (altered proof, or another board or round)");
  }
  return Status::Ok();
}

}  // namespace

Status VerifyInclusion(const InclusionProof& proof,
                       const Digest& expected_head) {
  Digest entry_hash;
  return CheckWalk(proof, expected_head, entry_hash);
}

Status VerifyInclusion(const InclusionProof& proof,
                       std::string_view tracking_code,
                       const Digest& expected_head) {
  auto code = ParseTrackingCode(tracking_code);
  if (!code.ok()) return code.status();
  Digest entry_hash;
  Status s = CheckWalk(proof, expected_head, entry_hash);
  if (!s.ok()) return s;
  if (TrackingCode(entry_hash) != *code) {
    return Status::Corruption(
        "the proof is for another ballot than tracking code " + *code);
  }
  return Status::Ok();
}

}  // namespace hall::crypto
