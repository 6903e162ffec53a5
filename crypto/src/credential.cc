#include "hall/crypto/credential.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "hall/crypto/encoding.h"
#include "hall/crypto/internal/base32.h"

namespace hall::crypto {
namespace {

constexpr int kMaxListSize = 1 << 20;
constexpr std::size_t kMaxContext = 1 << 16;

// Multiplication in GF(32) = GF(2)[x]/(x^5 + x^2 + 1).
int GfMul(int a, int b) {
  int r = 0;
  for (int i = 0; i < 5; ++i) {
    if (b & (1 << i)) r ^= a;
    a <<= 1;
    if (a & 0x20) a ^= 0x25;
  }
  return r;
}

std::string Ordinal(std::size_t n) {
  std::string suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string Describe(char c) {
  if (c > 32 && c < 127) return std::string("'") + c + "'";
  return "a character that is not a letter or digit";
}

}  // namespace

int CredentialCheckSymbol(
    std::span<const int, CredentialCode::kDataSymbols> data_symbols) {
  int sum = 0;
  int weight = 1;
  for (int s : data_symbols) {
    weight = GfMul(weight, 2);  // a^(i+1)
    sum ^= GfMul(weight, s);
  }
  return sum;
}

CredentialCode CredentialCode::Generate(RandomSource& random) {
  CredentialCode code;
  random.Fill({code.bytes_.data(), kBytes});
  return code;
}

Result<CredentialCode> CredentialCode::Parse(std::string_view text) {
  const std::string stripped = StripSeparators(text);
  std::array<int, kSymbols> values{};
  std::size_t n = 0;
  for (char c : stripped) {
    const int v = Base32Value(c);
    if (v < 0) {
      return Status::InvalidArgument("the " + Ordinal(n + 1) + " character, " +
                                     Describe(c) +
                                     ", does not occur in ballot codes");
    }
    if (n < kSymbols) values[n] = v;
    ++n;
  }
  if (n != kSymbols) {
    return Status::InvalidArgument("the code has " + std::to_string(n) +
                                   " characters; a ballot code has " +
                                   std::to_string(kSymbols));
  }
  std::span<const int, kDataSymbols> data(values.data(), kDataSymbols);
  if (CredentialCheckSymbol(data) != values[kDataSymbols]) {
    return Status::InvalidArgument(
        "the check character does not match: a character was mistyped");
  }
  std::string symbols;
  for (std::size_t i = 0; i < kDataSymbols; ++i) {
    symbols.push_back(kBase32Alphabet[values[i]]);
  }
  auto bytes = Base32Decode(symbols, kBytes);
  if (!bytes) {
    return Status::InvalidArgument("this is not a ballot code: its " +
                                   Ordinal(kDataSymbols) +
                                   " character cannot occur in one");
  }
  CredentialCode code;
  std::copy(bytes->begin(), bytes->end(), code.bytes_.data());
  sodium_memzero(bytes->data(), bytes->size());
  sodium_memzero(symbols.data(), symbols.size());
  return code;
}

std::string CredentialCode::ToString() const {
  std::string symbols = Base32Encode(bytes_.view());
  std::array<int, kDataSymbols> values{};
  for (std::size_t i = 0; i < kDataSymbols; ++i) {
    values[i] = Base32Value(symbols[i]);
  }
  symbols.push_back(kBase32Alphabet[CredentialCheckSymbol(values)]);
  std::string out = GroupSymbols(symbols, 4);
  sodium_memzero(symbols.data(), symbols.size());
  sodium_memzero(values.data(), sizeof(values));
  return out;
}

SigningKey CredentialCode::DeriveKey() const {
  Encoder encoder;
  encoder.Str("hall/v1/credential-key").Fixed(bytes_.view());
  Bytes input = encoder.Take();
  Secret<SigningKey::kSeedSize> seed;
  Digest digest = Blake2b256(input);
  std::copy(digest.begin(), digest.end(), seed.data());
  sodium_memzero(input.data(), input.size());
  sodium_memzero(digest.data(), digest.size());
  return SigningKey::FromSeed(seed);
}

Result<CredentialList> CredentialList::Create(
    std::span<const std::uint8_t> context, std::vector<VerifyKey> keys) {
  if (keys.size() > static_cast<std::size_t>(kMaxListSize)) {
    return Status::InvalidArgument("too many credentials in one list");
  }
  if (context.size() > kMaxContext) {
    return Status::InvalidArgument("the credential list's context is too long");
  }
  std::sort(keys.begin(), keys.end());
  if (std::adjacent_find(keys.begin(), keys.end()) != keys.end()) {
    return Status::AlreadyExists(
        "the same credential is listed twice; each slip must be unique");
  }
  CredentialList list;
  list.context_.assign(context.begin(), context.end());
  list.keys_ = std::move(keys);
  return list;
}

Result<CredentialList> CredentialList::CreateWithClasses(
    std::span<const std::uint8_t> context, std::vector<VerifyKey> keys,
    std::vector<std::string> class_names,
    const std::vector<std::uint8_t>& class_of) {
  if (class_names.empty() || class_names.size() > kMaxClasses) {
    return Status::InvalidArgument(
        "a credential list has between 1 and " + std::to_string(kMaxClasses) +
        " voter classes");
  }
  for (std::size_t i = 0; i < class_names.size(); ++i) {
    if (class_names[i].empty() || class_names[i].size() > 256 ||
        std::find(class_names.begin(), class_names.begin() + i,
                  class_names[i]) != class_names.begin() + i) {
      return Status::InvalidArgument(
          "voter class names must be distinct, non-empty and short");
    }
  }
  if (class_of.size() != keys.size()) {
    return Status::InvalidArgument("every credential needs its voter class");
  }
  for (std::uint8_t c : class_of) {
    if (c >= class_names.size())
      return Status::InvalidArgument("a credential names no voter class");
  }
  std::vector<std::pair<VerifyKey, std::uint8_t>> pairs;
  pairs.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    pairs.emplace_back(keys[i], class_of[i]);
  std::sort(pairs.begin(), pairs.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < pairs.size(); ++i) keys[i] = pairs[i].first;
  auto list = Create(context, std::move(keys));
  if (!list.ok()) return list.status();
  list->class_names_ = std::move(class_names);
  for (const auto& p : pairs) list->class_of_.push_back(p.second);
  return list;
}

int CredentialList::ClassOf(const VerifyKey& key) const {
  if (class_names_.empty()) return -1;
  auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
  if (it == keys_.end() || *it != key) return -1;
  return class_of_[static_cast<std::size_t>(it - keys_.begin())];
}

std::vector<std::size_t> CredentialList::ClassSizes() const {
  std::vector<std::size_t> sizes(class_names_.size(), 0);
  for (std::uint8_t c : class_of_) ++sizes[c];
  return sizes;
}

Result<CredentialList> CredentialList::Decode(
    std::span<const std::uint8_t> bytes) {
  Decoder d(bytes);
  std::string tag;
  CredentialList list;
  std::uint32_t n = 0;
  if (!d.Str(tag, 64) || tag != "hall/v1/credential-list" ||
      !d.Var(list.context_, kMaxContext) || !d.U32(n) || n > kMaxListSize) {
    return Status::InvalidArgument("this is not a credential list (damaged?)");
  }
  list.keys_.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::array<std::uint8_t, VerifyKey::kSize> raw{};
    if (!d.Fixed(raw)) {
      return Status::InvalidArgument("the credential list is truncated");
    }
    auto key = VerifyKey::FromBytes(raw);
    if (!key.ok()) {
      return Status::InvalidArgument(
          "credential " + std::to_string(i + 1) +
          " of the list is invalid: " + key.message());
    }
    if (!list.keys_.empty() && !(list.keys_.back() < *key)) {
      return Status::InvalidArgument(
          "the credential list is not in canonical order or repeats a "
          "credential");
    }
    list.keys_.push_back(*key);
  }
  if (d.Done()) return list;
  std::string classes_tag;
  std::uint32_t c = 0;
  if (!d.Str(classes_tag, 64) || classes_tag != "hall/v1/credential-classes" ||
      !d.U32(c) || c < 1 || c > kMaxClasses) {
    return Status::InvalidArgument(
        "the credential list has unexpected bytes at its end");
  }
  for (std::uint32_t i = 0; i < c; ++i) {
    std::string name;
    if (!d.Str(name, 256) || name.empty() ||
        std::find(list.class_names_.begin(), list.class_names_.end(), name) !=
            list.class_names_.end()) {
      return Status::InvalidArgument(
          "the credential list's voter classes are damaged");
    }
    list.class_names_.push_back(std::move(name));
  }
  list.class_of_.reserve(list.keys_.size());
  for (std::size_t i = 0; i < list.keys_.size(); ++i) {
    std::uint8_t k = 0;
    if (!d.U8(k) || k >= c) {
      return Status::InvalidArgument(
          "the credential list's voter classes are damaged");
    }
    list.class_of_.push_back(k);
  }
  if (!d.Done()) {
    return Status::InvalidArgument(
        "the credential list has unexpected bytes at its end");
  }
  return list;
}

Bytes CredentialList::Encode() const {
  Encoder e;
  e.Str("hall/v1/credential-list")
      .Var(context_)
      .U32(static_cast<std::uint32_t>(keys_.size()));
  for (const VerifyKey& key : keys_) e.Fixed(key.bytes());
  if (!class_names_.empty()) {
    e.Str("hall/v1/credential-classes")
        .U32(static_cast<std::uint32_t>(class_names_.size()));
    for (const auto& name : class_names_) e.Str(name);
    for (std::uint8_t c : class_of_) e.U8(c);
  }
  return e.Take();
}

Digest CredentialList::digest() const { return Blake2b256(Encode()); }

bool CredentialList::Contains(const VerifyKey& key) const {
  return std::binary_search(keys_.begin(), keys_.end(), key);
}

}  // namespace hall::crypto
