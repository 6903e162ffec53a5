#include "hall/crypto/internal/base32.h"

#include "hall/base/status.h"

namespace hall::crypto {

int Base32Value(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return 0;
  if (c == 'I' || c == 'L') return 1;
  for (std::size_t i = 0; i < kBase32Alphabet.size(); ++i) {
    if (kBase32Alphabet[i] == c) return static_cast<int>(i);
  }
  return -1;
}

std::string Base32EncodeBits(std::span<const std::uint8_t> bytes,
                             std::size_t bits) {
  HALL_CHECK(bits <= 8 * bytes.size());
  std::string out;
  out.reserve((bits + 4) / 5);
  for (std::size_t start = 0; start < bits; start += 5) {
    int value = 0;
    for (std::size_t b = start; b < start + 5; ++b) {
      int bit = 0;
      if (b < bits) bit = (bytes[b / 8] >> (7 - b % 8)) & 1;
      value = (value << 1) | bit;
    }
    out.push_back(kBase32Alphabet[value]);
  }
  return out;
}

std::string Base32Encode(std::span<const std::uint8_t> bytes) {
  return Base32EncodeBits(bytes, 8 * bytes.size());
}

std::optional<Bytes> Base32Decode(std::string_view symbols, std::size_t size) {
  const std::size_t bits = 8 * size;
  if (symbols.size() != (bits + 4) / 5) return std::nullopt;
  Bytes out(size, 0);
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    const int value = Base32Value(symbols[i]);
    if (value < 0) return std::nullopt;
    for (int k = 0; k < 5; ++k) {
      const int bit = (value >> (4 - k)) & 1;
      const std::size_t b = 5 * i + k;
      if (b >= bits) {
        if (bit) return std::nullopt;  // padding must be zero
        continue;
      }
      out[b / 8] |= static_cast<std::uint8_t>(bit << (7 - b % 8));
    }
  }
  return out;
}

std::string StripSeparators(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '-' && c != '\t') out.push_back(c);
  }
  return out;
}

std::string GroupSymbols(std::string_view symbols, std::size_t group,
                         char separator) {
  HALL_CHECK(group > 0);
  std::string out;
  for (std::size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0 && i % group == 0) out.push_back(separator);
    out.push_back(symbols[i]);
  }
  return out;
}

}  // namespace hall::crypto
