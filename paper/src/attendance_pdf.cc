#include "hall/paper/attendance_pdf.h"

#include "pdf_document.h"
#include "terms.h"

namespace hall::paper {
namespace {

Block Text(BlockKind kind, std::string text) {
  Block b;
  b.kind = kind;
  b.text = std::move(text);
  return b;
}

std::string DateText(const std::string& d, rules::Language lang) {
  if (d.size() == 10 && d[4] == '-' && d[7] == '-')
    return Term(T::kDateValue, lang, {d.substr(0, 4), d.substr(5, 2), d.substr(8, 2)});
  return "—";
}

}  // namespace

Result<std::string> AttendancePdf(const AttendanceSheet& sheet) {
  if (sheet.people.empty())
    return Status::InvalidArgument(
        "the roll is empty: import it first (hall-admin roll import)");
  const rules::Language lang = sheet.language;
  const std::string title(
      Term(sheet.present_list ? T::kPresentTitle : T::kAttendanceTitle, lang));
  std::size_t present = 0;
  for (const AttendancePerson& p : sheet.people) present += p.present ? 1 : 0;

  std::vector<Block> b;
  if (sheet.rehearsal)
    b.push_back(Text(BlockKind::kBanner, std::string(Term(T::kAttendanceRehearsal, lang))));
  b.push_back(Text(BlockKind::kSubtitle, sheet.meeting_title));
  b.push_back(Text(BlockKind::kTitle, title));
  b.push_back(Text(BlockKind::kGap, ""));
  Block about;
  about.kind = BlockKind::kFields;
  about.fields = {
      {std::string(Term(T::kMeeting, lang)), sheet.meeting_title},
      {std::string(Term(T::kDate, lang)), DateText(sheet.meeting_date, lang)},
      {std::string(Term(T::kProcedure, lang)), sheet.procedure},
      {std::string(Term(T::kConvenedCount, lang)),
       std::to_string(sheet.people.size())},
  };
  if (sheet.present_list)
    about.fields.emplace_back(Term(T::kPresentCount, lang), std::to_string(present));
  b.push_back(std::move(about));
  if (!sheet.present_list)
    b.push_back(Text(BlockKind::kText, std::string(Term(T::kAttendanceHint, lang))));

  Block table;
  table.kind = BlockKind::kTable;
  const std::string last(Term(sheet.present_list ? T::kPresentMark : T::kSignHere, lang));
  table.rows.push_back({std::string(Term(T::kOrdinal, lang)),
                        std::string(Term(T::kPersonId, lang)),
                        std::string(Term(T::kName, lang)),
                        std::string(Term(T::kGroup, lang)), last});
  if (sheet.present_list) {
    table.widths = {0.08, 0.14, 0.42, 0.22, 0.14};
  } else {
    table.widths = {0.07, 0.12, 0.34, 0.17, 0.30};
    table.row_height = 26;  // room to sign
  }
  table.numeric = {true, false, false, false, false};
  std::size_t n = 0;
  for (const AttendancePerson& p : sheet.people) {
    if (sheet.present_list && !p.present) continue;
    table.rows.push_back({std::to_string(++n), p.id, p.name, p.group,
                          sheet.present_list ? "✓" : ""});
  }
  b.push_back(std::move(table));
  if (!sheet.present_list) {
    Block counts;
    counts.kind = BlockKind::kFields;
    counts.fields = {{std::string(Term(T::kPresentCount, lang)), "…………"}};
    b.push_back(std::move(counts));
  }
  Block sign;
  sign.kind = BlockKind::kSignatures;
  sign.hint = std::string(Term(T::kSignHint, lang));
  sign.roles = {std::string(Term(T::kRoleSecretary, lang)),
                std::string(Term(T::kRoleChair, lang))};
  b.push_back(std::move(sign));

  DocumentSetup setup;
  setup.language = lang;
  setup.title = title + " — " + sheet.meeting_title;
  setup.created_at = sheet.printed_at;
  setup.footer = [lang, title](int page, int pages) {
    return Term(T::kAttendanceFooter, lang,
                {title, std::to_string(page), std::to_string(pages)});
  };
  return RenderPdf(b, setup);
}

}  // namespace hall::paper
