// Frames: the unit of the kiosk <-> server wire protocol.
//
// Every message travels as one frame, all integers big-endian:
//
//   offset size  field
//   0      4     magic "HALL" (0x48 0x41 0x4C 0x4C)
//   4      1     protocol version (kProtocolVersion, protocol.h: 2)
//   5      2     message type (opaque here; the message set is defined by the
//                protocol layer, see docs/protocol.md)
//   7      4     payload length in bytes
//   11     n     payload
//
// A reader checks the header and the length against its size limit BEFORE it
// allocates anything for the payload; a frame over the limit or with a bad
// magic or version is refused with a Status and the connection is closed (the
// stream cannot be resynchronised). A writer refuses to produce a frame over
// its limit.
#ifndef HALL_SHARED_NET_FRAME_H_
#define HALL_SHARED_NET_FRAME_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/protocol.h"

namespace hall::net {

inline constexpr std::array<std::uint8_t, 4> kFrameMagic = {'H', 'A', 'L', 'L'};
// The one protocol version (the message set's, hall/shared/protocol.h).
using shared::kProtocolVersion;
inline constexpr std::size_t kFrameHeaderSize = 11;
// Default hard limit on a frame's payload: 1 MiB.
inline constexpr std::uint32_t kDefaultMaxFramePayload = 1u << 20;

struct Frame {
  std::uint16_t type = 0;
  std::vector<std::uint8_t> payload;

  friend bool operator==(const Frame&, const Frame&) = default;
};

struct FrameHeader {
  std::uint8_t version = kProtocolVersion;
  std::uint16_t type = 0;
  std::uint32_t payload_length = 0;
};

// Encodes the 11-byte header for `type` and `payload_length` (no checks).
std::array<std::uint8_t, kFrameHeaderSize> EncodeFrameHeader(
    std::uint16_t type, std::uint32_t payload_length);

// Checks magic, version and `payload_length <= max_payload`.
Result<FrameHeader> ParseFrameHeader(
    std::span<const std::uint8_t, kFrameHeaderSize> bytes,
    std::uint32_t max_payload = kDefaultMaxFramePayload);

// Header + payload; refuses a payload over `max_payload`.
Result<std::vector<std::uint8_t>> EncodeFrame(
    const Frame& frame, std::uint32_t max_payload = kDefaultMaxFramePayload);

// Decodes exactly one frame that fills `bytes` (no trailing bytes).
Result<Frame> DecodeFrame(std::span<const std::uint8_t> bytes,
                          std::uint32_t max_payload = kDefaultMaxFramePayload);

}  // namespace hall::net

#endif  // HALL_SHARED_NET_FRAME_H_
