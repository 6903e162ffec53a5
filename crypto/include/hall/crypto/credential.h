// Ballot credentials: the code printed on a delegate's slip, the Ed25519 key
// it derives, and the list of valid credential public keys for a round.
//
// A code is 16 random bytes (128 bits). Printed form: the 16 bytes as 26
// base32 symbols (internal/base32.h; the last symbol carries 3 bits and 2
// zero bits), then one check symbol, 27 symbols in all, shown in groups of 4
// joined by '-' ("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXX"). Check symbol: with
// symbol values as elements of GF(32) = GF(2)[x]/(x^5 + x^2 + 1) and a = x
// (the value 2),
//   check = sum over i = 0..25 of a^(i+1) * symbol[i]
// so that sum over all 27 symbols of a^k * s_k = 0 (check has weight a^0).
// The weights are distinct and non-zero, so any single mistyped symbol and
// any swap of two different symbols is detected. Parsing ignores case,
// spaces and '-', and reads O as 0 and I/L as 1.
//
// Key: seed = BLAKE2b-256(Encoder().Str("hall/v1/credential-key")
//                                  .Fixed(code bytes)),
//      key pair = crypto_sign_seed_keypair(seed).
//
// CredentialList encoding (what the seal signs, type kCredentialList):
//   Encoder().Str("hall/v1/credential-list").Var(context).U32(n)
//            .Fixed(key_1)...Fixed(key_n)
// with the keys sorted by bytes, strictly increasing (no duplicates);
// context is the caller's (meeting and round). A list whose credentials
// belong to voter classes (PROCEDURES.md: ballots of voter groups tallied
// separately; A/B ballots) appends, after the keys,
//   Str("hall/v1/credential-classes") U32(c) {Str(class name)} then
//   U8(class index) per key, in the keys' order
// with 1 <= c <= kMaxClasses, distinct non-empty names; a list without
// classes encodes as above and nothing follows. The class of a credential is
// public (it is printed on the slip); who holds which credential is not.
// digest = BLAKE2b-256(encoding).
#ifndef HALL_CRYPTO_CREDENTIAL_H_
#define HALL_CRYPTO_CREDENTIAL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hall/crypto/digest.h"
#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"
#include "hall/crypto/signing_key.h"
#include "hall/base/status.h"

namespace hall::crypto {

class CredentialCode {
 public:
  static constexpr std::size_t kBytes = 16;
  static constexpr std::size_t kDataSymbols = 26;
  static constexpr std::size_t kSymbols = kDataSymbols + 1;

  // A fresh code from 16 bytes of `random`.
  static CredentialCode Generate(RandomSource& random = DefaultRandom());
  // Reads a typed or scanned code; the Status says what is wrong.
  static Result<CredentialCode> Parse(std::string_view text);

  CredentialCode(CredentialCode&&) noexcept = default;
  CredentialCode& operator=(CredentialCode&&) noexcept = default;

  // The printed form (grouped, upper case, with the check symbol). This
  // string is as secret as the code: print it, then let it go.
  std::string ToString() const;

  // The credential key pair this code derives.
  SigningKey DeriveKey() const;

 private:
  CredentialCode() = default;
  Secret<kBytes> bytes_;
};

// The check symbol value (0..31) for 26 data symbol values (0..31).
int CredentialCheckSymbol(
    std::span<const int, CredentialCode::kDataSymbols> data_symbols);

class CredentialList {
 public:
  static constexpr std::size_t kMaxClasses = 64;

  // Sorts `keys`; a key listed twice is an error.
  static Result<CredentialList> Create(std::span<const std::uint8_t> context,
                                       std::vector<VerifyKey> keys);
  // The same with voter classes: keys[i] belongs to class_of[i], an index
  // into `class_names` (1..kMaxClasses distinct non-empty names).
  static Result<CredentialList> CreateWithClasses(
      std::span<const std::uint8_t> context, std::vector<VerifyKey> keys,
      std::vector<std::string> class_names,
      const std::vector<std::uint8_t>& class_of);
  // Reads the canonical encoding (refuses any other encoding of a list).
  static Result<CredentialList> Decode(std::span<const std::uint8_t> bytes);

  Bytes Encode() const;
  Digest digest() const;

  bool Contains(const VerifyKey& key) const;
  // The class names (empty for a list without classes), and the class index
  // of a listed key (-1 when the list has no classes or lacks the key).
  const std::vector<std::string>& class_names() const { return class_names_; }
  int ClassOf(const VerifyKey& key) const;
  // How many credentials each class holds (empty without classes).
  std::vector<std::size_t> ClassSizes() const;
  std::size_t size() const { return keys_.size(); }
  const std::vector<VerifyKey>& keys() const { return keys_; }
  const Bytes& context() const { return context_; }

 private:
  CredentialList() = default;
  Bytes context_;
  std::vector<VerifyKey> keys_;  // sorted, distinct
  std::vector<std::string> class_names_;
  std::vector<std::uint8_t> class_of_;  // parallel to keys_ when classed
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_CREDENTIAL_H_
