// hall-admin step record|list|document: the committee's records of steps,
// above all the steps without a ballot (P1 step 1's structure and criteria,
// P5 step 1's list, P7 step 4's publicity, talk and trial dates), signed by
// the seal with every attached document's digest.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "hall/crypto/encoding.h"
#include "hall/server/admin/admin.h"
#include "hall/server/round_store.h"
#include "hall/shared/committee_records.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;

struct StepArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::string step;
  std::string text;
  std::string text_file;
  std::vector<std::string> documents;
  std::vector<std::string> dates;  // NAME=YYYY-MM-DD
  std::string request_out;
  std::string answer;
  std::uint32_t record = 0;
  std::uint32_t document = 0;
  std::string out;
};

constexpr std::size_t kMaxDocumentFile = 16u << 20;

NewStepRecord RecordOf(const StepArgs& a) {
  NewStepRecord r;
  r.meeting_id = a.meeting;
  r.step = a.step;
  if (!a.text.empty() && !a.text_file.empty()) {
    Fail(StatusCode::kInvalidArgument, "give --text or --text-file, not both");
  }
  r.text = a.text_file.empty() ? a.text
                               : ReadInputFile(a.text_file, shared::kMaxRecordTextBytes);
  // A text editor's byte order mark is not part of the text.
  if (!a.text_file.empty() && r.text.rfind("\xEF\xBB\xBF", 0) == 0)
    r.text.erase(0, 3);
  for (const std::string& d : a.dates) {
    const auto eq = d.find('=');
    if (eq == std::string::npos || eq == 0) {
      Fail(StatusCode::kInvalidArgument,
           "--date \"" + d + "\": write NAME=YYYY-MM-DD (e.g. "
           "publicity_start=2027-02-15)");
    }
    r.dates.push_back({d.substr(0, eq), d.substr(eq + 1)});
  }
  for (const std::string& path : a.documents) {
    const std::string bytes = ReadInputFile(path, kMaxDocumentFile);
    r.documents.push_back({fs::path(path).filename().string(),
                           std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
  }
  return r;
}

void PrintRecord(const StepRecord& rec) {
  const auto& st = rec.statement;
  Out() << "step " << st.step << ", record " << st.index << " (" << st.recorded_at
        << ", signed by the seal)\n";
  if (!st.text.empty()) Out() << "  " << st.text << "\n";
  for (const auto& d : st.dates) Out() << "  " << d.name << ": " << d.date << "\n";
  for (std::size_t i = 0; i < st.documents.size(); ++i) {
    const auto& doc = st.documents[i];
    Out() << "  document " << i + 1 << ": " << doc.name << ", " << doc.size
          << " bytes, digest " << HexOf(doc.digest) << "\n";
  }
}

void RunRecord(const StepArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  Committee committee(*inst.db);
  if (!a.request_out.empty() && !a.answer.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "give --request-out (to write the record for the console) or "
         "--answer (to store the console's answer), not both");
  }
  if (!a.answer.empty()) {
    const StepRecord rec =
        Take(committee.StoreStepRecordAnswer(a.meeting, ReadSealAnswer(a.answer)));
    Out() << "the committee console signed the record of meeting " << a.meeting
          << ":\n";
    PrintRecord(rec);
    return;
  }
  if (a.step.empty()) {
    Fail(StatusCode::kInvalidArgument, "name the step: --step ID");
  }
  const NewStepRecord record = RecordOf(a);
  if (!a.request_out.empty()) {
    WriteSealRequest(a.request_out, Take(committee.StepRecordRequestOf(record)));
    Out() << "the record of step " << a.step << " waits for the seal in "
          << a.request_out
          << ": on the committee console, hall-console sign --request "
          << a.request_out << " --out record.answer; then here: hall-admin "
          << "step record --meeting " << a.meeting << " --answer record.answer\n";
    return;
  }
  RequireSealHere(inst, "hall-admin step record ... --request-out "
                        "record.request; sign it there (hall-console sign), "
                        "then hall-admin step record --meeting " +
                            Num(a.meeting) + " --answer record.answer");
  const crypto::SigningKey seal = LoadSealOrFail(inst, a.common);
  PrintRecord(Take(committee.RecordStep(record, seal)));
}

void RunList(const StepArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  Committee committee(*inst.db);
  const auto procedure = Take(MeetingProcedure(*inst.db, a.meeting));
  const auto records = Take(committee.StepRecords(a.meeting));
  for (const rules::Step& step : procedure->steps) {
    std::size_t n = 0;
    for (const auto& rec : records) {
      if (rec.statement.step != step.id) continue;
      ++n;
      PrintRecord(rec);
    }
    if (n == 0 && !step.ballot) {
      Out() << "step " << step.id
            << " (no ballot): NOT RECORDED yet (hall-admin step record "
               "--meeting "
            << a.meeting << " --step " << step.id << " --text ...";
      for (const auto& name : shared::RecordDateNames(step.record_dates))
        Out() << " --date " << name << "=YYYY-MM-DD";
      Out() << ")\n";
    }
  }
}

void RunDocument(const StepArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  Committee committee(*inst.db);
  if (a.document < 1) Fail(StatusCode::kInvalidArgument, "--document counts from 1");
  const auto bytes = Take(committee.StepDocument(a.meeting, a.step, a.record,
                                                 a.document - 1));
  WriteNewFile(a.out, std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                       bytes.size()));
  Out() << a.out << ": " << bytes.size() << " bytes, digest "
        << HexOf(shared::DocumentDigest(bytes)) << "\n";
}

}  // namespace

