#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "hall/crypto/key_file.h"
#include "hall/crypto/seal.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::FixedRandom;
using testing::ToBytes;

constexpr std::string_view kPass = "correct horse battery staple";

// A fresh empty directory for one test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "hall-seal-XXXXXX").string();
    HALL_CHECK(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(SealKeyFile, RoundTripBytes) {
  auto random = FixedRandom(20);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok()) << file.message();
  auto back = DecryptSigningKey(*file, kPass);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->verify_key(), key.verify_key());
  const Bytes m = ToBytes("m");
  EXPECT_TRUE(Verify(key.verify_key(), SignatureType::kMinutes, m,
                     Sign(*back, SignatureType::kMinutes, m))
                  .ok());

  auto info = ReadKeyFileInfo(*file);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->kind, KeyKind::kSeal);
  EXPECT_EQ(info->opslimit, crypto_pwhash_argon2id_OPSLIMIT_MIN);
  EXPECT_EQ(info->memlimit, crypto_pwhash_argon2id_MEMLIMIT_MIN);
  EXPECT_EQ(info->public_part, Bytes(key.verify_key().bytes().begin(),
                                     key.verify_key().bytes().end()));
}

TEST(SealKeyFile, InteractiveCostRoundTrip) {
  auto random = FixedRandom(21);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kInteractive, random);
  ASSERT_TRUE(file.ok());
  auto info = ReadKeyFileInfo(*file);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->memlimit, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
  auto back = DecryptSigningKey(*file, kPass);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->verify_key(), key.verify_key());
}

TEST(SealKeyFile, SaltAndNonceAreFresh) {
  auto random = FixedRandom(22);
  const SigningKey key = SigningKey::Generate(random);
  auto a = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  auto b = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(SealKeyFile, WrongPassphrase) {
  auto random = FixedRandom(23);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok());
  for (std::string_view wrong :
       {"correct horse battery stapl", "Correct horse battery staple", "",
        "correct horse battery staple "}) {
    auto r = DecryptSigningKey(*file, wrong);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), "wrong passphrase or damaged key file");
  }
}

TEST(SealKeyFile, EmptyPassphraseIsRefused) {
  auto random = FixedRandom(24);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, "", KeyFileCost::kMin, random);
  ASSERT_FALSE(file.ok());
  EXPECT_TRUE(Contains(file.message(), "needs a passphrase"));
}

TEST(SealKeyFile, FlippingAnyByteIsRejected) {
  auto random = FixedRandom(25);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok());
  for (std::size_t i = 0; i < file->size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      Bytes bad = *file;
      bad[i] ^= flip;
      auto r = DecryptSigningKey(bad, kPass);
      EXPECT_FALSE(r.ok()) << "byte " << i << " flip " << int{flip};
    }
  }
}

TEST(SealKeyFile, TruncatedOrExtendedIsRejected) {
  auto random = FixedRandom(26);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok());
  for (std::size_t n = 0; n < file->size(); ++n) {
    auto r = DecryptSigningKey(std::span(file->data(), n), kPass);
    EXPECT_FALSE(r.ok()) << n;
  }
  auto r = DecryptSigningKey(std::span(file->data(), file->size() - 1), kPass);
  EXPECT_EQ(r.message(), "the key file is truncated or damaged");
  Bytes longer = *file;
  longer.push_back(0);
  r = DecryptSigningKey(longer, kPass);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.message(), "unexpected bytes")) << r.message();
  r = DecryptSigningKey(ToBytes("not a key file at all"), kPass);
  EXPECT_EQ(r.message(), "this is not a hall key file");
}

TEST(SealKeyFile, VersionAndCostAreChecked) {
  auto random = FixedRandom(27);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok());
  Bytes bad = *file;
  bad[8] = 2;  // version
  auto r = DecryptSigningKey(bad, kPass);
  EXPECT_TRUE(Contains(r.message(), "version 2 is not supported"))
      << r.message();
  bad = *file;
  bad[10] = 0x01;  // opslimit high byte
  r = DecryptSigningKey(bad, kPass);
  EXPECT_TRUE(Contains(r.message(), "passphrase cost")) << r.message();
}

