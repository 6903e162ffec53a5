#include <gtest/gtest.h>

#include "hall/crypto/internal/base32.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::ToBytes;

TEST(SealBase32, AlphabetHasNoAmbiguousLetters) {
  EXPECT_EQ(kBase32Alphabet.size(), 32u);
  for (char c : std::string_view("ILOU")) {
    EXPECT_EQ(kBase32Alphabet.find(c), std::string_view::npos) << c;
  }
  for (std::size_t i = 0; i < 32; ++i) {
    EXPECT_EQ(Base32Value(kBase32Alphabet[i]), static_cast<int>(i));
  }
}

TEST(SealBase32, AliasesAndCase) {
  EXPECT_EQ(Base32Value('o'), 0);
  EXPECT_EQ(Base32Value('O'), 0);
  EXPECT_EQ(Base32Value('i'), 1);
  EXPECT_EQ(Base32Value('L'), 1);
  EXPECT_EQ(Base32Value('z'), 31);
  EXPECT_EQ(Base32Value('U'), -1);
  EXPECT_EQ(Base32Value('u'), -1);
  EXPECT_EQ(Base32Value('*'), -1);
  EXPECT_EQ(Base32Value('\0'), -1);
}

TEST(SealBase32, KnownEncodings) {
  EXPECT_EQ(Base32Encode({}), "");
  EXPECT_EQ(Base32Encode(Bytes{0xff}), "ZW");  // 11111 111(00)
  EXPECT_EQ(Base32Encode(Bytes{0x00, 0x00}), "0000");
  EXPECT_EQ(Base32Encode(ToBytes("f")), "CR");
  EXPECT_EQ(Base32Encode(ToBytes("foobar")), "CSQPYRK1E8");
  EXPECT_EQ(Base32EncodeBits(Bytes{0xff, 0xff}, 10), "ZZ");
  EXPECT_EQ(Base32EncodeBits(Bytes{0x80}, 1), "G");
}

TEST(SealBase32, RoundTripAllLengths) {
  auto random = testing::FixedRandom(7);
  for (std::size_t n = 0; n < 40; ++n) {
    Bytes b(n);
    if (n > 0) random.Fill(b);  // Fill({}) passes NULL to libsodium
    const std::string s = Base32Encode(b);
    EXPECT_EQ(s.size(), (8 * n + 4) / 5);
    auto back = Base32Decode(s, n);
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, b);
  }
}

TEST(SealBase32, DecodeRejects) {
  EXPECT_FALSE(Base32Decode("ZX", 1).has_value());   // padding bits set
  EXPECT_FALSE(Base32Decode("ZW0", 1).has_value());  // too long
  EXPECT_FALSE(Base32Decode("Z", 1).has_value());    // too short
  EXPECT_FALSE(Base32Decode("ZU", 1).has_value());   // not in the alphabet
  EXPECT_TRUE(Base32Decode("zw", 1).has_value());
}

TEST(SealBase32, GroupAndStrip) {
  EXPECT_EQ(GroupSymbols("ABCDEFGHJ", 4), "ABCD-EFGH-J");
  EXPECT_EQ(GroupSymbols("ABCD", 4), "ABCD");
  EXPECT_EQ(GroupSymbols("", 4), "");
  EXPECT_EQ(StripSeparators(" ab-cd\tE F "), "abcdEF");
}

}  // namespace
}  // namespace hall::crypto
