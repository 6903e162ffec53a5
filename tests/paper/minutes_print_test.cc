// hall-admin minutes print on real meetings: a P1 meeting (Vietnamese) and
// a P7 meeting (Chinese) run by hall-demo through the real hall-server; each
// announced round's PDF read back with pdftotext must carry the names, the
// counts and the shares of the signed minutes (hall-admin minutes show, not
// numbers written here), the labels of its language, the signature roles,
// the minutes digest on every page, only embedded Noto fonts, and no glyph
// left undrawn; the same minutes print byte for byte the same PDF.
#include <gtest/gtest.h>

#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "cli/run_command.h"
#include "paper/pdf_tools.h"
#include "hall/paper/minutes_pdf.h"

namespace hall {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;
using testing::CommandResult;
using testing::Quote;
using testing::RunCommand;
using testing::Slurp;

// One demo meeting per procedure, run once per test program.
const fs::path& MeetingDir(const std::string& procedure) {
  static std::map<std::string, fs::path> dirs;
  auto it = dirs.find(procedure);
  if (it != dirs.end()) return it->second;
  char tmpl[] = "/tmp/hall-paper-test-XXXXXX";
  EXPECT_NE(mkdtemp(tmpl), nullptr);
  const fs::path dir = fs::path(tmpl) / "meeting";
  const CommandResult r = RunCommand(std::string(HALL_DEMO_BINARY) +
                                     " --procedure " + procedure + " --dir " +
                                     Quote(dir.string()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  return dirs.emplace(procedure, dir).first->second;
}

CommandResult Minutes(const fs::path& meeting, const std::string& args) {
  return RunCommand(std::string(HALL_ADMIN_BINARY) + " minutes " + args +
                    " --dir " + Quote((meeting / "server").string()));
}

ordered_json SignedMinutes(const fs::path& meeting, int round) {
  const CommandResult r = Minutes(meeting, "show " + std::to_string(round));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ordered_json::parse(r.out);
}

std::string Print(const fs::path& meeting, int round, const std::string& name,
                  const std::string& extra = "") {
  const fs::path out = meeting.parent_path() / name;
  const CommandResult r = Minutes(meeting, "print " + std::to_string(round) +
                                               " --out " + Quote(out.string()) +
                                               " " + extra);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  return out.string();
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos;
       p = text.find(what, p + what.size()))
    ++n;
  return n;
}

// Every font embedded, each a Noto face; pdffonts lists them.
void ExpectNotoEmbedded(const std::string& pdf, const std::string& face) {
  const CommandResult r = RunCommand("pdffonts " + Quote(pdf));
  ASSERT_EQ(r.exit_code, 0);
  std::istringstream lines(r.out);
  std::string line;
  int fonts = 0;
  std::getline(lines, line);
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    ++fonts;
    EXPECT_NE(line.find(face), std::string::npos) << line;
    EXPECT_NE(line.find(" yes yes yes "), std::string::npos)
        << "not embedded, subset and unicode-mapped: " << line;
  }
  EXPECT_GT(fonts, 0);
}

TEST(MinutesPrint, P1RoundInVietnameseCarriesTheSignedCounts) {
  const fs::path& meeting = MeetingDir("P1");
  const ordered_json m = SignedMinutes(meeting, 2);
  const std::string pdf = Print(meeting, 2, "p1-round2.pdf");
  const std::string text = Text(pdf);
  for (const char* label :
       {"BIÊN BẢN KIỂM PHIẾU", "Số người được triệu tập", "Số phiếu phát ra",
        "Số phiếu thu vào", "Số phiếu trắng", "Trưởng ban kiểm phiếu",
        "Ủy viên", "Thư ký", "(Ký, ghi rõ họ tên)", "Dấu niêm phong"})
    EXPECT_NE(text.find(label), std::string::npos) << label;
  const std::int64_t base = m["outcome"]["denominator"]["value"];
  for (const auto& [name, votes] : m["counts"].items()) {
    const std::int64_t n = votes.get<std::int64_t>();
    const std::int64_t hundredths = (n * 20000 + base) / (2 * base);
    char share[32];
    std::snprintf(share, sizeof share, "%lld,%02lld%%",
                  static_cast<long long>(hundredths / 100),
                  static_cast<long long>(hundredths % 100));
    const std::regex row(name + "\\s+" + std::to_string(n) + "\\s+" + share);
    EXPECT_TRUE(std::regex_search(text, row)) << name << " " << n << " " << share;
  }
  // Each person in the counts and again in the outcome, with a reason
  // that states the rule's threshold.
  for (const auto& o : m["outcome"]["outcomes"])
    EXPECT_GE(Occurrences(text, o["candidate"].get<std::string>()), 2u);
  EXPECT_NE(Squeeze(text).find(Squeeze("đạt trên 50% tổng số")), std::string::npos);
  EXPECT_NE(text.find(m["seal_fingerprint"].get<std::string>()), std::string::npos);
  EXPECT_NE(text.find(m["ballot_box_digest"].get<std::string>()), std::string::npos);
  // The digest on every page, with "page x of y".
  const CommandResult show = Minutes(meeting, "show 2");
  std::smatch d;
  ASSERT_TRUE(std::regex_search(show.err, d, std::regex("digest ([0-9a-f]{64})")));
  const int pages = Pages(pdf);
  EXPECT_EQ(Occurrences(text, "Mã băm biên bản " + d[1].str()),
            static_cast<std::size_t>(pages));
  EXPECT_NE(text.find("Trang " + std::to_string(pages) + "/" +
                      std::to_string(pages)),
            std::string::npos);
  ExpectNotoEmbedded(pdf, "NotoSans");
}

TEST(MinutesPrint, TheSameMinutesPrintTheSameBytes) {
  const fs::path& meeting = MeetingDir("P1");
  const std::string a = Print(meeting, 2, "same-a.pdf");
  const std::string b = Print(meeting, 2, "same-b.pdf");
  EXPECT_EQ(Slurp(a), Slurp(b));
  // The PDF's date is the minutes', not the clock's.
  const ordered_json m = SignedMinutes(meeting, 2);
  const std::string counted = m["counted_at"];
  const CommandResult info = RunCommand("pdfinfo -isodates " + Quote(a));
  EXPECT_NE(info.out.find(counted), std::string::npos) << info.out;
}

TEST(MinutesPrint, P7RoundInChineseAndInEnglish) {
  const fs::path& meeting = MeetingDir("P7");
  const ordered_json m = SignedMinutes(meeting, 4);
  const std::string pdf = Print(meeting, 4, "p7-round4.pdf", "--signers 4");
  const std::string text = Text(pdf);
  for (const char* label : {"计票结果报告单", "应到人数", "实到人数", "发出选票",
                            "收回选票", "总监票人", "计票人", "（签名）", "印章指纹"})
    EXPECT_NE(text.find(label), std::string::npos) << label;
  // --signers 4: the head, two members, the secretary.
  EXPECT_EQ(Occurrences(text, "监票人") - Occurrences(text, "总监票人"), 2u);
  const std::int64_t base = m["outcome"]["denominator"]["value"];
  for (const auto& [name, per] : m["counts"].items()) {
    const std::int64_t agree = per["agree"];
    const std::int64_t hundredths = (agree * 20000 + base) / (2 * base);
    char cell[48];
    std::snprintf(cell, sizeof cell, "%lld (%lld.%02lld%%)",
                  static_cast<long long>(agree),
                  static_cast<long long>(hundredths / 100),
                  static_cast<long long>(hundredths % 100));
    EXPECT_TRUE(std::regex_search(text, std::regex(name + "\\s+" +
                                                   std::regex_replace(
                                                       cell, std::regex("[().]"),
                                                       "\\$&"))))
        << name << " " << cell;
  }
  ExpectNotoEmbedded(pdf, "NotoSansCJKsc");
  // The A and B ballots, each with its counts from the signed minutes.
  EXPECT_NE(text.find("按选举人类别分别统计"), std::string::npos);
  const auto& tallies = m["voter_classes"]["tallies"];
  ASSERT_EQ(tallies.size(), 2u);
  for (const auto& t : tallies) {
    const bool b = t["role"] == "advisory";
    const std::string line =
        std::string(b ? "B——列席，仅记录，不作决定：" : "A——表决：") +
        std::to_string(t["cast"].get<int>()) + "票";
    const auto at = text.find(line);
    ASSERT_NE(at, std::string::npos) << line;
    for (const auto& [name, per] : t["counts"].items()) {
      EXPECT_TRUE(std::regex_search(
          text.substr(at),
          std::regex(name + "\\s+" + std::to_string(per["agree"].get<int>()) +
                     "\\s+" + std::to_string(per["disagree"].get<int>()) +
                     "\\s+" + std::to_string(per["abstain"].get<int>()))))
          << line << " " << name;
    }
  }

  const std::string en = Text(Print(meeting, 4, "p7-round4-en.pdf", "--lang en"));
  EXPECT_NE(en.find("Counts per voter class"), std::string::npos);
  EXPECT_NE(en.find("attending: recorded, decides nothing"), std::string::npos);
  EXPECT_NE(en.find("MINUTES OF THE COUNT"), std::string::npos);
  EXPECT_NE(en.find("Secretary"), std::string::npos);
  EXPECT_NE(en.find("Head of the"), std::string::npos);
  for (const auto& [name, per] : m["counts"].items())
    EXPECT_NE(en.find(name), std::string::npos) << name;
}

TEST(MinutesPrint, RefusesWhatItCannotPrintAndNeverOverwrites) {
  const fs::path& meeting = MeetingDir("P7");
  const fs::path out = meeting.parent_path() / "refused.pdf";
  // Round 1 is sealed: the hall server holds no minutes of it.
  CommandResult r =
      Minutes(meeting, "print 1 --out " + Quote(out.string()));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("sealed"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = Minutes(meeting, "print 4 --signers 0 --out " + Quote(out.string()));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("1 to 15 members"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = Minutes(meeting, "print 4 --lang fr --out " + Quote(out.string()));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("give vi, zh or en"), std::string::npos) << r.err;
  const std::string kept = Print(meeting, 4, "kept.pdf");
  const std::string before = Slurp(kept);
  r = Minutes(meeting, "print 5 --out " + Quote(kept));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("exists"), std::string::npos) << r.err;
  EXPECT_EQ(Slurp(kept), before);
}

}  // namespace
}  // namespace hall

