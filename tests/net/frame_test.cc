// Frame format: layout, round trip, and refusal of malformed or oversized
// headers before any payload allocation.
#include "hall/shared/net/frame.h"

#include <gtest/gtest.h>

namespace hall::net {
namespace {

TEST(FrameTest, HeaderLayoutIsBigEndianWithMagicAndVersion) {
  auto h = EncodeFrameHeader(0x0102, 0x03040506);
  const std::array<std::uint8_t, 11> want = {'H',  'A',  'L',  'L',  2,   0x01,
                                             0x02, 0x03, 0x04, 0x05, 0x06};
  EXPECT_EQ(h, want);
  EXPECT_EQ(kProtocolVersion, 2);
}

TEST(FrameTest, RoundTrip) {
  Frame f{7, {1, 2, 3, 4, 5}};
  auto bytes = EncodeFrame(f);
  ASSERT_TRUE(bytes.ok()) << bytes.message();
  EXPECT_EQ(bytes->size(), kFrameHeaderSize + 5);
  auto back = DecodeFrame(*bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(*back, f);
}

TEST(FrameTest, EmptyPayloadRoundTrip) {
  Frame f{0xFFFF, {}};
  auto bytes = EncodeFrame(f);
  ASSERT_TRUE(bytes.ok());
  auto back = DecodeFrame(*bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, f);
}

TEST(FrameTest, BadMagicRefused) {
  auto h = EncodeFrameHeader(1, 0);
  h[0] = 'G';
  auto r = ParseFrameHeader(h);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("magic"), std::string::npos) << r.message();
}

TEST(FrameTest, AMalformedFrameIsInvalidArgument) {
  auto h = EncodeFrameHeader(1, 0);
  h[0] = 'G';
  EXPECT_EQ(ParseFrameHeader(h).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeFrame(std::vector<std::uint8_t>{1, 2, 3}).code(),
            StatusCode::kInvalidArgument);
}

TEST(FrameTest, BadVersionRefused) {
  auto h = EncodeFrameHeader(1, 0);
  h[4] = 3;
  auto r = ParseFrameHeader(h);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("unsupported protocol version 3"),
            std::string::npos)
      << r.message();
  // A kiosk of version 1 (before alerts and spoiled ballots) is told to
  // update.
  h[4] = 1;
  r = ParseFrameHeader(h);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("unsupported protocol version 1 (this side "
                             "speaks 2); update the kiosk or the server"),
            std::string::npos)
      << r.message();
}

TEST(FrameTest, OversizedHeaderRefusedBeforeAllocation) {
  // 4 GiB - 1 announced: refused from the header alone.
  auto h = EncodeFrameHeader(9, 0xFFFFFFFF);
  auto r = ParseFrameHeader(h);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("frame too large"), std::string::npos);
  EXPECT_NE(r.message().find("limit of 1 MiB"), std::string::npos)
      << r.message();
  // Exactly at the limit is fine.
  EXPECT_TRUE(
      ParseFrameHeader(EncodeFrameHeader(9, kDefaultMaxFramePayload)).ok());
  EXPECT_FALSE(
      ParseFrameHeader(EncodeFrameHeader(9, kDefaultMaxFramePayload + 1)).ok());
}

TEST(FrameTest, LimitIsConfigurable) {
  EXPECT_TRUE(ParseFrameHeader(EncodeFrameHeader(1, 100), 100).ok());
  EXPECT_FALSE(ParseFrameHeader(EncodeFrameHeader(1, 101), 100).ok());
  Frame f{1, std::vector<std::uint8_t>(101)};
  auto bytes = EncodeFrame(f, 100);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.message().find("too large to send"), std::string::npos);
}

TEST(FrameTest, TruncatedAndTrailingBytesRefused) {
  auto bytes = EncodeFrame(Frame{1, {1, 2, 3}});
  ASSERT_TRUE(bytes.ok());
  std::vector<std::uint8_t> shorter(bytes->begin(), bytes->end() - 1);
  EXPECT_FALSE(DecodeFrame(shorter).ok());
  std::vector<std::uint8_t> longer = *bytes;
  longer.push_back(0);
  EXPECT_FALSE(DecodeFrame(longer).ok());
  std::vector<std::uint8_t> tiny(bytes->begin(), bytes->begin() + 5);
  EXPECT_FALSE(DecodeFrame(tiny).ok());
}

}  // namespace
}  // namespace hall::net
