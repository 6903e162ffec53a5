// HumanText: the one check and normalisation of every text a person gives.
#include <gtest/gtest.h>

#include "hall/shared/printable_text.h"

namespace hall::shared {
namespace {

TEST(HumanText, ComposesDecomposedVietnameseToOneSpelling) {
  const std::string composed = "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Hoa";  // Nguyễn Thị Hoa
  const std::string decomposed = "Nguye\xcc\x82\xcc\x83n Thi\xcc\xa3 Hoa";
  auto a = HumanText(composed, "name", kMaxNameBytes);
  auto b = HumanText(decomposed, "name", kMaxNameBytes);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, composed);
  EXPECT_EQ(*b, composed);
  auto zh = HumanText("\xe5\xbc\xa0\xe4\xbc\x9f", "name", kMaxNameBytes);  // 张伟
  ASSERT_TRUE(zh.ok());
  EXPECT_EQ(*zh, "\xe5\xbc\xa0\xe4\xbc\x9f");
}

TEST(HumanText, RefusesBadBytesNamingTheFieldWithoutEchoingThem) {
  auto bad = HumanText("Tr\xff" "n", "roll line 3: name", kMaxNameBytes);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(),
            "roll line 3: name \"Tr?n\" is not UTF-8 text: save the file as UTF-8");
  for (const std::string& text : {std::string("a\0b", 3), std::string("a\x1b[2Jb"),
                                 std::string("\xed\xa0\x80"),  // a surrogate
                                 std::string("\xc0\xaf")}) {    // overlong "/"
    auto r = HumanText(text, "the name", kMaxNameBytes);
    EXPECT_FALSE(r.ok()) << text;
  }
  EXPECT_FALSE(HumanText("", "the name", kMaxNameBytes).ok());
  EXPECT_FALSE(HumanText(std::string(201, 'a'), "the name", kMaxNameBytes).ok());
}

TEST(HumanText, LinesKeepTheirBreaksAndNameTheBadLine) {
  auto ok = HumanText("d\xc3\xb2ng 1\r\nd\xc3\xb2ng 2\n", "the text", 100,
                      TextShape::kLines);
  ASSERT_TRUE(ok.ok()) << ok.message();
  EXPECT_EQ(*ok, "d\xc3\xb2ng 1\nd\xc3\xb2ng 2\n");
  auto bad = HumanText("one\ntw\xff", "the text", 100, TextShape::kLines);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.message().rfind("the text (line 2) ", 0), 0u) << bad.message();
  EXPECT_FALSE(HumanText("a\nb", "the name", 100).ok()) << "one line only";
}

// Names that would look like another (a zero-width space, a direction
// override, a byte order mark inside, a line separator) and characters no
// font prints are refused, naming the character.
TEST(HumanText, InvisibleAndUnprintableCharactersAreRefused) {
  for (const char* look_alike :
       {"A\u200Bn", "A\u2060n", "\u202EAn", "An\uFEFF", "A\u2028n", "A\u00ADn"}) {
    auto r = HumanText(look_alike, "candidate", 100);
    ASSERT_FALSE(r.ok()) << look_alike;
    EXPECT_NE(r.message().find("invisible character (U+"), std::string::npos)
        << r.message();
  }
  for (const char* unprintable : {"P\uE000", "P\uFFFF", "P\U000E0001x"}) {
    auto r = HumanText(unprintable, "candidate", 100);
    ASSERT_FALSE(r.ok()) << unprintable;
  }
  auto pua = HumanText("P\uE000", "candidate", 100);
  EXPECT_NE(pua.message().find("no font prints (U+E000)"), std::string::npos)
      << pua.message();
  EXPECT_TRUE(HumanText("Nguyễn Thị Hoa — 郑明", "candidate", 100).ok());
}

TEST(EscapeForLog, KeepsTextAndEscapesWhatAPeerCouldForge) {
  EXPECT_EQ(EscapeForLog("kiosk-01 Hội trường 郑明"), "kiosk-01 Hội trường 郑明");
  EXPECT_EQ(EscapeForLog("evil\nhall-server: FAKE\x1b[31m"),
            "evil\\x0Ahall-server: FAKE\\x1B[31m");
  EXPECT_EQ(EscapeForLog("a\xff\xc0" "b"), "a\\xFF\\xC0b");
  EXPECT_EQ(EscapeForLog("\u202Eab\\"), "\\u{202E}ab\\\\");
  EXPECT_EQ(EscapeForLog(std::string(300, 'x'), 10), std::string(10, 'x') + "...");
}

}  // namespace
}  // namespace hall::shared
