// Trustee and recipient key files written by hall-admin (key_file.h format,
// passphrase-protected).
//
// Trustee key (KeyKind::kTrustee):
//   public part = Encoder().Str("hall/v1/trustee-key").Str(installation)
//                          .U64(meeting_id).U32(trustee index, 1..n)
//                          .Str(trustee name).Fixed(box key digest, 32)
//   secret      = the trustee's 32-byte share scalar (TrusteeShare)
// Recipient key (KeyKind::kRecipient):
//   public part = Encoder().Str("hall/v1/recipient-key").Str(installation)
//                          .U64(meeting_id).Str(recipient name)
//                          .Fixed(X25519 public key, 32)
//   secret      = the 32-byte X25519 secret key
// Ceremony box key (KeyKind::kTrustee; hall-trustee, for a key ceremony
// with the trustees on separate machines):
//   public part = Encoder().Str("hall/v1/ceremony-box-key").Str(installation)
//                          .U64(meeting_id).Fixed(ceremony id, 32)
//                          .U32(trustee index).Str(trustee name)
//                          .Fixed(X25519 public key, 32)
//   secret      = the 32-byte X25519 secret key
// The key file authenticates its public part, so a trustee key names the
// meeting, the trustee and the ballot-box key it belongs to, and is refused
// for any other meeting or box key.
#ifndef HALL_SERVER_ADMIN_KEY_FILES_H_
#define HALL_SERVER_ADMIN_KEY_FILES_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hall/base/status.h"
#include "hall/crypto/key_file.h"
#include "hall/crypto/sealed_box.h"
#include "hall/crypto/trustee.h"

namespace hall::server::admin {

struct TrusteeKeyLabel {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::uint32_t trustee = 0;
  std::string name;
  std::array<std::uint8_t, 32> box_key_digest{};
};

crypto::Bytes EncodeTrusteeLabel(const TrusteeKeyLabel& label);
Result<TrusteeKeyLabel> DecodeTrusteeLabel(std::span<const std::uint8_t> b);

// The key file bytes for `share`.
Result<crypto::Bytes> EncryptTrusteeKey(const TrusteeKeyLabel& label,
                                        const crypto::TrusteeShare& share,
                                        std::string_view passphrase,
                                        crypto::KeyFileCost cost);
// The label, readable without the passphrase.
Result<TrusteeKeyLabel> ReadTrusteeLabel(std::span<const std::uint8_t> file);
// Checks, without the passphrase, that a trustee key file is one of
// `box_key` of meeting `meeting_id` on this installation (kPermissionDenied
// naming what differs), so that a passphrase is asked only for a key that
// can open the box.
Status CheckTrusteeKeyFor(std::span<const std::uint8_t> file,
                          const std::string& installation,
                          std::uint64_t meeting_id,
                          const crypto::BallotBoxKey& box_key);
// Opens a trustee key file for `box_key` of meeting `meeting_id`: refuses a
// key of another meeting or box key (CheckTrusteeKeyFor), a wrong
// passphrase (kPermissionDenied), and a share that does not match the
// trustee's verification key.
Result<crypto::TrusteeShare> DecryptTrusteeKey(
    std::span<const std::uint8_t> file, std::string_view passphrase,
    const std::string& installation, std::uint64_t meeting_id,
    const crypto::BallotBoxKey& box_key);

struct CeremonyBoxKeyLabel {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::array<std::uint8_t, 32> ceremony_id{};
  std::uint32_t trustee = 0;
  std::string name;
  crypto::BoxPublicKey public_key{};
};

// The key file bytes for a trustee's ceremony box key (label.public_key is
// taken from `key`).
Result<crypto::Bytes> EncryptCeremonyBoxKey(CeremonyBoxKeyLabel label,
                                            const crypto::CeremonyBoxKey& key,
                                            std::string_view passphrase,
                                            crypto::KeyFileCost cost);
// The label, readable without the passphrase.
Result<CeremonyBoxKeyLabel> ReadCeremonyBoxKeyLabel(
    std::span<const std::uint8_t> file);
// Opens a ceremony box key file; checks the secret matches the public key.
Result<crypto::CeremonyBoxKey> DecryptCeremonyBoxKey(
    std::span<const std::uint8_t> file, std::string_view passphrase);

// A recipient key's fingerprint (crypto/fingerprint.h, key kind "x25519"):
// what the recipient reads aloud when the committee registers it.
std::string RecipientFingerprint(const crypto::BoxPublicKey& public_key);

// installation and meeting_id are "" and 0 for a key made on the
// recipient's own device (hall-recipient key): such a key is not tied to a
// meeting; the meeting's signed definition names it.
struct RecipientKeyLabel {
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::string name;
  std::array<std::uint8_t, 32> public_key{};
};

Result<crypto::Bytes> EncryptRecipientKey(const RecipientKeyLabel& label,
                                          const crypto::BoxKey& key,
                                          std::string_view passphrase,
                                          crypto::KeyFileCost cost);
Result<RecipientKeyLabel> ReadRecipientLabel(
    std::span<const std::uint8_t> file);
// Opens a recipient key file; checks the secret matches the public key.
Result<crypto::BoxKey> DecryptRecipientKey(std::span<const std::uint8_t> file,
                                           std::string_view passphrase);

}  // namespace hall::server::admin

#endif  // HALL_SERVER_ADMIN_KEY_FILES_H_