TEST(SealKeyFile, TrusteeKindRoundTripAndMismatch) {
  auto random = FixedRandom(28);
  const Bytes secret = ToBytes("a trustee's secret scalar and share");
  const Bytes pub = ToBytes("trustee public");
  auto file = EncryptKeyFile(KeyKind::kTrustee, pub, secret, kPass,
                             KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok());
  auto back = DecryptKeyFile(*file, KeyKind::kTrustee, kPass);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(Bytes(back->view().begin(), back->view().end()), secret);
  auto as_seal = DecryptSigningKey(*file, kPass);
  ASSERT_FALSE(as_seal.ok());
  EXPECT_EQ(as_seal.message(),
            "this key file holds a trustee key, not a seal key");

  SecretBytes moved = std::move(*back);
  EXPECT_EQ(moved.size(), secret.size());
}

TEST(SealKeyFile, SaveAndLoadPath) {
  TempDir dir;
  const auto path = dir.path() / "seal.key";
  auto random = FixedRandom(29);
  const SigningKey key = SigningKey::Generate(random);
  ASSERT_TRUE(SaveSigningKey(key, path, kPass, KeyFileCost::kMin, random).ok());
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto back = LoadSigningKey(path, kPass);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->verify_key(), key.verify_key());

  auto wrong = LoadSigningKey(path, "nope");
  ASSERT_FALSE(wrong.ok());
  EXPECT_TRUE(Contains(wrong.message(), "wrong passphrase")) << wrong.message();
  EXPECT_TRUE(Contains(wrong.message(), path.string()));

  // Never overwritten.
  const Status again =
      SaveSigningKey(key, path, kPass, KeyFileCost::kMin, random);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(Contains(again.message(), "already exists"));

  auto missing = LoadSigningKey(dir.path() / "missing.key", kPass);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(Contains(missing.message(), "cannot open"));
}

TEST(SealKeyFile, FailuresCarryTheirCodes) {
  TempDir dir;
  const auto path = dir.path() / "seal.key";
  auto random = FixedRandom(30);
  const SigningKey key = SigningKey::Generate(random);
  auto file = EncryptSigningKey(key, kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(file.ok());
  // A wrong passphrase is refused.
  EXPECT_EQ(DecryptSigningKey(*file, "nope").code(),
            StatusCode::kPermissionDenied);
  // A damaged key file fails its check.
  EXPECT_EQ(DecryptSigningKey(std::span(file->data(), file->size() - 1), kPass)
                .code(),
            StatusCode::kCorruption);
  Bytes longer = *file;
  longer.push_back(0);
  EXPECT_EQ(DecryptSigningKey(longer, kPass).code(), StatusCode::kCorruption);
  // Not a key file, another version, another kind: the wrong input.
  EXPECT_EQ(DecryptSigningKey(ToBytes("not a key file at all"), kPass).code(),
            StatusCode::kInvalidArgument);
  Bytes version = *file;
  version[8] = 2;
  EXPECT_EQ(DecryptSigningKey(version, kPass).code(),
            StatusCode::kInvalidArgument);
  auto trustee =
      EncryptKeyFile(KeyKind::kTrustee, ToBytes("pub"), ToBytes("secret"),
                     kPass, KeyFileCost::kMin, random);
  ASSERT_TRUE(trustee.ok());
  EXPECT_EQ(DecryptSigningKey(*trustee, kPass).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(EncryptSigningKey(key, "", KeyFileCost::kMin, random).code(),
            StatusCode::kInvalidArgument);
  // Through a path: the code survives the path in the message.
  ASSERT_TRUE(SaveSigningKey(key, path, kPass, KeyFileCost::kMin, random).ok());
  auto wrong = LoadSigningKey(path, "nope");
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(wrong.message(),
            path.string() + ": wrong passphrase or damaged key file");
  EXPECT_EQ(SaveSigningKey(key, path, kPass, KeyFileCost::kMin, random).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(LoadSigningKey(dir.path() / "missing.key", kPass).code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace hall::crypto
