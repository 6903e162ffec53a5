#include "hall/server/admin/slips.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace hall::server::admin {
namespace {

constexpr int kQuietZone = 4;
constexpr std::size_t kSlipsPerPage = 8;  // 2 columns x 4 rows on A4

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

// "ABCD-EFGH-..." -> lines of two groups: "ABCD EFGH", ...
std::vector<std::string> CodeLines(const std::string& code) {
  std::vector<std::string> groups;
  std::string cur;
  for (char c : code) {
    if (c == '-' || c == ' ') {
      if (!cur.empty()) groups.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) groups.push_back(cur);
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < groups.size(); i += 2) {
    lines.push_back(groups[i] +
                    (i + 1 < groups.size() ? "\u2002" + groups[i + 1] : ""));
  }
  return lines;
}

constexpr const char* kStyle = R"css(
@page { size: A4 portrait; margin: 10mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP",
       "DejaVu Sans", sans-serif; color: #000; background: #fff; }
.page { width: 190mm; display: flex; flex-wrap: wrap; align-content: flex-start;
        page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.slip { width: 95mm; height: 68mm; padding: 4mm 5mm; border: 0.3mm dashed #555;
        overflow: hidden; page-break-inside: avoid; break-inside: avoid;
        display: flex; flex-direction: column; }
.title { font-weight: bold; font-size: 11pt; line-height: 1.2;
         max-height: 2.5em; overflow: hidden; }
.round { font-size: 8.5pt; margin-top: 1mm; line-height: 1.2;
         max-height: 2.4em; overflow: hidden; }
.body { display: flex; align-items: center; margin-top: 2mm; flex: 1; }
.qr { width: 36mm; height: 36mm; flex: none; }
.qr svg { width: 36mm; height: 36mm; display: block; }
.code { margin-left: 5mm; font-family: "Noto Sans Mono", "DejaVu Sans Mono",
        "Liberation Mono", monospace; font-size: 16pt; font-weight: bold;
        line-height: 1.35; letter-spacing: 0.05em; white-space: nowrap; }
.hint { font-size: 7pt; line-height: 1.25; color: #222; }
@media screen { body { padding: 10mm; background: #eee; }
                .page { background: #fff; margin-bottom: 10mm; } }
)css";

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Result<std::string> QrSvg(std::string_view text, int size_mm) {
  const std::string input(text);
  std::unique_ptr<QRcode, QrFree> qr(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!qr) {
    return Status::Internal(
        "cannot draw the QR code of a ballot code "
        "(libqrencode failed)");
  }
  const int w = qr->width;
  const int total = w + 2 * kQuietZone;
  std::string path;
  path.reserve(static_cast<std::size_t>(w * w) * 6);
  for (int y = 0; y < w; ++y) {
    for (int x = 0; x < w; ++x) {
      if (qr->data[y * w + x] & 1) {
        path += "M" + std::to_string(x + kQuietZone) + " " +
                std::to_string(y + kQuietZone) + "h1v1h-1z";
      }
    }
  }
  const std::string size = std::to_string(size_mm) + "mm";
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + size +
         "\" height=\"" + size + "\" viewBox=\"0 0 " + std::to_string(total) +
         " " + std::to_string(total) +
         "\" shape-rendering=\"crispEdges\" role=\"img\" "
         "aria-label=\"QR code of the ballot code\">"
         "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
         "<path fill=\"#000\" d=\"" +
         path + "\"/></svg>";
}

Result<std::string> RenderSlips(const SlipHeading& h,
                                const std::vector<std::string>& codes) {
  std::string out;
  out.reserve(codes.size() * 9000 + 4096);
  out +=
      "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>";
  out += HtmlEscape(h.meeting_title) + " \u2014 round " +
         std::to_string(h.round_id) + " \u2014 ballot codes";
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  std::string round_line = "Meeting " + std::to_string(h.meeting_id) +
                           " \u00b7 round " + std::to_string(h.round_id) +
                           " \u00b7 " + h.procedure + " step " + h.step;
  std::string step_line = h.step_title;
  if (!h.step_title_local.empty() && h.step_title_local != h.step_title)
    step_line = h.step_title_local + " / " + h.step_title;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i % kSlipsPerPage == 0) {
      if (i) out += "</div>\n";
      out += "<div class=\"page\">\n";
    }
    auto svg = QrSvg(codes[i], 36);
    if (!svg.ok()) return svg.status();
    out += "<div class=\"slip\">\n<div class=\"title\">";
    out += HtmlEscape(h.meeting_title);
    out += "</div>\n<div class=\"round\">";
    out += HtmlEscape(round_line);
    if (!step_line.empty()) out += "<br>" + HtmlEscape(step_line);
    out += "</div>\n<div class=\"body\"><div class=\"qr\">";
    out += *svg;
    out += "</div><div class=\"code\">";
    const auto lines = CodeLines(codes[i]);
    for (std::size_t l = 0; l < lines.size(); ++l) {
      if (l) out += "<br>";
      out += HtmlEscape(lines[l]);
    }
    out +=
        "</div></div>\n<div class=\"hint\">"
        "M\u00e3 b\u1ecf phi\u1ebfu: nh\u1eadp t\u1ea1i m\u00e1y b\u1ecf "
        "phi\u1ebfu, d\u00f9ng m\u1ed9t l\u1ea7n, gi\u1eef b\u00ed "
        "m\u1eadt.<br>Ballot code: enter it at a voting kiosk; one "
        "ballot; keep it secret.</div>\n</div>\n";
  }
  if (!codes.empty()) out += "</div>\n";
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace hall::server::admin

namespace hall::server::admin {

SlipHeading HeadingOf(const shared::BallotTemplate& t,
                      const std::string& procedure_code) {
  SlipHeading h;
  h.meeting_title = t.meeting_title;
  h.meeting_id = t.meeting_id;
  h.round_id = t.round_id;
  h.procedure = procedure_code;
  h.step = t.step;
  h.step_title = t.StepTitle(rules::Language::kEn);
  h.step_title_local = t.StepTitle(rules::Language::kVi);
  return h;
}

Status WriteSlips(const SlipHeading& heading,
                  const std::vector<crypto::CredentialCode>& codes,
                  NewFile& slips, NewFile* codes_file) {
  try {
    std::vector<std::string> texts;
    texts.reserve(codes.size());
    for (const auto& c : codes) texts.push_back(c.ToString());
    auto sheet = RenderSlips(heading, texts);
    if (!sheet.ok()) return sheet.status();
    slips.Write(*sheet);
    slips.Commit();
    if (codes_file) {
      std::string text;
      for (const auto& c : texts) text += c + "\n";
      codes_file->Write(text);
      codes_file->Commit();
      crypto::Wipe(text.data(), text.size());
    }
    crypto::Wipe(sheet->data(), sheet->size());
    for (auto& c : texts) crypto::Wipe(c.data(), c.size());
  } catch (const Failure& f) {
    return Status::Make(f.code, f.message);
  }
  return Status::Ok();
}

}  // namespace hall::server::admin
