#include "hall/paper/slips_pdf.h"

#include <qrencode.h>

#include <algorithm>
#include <memory>

#include "hall/crypto/secret.h"
#include "pdf_document.h"
#include "terms.h"

namespace hall::paper {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

// "7K3Q-M0ZD-4XW9-PB2T-..." as lines of two groups: "7K3Q M0ZD", ...
std::vector<std::string> CodeLines(const std::string& code) {
  std::vector<std::string> groups(1);
  for (char c : code) {
    if (c == '-' || c == ' ') {
      if (!groups.back().empty()) groups.emplace_back();
    } else {
      groups.back() += c;
    }
  }
  if (groups.back().empty()) groups.pop_back();
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < groups.size(); i += 2)
    lines.push_back(groups[i] + (i + 1 < groups.size() ? " " + groups[i + 1] : ""));
  for (std::string& g : groups) crypto::Wipe(g.data(), g.size());
  return lines;
}

struct QrFree {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

// The code's QR modules into the slip (error correction M, 8-bit mode).
Status EncodeQr(const std::string& code, Slip& slip) {
  std::unique_ptr<QRcode, QrFree> qr(
      QRcode_encodeString(code.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!qr)
    return Status::Internal("libqrencode could not encode a ballot code");
  slip.qr_width = qr->width;
  const std::size_t n = static_cast<std::size_t>(qr->width) * qr->width;
  slip.qr_modules.resize(n);
  for (std::size_t i = 0; i < n; ++i) slip.qr_modules[i] = qr->data[i] & 1;
  crypto::Wipe(qr->data, n);
  return Status::Ok();
}

Block Text(BlockKind kind, std::string text) {
  Block b;
  b.kind = kind;
  b.text = std::move(text);
  return b;
}

// Wipes every code the blocks hold when they go.
struct WipedBlocks {
  std::vector<Block> blocks;
  ~WipedBlocks() {
    for (Block& b : blocks)
      for (Slip& s : b.slips) {
        crypto::Wipe(s.qr_modules.data(), s.qr_modules.size());
        for (std::string& l : s.code_lines) crypto::Wipe(l.data(), l.size());
      }
  }
};

}  // namespace

Result<std::string> SlipsPdf(const SlipSheet& sheet,
                             const std::vector<std::string>& codes) {
  if (codes.empty())
    return Status::InvalidArgument("there are no ballot codes to print");
  if (!sheet.code_classes.empty() && sheet.code_classes.size() != codes.size())
    return Status::InvalidArgument("every slip needs its voter class");
  if (codes.size() > kMaxSlips)
    return Status::InvalidArgument(
        Num(codes.size()) + " ballot codes are more than one sheet holds (" +
        Num(kMaxSlips) + ")");
  const rules::Language lang = sheet.language;
  const std::size_t pages = (codes.size() + 7) / 8;
  std::string date;
  if (const std::string& d = sheet.meeting_date;
      d.size() == 10 && d[4] == '-' && d[7] == '-')
    date = Term(T::kDateValue, lang, {d.substr(0, 4), d.substr(5, 2), d.substr(8, 2)});
  std::string round_line =
      Term(T::kSlipRound, lang, {Num(sheet.round), sheet.step, sheet.step_title});
  if (!date.empty()) round_line += " · " + date;

  WipedBlocks doc;
  auto& b = doc.blocks;
  if (sheet.rehearsal)
    b.push_back(Text(BlockKind::kBanner, std::string(Term(T::kSlipsRehearsal, lang))));
  b.push_back(Text(BlockKind::kSubtitle, sheet.meeting_title));
  b.push_back(Text(BlockKind::kTitle, std::string(Term(T::kSlipsTitle, lang))));
  b.push_back(Text(BlockKind::kSubtitle, Term(T::kRound, lang, {Num(sheet.round)}) +
                                             " · " +
                                             Term(T::kStep, lang, {sheet.step, sheet.step_title})));
  b.push_back(Text(BlockKind::kGap, ""));
  b.push_back(Text(BlockKind::kBanner, std::string(Term(T::kSlipsSecret, lang))));
  Block about;
  about.kind = BlockKind::kFields;
  about.fields = {
      {std::string(Term(T::kMeeting, lang)), sheet.meeting_title},
      {std::string(Term(T::kDate, lang)), date.empty() ? "—" : date},
      {std::string(Term(T::kProcedure, lang)), sheet.procedure},
      {std::string(Term(T::kStepLabel, lang)),
       Term(T::kStep, lang, {sheet.step, sheet.step_title})},
      {std::string(Term(T::kSlipsCount, lang)), Num(codes.size())},
      {std::string(Term(T::kSlipsPages, lang)), Num(pages)},
  };
  if (!sheet.code_classes.empty()) {
    std::vector<std::pair<std::string, std::size_t>> per_class;
    for (const auto& c : sheet.code_classes) {
      auto it = std::find_if(per_class.begin(), per_class.end(),
                             [&](const auto& p) { return p.first == c; });
      if (it == per_class.end())
        per_class.emplace_back(c, 1);
      else
        ++it->second;
    }
    for (const auto& [name, n] : per_class) {
      about.fields.emplace_back(
          std::string(Term(T::kVoterClass, lang)) + " " + name, Num(n));
    }
  }
  b.push_back(std::move(about));
  Block check;
  check.kind = BlockKind::kFields;
  check.small = true;
  check.label_share = 0.34;
  check.fields = {
      {std::string(Term(T::kSealFingerprint, lang)), sheet.seal_fingerprint},
      {std::string(Term(T::kTemplateDigest, lang)), sheet.template_digest},
  };
  b.push_back(std::move(check));
  b.push_back(Text(BlockKind::kText, std::string(Term(T::kSlipsHowTo, lang))));
  Block counts;
  counts.kind = BlockKind::kTable;
  counts.widths = {0.6, 0.4};
  counts.rows = {{std::string(Term(T::kSlipsCount, lang)), Num(codes.size())},
                 {std::string(Term(T::kSlipsHandedOut, lang)), ""},
                 {std::string(Term(T::kSlipsDestroyed, lang)), ""}};
  b.push_back(std::move(counts));
  Block sign;
  sign.kind = BlockKind::kSignatures;
  sign.hint = std::string(Term(T::kSignHint, lang));
  sign.roles = {std::string(Term(T::kRolePrinted, lang)),
                std::string(Term(T::kRoleReceived, lang))};
  b.push_back(std::move(sign));

  Block slips;
  slips.kind = BlockKind::kSlips;
  slips.slips.reserve(codes.size());
  const std::string seal_line = Term(T::kSlipSeal, lang, {sheet.seal_fingerprint});
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const std::string& code = codes[i];
    Slip s;
    s.head = {sheet.meeting_title, round_line};
    if (i < sheet.code_classes.size()) s.badge = sheet.code_classes[i];
    if (sheet.rehearsal)  // a cut slip still says it
      s.badge = (s.badge.empty() ? "" : s.badge + " · ") +
                std::string(Term(T::kRehearsalBadge, lang));
    if (Status st = EncodeQr(code, s); !st.ok()) return st;
    s.code_lines = CodeLines(code);
    s.foot = {seal_line, std::string(Term(T::kSlipHint, lang))};
    slips.slips.push_back(std::move(s));
  }
  b.push_back(std::move(slips));

  DocumentSetup setup;
  setup.language = lang;
  setup.title = std::string(Term(T::kSlipsTitle, lang)) + " — " +
                sheet.meeting_title + " — " +
                Term(T::kRound, lang, {Num(sheet.round)});
  setup.created_at = sheet.made_at;
  const std::string round = Num(sheet.round);
  setup.footer = [lang, round](int page, int pages_total) {
    return Term(T::kSlipsFooter, lang,
                {round, std::to_string(page), std::to_string(pages_total)});
  };
  return RenderPdf(doc.blocks, setup);
}

}  // namespace hall::paper
