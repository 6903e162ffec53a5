// hall-recipient: a recipient of sealed minutes (e.g. the competent
// authority, or the leadership collective for P1 step 2), on the
// recipient's own machine, with files only: no database, no network, no
// server secret. The key it makes never leaves that machine; the hall
// server is given only the public key.
//
//   hall-recipient key  --name NAME --out authority.key
//       prints the public key (for hall-admin recipient add --public-key)
//       and its fingerprint to read aloud
//   hall-recipient open --record DIR --round R --key authority.key
//                       --seal-fingerprint FP [--out minutes-R.json]
//                       [--pdf minutes-R.pdf [--lang vi|zh|en] [--signers N]]
//       verifies the round's tally request in the election record against
//       the seal, opens the trustees' partial decryptions boxed to this key,
//       verifies each against the round's aggregate, combines them, applies
//       the procedure's rule and prints the minutes. For a round compared
//       with a sealed one (P1 step 3) it opens that one too and prints the
//       comparison (report_divergence). --pdf prints the opened minutes
//       for the counting committee to sign (paper/minutes_pdf.h), with the
//       round's tally request digest on every page.
//
// Same conventions as hall-admin: exit 0 done, 2 bad usage or input, 1
// refused; one line on standard error; files 0600, never overwritten;
// passphrases from --passphrase-file, $HALL_RECIPIENT_PASSPHRASE or the
// terminal (echo off).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/init.h"
#include "hall/server/admin/cli.h"
#include "hall/paper/minutes_pdf.h"
#include "hall/server/admin/key_files.h"
#include "hall/shared/tally_request.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/json_input.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/record_format.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;
namespace record = shared::record;

constexpr char kEnv[] = "HALL_RECIPIENT_PASSPHRASE";

struct Args {
  std::string name;
  std::string out;
  std::string record;
  std::uint64_t round = 0;
  std::string key;
  std::string seal_fingerprint;
  std::string passphrase_file;
  std::string key_cost = "moderate";
  std::string pdf;   // open: "" for no PDF
  std::string lang;  // open --pdf: "" for the meeting's language
  int signers = 3;   // open --pdf
};

