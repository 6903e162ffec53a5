// Canonical byte encoding used for everything hall signs or hashes.
//
// Encoder appends big-endian fixed-width integers, fixed-size byte strings
// (no length), and variable byte strings / UTF-8 strings prefixed by their
// length as a u32. There is exactly one encoding of each value, so equal
// encodings mean equal values. Decoder reads the same format back and fails
// (returns false, sets failed()) on truncation or trailing garbage; it never
// reads out of bounds.
#ifndef HALL_CRYPTO_ENCODING_H_
#define HALL_CRYPTO_ENCODING_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hall/crypto/secret.h"

namespace hall::crypto {

// The bytes of a string, as a span (no copy).
inline std::span<const std::uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

class Encoder {
 public:
  Encoder& U8(std::uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  Encoder& U32(std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(v >> shift);
    return *this;
  }
  Encoder& U64(std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(v >> shift);
    return *this;
  }
  Encoder& Fixed(std::span<const std::uint8_t> bytes) {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
    return *this;
  }
  Encoder& Var(std::span<const std::uint8_t> bytes) {
    U32(static_cast<std::uint32_t>(bytes.size()));
    return Fixed(bytes);
  }
  Encoder& Str(std::string_view s) {
    return Var({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
  }
  const Bytes& bytes() const { return out_; }
  Bytes Take() { return std::move(out_); }

 private:
  Bytes out_;
};

class Decoder {
 public:
  explicit Decoder(std::span<const std::uint8_t> in) : in_(in) {}
  bool U8(std::uint8_t& v) {
    if (!Need(1)) return false;
    v = in_[pos_++];
    return true;
  }
  bool U32(std::uint32_t& v) {
    if (!Need(4)) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | in_[pos_++];
    return true;
  }
  bool U64(std::uint64_t& v) {
    if (!Need(8)) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | in_[pos_++];
    return true;
  }
  bool Fixed(std::span<std::uint8_t> out) {
    if (!Need(out.size())) return false;
    for (auto& b : out) b = in_[pos_++];
    return true;
  }
  // Reads a u32 length then that many bytes; refuses lengths over max_len.
  bool Var(Bytes& out, std::size_t max_len = 1u << 24) {
    std::uint32_t n = 0;
    if (!U32(n)) return false;
    if (n > max_len || !Need(n)) return Fail();
    out.assign(in_.begin() + pos_, in_.begin() + pos_ + n);
    pos_ += n;
    return true;
  }
  bool Str(std::string& out, std::size_t max_len = 1u << 20) {
    Bytes b;
    if (!Var(b, max_len)) return false;
    out.assign(b.begin(), b.end());
    return true;
  }
  // True when everything was read and nothing failed.
  bool Done() const { return !failed_ && pos_ == in_.size(); }
  bool failed() const { return failed_; }

 private:
  bool Need(std::size_t n) {
    if (failed_ || in_.size() - pos_ < n) return Fail();
    return true;
  }
  bool Fail() {
    failed_ = true;
    return false;
  }
  std::span<const std::uint8_t> in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace hall::crypto

#endif  // HALL_CRYPTO_ENCODING_H_
