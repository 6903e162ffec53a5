// The alert kinds' one name table, and the sanitizing of a kiosk's text
// before the committee's terminal shows it (kiosk_alert.h).
#include "hall/shared/kiosk_alert.h"

#include <gtest/gtest.h>

namespace hall::shared {
namespace {

TEST(KioskAlertTest, OneNameTable) {
  for (AlertKind kind : kAllAlertKinds) {
    EXPECT_EQ(ParseAlertKind(AlertKindName(kind)), kind);
    EXPECT_EQ(AlertKindOfWire(static_cast<std::uint8_t>(kind)), kind);
  }
  EXPECT_EQ(AlertKindName(AlertKind::kTemplateSealInvalid),
            "template_seal_invalid");
  EXPECT_EQ(AlertKindName(AlertKind::kInclusionCheckFailed),
            "inclusion_check_failed");
  EXPECT_EQ(AlertKindName(AlertKind::kSpoiledCheckFailed),
            "spoiled_check_failed");
  EXPECT_FALSE(ParseAlertKind("Template_Seal_Invalid"));
  EXPECT_FALSE(AlertKindOfWire(0));
  EXPECT_FALSE(AlertKindOfWire(4));
}

TEST(KioskAlertTest, AKiosksTextCannotDriveTheCommitteesTerminal) {
  EXPECT_EQ(SanitizeAlertText("seal of round 3 is bad"),
            "seal of round 3 is bad");
  EXPECT_EQ(SanitizeAlertText("Phiếu bầu 选票"), "Phiếu bầu 选票");
  // Escape sequences, C1 controls, DEL, bidirectional overrides, bytes that
  // are not UTF-8 (a lone continuation, an overlong '/', a surrogate).
  EXPECT_EQ(SanitizeAlertText("a\x1b[2Jb"), "a\xEF\xBF\xBD[2Jb");
  EXPECT_EQ(SanitizeAlertText("a\xC2\x9B"
                              "b\x7F"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeAlertText("x\xE2\x80\xAEy\xE2\x81\xA6z"),
            "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
  std::string six_replacements;
  for (int i = 0; i < 6; ++i) six_replacements += "\xEF\xBF\xBD";
  EXPECT_EQ(SanitizeAlertText("\x80\xC0\xAF\xED\xA0\x80"), six_replacements);
  EXPECT_EQ(SanitizeAlertText("line\none\ttab\r"), "line one tab ");
  // Cut to the limit at a character boundary.
  const std::string long_text = std::string(499, 'x') + "ế";
  EXPECT_EQ(SanitizeAlertText(long_text), std::string(499, 'x'));
  EXPECT_EQ(SanitizeAlertText(std::string(600, 'x')).size(), kMaxAlertDetail);
  EXPECT_EQ(SanitizeAlertText("kiosk-01", 4), "kios");
}

}  // namespace
}  // namespace hall::shared
