// hall-audit: the auditor's independent verifier of an election record
// (docs/record.md). Files only: no database, no network, no hall server.
//
//   hall-audit verify RECORD --seal FINGERPRINT|KEYFILE [--recipient-key F]
//                            [--json] [--lang en|vi|zh] [--workers N]
//   hall-audit track RECORD CODE --seal FINGERPRINT|KEYFILE
//   hall-audit minutes RECORD ROUND --seal ... --recipient-key FILE
//   hall-audit extends OLD NEW
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "hall/audit/record_tools.h"
#include "hall/audit/record_verifier.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/init.h"
#include "hall/server/admin/cli.h"
#include "hall/server/admin/key_files.h"
#include "hall/shared/seal_public_key_file.h"

namespace {

namespace fs = std::filesystem;
using hall::StatusCode;
using hall::server::admin::Err;
using hall::server::admin::Fail;
using hall::server::admin::Out;

constexpr char kPassphraseEnv[] = "HALL_RECIPIENT_PASSPHRASE";

struct Args {
  std::string record;
  std::string seal;
  std::string recipient_key;
  std::string passphrase_file;
  std::string lang = "en";
  bool json = false;
  unsigned workers = 0;
  std::string code;
  std::uint64_t round = 0;
  std::string earlier;
  std::string later;
};

// --seal is the fingerprint read aloud, or the seal public key file the
// committee handed out (hall-console init writes one).
std::string SealFingerprint(const std::string& seal) {
  std::error_code ec;
  if (fs::is_regular_file(seal, ec)) {
    auto key = hall::shared::DecodeSealPublicKeyFile(
        hall::server::admin::ReadInputFile(seal, 64 * 1024));
    if (!key.ok()) Fail(key.status().WithContext(seal));
    return hall::crypto::Fingerprint(*key);
  }
  return seal;
}

struct RecipientKey {
  hall::crypto::BoxKey key;
  std::string name;
};
RecipientKey LoadRecipientKey(const Args& a) {
  const std::string bytes =
      hall::server::admin::ReadInputFile(a.recipient_key, 64 * 1024);
  auto label = hall::server::admin::ReadRecipientLabel(hall::crypto::AsBytes(bytes));
  if (!label.ok()) Fail(label.status().WithContext(a.recipient_key));
  const std::string passphrase = hall::server::admin::ReadPassphrase(
      "passphrase of " + label->name + "'s recipient key", a.passphrase_file,
      kPassphraseEnv, "--passphrase-file");
  auto key = hall::server::admin::DecryptRecipientKey(
      hall::crypto::AsBytes(bytes), passphrase);
  if (!key.ok()) Fail(key.status().WithContext(a.recipient_key));
  return {std::move(key).value(), label->name};
}

struct Words {
  const char* verifies;
  const char* fails;
  const char* checks;
};
Words WordsFor(const std::string& lang) {
  if (lang == "vi")
    return {"hồ sơ bầu cử được xác minh: mọi kiểm tra áp dụng đều đạt",
            "hồ sơ bầu cử KHÔNG được xác minh", "kiểm tra"};
  if (lang == "zh")
    return {"选举记录核验通过：所有适用的检查均通过", "选举记录核验未通过",
            "项检查"};
  return {"the record verifies: every applicable check passed",
          "the record does NOT verify", "checks"};
}

int RunVerify(const Args& a) {
  hall::audit::VerifyOptions options;
  options.seal_fingerprint = SealFingerprint(a.seal);
  options.workers = a.workers ? a.workers
                              : std::max(1u, std::thread::hardware_concurrency());
  std::optional<RecipientKey> recipient;
  if (!a.recipient_key.empty()) {
    recipient.emplace(LoadRecipientKey(a));
    options.recipient = &recipient->key;
    options.recipient_name = recipient->name;
  }
  auto report = hall::audit::VerifyRecord(a.record, options);
  if (!report.ok()) Fail(report.status());
  if (a.json) {
    nlohmann::ordered_json j;
    j["record"] = a.record;
    j["seal_fingerprint"] = report->fingerprint;
    j["verifies"] = report->ok();
    nlohmann::ordered_json checks = nlohmann::ordered_json::array();
    for (const auto& c : report->checks) {
      checks.push_back({{"number", static_cast<int>(c.kind)},
                        {"name", hall::audit::CheckKindName(c.kind)},
                        {"subject", c.subject},
                        {"outcome", hall::audit::OutcomeName(c.outcome)},
                        {"covered", c.covered},
                        {"problem", c.problem}});
    }
    j["checks"] = checks;
    Out() << j.dump(2) << "\n";
  } else {
    Out() << "hall-audit: " << a.record << " (seal " << report->fingerprint
          << ")\n";
    for (const auto& c : report->checks) {
      std::ostringstream line;
      line << std::setw(3) << static_cast<int>(c.kind) << "  " << std::left
           << std::setw(10) << c.subject << std::setw(21)
           << hall::audit::CheckKindName(c.kind) << std::setw(15)
           << hall::audit::OutcomeName(c.outcome)
           << (c.problem.empty() ? c.covered : c.problem);
      Out() << line.str() << "\n";
    }
    const Words w = WordsFor(a.lang);
    Out() << report->checks.size() << " " << w.checks << ": "
          << report->Count(hall::audit::Outcome::kOk) << " ok, "
          << report->Count(hall::audit::Outcome::kNotApplicable)
          << " not applicable, "
          << report->Count(hall::audit::Outcome::kFailed) << " FAILED, "
          << report->Count(hall::audit::Outcome::kNotChecked)
          << " not checked\n"
          << (report->ok() ? w.verifies : w.fails) << "\n";
  }
  return report->ok() ? 0 : 1;
}

int RunTrack(const Args& a) {
  auto tracked = hall::audit::TrackCode(a.record, a.code, SealFingerprint(a.seal));
  if (!tracked.ok()) Fail(tracked.status());
  Out() << "tracking code " << a.code << " is ballot " << tracked->index + 1
        << " of " << tracked->entries << " on the board of round "
        << tracked->round << " (step " << tracked->step << "); its inclusion "
        << "proof leads to "
        << (tracked->head_signed
                ? "the head the seal signed when the box closed, "
                : "the board's head (the box is not closed yet), ")
        << tracked->head.substr(0, 16) << "...\n";
  return 0;
}

int RunMinutes(const Args& a) {
  const RecipientKey recipient = LoadRecipientKey(a);
  auto opened = hall::audit::SealedMinutes(
      a.record, a.round, SealFingerprint(a.seal), recipient.key, recipient.name);
  if (!opened.ok()) Fail(opened.status().WithContext("round " + std::to_string(a.round)));
  Out() << opened->minutes << "\n";
  for (const auto& why : opened->combined.set_aside)
    Err() << "warning: set aside " << why << "\n";
  Err() << "round " << a.round << " opened by " << recipient.name << ": "
        << opened->combined.partials.size()
        << " trustees' partial decryptions verified and combined\n";
  return 0;
}

int RunExtends(const Args& a) {
  auto differences = hall::audit::RecordExtends(a.earlier, a.later);
  if (!differences.ok()) Fail(differences.status());
  if (differences->empty()) {
    Out() << a.later << " extends " << a.earlier
          << ": the same seal and meeting, and everything the earlier record "
             "holds is unchanged in the later one\n";
    return 0;
  }
  Out() << a.later << " does NOT extend " << a.earlier << ":\n";
  for (const auto& d : *differences) Out() << "  " << d << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (!hall::crypto::Init().ok()) {
    std::cerr << "hall-audit: libsodium did not initialise\n";
    return 1;
  }
  CLI::App app{
      "hall-audit: the auditor's verifier of a hall election record "
      "(hall-admin record export), from its files and the seal fingerprint "
      "read aloud"};
  app.require_subcommand(1);
  auto a = std::make_shared<Args>();
  int result = 0;
  auto seal_option = [&](CLI::App* c) {
    c->add_option("--seal", a->seal,
                  "The seal's fingerprint as read aloud, or the seal public "
                  "key file")
        ->required();
  };
  CLI::App* verify = app.add_subcommand(
      "verify", "Run every check on the record; exit 0 only if every "
                "applicable check passed");
  verify->add_option("record", a->record, "The record's folder")->required();
  seal_option(verify);
  verify->add_option("--recipient-key", a->recipient_key,
                     "A recipient's key: open and check the sealed rounds too");
  verify->add_option("--passphrase-file", a->passphrase_file,
                     "The recipient key's passphrase, from a file");
  verify->add_flag("--json", a->json, "The report as JSON");
  verify->add_option("--lang", a->lang, "Summary language: en, vi or zh")
      ->check(CLI::IsMember({"en", "vi", "zh"}));
  verify->add_option("--workers", a->workers,
                     "Threads verifying proofs (default: every core)");
  CLI::App* track = app.add_subcommand(
      "track", "Is this tracking code on a board, proven against the signed head");
  track->add_option("record", a->record, "The record's folder")->required();
  track->add_option("code", a->code, "The tracking code the kiosk showed")
      ->required();
  seal_option(track);
  CLI::App* minutes = app.add_subcommand(
      "minutes", "A recipient opens a sealed round's minutes from the record");
  minutes->add_option("record", a->record, "The record's folder")->required();
  minutes->add_option("round", a->round, "The round")->required();
  seal_option(minutes);
  minutes->add_option("--recipient-key", a->recipient_key, "Your recipient key")
      ->required();
  minutes->add_option("--passphrase-file", a->passphrase_file,
                      "The key's passphrase, from a file");
  CLI::App* extends = app.add_subcommand(
      "extends", "Does a later record extend an earlier one, unchanged");
  extends->add_option("earlier", a->earlier, "The record taken earlier")
      ->required();
  extends->add_option("later", a->later, "The record taken later")->required();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  const int status = hall::server::admin::RunAction(
      [&] {
        if (verify->parsed()) result = RunVerify(*a);
        else if (track->parsed()) result = RunTrack(*a);
        else if (minutes->parsed()) result = RunMinutes(*a);
        else result = RunExtends(*a);
      },
      "hall-audit");
  return status != 0 ? status : result;
}
