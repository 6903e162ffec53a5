#include "hall/crypto/key_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>

#include "hall/base/private_file.h"
#include "hall/base/unique_fd.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/init.h"

namespace hall::crypto {
namespace {

constexpr std::array<std::uint8_t, 8> kMagic = {'H', 'A', 'L', 'L',
                                                'K', 'E', 'Y', 0};
constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kMaxPart = 4096;
// A backup's secret is a whole installation (its database and files).
constexpr std::size_t kMaxBackup = std::size_t{1} << 30;

std::size_t MaxSecret(KeyKind kind) {
  return kind == KeyKind::kBackup ? kMaxBackup : kMaxPart;
}
constexpr std::size_t kMaxFileSize = 64 * 1024;
constexpr std::uint64_t kMaxOpsLimit =
    crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
constexpr std::uint64_t kMaxMemLimit =
    crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;

const char kDamaged[] = "the key file is truncated or damaged";

void Limits(KeyFileCost cost, std::uint64_t& ops, std::uint64_t& mem) {
  switch (cost) {
    case KeyFileCost::kMin:
      ops = crypto_pwhash_argon2id_OPSLIMIT_MIN;
      mem = crypto_pwhash_argon2id_MEMLIMIT_MIN;
      return;
    case KeyFileCost::kInteractive:
      ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
      mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
      return;
    case KeyFileCost::kModerate:
      ops = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
      mem = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
      return;
    case KeyFileCost::kSensitive:
      ops = crypto_pwhash_argon2id_OPSLIMIT_SENSITIVE;
      mem = crypto_pwhash_argon2id_MEMLIMIT_SENSITIVE;
      return;
  }
  HALL_CHECK(false && "unknown KeyFileCost");
}

std::string KindName(KeyKind kind) {
  switch (kind) {
    case KeyKind::kSeal:
      return "seal key";
    case KeyKind::kTrustee:
      return "trustee key";
    case KeyKind::kRecipient:
      return "recipient key";
    case KeyKind::kBackup:
      return "backup";
  }
  return "unknown kind of key";
}

struct Parsed {
  KeyFileInfo info;
  std::array<std::uint8_t, crypto_pwhash_SALTBYTES> salt{};
  std::array<std::uint8_t, crypto_secretbox_NONCEBYTES> nonce{};
  std::span<const std::uint8_t> header;  // within the file
  Bytes sealed;
};

Bytes EncodeHeader(const KeyFileInfo& info, std::span<const std::uint8_t> salt,
                   std::span<const std::uint8_t> nonce) {
  return Encoder()
      .Fixed(kMagic)
      .U8(kVersion)
      .U8(static_cast<std::uint8_t>(info.kind))
      .U64(info.opslimit)
      .U64(info.memlimit)
      .Fixed(salt)
      .Fixed(nonce)
      .Var(info.public_part)
      .Take();
}

Result<Parsed> Parse(std::span<const std::uint8_t> file) {
  Decoder d(file);
  std::array<std::uint8_t, kMagic.size()> magic{};
  if (!d.Fixed(magic) || magic != kMagic) {
    return Status::InvalidArgument("this is not a hall key file");
  }
  std::uint8_t version = 0;
  std::uint8_t kind = 0;
  if (!d.U8(version)) return Status::Corruption(kDamaged);
  if (version != kVersion) {
    return Status::InvalidArgument(
        "key file version " + std::to_string(version) +
        " is not supported (this hall reads version " +
        std::to_string(kVersion) + ")");
  }
  Parsed p;
  if (!d.U8(kind) || !d.U64(p.info.opslimit) || !d.U64(p.info.memlimit)) {
    return Status::Corruption(kDamaged);
  }
  if (kind != static_cast<std::uint8_t>(KeyKind::kSeal) &&
      kind != static_cast<std::uint8_t>(KeyKind::kTrustee) &&
      kind != static_cast<std::uint8_t>(KeyKind::kRecipient) &&
      kind != static_cast<std::uint8_t>(KeyKind::kBackup)) {
    return Status::Corruption("the key file holds an unknown kind of key (" +
                              std::to_string(kind) + "); damaged file?");
  }
  p.info.kind = static_cast<KeyKind>(kind);
  if (p.info.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      p.info.opslimit > kMaxOpsLimit ||
      p.info.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      p.info.memlimit > kMaxMemLimit) {
    return Status::Corruption(
        "the key file asks for a passphrase cost outside what hall allows "
        "(damaged file?)");
  }
  if (!d.Fixed(p.salt) || !d.Fixed(p.nonce) ||
      !d.Var(p.info.public_part, kMaxPart)) {
    return Status::Corruption(kDamaged);
  }
  const std::size_t header_size = kMagic.size() + 2 + 16 + p.salt.size() +
                                  p.nonce.size() + 4 +
                                  p.info.public_part.size();
  p.header = file.first(header_size);
  if (!d.Var(p.sealed, MaxSecret(p.info.kind) + crypto_secretbox_MACBYTES) ||
      p.sealed.size() <= crypto_secretbox_MACBYTES) {
    return Status::Corruption(kDamaged);
  }
  if (!d.Done()) {
    return Status::Corruption(
        "the key file has unexpected bytes at its end (damaged file?)");
  }
  return p;
}

// box_key from the passphrase and the header.
Result<Secret<crypto_secretbox_KEYBYTES>> BoxKey(
    std::string_view passphrase, std::span<const std::uint8_t> salt,
    std::uint64_t opslimit, std::uint64_t memlimit,
    std::span<const std::uint8_t> header) {
  Secret<32> pw_key;
  if (crypto_pwhash(pw_key.data(), pw_key.size(), passphrase.data(),
                    passphrase.size(), salt.data(), opslimit,
                    static_cast<std::size_t>(memlimit),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal(
        "not enough memory to check the passphrase (needs " +
        std::to_string(memlimit >> 20) + " MiB)");
  }
  const Bytes tagged = Encoder().Str("hall/v1/key-file").Var(header).Take();
  Secret<crypto_secretbox_KEYBYTES> box_key;
  HALL_CHECK(crypto_generichash(box_key.data(), box_key.size(), tagged.data(),
                                tagged.size(), pw_key.data(),
                                pw_key.size()) == 0);
  return box_key;
}

std::string Errno(const std::filesystem::path& path, const char* what) {
  return std::string("cannot ") + what + " " + path.string() + ": " +
         std::strerror(errno);
}

}  // namespace

Result<Bytes> EncryptKeyFile(KeyKind kind,
                             std::span<const std::uint8_t> public_part,
                             std::span<const std::uint8_t> secret,
                             std::string_view passphrase, KeyFileCost cost,
                             RandomSource& random) {
  InitOrDie();
  if (passphrase.empty()) {
    return Status::InvalidArgument(
        "a key file needs a passphrase; none was given");
  }
  if (secret.empty() || secret.size() > MaxSecret(kind) ||
      public_part.size() > kMaxPart) {
    return Status::InvalidArgument("the key is too large for a key file");
  }
  KeyFileInfo info{kind, 0, 0, Bytes(public_part.begin(), public_part.end())};
  Limits(cost, info.opslimit, info.memlimit);
  std::array<std::uint8_t, crypto_pwhash_SALTBYTES> salt{};
  std::array<std::uint8_t, crypto_secretbox_NONCEBYTES> nonce{};
  random.Fill(salt);
  random.Fill(nonce);
  const Bytes header = EncodeHeader(info, salt, nonce);
  auto box_key = BoxKey(passphrase, salt, info.opslimit, info.memlimit, header);
  if (!box_key.ok()) return box_key.status();
  Bytes sealed(secret.size() + crypto_secretbox_MACBYTES);
  HALL_CHECK(crypto_secretbox_easy(sealed.data(), secret.data(), secret.size(),
                                   nonce.data(), box_key->data()) == 0);
  Encoder out;
  out.Fixed(header).Var(sealed);
  return out.Take();
}

Result<KeyFileInfo> ReadKeyFileInfo(std::span<const std::uint8_t> file) {
  auto parsed = Parse(file);
  if (!parsed.ok()) return parsed.status();
  return std::move(parsed->info);
}

Result<SecretBytes> DecryptKeyFile(std::span<const std::uint8_t> file,
                                   KeyKind kind, std::string_view passphrase) {
  InitOrDie();
  auto parsed = Parse(file);
  if (!parsed.ok()) return parsed.status();
  if (parsed->info.kind != kind) {
    return Status::InvalidArgument("this key file holds a " +
                                   KindName(parsed->info.kind) + ", not a " +
                                   KindName(kind));
  }
  auto box_key = BoxKey(passphrase, parsed->salt, parsed->info.opslimit,
                        parsed->info.memlimit, parsed->header);
  if (!box_key.ok()) return box_key.status();
  SecretBytes secret(parsed->sealed.size() - crypto_secretbox_MACBYTES);
  if (crypto_secretbox_open_easy(secret.data(), parsed->sealed.data(),
                                 parsed->sealed.size(), parsed->nonce.data(),
                                 box_key->data()) != 0) {
    return Status::PermissionDenied("wrong passphrase or damaged key file");
  }
  return secret;
}

Result<Bytes> EncryptSigningKey(const SigningKey& key,
                                std::string_view passphrase, KeyFileCost cost,
                                RandomSource& random) {
  const Secret<SigningKey::kSeedSize> seed = key.ExportSeed();
  return EncryptKeyFile(KeyKind::kSeal, key.verify_key().bytes(), seed.view(),
                        passphrase, cost, random);
}

Result<SigningKey> DecryptSigningKey(std::span<const std::uint8_t> file,
                                     std::string_view passphrase) {
  auto secret = DecryptKeyFile(file, KeyKind::kSeal, passphrase);
  if (!secret.ok()) return secret.status();
  auto info = ReadKeyFileInfo(file);
  HALL_CHECK(info.ok());
  if (secret->size() != SigningKey::kSeedSize)
    return Status::Corruption(kDamaged);
  Secret<SigningKey::kSeedSize> seed;
  std::memcpy(seed.data(), secret->data(), seed.size());
  SigningKey key = SigningKey::FromSeed(seed);
  const auto pub = key.verify_key().bytes();
  if (info->public_part.size() != pub.size() ||
      std::memcmp(info->public_part.data(), pub.data(), pub.size()) != 0) {
    return Status::Corruption(
        "the key file is inconsistent: its public key does not match its "
        "secret key (damaged file?)");
  }
  return key;
}

Status SaveSigningKey(const SigningKey& key, const std::filesystem::path& path,
                      std::string_view passphrase, KeyFileCost cost,
                      RandomSource& random) {
  auto bytes = EncryptSigningKey(key, passphrase, cost, random);
  if (!bytes.ok()) return bytes.status();
  return WriteKeyFileBytes(path, *bytes);
}

Result<SigningKey> LoadSigningKey(const std::filesystem::path& path,
                                  std::string_view passphrase) {
  auto bytes = ReadKeyFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  auto key = DecryptSigningKey(*bytes, passphrase);
  if (!key.ok()) return key.status().WithContext(path.string());
  return key;
}

Status WriteKeyFileBytes(const std::filesystem::path& path,
                         std::span<const std::uint8_t> bytes) {
  NewPrivateFile file(path);
  if (file.Write(bytes) && file.Commit()) return Status::Ok();
  errno = file.error();
  switch (file.failed_stage()) {
    case NewPrivateFile::Stage::kCreate:
      if (file.error() == EEXIST) {
        return Status::AlreadyExists(
            path.string() +
            " already exists; hall never overwrites a key "
            "file (move it away first)");
      }
      return Status::Internal(Errno(path, "create"));
    case NewPrivateFile::Stage::kWrite:
      return Status::Internal(Errno(path, "write"));
    case NewPrivateFile::Stage::kSync:
      return Status::Internal(Errno(path, "sync"));
    case NewPrivateFile::Stage::kClose:
    case NewPrivateFile::Stage::kNone:
      break;
  }
  return Status::Internal(Errno(path, "close"));
}

Result<Bytes> ReadKeyFileBytes(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return Status::NotFound(Errno(path, "open"));
    return Status::Internal(Errno(path, "open"));
  }
  Bytes out;
  std::array<std::uint8_t, 4096> buffer;
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Internal(Errno(path, "read"));
    if (n == 0) break;
    out.insert(out.end(), buffer.begin(), buffer.begin() + n);
    if (out.size() > kMaxFileSize) {
      return Status::InvalidArgument(path.string() +
                                     " is too large to be a hall key file");
    }
  }
  return out;
}

}  // namespace hall::crypto
