// The printable slips: one slip per code, an inline SVG QR code that draws
// exactly libqrencode's modules, escaped UTF-8 text, no external resources.
#include "hall/server/admin/slips.h"

#include <gtest/gtest.h>
#include <qrencode.h>

#include <regex>
#include <set>
#include <utility>

namespace hall::server::admin {
namespace {

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

const char* const kCode = "7K3Q-M0ZD-4XW9-PB2T-AAAA-BBBB-CCC";

TEST(QrSvgTest, DrawsExactlyTheModulesOfLibqrencode) {
  auto svg = QrSvg(kCode);
  ASSERT_TRUE(svg.ok()) << svg.message();
  QRcode* qr = QRcode_encodeString(kCode, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  ASSERT_NE(qr, nullptr);
  const int w = qr->width;
  std::set<std::pair<int, int>> expected;
  for (int y = 0; y < w; ++y)
    for (int x = 0; x < w; ++x)
      if (qr->data[y * w + x] & 1) expected.insert({x + 4, y + 4});
  QRcode_free(qr);
  const std::string total = std::to_string(w + 8);
  EXPECT_NE(svg->find("viewBox=\"0 0 " + total + " " + total + "\""),
            std::string::npos);
  std::set<std::pair<int, int>> drawn;
  const std::regex module("M([0-9]+) ([0-9]+)h1v1h-1z");
  for (std::sregex_iterator it(svg->begin(), svg->end(), module), end;
       it != end; ++it) {
    drawn.insert({std::stoi((*it)[1]), std::stoi((*it)[2])});
  }
  EXPECT_EQ(drawn, expected);
  EXPECT_EQ(svg->rfind("<svg", 0), 0u);
}

TEST(RenderSlipsTest, OneSlipPerCodeWithTextAndQr) {
  SlipHeading h;
  h.meeting_title = "Hội nghị cán bộ chủ chốt <2027> & 干部大会";
  h.meeting_id = 3;
  h.round_id = 7;
  h.procedure = "P1";
  h.step = "2";
  h.step_title = "Extended conference";
  h.step_title_local = "Hội nghị mở rộng";
  std::vector<std::string> codes;
  for (int i = 0; i < 11; ++i) {
    std::string c = kCode;
    c[0] = static_cast<char>('A' + i);
    codes.push_back(c);
  }
  auto html = RenderSlips(h, codes);
  ASSERT_TRUE(html.ok()) << html.message();
  EXPECT_EQ(Count(*html, "<div class=\"slip\">"), 11u);
  EXPECT_EQ(Count(*html, "<svg "), 11u);
  // 8 slips per A4 page: two pages.
  EXPECT_EQ(Count(*html, "<div class=\"page\">"), 2u);
  EXPECT_NE(html->find("size: A4"), std::string::npos);
  EXPECT_NE(html->find("dashed"), std::string::npos);  // cut lines
  EXPECT_NE(html->find("<meta charset=\"utf-8\">"), std::string::npos);
  // UTF-8 text kept, markup escaped.
  EXPECT_NE(html->find("Hội nghị cán bộ chủ chốt &lt;2027&gt; &amp; 干部大会"),
            std::string::npos);
  EXPECT_EQ(html->find("<2027>"), std::string::npos);
  EXPECT_NE(html->find("round 7"), std::string::npos);
  EXPECT_NE(html->find("Hội nghị mở rộng"), std::string::npos);
  // The code in groups, two per line, and each slip's own code.
  EXPECT_NE(html->find("BK3Q\u2002M0ZD<br>4XW9\u2002PB2T"), std::string::npos);
  for (const auto& c : codes) {
    EXPECT_NE(html->find(c.substr(0, 4) + "\u2002M0ZD"), std::string::npos);
  }
  // Nothing fetched from anywhere.
  for (const char* bad :
       {"src=", "href=", "url(", "@import", "<script", "<link", "https:"}) {
    EXPECT_EQ(html->find(bad), std::string::npos) << bad;
  }
}

TEST(RenderSlipsTest, NoCodesGivesAnEmptySheet) {
  auto html = RenderSlips(SlipHeading{}, {});
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(Count(*html, "class=\"slip\""), 0u);
}

TEST(HtmlEscapeTest, EscapesMarkup) {
  EXPECT_EQ(HtmlEscape("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c");
}

}  // namespace
}  // namespace hall::server::admin
