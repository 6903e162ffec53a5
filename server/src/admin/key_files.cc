#include "hall/server/admin/key_files.h"

#include "hall/crypto/fingerprint.h"

#include "hall/crypto/encoding.h"

namespace hall::server::admin {
namespace {

constexpr std::string_view kTrusteeTag = "hall/v1/trustee-key";
constexpr std::string_view kRecipientTag = "hall/v1/recipient-key";
constexpr std::string_view kCeremonyBoxTag = "hall/v1/ceremony-box-key";

}  // namespace

crypto::Bytes EncodeTrusteeLabel(const TrusteeKeyLabel& l) {
  return crypto::Encoder()
      .Str(kTrusteeTag)
      .Str(l.installation)
      .U64(l.meeting_id)
      .U32(l.trustee)
      .Str(l.name)
      .Fixed(l.box_key_digest)
      .Take();
}

Result<TrusteeKeyLabel> DecodeTrusteeLabel(std::span<const std::uint8_t> b) {
  crypto::Decoder d(b);
  std::string tag;
  TrusteeKeyLabel l;
  if (!d.Str(tag, 64) || tag != kTrusteeTag || !d.Str(l.installation, 256) ||
      !d.U64(l.meeting_id) || !d.U32(l.trustee) || !d.Str(l.name, 1024) ||
      !d.Fixed(l.box_key_digest) || !d.Done()) {
    return Status::InvalidArgument("this is not a hall-admin trustee key file");
  }
  return l;
}

Result<crypto::Bytes> EncryptTrusteeKey(const TrusteeKeyLabel& label,
                                        const crypto::TrusteeShare& share,
                                        std::string_view passphrase,
                                        crypto::KeyFileCost cost) {
  const auto secret = share.ExportSecret();
  return crypto::EncryptKeyFile(crypto::KeyKind::kTrustee,
                                EncodeTrusteeLabel(label), secret.view(),
                                passphrase, cost);
}

Result<TrusteeKeyLabel> ReadTrusteeLabel(std::span<const std::uint8_t> file) {
  auto info = crypto::ReadKeyFileInfo(file);
  if (!info.ok()) return info.status();
  if (info->kind != crypto::KeyKind::kTrustee)
    return Status::InvalidArgument("this key file does not hold a trustee key");
  return DecodeTrusteeLabel(info->public_part);
}

Status CheckTrusteeKeyFor(std::span<const std::uint8_t> file,
                          const std::string& installation,
                          std::uint64_t meeting_id,
                          const crypto::BallotBoxKey& box_key) {
  auto label = ReadTrusteeLabel(file);
  if (!label.ok()) return label.status();
  if (label->installation != installation) {
    return Status::PermissionDenied(
        "this trustee key belongs to another installation");
  }
  if (label->meeting_id != meeting_id) {
    return Status::PermissionDenied(
        "this trustee key is for meeting " + std::to_string(label->meeting_id) +
        ", not meeting " + std::to_string(meeting_id));
  }
  if (label->box_key_digest != box_key.digest()) {
    return Status::PermissionDenied(
        "this trustee key does not belong to the meeting's ballot-box key");
  }
  if (label->trustee < 1 || label->trustee > box_key.n()) {
    return Status::Corruption(
        "this trustee key names no trustee of the meeting");
  }
  return Status::Ok();
}

Result<crypto::TrusteeShare> DecryptTrusteeKey(
    std::span<const std::uint8_t> file, std::string_view passphrase,
    const std::string& installation, std::uint64_t meeting_id,
    const crypto::BallotBoxKey& box_key) {
  if (Status s = CheckTrusteeKeyFor(file, installation, meeting_id, box_key);
      !s.ok())
    return s;
  auto label = ReadTrusteeLabel(file);
  if (!label.ok()) return label.status();
  auto secret =
      crypto::DecryptKeyFile(file, crypto::KeyKind::kTrustee, passphrase);
  if (!secret.ok()) return secret.status();
  if (secret->size() != crypto::kScalarBytes)
    return Status::Corruption("the trustee key file is damaged");
  crypto::Secret<crypto::kScalarBytes> s;
  std::copy(secret->view().begin(), secret->view().end(), s.data());
  auto share = crypto::TrusteeShare::Import(box_key, label->trustee, s);
  if (!share.ok()) {
    return Status::Make(
        share.code(),
        "trustee " + std::to_string(label->trustee) +
            "'s key does not match the ballot-box key: " + share.message());
  }
  return share;
}

Result<crypto::Bytes> EncryptCeremonyBoxKey(CeremonyBoxKeyLabel label,
                                            const crypto::CeremonyBoxKey& key,
                                            std::string_view passphrase,
                                            crypto::KeyFileCost cost) {
  label.public_key = key.public_key();
  const crypto::Bytes pub = crypto::Encoder()
                                .Str(kCeremonyBoxTag)
                                .Str(label.installation)
                                .U64(label.meeting_id)
                                .Fixed(label.ceremony_id)
                                .U32(label.trustee)
                                .Str(label.name)
                                .Fixed(label.public_key)
                                .Take();
  return crypto::EncryptKeyFile(crypto::KeyKind::kTrustee, pub,
                                key.secret().view(), passphrase, cost);
}

Result<CeremonyBoxKeyLabel> ReadCeremonyBoxKeyLabel(
    std::span<const std::uint8_t> file) {
  const std::string not_box =
      "this is not a hall-trustee ceremony box key file (hall-trustee "
      "announce makes one)";
  auto info = crypto::ReadKeyFileInfo(file);
  if (!info.ok()) return info.status();
  if (info->kind != crypto::KeyKind::kTrustee)
    return Status::InvalidArgument(not_box);
  crypto::Decoder d(info->public_part);
  std::string tag;
  CeremonyBoxKeyLabel l;
  if (!d.Str(tag, 64) || tag != kCeremonyBoxTag ||
      !d.Str(l.installation, 256) || !d.U64(l.meeting_id) ||
      !d.Fixed(l.ceremony_id) || !d.U32(l.trustee) || !d.Str(l.name, 1024) ||
      !d.Fixed(l.public_key) || !d.Done()) {
    return Status::InvalidArgument(not_box);
  }
  return l;
}

Result<crypto::CeremonyBoxKey> DecryptCeremonyBoxKey(
    std::span<const std::uint8_t> file, std::string_view passphrase) {
  auto label = ReadCeremonyBoxKeyLabel(file);
  if (!label.ok()) return label.status();
  auto secret =
      crypto::DecryptKeyFile(file, crypto::KeyKind::kTrustee, passphrase);
  if (!secret.ok()) return secret.status();
  if (secret->size() != crypto::BoxSecretKey::size())
    return Status::Corruption("the ceremony box key file is damaged");
  crypto::BoxSecretKey sk;
  std::copy(secret->view().begin(), secret->view().end(), sk.data());
  crypto::CeremonyBoxKey key = crypto::CeremonyBoxKey::FromSecret(sk);
  if (key.public_key() != label->public_key)
    return Status::Corruption("the ceremony box key file is damaged");
  return key;
}

std::string RecipientFingerprint(const crypto::BoxPublicKey& public_key) {
  return crypto::KeyFingerprint("x25519", public_key);
}

Result<crypto::Bytes> EncryptRecipientKey(const RecipientKeyLabel& label,
                                          const crypto::BoxKey& key,
                                          std::string_view passphrase,
                                          crypto::KeyFileCost cost) {
  const crypto::Bytes pub = crypto::Encoder()
                                .Str(kRecipientTag)
                                .Str(label.installation)
                                .U64(label.meeting_id)
                                .Str(label.name)
                                .Fixed(key.public_key())
                                .Take();
  return crypto::EncryptKeyFile(crypto::KeyKind::kRecipient, pub,
                                key.secret().view(), passphrase, cost);
}

Result<RecipientKeyLabel> ReadRecipientLabel(
    std::span<const std::uint8_t> file) {
  auto info = crypto::ReadKeyFileInfo(file);
  if (!info.ok()) return info.status();
  if (info->kind != crypto::KeyKind::kRecipient)
    return Status::InvalidArgument(
        "this key file does not hold a recipient key");
  crypto::Decoder d(info->public_part);
  std::string tag;
  RecipientKeyLabel l;
  if (!d.Str(tag, 64) || tag != kRecipientTag || !d.Str(l.installation, 256) ||
      !d.U64(l.meeting_id) || !d.Str(l.name, 1024) || !d.Fixed(l.public_key) ||
      !d.Done()) {
    return Status::InvalidArgument(
        "this is not a hall-admin recipient key file");
  }
  return l;
}

Result<crypto::BoxKey> DecryptRecipientKey(std::span<const std::uint8_t> file,
                                           std::string_view passphrase) {
  auto label = ReadRecipientLabel(file);
  if (!label.ok()) return label.status();
  auto secret =
      crypto::DecryptKeyFile(file, crypto::KeyKind::kRecipient, passphrase);
  if (!secret.ok()) return secret.status();
  if (secret->size() != crypto::BoxSecretKey::size())
    return Status::Corruption("the recipient key file is damaged");
  crypto::BoxSecretKey sk;
  std::copy(secret->view().begin(), secret->view().end(), sk.data());
  crypto::BoxKey key = crypto::BoxKey::FromSecret(sk);
  if (key.public_key() != label->public_key)
    return Status::Corruption("the recipient key file is damaged");
  return key;
}

}  // namespace hall::server::admin
