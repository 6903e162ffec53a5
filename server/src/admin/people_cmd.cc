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
  std::string public_key;
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
  if (a.key_out.empty() == a.public_key.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "give the recipient's public key (--public-key, printed by "
         "hall-recipient key on their own device), or for a rehearsal "
         "meeting --key-out FILE to make the key here");
  }
  Committee committee(*inst.db);
  if (!a.public_key.empty()) {
    crypto::BoxPublicKey key{};
    if (!crypto::FromHex(a.public_key, key)) {
      Fail(StatusCode::kInvalidArgument,
           "--public-key: not 64 hexadecimal digits (copy the line "
           "\"public key:\" hall-recipient key printed)");
    }
    Check(committee.AddRecipient(a.meeting, a.name, key));
    Out() << "recipient " << a.name << " added to meeting " << a.meeting
          << "; key fingerprint " << RecipientFingerprint(key)
          << " (the recipient reads the fingerprint hall-recipient key "
             "printed aloud: they must match)\n";
    return;
  }
  if (RequireMeeting(*inst.db, a.meeting).mode != MeetingMode::kRehearsal) {
    Fail(StatusCode::kPermissionDenied,
         "meeting " + Num(a.meeting) +
             " is a real meeting: a recipient's key is made on the "
             "recipient's own device (hall-recipient key) and only its "
             "public key is given here (--public-key)");
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
  label.name = a.name;
  label.public_key = key.public_key();
  const crypto::Bytes file =
      Take(EncryptRecipientKey(label, key, passphrase, cost));
  out.Write(std::string_view(reinterpret_cast<const char*>(file.data()),
                             file.size()));
  Check(committee.AddRecipient(a.meeting, a.name, key.public_key()));
  out.Commit();
  Out() << "recipient " << a.name << " added to rehearsal meeting "
        << a.meeting << "; their key is in " << a.key_out
        << " (key fingerprint " << RecipientFingerprint(key.public_key())
        << ")\n";
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
      "Register a recipient's public key with the meeting: the recipient "
      "made the key on their own device (hall-recipient key) and reads its "
      "fingerprint aloud. A rehearsal meeting may make the key here "
      "(--key-out)");
  AddCommonOptions(*add, p->common);
  add->add_option("--meeting", p->meeting, "Meeting id")->required();
  add->add_option("--name", p->name, "Recipient's name")->required();
  add->add_option("--public-key", p->public_key,
                  "The recipient's public key, 64 hex digits (hall-recipient "
                  "key prints it)");
  add->add_option("--key-out", p->key_out,
                  "Rehearsal meetings only: make the key here and write it "
                  "to this new file (mode 0600; never overwritten)");
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