void RegisterStep(CLI::App& app, Context& ctx) {
  CLI::App* step = app.add_subcommand(
      "step", "The committee's records of steps, above all those without a ballot");
  step->require_subcommand(1);

  auto rec = std::make_shared<StepArgs>();
  CLI::App* record = step->add_subcommand(
      "record",
      "Record a step: its text, the dates it asks for (P7 step 4: "
      "publicity_start, publicity_end, talk, trial_start, trial_end, checked) "
      "and attached documents, each hashed into the record the seal signs");
  AddCommonOptions(*record, rec->common, true);
  record->add_option("--meeting", rec->meeting, "Meeting id")->required();
  record->add_option("--step", rec->step, "Step id (e.g. 1, 4)");
  record->add_option("--text", rec->text, "What the step decided, as the minutes say it");
  record->add_option("--text-file", rec->text_file, "The text, from a UTF-8 file");
  record->add_option("--document", rec->documents,
                     "A document to attach (repeat): its digest is signed");
  record->add_option("--date", rec->dates, "NAME=YYYY-MM-DD (repeat)");
  record->add_option("--request-out", rec->request_out,
                     "Write the record for the committee console "
                     "(hall-console sign) to this new file");
  record->add_option("--answer", rec->answer,
                     "Store the committee console's signature of the record");
  record->callback([&ctx, rec] { ctx.action = [rec] { RunRecord(*rec); }; });

  auto ls = std::make_shared<StepArgs>();
  CLI::App* list = step->add_subcommand(
      "list", "List a meeting's step records, and the steps without a ballot "
              "still to record");
  AddCommonOptions(*list, ls->common);
  list->add_option("--meeting", ls->meeting, "Meeting id")->required();
  list->callback([&ctx, ls] { ctx.action = [ls] { RunList(*ls); }; });

  auto doc = std::make_shared<StepArgs>();
  CLI::App* document = step->add_subcommand(
      "document", "Write an attached document of a record to a new file");
  AddCommonOptions(*document, doc->common);
  document->add_option("--meeting", doc->meeting, "Meeting id")->required();
  document->add_option("--step", doc->step, "Step id")->required();
  document->add_option("--record", doc->record, "Record number")->required();
  document->add_option("--document", doc->document, "Document number, from 1")
      ->required();
  document->add_option("--out", doc->out, "New file")->required();
  document->callback([&ctx, doc] { ctx.action = [doc] { RunDocument(*doc); }; });
}

}  // namespace hall::server::admin
