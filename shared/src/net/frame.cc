// Frame encoding and header checks; see frame.h for the layout.
#include "hall/shared/net/frame.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

namespace hall::net {

namespace {

std::string DescribeBytes(std::span<const std::uint8_t> bytes) {
  std::string out;
  for (std::uint8_t b : bytes) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::string SizeText(std::uint64_t n) {
  if (n >= (1u << 20) && n % (1u << 20) == 0) {
    return std::to_string(n >> 20) + " MiB";
  }
  if (n >= 1024 && n % 1024 == 0) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + " bytes";
}

}  // namespace

std::array<std::uint8_t, kFrameHeaderSize> EncodeFrameHeader(
    std::uint16_t type, std::uint32_t payload_length) {
  return {kFrameMagic[0],
          kFrameMagic[1],
          kFrameMagic[2],
          kFrameMagic[3],
          kProtocolVersion,
          static_cast<std::uint8_t>(type >> 8),
          static_cast<std::uint8_t>(type),
          static_cast<std::uint8_t>(payload_length >> 24),
          static_cast<std::uint8_t>(payload_length >> 16),
          static_cast<std::uint8_t>(payload_length >> 8),
          static_cast<std::uint8_t>(payload_length)};
}

Result<FrameHeader> ParseFrameHeader(
    std::span<const std::uint8_t, kFrameHeaderSize> bytes,
    std::uint32_t max_payload) {
  if (!std::equal(kFrameMagic.begin(), kFrameMagic.end(), bytes.begin())) {
    return Status::InvalidArgument(
        "malformed frame: expected magic \"HALL\" (48414c4c), got " +
        DescribeBytes(bytes.first<4>()) +
        "; the peer does not speak the hall protocol");
  }
  FrameHeader header;
  header.version = bytes[4];
  if (header.version != kProtocolVersion) {
    return Status::InvalidArgument(
        "unsupported protocol version " + std::to_string(header.version) +
        " (this side speaks " + std::to_string(kProtocolVersion) +
        "); update the kiosk or the server so both match");
  }
  header.type = static_cast<std::uint16_t>((bytes[5] << 8) | bytes[6]);
  header.payload_length = (std::uint32_t{bytes[7]} << 24) |
                          (std::uint32_t{bytes[8]} << 16) |
                          (std::uint32_t{bytes[9]} << 8) | bytes[10];
  if (header.payload_length > max_payload) {
    return Status::InvalidArgument(
        "frame too large: payload of " + SizeText(header.payload_length) +
        " for message type " + std::to_string(header.type) +
        " exceeds the limit of " + SizeText(max_payload));
  }
  return header;
}

Result<std::vector<std::uint8_t>> EncodeFrame(const Frame& frame,
                                              std::uint32_t max_payload) {
  if (frame.payload.size() > max_payload) {
    return Status::InvalidArgument(
        "frame too large to send: payload of " +
        SizeText(frame.payload.size()) + " for message type " +
        std::to_string(frame.type) + " exceeds the limit of " +
        SizeText(max_payload));
  }
  const auto header = EncodeFrameHeader(
      frame.type, static_cast<std::uint32_t>(frame.payload.size()));
  std::vector<std::uint8_t> out;
  out.reserve(header.size() + frame.payload.size());
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), frame.payload.begin(), frame.payload.end());
  return out;
}

Result<Frame> DecodeFrame(std::span<const std::uint8_t> bytes,
                          std::uint32_t max_payload) {
  if (bytes.size() < kFrameHeaderSize) {
    return Status::InvalidArgument(
        "malformed frame: " + std::to_string(bytes.size()) +
        " bytes is shorter than the 11-byte header");
  }
  auto header = ParseFrameHeader(bytes.first<kFrameHeaderSize>(), max_payload);
  if (!header.ok()) return header.status();
  const std::size_t rest = bytes.size() - kFrameHeaderSize;
  if (rest != header->payload_length) {
    return Status::InvalidArgument("malformed frame: header announces " +
                                   std::to_string(header->payload_length) +
                                   " payload bytes but " +
                                   std::to_string(rest) + " follow");
  }
  Frame frame;
  frame.type = header->type;
  frame.payload.assign(bytes.begin() + kFrameHeaderSize, bytes.end());
  return frame;
}

}  // namespace hall::net