namespace hall {
namespace {

// The library on minutes changed by hand: it never crashes or prints a
// wrong number, and names the field that is wrong.
// The minutes of the whole meeting: every step in order; the announced
// rounds as their signed minutes say (the same digests), the sealed rounds
// by their digest only, never a count.
TEST(MinutesPrint, TheMeetingInOrderWithSealedRoundsByDigestOnly) {
  const fs::path& meeting = MeetingDir("P1");
  const fs::path out = meeting.parent_path() / "meeting.pdf";
  const CommandResult r = Minutes(meeting, "print-meeting --meeting 1 --out " +
                                               Quote(out.string()) + " --signers 4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = Text(out.string());
  const std::string flat = Squeeze(text);
  EXPECT_NE(text.find("BIÊN BẢN HỘI NGHỊ"), std::string::npos) << text;
  const auto step1 = text.find("Bước 1:");
  const auto round1 = text.find("Vòng bỏ phiếu số 1");
  const auto round2 = text.find("Vòng bỏ phiếu số 2");
  const auto round3 = text.find("Vòng bỏ phiếu số 3");
  const auto round4 = text.find("Vòng bỏ phiếu số 4");
  ASSERT_NE(step1, std::string::npos);
  ASSERT_NE(round4, std::string::npos);
  EXPECT_LT(step1, round1);
  EXPECT_LT(round1, round2);
  EXPECT_LT(round2, round3);
  EXPECT_LT(round3, round4);
  // Sealed rounds 1 and 3: the notice and no count table.
  for (auto [from, to] : {std::pair{round1, round2}, std::pair{round3, round4}}) {
    const std::string part = text.substr(from, to - from);
    EXPECT_NE(part.find("Kết quả niêm phong"), std::string::npos) << part;
    EXPECT_EQ(part.find("Số phiếu"), std::string::npos) << part;
  }
  // Announced rounds 2 and 4: their signed counts and digests.
  for (int round : {2, 4}) {
    const CommandResult shown = Minutes(meeting, "show " + std::to_string(round));
    std::smatch d;
    ASSERT_TRUE(std::regex_search(shown.err, d, std::regex("digest ([0-9a-f]{64})")));
    EXPECT_NE(flat.find(d[1].str()), std::string::npos) << round;
    const ordered_json m = ordered_json::parse(shown.out);
    for (const auto& [name, value] : m["counts"].items())
      EXPECT_NE(flat.find(Squeeze(name)), std::string::npos) << name;
  }
  EXPECT_EQ(Occurrences(text, "Ủy viên"), 2u);  // chair, 2 members, secretary
  EXPECT_NE(text.find("Chủ trì hội nghị"), std::string::npos);
  const fs::path zh = MeetingDir("P7").parent_path() / "meeting-zh.pdf";
  ASSERT_EQ(Minutes(MeetingDir("P7"),
                    "print-meeting --meeting 1 --out " + Quote(zh.string()))
                .exit_code, 0);
  const std::string zh_text = Text(zh.string());
  EXPECT_NE(zh_text.find("会议记录"), std::string::npos);
  // The deferred step-3 vote is there, cancelled, with its reason.
  EXPECT_NE(Squeeze(zh_text).find(Squeeze("暂缓表决")), std::string::npos);
}

TEST(MinutesPdf, HostileMinutesAreRefusedOrPrintedWithoutOverflow) {
  const fs::path& meeting = MeetingDir("P1");
  ordered_json m = SignedMinutes(meeting, 2);
  paper::MinutesPrint print;
  print.digest = std::string(64, 'a');
  ASSERT_TRUE(paper::MinutesPdf(m.dump(), print).ok());

  // Counts beyond any meeting, negative, or past 2^63 (which a careless
  // reader wraps to negative) are refused, naming the field.
  auto refused = [&](const ordered_json& bad, const std::string& field) {
    auto r = paper::MinutesPdf(bad.dump(), print);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.message().find(field), std::string::npos) << r.message();
  };
  const std::string first = m["counts"].begin().key();
  for (const ordered_json& n :
       {ordered_json(std::numeric_limits<std::int64_t>::max()),
        ordered_json(std::numeric_limits<std::uint64_t>::max()),
        ordered_json(-3), ordered_json(1'000'000'001)}) {
    ordered_json huge = m;
    huge["counts"][first] = n;
    refused(huge, first);
    huge = m;
    huge["outcome"]["denominator"]["value"] = n;
    refused(huge, "denominator.value");
    huge = m;
    huge["outcome"]["outcomes"][0]["reason_args"]["threshold"]["count"] = n;
    refused(huge, "threshold.count");
    huge = m;
    huge["ballots"]["blank"] = n;
    refused(huge, "ballots.blank");
    huge = m;
    huge["electorate"]["present"] = n;
    refused(huge, "electorate.present");
  }

  // Texts that cannot be printed are refused with the reason, quickly:
  // an unbroken 40,000-character name, a control character, a name whose
  // lines would run past the bottom of the page, text that is not UTF-8.
  auto renamed = [&](const std::string& name) {
    ordered_json bad = m;
    bad["outcome"]["outcomes"][0]["candidate"] = name;
    return bad;
  };
  auto r = paper::MinutesPdf(renamed(std::string(40000, 'x')).dump(), print);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("longer than a printed document holds"),
            std::string::npos) << r.message();
  r = paper::MinutesPdf(renamed("An\x01").dump(), print);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("control character (code 1)"), std::string::npos)
      << r.message();
  std::string tall;
  for (int i = 0; i < 200; ++i) tall += "An\n";
  r = paper::MinutesPdf(renamed(tall).dump(), print);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("taller than"), std::string::npos) << r.message();
  ordered_json tall_field = m;
  tall_field["meeting"]["title"] = tall;
  r = paper::MinutesPdf(tall_field.dump(), print);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("taller than"), std::string::npos) << r.message();

  ordered_json wrong = m;
  wrong["ballots"]["cast"] = "seven";
  r = paper::MinutesPdf(wrong.dump(), print);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.message().find("ballots.cast"), std::string::npos) << r.message();

  EXPECT_FALSE(paper::MinutesPdf("{\"format\":1}", print).ok());
  EXPECT_FALSE(paper::MinutesPdf("not json", print).ok());
  print.signers = 16;
  EXPECT_EQ(paper::MinutesPdf(m.dump(), print).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall
