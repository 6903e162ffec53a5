// hall-admin minutes show|export|print: the signed minutes of a tallied
// announced round, as JSON or printed for the counting committee to sign. A sealed round has no minutes on the hall server: its recipients
// open them from the record (hall-recipient open).

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/paper/meeting_minutes_pdf.h"
#include "hall/paper/minutes_pdf.h"
#include "hall/server/committee.h"
#include "hall/server/admin/admin.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct MinutesArgs {
  CommonOptions common;
  std::uint64_t round = 0;
  std::string out;
  std::string lang;  // print: "" for the meeting's language
  int signers = 3;   // print
  std::uint64_t meeting = 0;  // print-meeting
};

void RunShow(const MinutesArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  const SignedMinutes sm = Take(LoadSignedMinutes(*inst.db, r.id));
  Out() << std::string(sm.minutes.begin(), sm.minutes.end()) << "\n";
  Err() << "minutes of round " << r.id
            << ": seal signature verified; digest " << r.minutes_digest << "\n";
}

void RunExport(const MinutesArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  const SignedMinutes sm = Take(LoadSignedMinutes(*inst.db, r.id));
  const crypto::VerifyKey seal = Take(SealPublicKey(*inst.db));
  nlohmann::ordered_json j;
  j["format"] = "hall-signed-minutes/1";
  j["round"] = r.id;
  j["meeting"] = r.meeting_id;
  j["disclosure"] = r.disclosure;
  j["minutes"] = std::string(sm.minutes.begin(), sm.minutes.end());
  j["signature_type"] = "minutes";
  j["signature"] = HexOf(sm.signature);
  j["seal_public_key"] = HexOf(seal.bytes());
  j["seal_fingerprint"] = crypto::Fingerprint(seal);
  j["minutes_digest"] = r.minutes_digest;
  WriteNewFile(a.out, j.dump(2) + "\n");
  Out() << "signed minutes of round " << r.id << " written to " << a.out
            << " (digest " << r.minutes_digest << ")\n";
}

void RunPrint(const MinutesArgs& a) {
  paper::MinutesPrint print;
  if (!a.lang.empty()) {
    print.language = rules::ParseLanguage(a.lang);
    if (!print.language)
      Fail(StatusCode::kInvalidArgument,
           "--lang " + a.lang + ": give vi, zh or en");
  }
  print.signers = a.signers;
  OpenedInstallation inst = OpenOrFail(a.common);
  RoundInfo r = RequireRound(*inst.db, a.round);
  const SignedMinutes sm = Take(LoadSignedMinutes(*inst.db, r.id));
  print.digest = r.minutes_digest;
  const std::string text(sm.minutes.begin(), sm.minutes.end());
  const std::string pdf = Take(paper::MinutesPdf(text, print));
  WriteNewFile(a.out, pdf);
  Out() << "minutes of round " << r.id << " printed to " << a.out << " ("
        << pdf.size() << " bytes; digest " << r.minutes_digest
        << " on every page)\n";
}

// Every step of the meeting's procedure in order, with its records or
// rounds, printed as the minutes of the meeting.
void RunPrintMeeting(const MinutesArgs& a) {
  paper::MeetingMinutes mm;
  mm.language = LanguageOption(a.lang);
  mm.signers = a.signers;
  OpenedInstallation inst = OpenOrFail(a.common);
  Database& db = *inst.db;
  const MeetingInfo m = RequireMeeting(db, a.meeting);
  const auto procedure = Take(MeetingProcedure(db, m.id));
  mm.chinese_procedure =
      procedure->MeetingLanguage() == rules::Language::kZh;
  const rules::Language lang =
      mm.language.value_or(procedure->MeetingLanguage());
  const std::string lang_name = rules::LanguageName(lang);
  mm.meeting_title = m.title;
  mm.meeting_date = m.date;
  mm.procedure = procedure->code + " — " + procedure->title.Get(lang_name);
  mm.rehearsal = m.mode == MeetingMode::kRehearsal;
  mm.convened = m.convened;
  mm.present = m.present;
  mm.printed_at = SystemClock()();
  Committee committee(db);
  const std::vector<RoundInfo> rounds = Take(committee.Rounds(m.id));
  const std::vector<StepRecord> records = Take(committee.StepRecords(m.id));
  for (const rules::Step& st : procedure->steps) {
    const std::string title =
        st.title.Get(lang_name).empty() ? st.title.Get("en") : st.title.Get(lang_name);
    if (!st.ballot) {
      for (const StepRecord& r : records) {
        if (r.statement.step != st.id) continue;
        paper::MeetingEntry e;
        e.kind = paper::MeetingEntry::Kind::kStepRecord;
        e.step = st.id;
        e.step_title = title;
        e.text = r.statement.text;
        for (const auto& d : r.statement.dates) e.dates.emplace_back(d.name, d.date);
        for (const auto& d : r.statement.documents)
          e.documents.push_back(d.name + " · " + Num(d.size) + " B · " + HexOf(d.digest));
        e.at = r.statement.recorded_at;
        mm.entries.push_back(std::move(e));
      }
      continue;
    }
    for (const RoundInfo& r : rounds) {
      if (r.step != st.id) continue;
      paper::MeetingEntry e;
      e.step = st.id;
      e.step_title = title;
      e.round = r.id;
      using K = paper::MeetingEntry::Kind;
      if (r.state == RoundState::kAnnounced || r.state == RoundState::kTallied) {
        const SignedMinutes sm = Take(LoadSignedMinutes(db, r.id));
        e.kind = K::kMinutes;
        e.minutes.assign(sm.minutes.begin(), sm.minutes.end());
        e.digest = r.minutes_digest;
      } else if (r.state == RoundState::kMinutesSealed) {
        e.kind = K::kSealed;
        e.digest = r.minutes_digest;
      } else if (r.state == RoundState::kCancelled) {
        e.kind = K::kCancelled;
        e.text = r.cancelled_reason;
      } else {
        e.kind = K::kUnfinished;
        e.text = std::string(RoundStateName(r.state));
      }
      mm.entries.push_back(std::move(e));
    }
  }
  const std::string pdf = Take(paper::MeetingMinutesPdf(mm));
  WriteNewFile(a.out, pdf);
  Out() << "minutes of meeting " << m.id << " (" << mm.entries.size()
        << " records and rounds) printed to " << a.out << "\n";
}

}  // namespace

void RegisterMinutes(CLI::App& app, Context& ctx) {
  CLI::App* minutes = app.add_subcommand(
      "minutes",
      "The signed minutes of tallied rounds: show, export, print; and the "
      "minutes of a meeting: print-meeting");
  minutes->require_subcommand(1);

  auto s = std::make_shared<MinutesArgs>();
  CLI::App* show = minutes->add_subcommand(
      "show",
      "Print an announced round's minutes (JSON) after checking the seal "
      "signature (a sealed round's are opened by its recipients: "
      "hall-recipient open)");
  AddCommonOptions(*show, s->common);
  show->add_option("round", s->round, "Round id")->required();
  show->callback([&ctx, s] { ctx.action = [s] { RunShow(*s); }; });

  auto e = std::make_shared<MinutesArgs>();
  CLI::App* exp = minutes->add_subcommand(
      "export",
      "Write a round's minutes with the seal's signature and public key to a "
      "new JSON file (announced rounds)");
  AddCommonOptions(*exp, e->common);
  exp->add_option("round", e->round, "Round id")->required();
  exp->add_option("--out", e->out, "New file (mode 0600, never overwritten)")
      ->required();
  exp->callback([&ctx, e] { ctx.action = [e] { RunExport(*e); }; });

  auto p = std::make_shared<MinutesArgs>();
  CLI::App* print = minutes->add_subcommand(
      "print",
      "Print an announced round's signed minutes to a new PDF for the "
      "counting committee to sign (biên bản kiểm phiếu / 计票结果报告单): "
      "counts, shares, outcome with reasons, the seal fingerprint and "
      "digests, a signature box per member (a sealed round's are printed "
      "by its recipients: hall-recipient open --pdf)");
  AddCommonOptions(*print, p->common);
  print->add_option("round", p->round, "Round id")->required();
  print->add_option("--out", p->out, "New PDF file (mode 0600, never overwritten)")
      ->required();
  print->add_option("--lang", p->lang,
                    "vi, zh or en (default: the meeting's language: zh for "
                    "P7, vi for the others)");
  print->add_option("--signers", p->signers,
                    "Members of the counting committee who sign: the head, "
                    "members, the secretary (1-" +
                        std::to_string(paper::kMaxSigners) + ")")
      ->capture_default_str();
  print->callback([&ctx, p] { ctx.action = [p] { RunPrint(*p); }; });

  auto pm = std::make_shared<MinutesArgs>();
  CLI::App* meeting = minutes->add_subcommand(
      "print-meeting",
      "Print the minutes of the whole meeting to a new PDF (biên bản hội nghị "
      "/ 会议记录): attendance, every step in order with its records, "
      "documents' digests and rounds (sealed rounds by their digest only)");
  AddCommonOptions(*meeting, pm->common);
  meeting->add_option("--meeting", pm->meeting, "Meeting id")->required();
  meeting->add_option("--out", pm->out, "New PDF file (mode 0600, never overwritten)")
      ->required();
  meeting->add_option("--lang", pm->lang,
                      "vi, zh or en (default: the meeting's language)");
  meeting->add_option("--signers", pm->signers,
                      "Who signs: the chair, members, the secretary (1-" +
                          std::to_string(paper::kMaxSigners) + ")")
      ->capture_default_str();
  meeting->callback([&ctx, pm] { ctx.action = [pm] { RunPrintMeeting(*pm); }; });
}

}  // namespace hall::server::admin
