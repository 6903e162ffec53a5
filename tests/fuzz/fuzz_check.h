// Helpers shared by the libFuzzer targets (tests/fuzz/*_fuzz.cc).
//
// FUZZ_CHECK(cond) aborts (a crash libFuzzer saves) when a property a
// target asserts does not hold. CheckRoundTrip<T>(bytes) asserts the codec
// property every binary decoder must keep: whatever T::Decode accepts
// re-encodes to bytes that T::Decode accepts again and that re-encode to
// themselves (decode -> encode -> decode is stable). Select(data, size)
// splits off the first byte, which targets use to pick the message type.
#ifndef HALL_TESTS_FUZZ_FUZZ_CHECK_H_
#define HALL_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

#define FUZZ_CHECK(cond)                                                \
  do {                                                                  \
    if (!(cond)) {                                                      \
      std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, \
                   __LINE__, #cond);                                    \
      std::abort();                                                     \
    }                                                                   \
  } while (0)

namespace hall::fuzz {

// The first byte (0 when empty) and the rest.
struct Selected {
  std::uint8_t selector = 0;
  std::span<const std::uint8_t> rest;
};
inline Selected Select(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  return {data[0], std::span<const std::uint8_t>(data + 1, size - 1)};
}

inline std::string_view AsText(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Returns whether `bytes` decoded (so a target can count what it exercised).
template <typename T>
bool CheckRoundTrip(std::span<const std::uint8_t> bytes) {
  auto first = T::Decode(bytes);
  if (!first.ok()) return false;
  const auto encoded = first.value().Encode();
  auto second = T::Decode(encoded);
  FUZZ_CHECK(second.ok());
  FUZZ_CHECK(second.value().Encode() == encoded);
  return true;
}

}  // namespace hall::fuzz

#endif  // HALL_TESTS_FUZZ_FUZZ_CHECK_H_
