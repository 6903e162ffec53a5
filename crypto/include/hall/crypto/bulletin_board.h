// The bulletin board: a hash chain of the ballots accepted in one round.
//
// All hashes are BLAKE2b-256 (digest.h) of canonical encodings (encoding.h):
//   genesis       = H(Str("hall/v1/board-genesis") Var(context))
//   content[i]    = H(Str("hall/v1/board-content") Var(ballot bytes i))
//   entry_hash[i] = H(Str("hall/v1/board-entry") Fixed(previous)
//                     U64(i) Fixed(content[i]))
// where entries are numbered from 0 and previous is entry_hash[i-1], or
// genesis for i = 0. The head is the last entry hash (genesis when empty);
// context is the caller's (meeting and round), so boards of different rounds
// never share a head.
//   tracking code = the first 50 bits of H(Str("hall/v1/tracking-code")
//                   Fixed(entry_hash[i])) in base32 (internal/base32.h),
//                   10 symbols shown as two groups of 5: "K3QM0-ZD4XW".
// An inclusion proof for entry i holds i, entry_hash[i-1] (or genesis), the
// ballot bytes and content[i+1..n-1]; it recomputes the head. Encoding:
//   Str("hall/v1/inclusion-proof") U64(i) Fixed(previous) Var(ballot)
//   U32(count) Fixed(content[i+1]) ... Fixed(content[n-1])
// The board refuses a ballot whose bytes are already on it.
#ifndef HALL_CRYPTO_BULLETIN_BOARD_H_
#define HALL_CRYPTO_BULLETIN_BOARD_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hall/crypto/digest.h"
#include "hall/crypto/secret.h"
#include "hall/base/status.h"

namespace hall::crypto {

// What a delegate is told when a ballot is accepted.
struct BoardReceipt {
  std::uint64_t index = 0;
  Digest entry_hash{};
  std::string tracking_code;  // grouped, e.g. "K3QM0-ZD4XW"
  Digest head{};              // the head right after this entry
};

struct InclusionProof {
  std::uint64_t index = 0;
  Digest previous{};              // entry_hash[index-1], or the genesis head
  Bytes ballot;                   // the entry's ballot bytes
  std::vector<Digest> following;  // content hashes of the later entries

  Bytes Encode() const;
  static Result<InclusionProof> Decode(std::span<const std::uint8_t> bytes);
};

Digest BoardGenesis(std::span<const std::uint8_t> context);
Digest BoardContentHash(std::span<const std::uint8_t> ballot);
Digest BoardEntryHash(const Digest& previous, std::uint64_t index,
                      const Digest& content);
// The grouped tracking code of an entry hash.
std::string TrackingCode(const Digest& entry_hash);
// A typed tracking code in grouped canonical form (case, spaces, dashes and
// O/I/L aliases forgiven), or an error saying what is wrong.
Result<std::string> ParseTrackingCode(std::string_view text);

class BulletinBoard {
 public:
  explicit BulletinBoard(std::span<const std::uint8_t> context);

  // Appends the canonical bytes of an accepted ballot.
  Result<BoardReceipt> Append(std::span<const std::uint8_t> ballot);

  const Digest& head() const;
  // The head the board had when it held its first `size` entries (the
  // genesis for 0); size <= size().
  const Digest& HeadAt(std::uint64_t size) const;
  const Digest& genesis() const { return genesis_; }
  std::uint64_t size() const { return entries_.size(); }
  const Bytes& ballot(std::uint64_t index) const;

  // The proof for the entry with this tracking code (any accepted spelling).
  Result<InclusionProof> ProveInclusion(std::string_view tracking_code) const;
  InclusionProof ProveInclusion(std::uint64_t index) const;
  // The proof against the board's first `size` entries only (index < size
  // <= size()): what was committed, when later entries may not be yet.
  InclusionProof ProveInclusion(std::uint64_t index, std::uint64_t size) const;
  // The index of the entry with this tracking code, or kNotFound.
  Result<std::uint64_t> IndexOf(std::string_view tracking_code) const;

 private:
  struct Entry {
    Bytes ballot;
    Digest content;
    Digest entry_hash;
  };
  Digest genesis_;
  std::vector<Entry> entries_;
  std::map<Digest, std::uint64_t> by_content_;
  std::multimap<std::string, std::uint64_t> by_code_;
};

// OK when `proof` leads to `expected_head`.
Status VerifyInclusion(const InclusionProof& proof,
                       const Digest& expected_head);
// The same, and the proven entry has tracking code `tracking_code`.
Status VerifyInclusion(const InclusionProof& proof,
                       std::string_view tracking_code,
                       const Digest& expected_head);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_BULLETIN_BOARD_H_
