// hall-admin meeting create|list|show.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <optional>

#include "hall/server/admin/admin.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/alert_store.h"
#include "hall/server/round_store.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round.h"

namespace hall::server::admin {
namespace {

struct MeetingArgs {
  CommonOptions common;
  std::string title;
  std::string procedure;
  std::uint64_t members = 0;
  std::uint64_t id = 0;
  std::string procedures_dir;  // a committee's adapted procedure files
  bool rehearsal = false;
  std::string date;             // the sitting's date, YYYY-MM-DD
  bool outside_season = false;  // confirms a date outside the season (P6)
};

void RunCreate(const MeetingArgs& a) {
  std::optional<rules::Catalog> adapted;
  if (!a.procedures_dir.empty()) {
    adapted.emplace(Take(rules::Catalog::FromFolder(a.procedures_dir)));
  }
  OpenedInstallation inst = OpenOrFail(a.common);
  // A real meeting's seal never lives on the hall server.
  std::error_code ec;
  if (!a.rehearsal && std::filesystem::exists(inst.paths.seal_key(), ec)) {
    Fail(StatusCode::kPermissionDenied,
         "this installation keeps its seal key on this machine "
         "(hall-admin init without --seal-public-key): it runs rehearsal "
         "meetings only (--rehearsal). For a real meeting the seal lives on "
         "the committee console: hall-console init there, then hall-admin "
         "init --seal-public-key SEAL.pub here");
  }
  Committee committee(*inst.db, SystemClock(), crypto::DefaultRandom(),
                      adapted ? *adapted : rules::Catalog::Builtin());
  if (!a.date.empty()) {
    // Checked before the meeting exists, so that a refused date leaves none.
    rules::Date d;
    if (!rules::ParseDate(a.date, d)) {
      Fail(StatusCode::kInvalidArgument,
           "--date \"" + a.date +
               "\" is not a calendar date YYYY-MM-DD (e.g. 2027-02-10)");
    }
  }
  Database::Transaction tx(*inst.db);
  Check(tx.status());
  const std::uint64_t id = Take(committee.CreateMeeting(
      a.title, a.procedure, a.members,
      a.rehearsal ? MeetingMode::kRehearsal : MeetingMode::kReal));
  if (!a.date.empty())
    Check(committee.SetMeetingDate(id, a.date, a.outside_season));
  Check(tx.Commit());
  Out() << id << "\n";
  Err() << (a.rehearsal ? "rehearsal meeting " : "meeting ") << id
        << " created. Next: hall-admin roll import --meeting " << id
        << " ROLL.csv; candidates import; recipient add; "
        << (a.rehearsal ? "ceremony run" : "ceremony start") << "\n";
}

void RunDate(const MeetingArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  Committee committee(*inst.db);
  Check(committee.SetMeetingDate(a.id, a.date, a.outside_season));
  Err() << "meeting " << a.id << " sits on " << a.date
        << "; the date is signed in its definition at the first sealed round\n";
}

void RunList(const MeetingArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  auto q = inst.db->Prepare("SELECT id FROM meetings ORDER BY id");
  std::vector<std::uint64_t> ids;
  while (q.Step()) ids.push_back(static_cast<std::uint64_t>(q.Int(0)));
  Check(q.status());
  if (ids.empty()) {
    Out() << "no meetings yet (hall-admin meeting create)\n";
    return;
  }
  for (auto id : ids) {
    MeetingInfo m = RequireMeeting(*inst.db, id);
    Out() << m.id << "  " << m.procedure << "  " << m.title << "  ("
              << m.present << "/" << m.convened << " present)\n";
  }
}

void RunShow(const MeetingArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  MeetingInfo m = RequireMeeting(*inst.db, a.id);
  const auto procedure = Take(MeetingProcedure(*inst.db, m.id));
  const rules::Procedure* p = procedure.get();
  Out() << (m.mode == MeetingMode::kRehearsal ? "rehearsal meeting "
                                               : "meeting ")
        << m.id << ": " << m.title << "\n";
  Out() << "procedure: " << (p ? p->code + " " : std::string())
            << m.procedure
            << (p ? " (" + p->title.Get("en") + ")" : std::string()) << "\n";
  Out() << "date: "
        << (m.date.empty() ? "not set (hall-admin meeting date)" : m.date)
        << "\n";
  Out() << "members (leadership collective): " << m.members << "\n";
  Out() << "convened: " << m.convened << "\n";
  Out() << QuorumLine(m) << "\n";
  if (m.trustees_k) {
    std::set<std::uint32_t> all;
    for (std::uint32_t i = 1; i <= m.trustees_n; ++i) all.insert(i);
    Out() << "trustees: " << *m.trustees_k << " of " << m.trustees_n
              << " open the box:";
    const auto names = TrusteeNames(*inst.db, m.id, all);
    for (std::size_t i = 0; i < names.size(); ++i)
      Out() << (i ? ", " : " ") << (i + 1) << "=" << names[i];
    Out() << "\n";
  } else {
    Out() << "trustees: none yet (hall-admin ceremony start)\n";
  }
  const auto recipients = Take(LoadRecipients(*inst.db, m.id));
  Out() << "recipients of sealed minutes:";
  if (recipients.empty()) Out() << " none (hall-admin recipient add)";
  for (std::size_t i = 0; i < recipients.size(); ++i)
    Out() << (i ? ", " : " ") << recipients[i].name << " ["
          << RecipientFingerprint(recipients[i].public_key) << "]";
  Out() << "\n";
  Out() << "roll fixed: " << (MeetingFrozen(*inst.db, m.id) ? "yes" : "no")
            << "\n";
  if (const std::uint64_t alerts = AlertTotal(*inst.db, m.id); alerts > 0) {
    Out() << "kiosk alerts: " << alerts << " (hall-admin alerts --meeting "
          << m.id << ")\n";
  }
  Committee committee(*inst.db);
  auto rounds = Take(committee.Rounds(m.id));
  Out() << "rounds:";
  if (rounds.empty()) Out() << " none (hall-admin round create)";
  Out() << "\n";
  for (const auto& r : rounds) {
    Out() << "  round " << r.id << "  step " << r.step << "  " << RoundStateName(r.state)
              << "  (" << r.disclosure << ")  issued " << r.issued << ", cast "
              << r.cast << "\n";
  }
}

}  // namespace

void RegisterMeeting(CLI::App& app, Context& ctx) {
  CLI::App* meeting =
      app.add_subcommand("meeting", "Meetings: create, date, list, show");
  meeting->require_subcommand(1);

  auto c = std::make_shared<MeetingArgs>();
  CLI::App* create = meeting->add_subcommand(
      "create",
      "Create a meeting that runs a procedure; prints its id on standard "
      "output");
  AddCommonOptions(*create, c->common);
  create
      ->add_option("--title", c->title,
                   "The meeting's title (printed on ballots and slips; "
                   "any language)")
      ->required();
  create
      ->add_option("--procedure", c->procedure,
                   "Procedure code or id: P1..P7 or e.g. vn-138-appointment "
                   "(hall-rules list shows them)")
      ->required();
  create
      ->add_option("--members", c->members,
                   "Size of the leadership collective (the 'members' "
                   "denominator)")
      ->required()
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1'000'000'000}));
  create
      ->add_option("--procedures", c->procedures_dir,
                   "Take the procedure from this folder of adapted procedure "
                   "files (checked with hall-rules check) instead of the "
                   "shipped P1-P7; the meeting keeps its own copy")
      ->check(CLI::ExistingDirectory);
  create->add_flag("--rehearsal", c->rehearsal,
                   "A rehearsal meeting: the key ceremony and the tally may "
                   "run in one process with every share at hand (ceremony "
                   "run, round tally --trustee-key). Signed in the meeting "
                   "definition and written in every minutes; never for a "
                   "real meeting");
  const auto add_date = [](CLI::App& cmd, MeetingArgs& args, bool required) {
    CLI::Option* o = cmd.add_option(
        "--date", args.date,
        "The date of the meeting's sitting, YYYY-MM-DD: signed in the meeting "
        "definition and written in every minutes; P6 needs it (it runs in the "
        "first quarter)");
    if (required) o->required();
    CLI::Option* date = o;
    cmd.add_flag("--outside-season", args.outside_season,
                 "Confirm a date outside the procedure's season (P6 outside "
                 "the first quarter: a warning, and its minutes carry "
                 "outside_q1)")
        ->needs(date);
  };
  add_date(*create, *c, false);
  create->callback([&ctx, c] { ctx.action = [c] { RunCreate(*c); }; });

  auto dt = std::make_shared<MeetingArgs>();
  CLI::App* date = meeting->add_subcommand(
      "date", "Set the date of a meeting's sitting (before its first round is sealed)");
  AddCommonOptions(*date, dt->common);
  date->add_option("--meeting", dt->id, "Meeting id")->required();
  add_date(*date, *dt, true);
  date->callback([&ctx, dt] { ctx.action = [dt] { RunDate(*dt); }; });

  auto l = std::make_shared<MeetingArgs>();
  CLI::App* list = meeting->add_subcommand("list", "List the meetings");
  AddCommonOptions(*list, l->common);
  list->callback([&ctx, l] { ctx.action = [l] { RunList(*l); }; });

  auto s = std::make_shared<MeetingArgs>();
  CLI::App* show = meeting->add_subcommand(
      "show",
      "Show a meeting: convened, present, quorum, trustees, recipients and "
      "its rounds with their states");
  AddCommonOptions(*show, s->common);
  show->add_option("meeting", s->id, "Meeting id")->required();
  show->callback([&ctx, s] { ctx.action = [s] { RunShow(*s); }; });
}

}  // namespace hall::server::admin
