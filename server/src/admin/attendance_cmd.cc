// hall-admin attendance print: the sheet delegates sign at the door, or the
// list of those checked in, as a PDF in the meeting's language.
#include <CLI/CLI.hpp>

#include "hall/paper/attendance_pdf.h"
#include "hall/server/admin/admin.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct AttendanceArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::string out;
  std::string lang;  // "" for the meeting's language
  bool present = false;
};

void RunPrint(const AttendanceArgs& a) {
  const std::optional<rules::Language> asked = LanguageOption(a.lang);
  OpenedInstallation inst = OpenOrFail(a.common);
  const MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  auto procedure = MeetingProcedure(*inst.db, m.id);
  paper::AttendanceSheet sheet;
  sheet.language = asked.value_or(procedure.ok() ? (*procedure)->MeetingLanguage()
                                                 : rules::Language::kVi);
  sheet.present_list = a.present;
  sheet.meeting_title = m.title;
  sheet.meeting_date = m.date;
  sheet.procedure = m.procedure;
  if (procedure.ok()) {
    sheet.procedure = (*procedure)->code;
    const std::string title =
        (*procedure)->title.Get(rules::LanguageName(sheet.language));
    if (!title.empty()) sheet.procedure += " — " + title;
  }
  sheet.printed_at = SystemClock()();
  sheet.rehearsal = m.mode == MeetingMode::kRehearsal;
  for (const RollPerson& p : Roll(*inst.db, m.id))
    sheet.people.push_back({p.id, p.name, p.group, p.present});
  const std::string pdf = Take(paper::AttendancePdf(sheet));
  WriteNewFile(a.out, pdf);
  Out() << (a.present ? "list of those present (" + Num(m.present) + " of " +
                            Num(m.convened) + ")"
                      : "attendance sheet (" + Num(m.convened) + " people)")
        << " of meeting " << m.id << " printed to " << a.out << "\n";
}

}  // namespace

void RegisterAttendance(CLI::App& app, Context& ctx) {
  CLI::App* attendance = app.add_subcommand(
      "attendance", "The attendance on paper: the sheet to sign at the door, "
                    "the list of those present");
  attendance->require_subcommand(1);
  auto p = std::make_shared<AttendanceArgs>();
  CLI::App* print = attendance->add_subcommand(
      "print",
      "Print the roll as the sheet delegates sign at the door (danh sách "
      "đại biểu / 签到表), or with --present the list of those checked in, "
      "to a new PDF");
  AddCommonOptions(*print, p->common);
  print->add_option("--meeting", p->meeting, "Meeting id")->required();
  print->add_option("--out", p->out, "New PDF file (mode 0600, never overwritten)")
      ->required();
  print->add_flag("--present", p->present,
                  "The list of those checked in, with the count, for the "
                  "secretary and the chair to sign");
  print->add_option("--lang", p->lang,
                    "vi, zh or en (default: the meeting's language)");
  print->callback([&ctx, p] { ctx.action = [p] { RunPrint(*p); }; });
}

}  // namespace hall::server::admin
