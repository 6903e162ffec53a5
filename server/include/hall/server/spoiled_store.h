// Spoiled ballots: the ballots delegates spoiled on a kiosk to check it
// (cast-or-challenge), kept for the election record (schema version 5:
// spoiled_ballots), and the guard that no ciphertexts are both spoiled and
// cast (cast_ciphertexts).
//
// Contract:
// - StoreSpoiled runs in one transaction (BEGIN IMMEDIATE) on `db`: the
//   entry decodes (kInvalidArgument); the round exists (kNotFound); the same
//   entry stored before is answered OK (a retry, even once the box has
//   closed; other bytes for stored ciphertexts are another opening, refused
//   as not verifying); else the round is open (kFailedPrecondition: spoiled
//   ballots are taken only while its box is open), the entry passes
//   shared::VerifySpoiledEntry against the round's template
//   (kPermissionDenied, saying what does not verify) and its ciphertexts
//   are not a cast ballot's (kPermissionDenied). A round keeps at most
//   kMaxSpoiledPerRound (kUnavailable beyond, saying so).
// - A spoiled ballot is stored with its round and the digest of its
//   ciphertexts only (shared::CiphertextsDigest): no time, no kiosk, no
//   order of arrival (the table is keyed by the digest, and LoadSpoiled and
//   the record list the entries in digest order). It is never counted in
//   the round's `cast` nor tallied: it is not on the bulletin board.
// - CastCiphertexts, used by the ballot box inside its write transaction,
//   refuses to cast ciphertexts that were spoiled in the round and records
//   those of every ballot cast.
#ifndef HALL_SERVER_SPOILED_STORE_H_
#define HALL_SERVER_SPOILED_STORE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/server/database.h"
#include "hall/shared/spoiled_ballot.h"

namespace hall::server {

inline constexpr std::uint64_t kMaxSpoiledPerRound = 10'000;

Status StoreSpoiled(Database& db, std::uint64_t round_id,
                    std::span<const std::uint8_t> entry);

// The round's spoiled ballots in digest order. kCorruption for a stored
// entry that does not decode or is not stored under its own digest.
Result<std::vector<shared::SpoiledEntry>> LoadSpoiled(Database& db,
                                                      std::uint64_t round_id);
std::uint64_t CountSpoiled(Database& db, std::uint64_t round_id);

// Prepared once per write transaction of the ballot box.
class CastCiphertexts {
 public:
  explicit CastCiphertexts(Database& db);
  // kPermissionDenied when round `round_id`'s spoiled ballots hold
  // `digest`; a storage failure as its own code.
  Status CheckNotSpoiled(std::uint64_t round_id,
                         const shared::Digest32& digest);
  // Records `digest` as cast in the round (once, however many ballots share
  // it).
  Status Record(std::uint64_t round_id, const shared::Digest32& digest);

 private:
  Statement spoiled_;
  Statement insert_;
};

}  // namespace hall::server

#endif  // HALL_SERVER_SPOILED_STORE_H_
