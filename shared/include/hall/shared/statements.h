// The byte strings the seal signs or a key binds, which an auditor re-checks
// from the exported record: one encoder and one decoder each, here, so the
// server that writes them and hall-audit that reads them cannot drift.
//
//   key ceremony context = Encoder().Str("hall/v1/ceremony").Str(installation)
//                                   .U64(meeting_id)
//   minutes digest (hex, what the hall display shows for every round)
//                        = BLAKE2b-256(Str("hall/v1/minutes-digest")
//                                      Var(minutes JSON) Fixed(signature, 64))
//   sealed-minutes package (what each recipient's box holds)
//                        = Var(minutes JSON) Fixed(seal signature, 64)
//                          Var(partial decryptions)
//   sealed minutes (stored, exported) = U32(count)
//                          { Str(recipient name) Var(sealed box of the package) }
//
// Contract: decoders accept exactly what the encoders write (no trailing
// bytes) and say what is damaged; OpenSealedMinutes answers kNotFound when
// the key opens none of the boxes (not one of the recipients) and
// kCorruption when the bytes are not sealed minutes at all.
#ifndef HALL_SHARED_STATEMENTS_H_
#define HALL_SHARED_STATEMENTS_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/random.h"
#include "hall/crypto/sealed_box.h"
#include "hall/crypto/secret.h"

namespace hall::shared {

// The context every key ceremony of a meeting binds into its messages and
// its ballot-box key.
crypto::Bytes KeyCeremonyContext(const std::string& installation,
                                 std::uint64_t meeting_id);

// The minutes digest over the minutes and their seal signature (64 bytes).
std::string MinutesDigest(std::span<const std::uint8_t> minutes,
                          std::span<const std::uint8_t, 64> signature);

struct SealedMinutesPackage {
  crypto::Bytes minutes;               // the minutes JSON
  std::array<std::uint8_t, 64> signature{};  // the seal's kMinutes signature
  crypto::Bytes partials;              // the trustees' partial decryptions
};

// How many recipients sealed minutes hold at most.
inline constexpr std::uint32_t kMaxMinutesRecipients = 1000;

struct MinutesRecipient {
  std::string name;
  crypto::BoxPublicKey public_key{};
};

// The package sealed to every recipient, in their order. Refuses an empty
// recipient list and an unusable public key (naming the recipient).
Result<crypto::Bytes> SealMinutes(
    const SealedMinutesPackage& package,
    const std::vector<MinutesRecipient>& recipients,
    crypto::RandomSource& rng = crypto::DefaultRandom());

// The recipients' names, readable without any key.
Result<std::vector<std::string>> SealedMinutesRecipients(
    std::span<const std::uint8_t> sealed);

// The package out of the box `key` opens.
Result<SealedMinutesPackage> OpenSealedMinutes(
    std::span<const std::uint8_t> sealed, const crypto::BoxKey& key);

}  // namespace hall::shared

#endif  // HALL_SHARED_STATEMENTS_H_
