// The ballot-code slips as a committee prints them: the PDF read back with
// pdftotext (every code in its groups, the labels and the instruction in
// the meeting's language, the seal fingerprint, the count on the cover),
// pdffonts (only embedded Noto faces) and pdfinfo (a cover and one page per
// eight slips), and each page rendered with pdftoppm and scanned with
// zbarimg, as a kiosk's or a phone's reader would: every QR code reads back
// as a code of that page's slips, one per slip.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_command.h"
#include "paper/pdf_tools.h"
#include "hall/paper/slips_pdf.h"

namespace hall {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::Quote;
using testing::RunCommand;

fs::path TempDir() {
  char tmpl[] = "/tmp/hall-slips-test-XXXXXX";
  EXPECT_NE(mkdtemp(tmpl), nullptr);
  return tmpl;
}

// Codes in hall's format (7 groups; the letters of the real alphabet).
std::vector<std::string> Codes(int n) {
  const std::string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::vector<std::string> codes;
  for (int i = 0; i < n; ++i) {
    std::string c;
    for (int g = 0; g < 7; ++g) {
      if (g) c += '-';
      for (int k = 0; k < (g == 6 ? 3 : 4); ++k)
        c += alphabet[(i * 7 + g * 5 + k * 11 + i * i) % alphabet.size()];
    }
    codes.push_back(c);
  }
  return codes;
}

paper::SlipSheet P1Sheet() {
  paper::SlipSheet s;
  s.language = rules::Language::kVi;
  s.meeting_title = "Hội nghị cán bộ chủ chốt Sở Tư pháp";
  s.meeting_date = "2027-03-15";
  s.round = 3;
  s.procedure = "P1 — Bổ nhiệm cán bộ";
  s.step = "2";
  s.step_title = "Hội nghị cán bộ chủ chốt";
  s.seal_fingerprint = "7Q2M-X4KD-PW9T-3BZA";
  s.template_digest = std::string(64, 'c');
  s.made_at = "2027-03-15T08:30:00Z";
  return s;
}

std::string Write(const fs::path& dir, const std::string& name,
                  const std::string& bytes) {
  const fs::path p = dir / name;
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}

// The QR codes of page `page` as a scanner reads them, sorted (zbarimg
// lists them in no fixed order).
std::vector<std::string> Scan(const std::string& pdf, int page,
                              const fs::path& dir) {
  const std::string png = (dir / ("page-" + std::to_string(page))).string();
  const CommandResult r = RunCommand(
      "pdftoppm -r 150 -gray -png -singlefile -f " + std::to_string(page) +
      " -l " + std::to_string(page) + " " + Quote(pdf) + " " + Quote(png));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const CommandResult z = RunCommand("zbarimg -q --raw " + Quote(png + ".png"));
  std::vector<std::string> codes;
  std::istringstream lines(z.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) codes.push_back(line);
  std::sort(codes.begin(), codes.end());
  return codes;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(SlipsPrint, P1SlipsInVietnameseScanBackAsTheirCodes) {
  const fs::path dir = TempDir();
  const std::vector<std::string> codes = Codes(11);
  auto pdf = paper::SlipsPdf(P1Sheet(), codes);
  ASSERT_TRUE(pdf.ok()) << pdf.message();
  const std::string file = Write(dir, "slips.pdf", *pdf);
  EXPECT_EQ(Pages(file), 3);  // the cover, 8 slips, 3 slips
  const std::string text = Text(file);
  for (const char* label :
       {"PHIẾU MÃ BỎ PHIẾU", "Số phiếu mã", "Người in phiếu",
        "Cắt theo đường nét đứt",
        "Nhập mã tại máy bỏ phiếu; mã dùng một lần; giữ bí mật.",
        "Hội nghị cán bộ chủ chốt Sở Tư pháp", "Vòng 3 · Bước 2",
        "15/03/2027", "7Q2M-X4KD-PW9T-3BZA", "Phiếu mã vòng 3 · Trang 3/3"})
    EXPECT_NE(text.find(label), std::string::npos) << label;
  EXPECT_NE(Squeeze(text).find("Sốphiếumã11"), std::string::npos);
  EXPECT_NE(Squeeze(text).find("Trưởngbankiểmphiếu(nhận)"), std::string::npos);
  // Every code in its groups, two to a line.
  for (const std::string& c : codes) {
    EXPECT_NE(text.find(c.substr(0, 4) + " " + c.substr(5, 4)),
              std::string::npos) << c;
    EXPECT_NE(text.find(c.substr(30, 3)), std::string::npos) << c;
  }
  EXPECT_EQ(Scan(file, 2, dir),
            Sorted({codes.begin(), codes.begin() + 8}));
  EXPECT_EQ(Scan(file, 3, dir), Sorted({codes.begin() + 8, codes.end()}));
  EXPECT_TRUE(Scan(file, 1, dir).empty());  // no code on the cover
  const CommandResult fonts = RunCommand("pdffonts " + Quote(file));
  std::istringstream lines(fonts.out);
  std::string line;
  std::getline(lines, line);
  std::getline(lines, line);
  int n = 0;
  while (std::getline(lines, line)) {
    ++n;
    EXPECT_NE(line.find("Noto"), std::string::npos) << line;
    EXPECT_NE(line.find(" yes yes yes "), std::string::npos) << line;
  }
  EXPECT_GT(n, 0);
}

TEST(SlipsPrint, P7SlipsInChineseWithTheVoterClass) {
  const fs::path dir = TempDir();
  paper::SlipSheet s = P1Sheet();
  s.language = rules::Language::kZh;
  s.meeting_title = "中共某某县委全体会议";
  s.procedure = "P7 — 干部选拔任用";
  s.step = "2";
  s.step_title = "全委会投票表决";
  s.code_classes = {"A", "A", "B"};
  s.rehearsal = true;
  const std::vector<std::string> codes = Codes(3);
  auto pdf = paper::SlipsPdf(s, codes);
  ASSERT_TRUE(pdf.ok()) << pdf.message();
  const std::string file = Write(dir, "slips-zh.pdf", *pdf);
  EXPECT_EQ(Pages(file), 2);
  const std::string text = Text(file);
  for (const char* label :
       {"投票码凭条", "凭条数", "选举人类别 A", "选举人类别 B", "打印人", "总监票人（接收）",
        "沿虚线剪开", "在投票机上输入此码；只能使用一次；请保密。",
        "第3轮 · 第2步：全委会投票表决", "2027年03月15日", "演练——本批凭条无效",
        "投票机显示的印章须为：7Q2M-X4KD-PW9T-3BZA"})
    EXPECT_NE(text.find(label), std::string::npos) << label;
  EXPECT_EQ(Scan(file, 2, dir), Sorted(codes));
}

TEST(SlipsPrint, RefusesWhatItCannotPrint) {
  auto none = paper::SlipsPdf(P1Sheet(), {});
  EXPECT_EQ(none.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(none.message().find("no ballot codes"), std::string::npos);
  auto many = paper::SlipsPdf(
      P1Sheet(), std::vector<std::string>(paper::kMaxSlips + 1, Codes(1)[0]));
  EXPECT_EQ(many.code(), StatusCode::kInvalidArgument);
  paper::SlipSheet marks = P1Sheet();
  for (char c : std::string("HOINGHI")) {
    marks.meeting_title += c;
    for (int i = 0; i < 30; ++i) marks.meeting_title += "\u0323\u0330";
  }
  auto stacked = paper::SlipsPdf(marks, Codes(1));
  EXPECT_EQ(stacked.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(stacked.message().find("more than three accents"), std::string::npos)
      << stacked.message();
  paper::SlipSheet bad = P1Sheet();
  bad.meeting_title = "Hội nghị\x07";
  auto control = paper::SlipsPdf(bad, Codes(1));
  EXPECT_EQ(control.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(control.message().find("control character"), std::string::npos)
      << control.message();
}

}  // namespace
}  // namespace hall
