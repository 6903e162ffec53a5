// Trustee and recipient key files: round trip, and refusal of a key for
// another meeting or box key, or with a wrong passphrase.
#include "hall/server/admin/key_files.h"

#include <gtest/gtest.h>

#include "hall/crypto/ceremony.h"
#include "hall/crypto/encoding.h"
#include "hall/server/committee.h"

namespace hall::server::admin {
namespace {

crypto::InProcessCeremony Ceremony(std::uint64_t meeting) {
  const crypto::Bytes context =
      crypto::Encoder().Str("test").U64(meeting).Take();
  auto c = crypto::RunCeremonyInProcess(3, 2, context, crypto::DefaultRandom());
  HALL_CHECK(c.ok());
  return std::move(c).value();
}

TEST(TrusteeKeyFileTest, RoundTripAndRefusals) {
  auto c = Ceremony(1);
  TrusteeKeyLabel label{"inst", 1, 2, "Trần Thị B", c.key.digest()};
  auto file = EncryptTrusteeKey(label, c.shares[1], "passphrase-2",
                                crypto::KeyFileCost::kMin);
  ASSERT_TRUE(file.ok()) << file.message();
  auto read = ReadTrusteeLabel(*file);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->trustee, 2u);
  EXPECT_EQ(read->name, "Trần Thị B");
  auto share = DecryptTrusteeKey(*file, "passphrase-2", "inst", 1, c.key);
  ASSERT_TRUE(share.ok()) << share.message();
  EXPECT_EQ(share->trustee(), 2u);

  auto wrong = DecryptTrusteeKey(*file, "nope-nope", "inst", 1, c.key);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.message().find("wrong passphrase"), std::string::npos);
  auto other_meeting =
      DecryptTrusteeKey(*file, "passphrase-2", "inst", 2, c.key);
  ASSERT_FALSE(other_meeting.ok());
  EXPECT_NE(other_meeting.message().find("for meeting 1, not meeting 2"),
            std::string::npos);
  auto other = Ceremony(1);
  auto other_box =
      DecryptTrusteeKey(*file, "passphrase-2", "inst", 1, other.key);
  EXPECT_FALSE(other_box.ok());
  // A label that lies about the trustee index is caught by the share check.
  TrusteeKeyLabel liar = label;
  liar.trustee = 3;
  auto lying = EncryptTrusteeKey(liar, c.shares[1], "passphrase-2",
                                 crypto::KeyFileCost::kMin);
  ASSERT_TRUE(lying.ok());
  EXPECT_FALSE(
      DecryptTrusteeKey(*lying, "passphrase-2", "inst", 1, c.key).ok());
  // A recipient key file is not a trustee key file.
  RecipientKey rk = GenerateRecipientKey();
  auto rfile = EncryptRecipientKey({"inst", 1, "R", rk.public_key()}, rk,
                                   "passphrase-r", crypto::KeyFileCost::kMin);
  ASSERT_TRUE(rfile.ok());
  EXPECT_FALSE(ReadTrusteeLabel(*rfile).ok());
}

TEST(RecipientKeyFileTest, RoundTrip) {
  RecipientKey rk = GenerateRecipientKey();
  auto file = EncryptRecipientKey({"inst", 4, "Ban Tổ chức", rk.public_key()}, rk,
                                  "passphrase-r", crypto::KeyFileCost::kMin);
  ASSERT_TRUE(file.ok());
  auto label = ReadRecipientLabel(*file);
  ASSERT_TRUE(label.ok());
  EXPECT_EQ(label->meeting_id, 4u);
  EXPECT_EQ(label->name, "Ban Tổ chức");
  auto back = DecryptRecipientKey(*file, "passphrase-r");
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->public_key(), rk.public_key());
  EXPECT_EQ(0, sodium_memcmp(back->secret().data(), rk.secret().data(), 32));
  EXPECT_FALSE(DecryptRecipientKey(*file, "wrong-passphrase").ok());
}

// What kind of failure each refusal is, for a caller that branches on it.
TEST(TrusteeKeyFileTest, RefusalsCarryTheirCode) {
  auto c = Ceremony(1);
  TrusteeKeyLabel label{"inst", 1, 2, "Trần Thị B", c.key.digest()};
  auto file = EncryptTrusteeKey(label, c.shares[1], "passphrase-2",
                                crypto::KeyFileCost::kMin);
  ASSERT_TRUE(file.ok()) << file.message();
  // The wrong passphrase, or the key of another installation, meeting or
  // ballot-box key.
  EXPECT_EQ(DecryptTrusteeKey(*file, "nope-nope", "inst", 1, c.key).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(DecryptTrusteeKey(*file, "passphrase-2", "other", 1, c.key).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(DecryptTrusteeKey(*file, "passphrase-2", "inst", 2, c.key).code(),
            StatusCode::kPermissionDenied);
  auto other = Ceremony(1);
  EXPECT_EQ(
      DecryptTrusteeKey(*file, "passphrase-2", "inst", 1, other.key).code(),
      StatusCode::kPermissionDenied);
  // A label that lies about the trustee index: the share is not that
  // trustee's (the crypto's own code is kept).
  TrusteeKeyLabel liar = label;
  liar.trustee = 3;
  auto lying = EncryptTrusteeKey(liar, c.shares[1], "passphrase-2",
                                 crypto::KeyFileCost::kMin);
  ASSERT_TRUE(lying.ok());
  auto lied = DecryptTrusteeKey(*lying, "passphrase-2", "inst", 1, c.key);
  ASSERT_FALSE(lied.ok());
  EXPECT_EQ(lied.code(), StatusCode::kPermissionDenied) << lied.message();
  // A label naming a trustee the meeting does not have.
  TrusteeKeyLabel beyond = label;
  beyond.trustee = 9;
  auto far = EncryptTrusteeKey(beyond, c.shares[1], "passphrase-2",
                               crypto::KeyFileCost::kMin);
  ASSERT_TRUE(far.ok());
  EXPECT_EQ(DecryptTrusteeKey(*far, "passphrase-2", "inst", 1, c.key).code(),
            StatusCode::kCorruption);
  // A damaged (truncated) key file.
  crypto::Bytes cut(file->begin(), file->begin() + file->size() / 2);
  EXPECT_EQ(ReadTrusteeLabel(cut).code(), StatusCode::kCorruption);
  EXPECT_EQ(DecryptTrusteeKey(cut, "passphrase-2", "inst", 1, c.key).code(),
            StatusCode::kCorruption);
  // Another kind of key file.
  RecipientKey rk = GenerateRecipientKey();
  auto rfile = EncryptRecipientKey({"inst", 1, "R", rk.public_key()}, rk,
                                   "passphrase-r", crypto::KeyFileCost::kMin);
  ASSERT_TRUE(rfile.ok());
  EXPECT_EQ(ReadTrusteeLabel(*rfile).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadCeremonyBoxKeyLabel(*rfile).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadRecipientLabel(*file).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DecryptRecipientKey(*rfile, "wrong-passphrase").code(),
            StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace hall::server::admin
