// Key files: a secret key at rest, protected by a passphrase.
//
// File format, version 1 (all integers big-endian, encoding.h):
//   header:
//     magic     8 bytes  "HALLKEY" followed by one zero byte
//     version   u8       1
//     kind      u8       KeyKind (1 = seal/Ed25519 seed, 2 = trustee)
//     opslimit  u64      Argon2id passes
//     memlimit  u64      Argon2id memory in bytes
//     salt      16 bytes crypto_pwhash salt
//     nonce     24 bytes crypto_secretbox nonce
//     public    u32 length + bytes (the public key, readable without the
//               passphrase; at most 4096 bytes)
//   body:
//     sealed    u32 length + crypto_secretbox_easy(secret) (16-byte MAC
//               then the secret; the secret is 1..4096 bytes, a backup's
//               1 byte..1 GiB)
//   and nothing after it.
// Keys:
//   pw_key  = crypto_pwhash(32, passphrase, salt, opslimit, memlimit,
//                           crypto_pwhash_ALG_ARGON2ID13)
//   box_key = crypto_generichash(32, Encoder().Str("hall/v1/key-file")
//                                       .Var(header), key = pw_key)
// so the header (kind, costs, public part) is authenticated: changing any byte
// of the file makes opening fail. The cost is chosen by the caller and stored
// in the file; loading refuses costs above kSensitive (a damaged file must not
// make us allocate gigabytes).
//
// For a seal key the secret is the 32-byte Ed25519 seed and the public part
// the 32-byte public key (checked to match on load). A trustee key's secret
// and public part are defined by its owner (hall_crypto_ballot).
#ifndef HALL_CRYPTO_KEY_FILE_H_
#define HALL_CRYPTO_KEY_FILE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <utility>

#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"

namespace hall::crypto {

enum class KeyKind : std::uint8_t {
  kSeal = 1,     // Ed25519 seed (SigningKey)
  kTrustee = 2,  // a trustee's secret (format owned by the ballot part)
  kRecipient = 3,  // a recipient's X25519 secret for sealed minutes
  kBackup = 4,     // an installation's backup (server/backup.h)
};

// How much work guessing a passphrase costs (libsodium's Argon2id presets).
// Use kModerate (or kSensitive) for real keys; kMin/kInteractive in tests.
enum class KeyFileCost {
  kMin,          // 1 pass, 8 KiB: tests only
  kInteractive,  // 2 passes, 64 MiB
  kModerate,     // 3 passes, 256 MiB
  kSensitive,    // 4 passes, 1 GiB
};

// A variable-size secret: move-only, wiped when destroyed. Its size is fixed
// at construction, so the buffer never reallocates (and never leaves copies).
class SecretBytes {
 public:
  explicit SecretBytes(std::size_t size) : bytes_(size, 0) {}
  explicit SecretBytes(std::span<const std::uint8_t> bytes)
      : bytes_(bytes.begin(), bytes.end()) {}
  ~SecretBytes() { Wipe(); }
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
    other.bytes_.clear();
  }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      Wipe();
      bytes_ = std::move(other.bytes_);
      other.bytes_.clear();
    }
    return *this;
  }
  std::size_t size() const { return bytes_.size(); }
  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::span<const std::uint8_t> view() const { return bytes_; }

 private:
  void Wipe() {
    if (!bytes_.empty()) sodium_memzero(bytes_.data(), bytes_.size());
  }
  Bytes bytes_;
};

// What can be read from a key file without the passphrase.
struct KeyFileInfo {
  KeyKind kind;
  std::uint64_t opslimit;
  std::uint64_t memlimit;
  Bytes public_part;
};

// Encrypts `secret` (1..4096 bytes; a backup up to 1 GiB) under `passphrase` (not empty). Salt and
// nonce are drawn from `random`.
Result<Bytes> EncryptKeyFile(KeyKind kind,
                             std::span<const std::uint8_t> public_part,
                             std::span<const std::uint8_t> secret,
                             std::string_view passphrase, KeyFileCost cost,
                             RandomSource& random = DefaultRandom());

// Parses the header (no passphrase needed); checks everything but the MAC.
Result<KeyFileInfo> ReadKeyFileInfo(std::span<const std::uint8_t> file);

// Decrypts a key file that must hold a key of kind `kind`.
Result<SecretBytes> DecryptKeyFile(std::span<const std::uint8_t> file,
                                   KeyKind kind, std::string_view passphrase);

// Seal keys (KeyKind::kSeal) to and from bytes.
Result<Bytes> EncryptSigningKey(const SigningKey& key,
                                std::string_view passphrase, KeyFileCost cost,
                                RandomSource& random = DefaultRandom());
Result<SigningKey> DecryptSigningKey(std::span<const std::uint8_t> file,
                                     std::string_view passphrase);

// Seal keys to and from files. Saving never overwrites an existing file and
// creates it readable by its owner only (mode 0600).
Status SaveSigningKey(const SigningKey& key, const std::filesystem::path& path,
                      std::string_view passphrase, KeyFileCost cost,
                      RandomSource& random = DefaultRandom());
Result<SigningKey> LoadSigningKey(const std::filesystem::path& path,
                                  std::string_view passphrase);

// Raw file access used by the above (and by trustee key files): write `bytes`
// to a new file (mode 0600, fsync'd, never overwriting), read a key file
// (at most 64 KiB).
Status WriteKeyFileBytes(const std::filesystem::path& path,
                         std::span<const std::uint8_t> bytes);
Result<Bytes> ReadKeyFileBytes(const std::filesystem::path& path);

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_KEY_FILE_H_
