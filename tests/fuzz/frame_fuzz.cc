// Fuzz target: HALL frames (shared/src/net/frame.cc). Property: a frame
// DecodeFrame accepts re-encodes to exactly the input bytes, and its header
// parses to the same type and length.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "hall/shared/net/frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  if (size >= hall::net::kFrameHeaderSize) {
    (void)hall::net::ParseFrameHeader(
        in.first<hall::net::kFrameHeaderSize>());
  }
  auto frame = hall::net::DecodeFrame(in);
  if (!frame.ok()) return 0;
  auto encoded = hall::net::EncodeFrame(*frame);
  FUZZ_CHECK(encoded.ok());
  FUZZ_CHECK(std::span<const std::uint8_t>(*encoded).size() == size);
  FUZZ_CHECK(std::equal(encoded->begin(), encoded->end(), data));
  auto header = hall::net::ParseFrameHeader(
      in.first<hall::net::kFrameHeaderSize>());
  FUZZ_CHECK(header.ok());
  FUZZ_CHECK(header->type == frame->type);
  FUZZ_CHECK(header->payload_length == frame->payload.size());
  return 0;
}