std::string_view CharsOf(const crypto::Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

void KeyCmd(const Args& typed) {
  if (typed.name.empty()) Fail(StatusCode::kInvalidArgument, "--name is empty");
  Args a = typed;
  a.name = Take(shared::HumanText(typed.name, "--name", shared::kMaxNameBytes));
  NewFile out(a.out);
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  const std::string passphrase =
      ReadPassphrase("new passphrase for " + a.name + "'s recipient key",
                     a.passphrase_file, kEnv, "--passphrase-file",
                     /*confirm=*/true);
  if (passphrase.size() < 8) {
    Fail(StatusCode::kInvalidArgument,
         "a key passphrase must have at least 8 characters");
  }
  const crypto::BoxKey key = crypto::BoxKey::Generate();
  RecipientKeyLabel label;
  label.name = a.name;
  label.public_key = key.public_key();
  out.Write(CharsOf(Take(EncryptRecipientKey(label, key, passphrase, cost))));
  out.Commit();
  Out() << "recipient key of " << a.name << " written to " << a.out << "\n"
        << "public key: " << HexOf(key.public_key()) << "\n"
        << "fingerprint: " << RecipientFingerprint(key.public_key()) << "\n"
        << "Give the committee the public key (hall-admin recipient add "
           "--public-key) and read the fingerprint aloud when they register "
           "it. Keep "
        << a.out << " and its passphrase: only they open the sealed minutes.\n";
}

// One round of the election record: its tally request and partial files.
struct RecordRound {
  shared::RoundToOpen round;
  std::optional<std::uint64_t> compared_with;
};

crypto::Bytes ReadRecordFile(const fs::path& dir, const nlohmann::json& rel,
                             const std::string& what) {
  if (!rel.is_string()) {
    Fail(StatusCode::kNotFound,
         "the record has no " + what + " for this round (is it tallied?)");
  }
  const std::string rel_path = rel.get<std::string>();
  if (rel_path.find("..") != std::string::npos || rel_path.empty() ||
      rel_path.front() == '/') {
    Fail(StatusCode::kCorruption,
         "the record's index names a file outside the record: " + rel_path);
  }
  const std::string text = ReadInputFile(dir / rel_path, 1u << 30);
  return crypto::Bytes(text.begin(), text.end());
}

RecordRound LoadRecordRound(const fs::path& dir, std::uint64_t round_id) {
  const auto parsed = shared::ParseJsonInput(
      ReadInputFile(dir / record::kIndex, 64u << 20),
      (dir / record::kIndex).string(), shared::kRecordJson);
  if (!parsed.ok()) Fail(StatusCode::kCorruption, parsed.message());
  const nlohmann::json& index = parsed.value();
  if (!index.is_object() ||
      index.value("format", "") != record::kFormat ||
      !index.contains("rounds") || !index["rounds"].is_array()) {
    Fail(StatusCode::kCorruption,
         (dir / record::kIndex).string() +
             ": not a hall election record index (hall-admin record export "
             "writes one)");
  }
  for (const auto& r : index["rounds"]) {
    if (!r.is_object() || !r.contains("id") || r["id"] != round_id) continue;
    RecordRound out;
    out.round.request =
        ReadRecordFile(dir, r.value("tally_request", nlohmann::json()),
                       "tally request");
    const auto digest = shared::TallyRequestDigest(out.round.request);
    if (r.contains("sealed_tally")) {
      auto files = shared::DecodeSealedTally(
          ReadRecordFile(dir, r["sealed_tally"], "sealed tally"));
      if (!files.ok()) Fail(files.status().WithContext("round " + Num(round_id)));
      out.round.files = std::move(files).value();
    } else {
      auto files = shared::ClearPartialFiles(
          digest, ReadRecordFile(dir, r.value("partial_decryptions",
                                              nlohmann::json()),
                                 "partial decryptions"));
      if (!files.ok()) Fail(files.status().WithContext("round " + Num(round_id)));
      out.round.files = std::move(files).value();
    }
    if (r.contains("compared_with_round") &&
        r["compared_with_round"].is_number_unsigned())
      out.compared_with = r["compared_with_round"].get<std::uint64_t>();
    return out;
  }
  Fail(StatusCode::kNotFound,
       "the record in " + dir.string() + " has no round " + Num(round_id));
}

void OpenCmd(const Args& a) {
  paper::MinutesPrint print;
  print.signers = a.signers;
  print.language = LanguageOption(a.lang);
  if (a.pdf.empty() && (!a.lang.empty() || a.signers != 3))
    Fail(StatusCode::kInvalidArgument,
         "--lang and --signers are for the printed minutes: add --pdf FILE");
  if (a.signers < 1 || a.signers > paper::kMaxSigners)
    Fail(StatusCode::kInvalidArgument,
         "--signers " + std::to_string(a.signers) + ": the counting committee signs with 1 to " +
             Num(paper::kMaxSigners) + " members");
  std::optional<NewFile> out;
  if (!a.out.empty()) out.emplace(a.out);
  std::optional<NewFile> pdf_out;
  if (!a.pdf.empty()) pdf_out.emplace(a.pdf);
  const fs::path dir(a.record);
  const RecordRound round = LoadRecordRound(dir, a.round);
  std::optional<shared::RoundToOpen> compared;
  if (round.compared_with)
    compared = LoadRecordRound(dir, *round.compared_with).round;
  const std::string key_bytes = ReadInputFile(a.key, 64 * 1024);
  auto label = ReadRecipientLabel(crypto::AsBytes(key_bytes));
  if (!label.ok()) Fail(label.status().WithContext(a.key));
  auto key = OpenWithPassphrase<crypto::BoxKey>(
      "passphrase of " + label->name + "'s recipient key", a.passphrase_file,
      kEnv, "--passphrase-file", [&](const std::string& passphrase) {
        return DecryptRecipientKey(crypto::AsBytes(key_bytes), passphrase);
      });
  if (!key.ok()) Fail(key.status().WithContext(a.key));
  auto opened = shared::OpenAsRecipient(round.round, compared,
                                        a.seal_fingerprint, *key, label->name);
  if (!opened.ok()) Fail(opened.status().WithContext("round " + Num(a.round)));
  if (opened->round_id != a.round) {
    Fail(StatusCode::kCorruption,
         "the record's files for round " + Num(a.round) + " are those of round " +
             Num(opened->round_id) +
             ": the record was altered; tell the committee");
  }
  if (pdf_out) {
    print.digest = crypto::ToHex(shared::TallyRequestDigest(round.round.request));
    print.digest_is_tally_request = true;
    auto pdf = paper::MinutesPdf(opened->minutes, print);
    if (!pdf.ok()) Fail(pdf.status().WithContext("printing the minutes"));
    pdf_out->Write(*pdf);
    pdf_out->Commit();
  }
  if (out) {
    out->Write(opened->minutes + "\n");
    out->Commit();
  } else if (!pdf_out) {
    Out() << opened->minutes << "\n";
  }
  Err() << "the seal boxed this round's partial decryptions to "
        << opened->recipients.size() << " recipient(s):\n";
  for (const auto& r : opened->recipients)
    Err() << "  " << r.name << "  " << RecipientFingerprint(r.public_key) << "\n";
  Err() << "check that each is someone the committee named; anyone listed "
           "can open this round\n";
  for (const auto& why : opened->combined.set_aside) {
    Err() << "warning: set aside " << why
          << " (the round opened without it; tell the committee)\n";
  }
  const bool diverges =
      std::find(opened->outcome.flags.begin(), opened->outcome.flags.end(),
                rules::Flag::kReportDivergence) != opened->outcome.flags.end();
  Err() << "round " << a.round << " opened by " << label->name << ": "
        << opened->combined.partials.size()
        << " trustees' partial decryptions verified against the aggregate of "
        << opened->input.cast << " ballots"
        << (round.compared_with
                ? std::string("; compared with round ") +
                      Num(*round.compared_with) + ": " +
                      (diverges ? "report_divergence (the result differs: "
                                  "report to the competent authority)"
                                : "no divergence")
                : std::string())
        << (out ? "; minutes written to " + a.out : std::string())
        << (pdf_out ? "; printed to " + a.pdf + " (tally request digest " +
                          print.digest + " on every page)"
                    : std::string())
        << "\n";
}

int RunRecipient(int argc, char** argv) {
  crypto::InitOrDie();
  CLI::App app{
      "hall-recipient: a recipient of sealed minutes, on the recipient's own "
      "machine, with files only: make your key (key), then open a sealed "
      "round's minutes from the election record (open).\nExit status: 0 "
      "done, 2 bad usage or input, 1 refused or failed."};
  app.name("hall-recipient");
  app.footer(ExitStatusHelp());
  app.require_subcommand(1);
  std::function<void()> action;
  auto a = std::make_shared<Args>();

  CLI::App* key = app.add_subcommand(
      "key",
      "Make your recipient key (a passphrase-protected file that stays with "
      "you); prints the public key for the committee and its fingerprint");
  key->add_option("--name", a->name, "Your name as the minutes address you")
      ->required();
  key->add_option("--out", a->out, "Your new key file")->required();
  key->add_option("--passphrase-file", a->passphrase_file,
                  "File holding the new passphrase (or "
                  "$HALL_RECIPIENT_PASSPHRASE; else asked twice)");
  key->add_option("--key-cost", a->key_cost,
                  "How hard guessing the passphrase is: interactive or "
                  "moderate")
      ->check(CostValidator())
      ->capture_default_str();
  key->callback([&] { action = [a] { KeyCmd(*a); }; });

  CLI::App* open = app.add_subcommand(
      "open",
      "Open a round's minutes from the election record (hall-admin record "
      "export): a sealed round's, or a round compared with a sealed one "
      "with the comparison made");
  open->add_option("--record", a->record, "The election record folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  open->add_option("--round", a->round, "Round id")->required();
  open->add_option("--key", a->key, "Your recipient key file")->required();
  open->add_option("--seal-fingerprint", a->seal_fingerprint,
                   "The seal's fingerprint, as read aloud when the "
                   "installation was made")
      ->required();
  open->add_option("--out", a->out,
                   "Write the minutes to this new file instead of standard "
                   "output");
  open->add_option("--passphrase-file", a->passphrase_file,
                   "File holding your key's passphrase (or "
                   "$HALL_RECIPIENT_PASSPHRASE; else asked)");
  open->add_option("--pdf", a->pdf,
                   "Also print the minutes to this new PDF for the counting "
                   "committee to sign (biên bản kiểm phiếu / 计票结果报告单)");
  open->add_option("--lang", a->lang,
                   "--pdf in vi, zh or en (default: the meeting's language: "
                   "zh for P7, vi for the others)");
  open->add_option("--signers", a->signers,
                   "--pdf: members of the counting committee who sign (1-" +
                       std::to_string(paper::kMaxSigners) + ")")
      ->capture_default_str();
  open->callback([&] { action = [a] { OpenCmd(*a); }; });

  return ParseAndRun(app, argc, argv, "hall-recipient",
                     "hall-recipient [COMMAND]", action);
}

}  // namespace
}  // namespace hall::server::admin

int main(int argc, char** argv) {
  return hall::server::admin::RunRecipient(argc, argv);
}
