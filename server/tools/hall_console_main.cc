// hall-console: the committee console, on the committee's own laptop (never
// the hall server). It holds the seal key; the hall server holds only the
// seal's public key. With files only (no database, no network):
//
//   hall-console init --dir CONSOLE
//       makes CONSOLE/seal.key (passphrase-protected) and CONSOLE/seal.pub;
//       prints the seal's fingerprint to read aloud. The hall server is made
//       with `hall-admin init --seal-public-key CONSOLE/seal.pub`.
//   hall-console sign --dir CONSOLE --request seal-R.request
//                     --out seal-R.answer --slips slips-R.pdf
//       shows what the hall server asks the seal to sign (meeting, round,
//       step, ballot, the people present, the recipients of a sealed step,
//       the meeting definition when it is signed the first time), checks it
//       (shared/seal_work.h CheckSealRequest), makes one ballot code per
//       person present, prints their slips and writes the answer the hall
//       server stores (`hall-admin round seal R --answer seal-R.answer`).
//       The codes exist only in the slips (and --codes-out for tests).
//       A close request (hall-admin round close R --request-out) shows the
//       count cast of issued and the board head, to compare with the hall
//       display, and signs the box-closed statement. A minutes request
//       (hall-admin round tally R --partial ... --request-out) is counted
//       here from the trustees' partial files; the minutes are shown and
//       signed.
//
// Same conventions as hall-admin: exit 0 done, 2 bad usage or input, 1
// refused; files 0600, never overwritten; the seal passphrase from
// --seal-passphrase-file, $HALL_SEAL_PASSPHRASE or the terminal.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "hall/base/folder.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/init.h"
#include "hall/crypto/key_file.h"
#include "hall/server/admin/cli.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/admin/slips.h"
#include "hall/shared/catalog.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/procedure_loader.h"
#include "hall/shared/seal_public_key_file.h"
#include "hall/shared/seal_work.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;

constexpr char kEnv[] = "HALL_SEAL_PASSPHRASE";

struct Args {
  std::string dir;
  std::string request;
  std::string out;
  std::string slips;
  std::string codes_out;
  std::string procedures_dir;
  std::string passphrase_file;
  std::string seal_cost = "moderate";
};

fs::path SealKeyPath(const Args& a) { return fs::path(a.dir) / "seal.key"; }
fs::path InConsole(const Args& a, const std::string& path) {
  const fs::path p(path);
  return p.is_relative() ? fs::path(a.dir) / p : p;
}
fs::path SealPubPath(const Args& a) { return fs::path(a.dir) / "seal.pub"; }

std::string Now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void InitCmd(const Args& a) {
  std::error_code ec;
  Take(MakeFolder(a.dir));
  if (fs::exists(SealKeyPath(a), ec)) {
    Fail(StatusCode::kAlreadyExists,
         SealKeyPath(a).string() +
             " exists: this console already holds a seal; hall never "
             "overwrites one");
  }
  NewFile pub(SealPubPath(a));
  const std::string passphrase =
      ReadPassphrase("new seal passphrase", a.passphrase_file, kEnv,
                     "--seal-passphrase-file", /*confirm=*/true);
  if (passphrase.size() < 8) {
    Fail(StatusCode::kInvalidArgument,
         "the seal passphrase must have at least 8 characters");
  }
  const crypto::SigningKey seal = crypto::SigningKey::Generate();
  Check(crypto::SaveSigningKey(seal, SealKeyPath(a), passphrase,
                               ParseCost(a.seal_cost)));
  pub.Write(shared::EncodeSealPublicKeyFile(seal.verify_key()));
  pub.Commit();
  Out() << "the committee's seal is in " << SealKeyPath(a).string()
        << " (keep the laptop and the passphrase with the committee)\n"
        << "seal fingerprint: " << crypto::Fingerprint(seal.verify_key())
        << "\n"
        << "public key: " << SealPubPath(a).string()
        << " (for hall-admin init --seal-public-key on the hall server; read "
           "the fingerprint aloud when it prints it)\n";
}

void ShowRequest(const shared::SealRequest& r, const rules::Procedure& p) {
  const shared::BallotTemplate& t = r.ballot_template;
  auto def = Take(shared::MeetingDefinition::Decode(r.definition));
  Out() << "The hall server asks the seal to seal a ballot box:\n"
        << "  meeting " << r.meeting_id << " (" << def.title << ")"
        << (def.rehearsal ? ", a REHEARSAL" : "")
        << (def.date.empty() ? std::string() : ", sitting on " + def.date)
        << "\n"
        << "  round " << r.round_id << ": " << p.code << " step " << t.step
        << " (" << t.StepTitle(rules::Language::kEn) << "), " << t.disclosure
        << "\n  ballot: " << crypto::BallotKindName(t.kind)
        << (t.max_agree ? ", at most " + Num(*t.max_agree) + " agree"
                        : std::string())
        << "; electorate: ";
  if (r.box_sealed.groups.empty()) Out() << "the whole roll";
  for (std::size_t i = 0; i < r.box_sealed.groups.size(); ++i)
    Out() << (i ? ", " : "groups ") << r.box_sealed.groups[i];
  Out() << "\n  on the ballot:";
  for (std::size_t i = 0; i < t.persons.size(); ++i)
    Out() << (i ? ", " : " ") << t.persons[i];
  Out() << "\n  posts: " << r.box_sealed.slots
        << (r.box_sealed.head_nominee.empty()
                ? std::string()
                : "; the head's nominee: " + r.box_sealed.head_nominee)
        << (r.box_sealed.compared_round
                ? "; compared with round " + Num(r.box_sealed.compared_round)
                : std::string())
        << "\n  present: " << r.box_sealed.present.size() << " of "
        << r.box_sealed.convened << " convened; one ballot code each:\n";
  // Voter classes: what each code's class is, and who votes B (ballots
  // recorded, deciding nothing): the person signing must agree to both.
  const auto classes = shared::VoterClassesOf(r.box_sealed, def);
  const auto class_of = shared::VoterClassOfEach(r.box_sealed, def);
  for (std::size_t i = 0; i < r.present.size(); ++i) {
    Out() << "    " << r.present[i].person_id << "  " << r.present[i].name;
    if (i < class_of.size() && class_of[i] < classes.size())
      Out() << "  [class " << classes[class_of[i]].name
            << (classes[class_of[i]].role == shared::VoterRole::kAdvisory
                    ? ": B ballot, recorded, decides nothing]"
                    : "]");
    Out() << "\n";
  }
  if (!classes.empty()) {
    Out() << "  VOTER CLASSES, each tallied on its own (a class with fewer "
             "than 3 ballots is never decrypted alone):\n";
    for (const auto& c : classes)
      Out() << "    " << c.name << ": " << c.issued << " codes, "
            << (c.role == shared::VoterRole::kAdvisory
                    ? "ADVISORY (B ballots: counted and recorded, decide "
                      "nothing) - groups "
                    : "deciding")
            << (c.role == shared::VoterRole::kAdvisory
                    ? [&] {
                        std::string g;
                        for (const auto& a : r.box_sealed.advisory_groups)
                          g += (g.empty() ? "" : ", ") + a;
                        return g;
                      }()
                    : std::string())
            << "\n";
  }
  if (r.definition_signature.empty()) {
    Out() << "This is the meeting's first sealed round: the seal also signs "
             "its definition: "
          << def.roll.size() << " people on the roll, " << def.members
          << " members; trustees:";
    for (std::size_t i = 0; i < def.trustees.size(); ++i)
      Out() << (i ? ", " : " ") << def.trustees[i];
    Out() << "\n  ballot-box key digest " << HexOf(def.box_key_digest)
          << "\n  (compare it with the one each trustee's hall-trustee finish "
             "printed)\n";
  }
  if (t.disclosure == "sealed" || r.definition_signature.empty()) {
    Out() << "Sealed steps' results go only to these recipients (check each "
             "fingerprint against the one its holder reads out):\n";
    for (const auto& rec : def.recipients) {
      Out() << "    " << rec.name << "  " << RecipientFingerprint(rec.public_key)
            << "\n";
    }
  }
}

// What this console has signed, kept in its folder (signed.log, one line
// per signature: kind installation meeting round digest): it signs one
// definition per meeting and answers one request per round and kind, so a
// hostile server cannot get a second, different statement for the same
// thing. The same request again (a lost answer file) is answered again.
class Ledger {
 public:
  explicit Ledger(fs::path path) : path_(std::move(path)) {
    std::ifstream in(path_);
    for (std::string line; std::getline(in, line);) {
      std::istringstream words(line);
      std::string kind, installation, meeting, round, digest;
      if (words >> kind >> installation >> meeting >> round >> digest)
        entries_[kind + " " + installation + " " + meeting + " " + round] =
            digest;
    }
  }

  // Fails when `what` was signed with another digest; records it otherwise.
  // True when this very request was signed before.
  bool Claim(const std::string& kind, const shared::SealRequest& r,
             std::uint64_t round, const shared::Digest32& digest,
             const std::string& refusal) {
    const std::string key = kind + " " + r.installation + " " +
                            Num(r.meeting_id) + " " + Num(round);
    const std::string hex = HexOf(digest);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      if (it->second != hex) {
        Fail(StatusCode::kPermissionDenied,
             refusal + " (" + path_.string() + "); do not sign it; tell the "
                       "committee");
      }
      return true;
    }
    std::ofstream out(path_, std::ios::app);
    out << key << " " << hex << "\n";
    out.flush();
    if (!out) {
      Fail(StatusCode::kInternal,
           path_.string() + ": cannot record the signature; nothing signed");
    }
    entries_[key] = hex;
    return false;
  }

 private:
  fs::path path_;
  std::map<std::string, std::string> entries_;
};

Ledger OpenLedger(const Args& a) { return Ledger(fs::path(a.dir) / "signed.log"); }

void WriteAnswer(NewFile& out, const shared::SealAnswer& answer) {
  const crypto::Bytes bytes = answer.Encode();
  out.Write(std::string_view(reinterpret_cast<const char*>(bytes.data()),
                             bytes.size()));
  out.Commit();
}

crypto::SigningKey LoadSeal(const Args& a) {
  const std::string passphrase =
      ReadPassphrase("seal passphrase", a.passphrase_file, kEnv,
                     "--seal-passphrase-file");
  auto seal = crypto::LoadSigningKey(SealKeyPath(a), passphrase);
  if (!seal.ok()) Fail(seal.status());
  return std::move(seal).value();
}

// A box-closed statement: what it says, checked against the box this seal
// sealed, then signed.
void SignClose(const Args& a, const shared::SealRequest& request) {
  NewFile out(a.out);
  const crypto::SigningKey seal = LoadSeal(a);
  if (Status s = shared::CheckSealRequest(request, seal.verify_key()); !s.ok())
    Fail(s.WithContext(a.request));
  const auto t = Take(
      shared::BallotTemplate::Decode(request.signed_template.template_bytes));
  const auto sealed =
      Take(shared::BoxSealedStatement::Decode(request.box_sealed_bytes));
  const auto closed =
      Take(shared::BoxClosedStatement::Decode(request.box_closed));
  Out() << "The hall server asks the seal to close a ballot box:\n"
        << "  meeting " << t.meeting_id << " (" << t.meeting_title << ")\n"
        << "  round " << t.round_id << ", step " << t.step << " ("
        << t.disclosure << ")\n"
        << "  ballots: " << closed.cast << " cast of " << sealed.issued
        << " codes issued; board head " << HexOf(closed.board_head).substr(0, 16)
        << "\n  closed at " << closed.closed_at << "\n"
        << "Check the count and head against the hall display before "
           "carrying the answer back.\n";
  Ledger ledger = OpenLedger(a);
  ledger.Claim("close", request, request.round_id,
               shared::SealRequestDigest(request.Encode()),
               "this console already signed another close of round " +
                   Num(request.round_id));
  WriteAnswer(out, Take(shared::SignCloseWork(request, seal)));
  Out() << "signed: answer " << a.out << " (hall-admin round close "
        << t.round_id << " --answer " << a.out << ")\n";
}

// A committee statement (a round cancelled, a step recorded): shown whole,
// then signed. The console's ledger keeps it from signing a second,
// different cancellation of one round.
void SignStatement(const Args& a, const shared::SealRequest& request) {
  NewFile out(a.out);
  const crypto::SigningKey seal = LoadSeal(a);
  if (Status s = shared::CheckSealRequest(request, seal.verify_key()); !s.ok())
    Fail(s.WithContext(a.request));
  if (request.statement_type == crypto::SignatureType::kRoundCancelled) {
    const auto c =
        Take(shared::RoundCancelledStatement::Decode(request.statement));
    Out() << "The hall server asks the seal to CANCEL a round:\n"
          << "  meeting " << c.meeting_id << ", round " << c.round_id
          << ", step " << c.step << " (it is " << c.state << ")\n"
          << "  ballots in its box, never to be counted: " << c.cast << "\n"
          << "  reason: " << c.reason << "\n"
          << "  at " << c.cancelled_at << "\n";
    Ledger ledger = OpenLedger(a);
    ledger.Claim("cancel", request, request.round_id,
                 shared::SealRequestDigest(request.Encode()),
                 "this console already signed another cancellation of round " +
                     Num(request.round_id));
  } else {
    const auto r = Take(shared::StepRecordStatement::Decode(request.statement));
    Out() << "The hall server asks the seal to sign the record of step "
          << r.step << " (record " << r.index << ") of meeting "
          << r.meeting_id << ":\n";
    if (!r.text.empty()) Out() << "  " << r.text << "\n";
    for (const auto& d : r.dates) Out() << "  " << d.name << ": " << d.date << "\n";
    for (const auto& doc : r.documents) {
      Out() << "  document " << doc.name << ", " << doc.size
            << " bytes, digest " << HexOf(doc.digest)
            << " (compare with the file's: hall-admin step list)\n";
    }
  }
  WriteAnswer(out, Take(shared::SignStatementWork(request, seal)));
  Out() << "signed: answer " << a.out << " (take it to the hall server: "
        << (request.statement_type == crypto::SignatureType::kRoundCancelled
                ? "hall-admin round cancel " + Num(request.round_id) +
                      " --answer " + a.out
                : "hall-admin step record --meeting " +
                      Num(request.meeting_id) + " --answer " + a.out)
        << ")\n";
}

// An announced round's minutes: counted here from the trustees' partial
// files, shown, then signed.
void SignMinutes(const Args& a, const shared::SealRequest& request) {
  NewFile out(a.out);
  const crypto::SigningKey seal = LoadSeal(a);
  if (Status s = shared::CheckSealRequest(request, seal.verify_key()); !s.ok())
    Fail(s.WithContext(a.request));
  auto signed_minutes =
      shared::SignMinutesWork(request, seal, Now(), crypto::DefaultRandom());
  if (!signed_minutes.ok()) Fail(signed_minutes.status().WithContext(a.request));
  const auto& opened = signed_minutes->opened;
  Out() << "The hall server asks the seal to sign the minutes of round "
        << request.round_id << " (meeting " << request.meeting_id
        << "), counted here from " << opened.combined.partials.size()
        << " trustees' partial decryptions of " << opened.input.cast
        << " ballots:\n"
        << opened.minutes << "\n";
  Ledger ledger = OpenLedger(a);
  ledger.Claim("minutes", request, request.round_id,
               shared::SealRequestDigest(request.Encode()),
               "this console already signed other minutes of round " +
                   Num(request.round_id));
  WriteAnswer(out, signed_minutes->answer);
  Out() << "signed: answer " << a.out << " (hall-admin round tally "
        << request.round_id << " --partial ... --answer " << a.out << ")\n";
}

void SignCmd(const Args& a) {
  const std::string bytes = ReadInputFile(a.request, 256u << 20);
  auto request = shared::SealRequest::Decode(crypto::AsBytes(bytes));
  if (!request.ok()) Fail(request.status().WithContext(a.request));
  if (request->action == shared::SealAction::kCloseRound) {
    SignClose(a, *request);
    return;
  }
  if (request->action == shared::SealAction::kSignMinutes) {
    SignMinutes(a, *request);
    return;
  }
  if (request->action == shared::SealAction::kSignStatement) {
    SignStatement(a, *request);
    return;
  }
  if (a.slips.empty()) {
    Fail(StatusCode::kInvalidArgument,
         "sealing a round makes its ballot codes: give --slips FILE to print "
         "them");
  }
  // Reserve the outputs before any code exists. The codes stay in the
  // console's folder: a relative --slips / --codes-out is taken there, never
  // next to the request on the stick that goes back to the hall server.
  NewFile out(a.out);
  NewFile slips(InConsole(a, a.slips));
  std::optional<NewFile> codes_file;
  if (!a.codes_out.empty()) codes_file.emplace(InConsole(a, a.codes_out));
  auto procedure = rules::ParseProcedure(request->procedure_file, a.request);
  if (!procedure.ok()) Fail(procedure.status());
  const crypto::SigningKey seal = LoadSeal(a);
  if (Status s = shared::CheckSealRequest(*request, seal.verify_key());
      !s.ok()) {
    Fail(s.WithContext(a.request));
  }
  if (request->definition_signature.empty()) {
    // The first seal signs the meeting's procedure: only the committee's.
    std::optional<rules::Catalog> adapted;
    if (!a.procedures_dir.empty())
      adapted.emplace(Take(rules::Catalog::FromFolder(a.procedures_dir)));
    const rules::Catalog& catalog =
        adapted ? *adapted : rules::Catalog::Builtin();
    const rules::Procedure* known = catalog.Find(procedure->id);
    if (!known || known->file_text != request->procedure_file) {
      Fail(StatusCode::kPermissionDenied,
           a.request + ": the meeting's procedure file is not the "
                       "committee's " +
               procedure->id +
               " (for an adapted procedure give its folder: --procedures "
               "DIR); do not sign it");
    }
  }
  ShowRequest(*request, *procedure);
  Ledger ledger = OpenLedger(a);
  ledger.Claim("definition", *request, 0,
               shared::MeetingDefinitionDigest(request->definition),
               "this console already signed another definition of meeting " +
                   Num(request->meeting_id));
  if (ledger.Claim("seal", *request, request->round_id,
                   shared::SealRequestDigest(request->Encode()),
                   "this console already sealed round " +
                       Num(request->round_id) + " from another request")) {
    Out() << "This request was signed here before: the codes made now are "
             "NEW. Only the answer the hall server stores counts; destroy "
             "the slips of the other.\n";
  }
  auto signed_seal =
      shared::SignSealWork(*request, seal, Now(), crypto::DefaultRandom());
  if (!signed_seal.ok()) Fail(signed_seal.status().WithContext(a.request));
  // The definition travels with every seal request (signed at the first).
  const auto definition = shared::MeetingDefinition::Decode(request->definition);
  paper::SlipSheet sheet =
      SheetOf(request->ballot_template, &*procedure, procedure->code,
              seal.verify_key(), definition.ok() ? definition->date : "",
              definition.ok() && definition->rehearsal, Now());
  sheet.code_classes = signed_seal->code_classes;
  Check(WriteSlips(sheet, signed_seal->codes, slips,
                   codes_file ? &*codes_file : nullptr));
  try {
    WriteAnswer(out, signed_seal->answer);
  } catch (const Failure& f) {
    // Without the answer the hall server never takes these codes.
    std::error_code ec;
    fs::remove(InConsole(a, a.slips), ec);
    if (!a.codes_out.empty()) fs::remove(InConsole(a, a.codes_out), ec);
    Fail(f.code, f.message + "; the slips written for it were deleted (their "
                             "codes were never valid): sign the request again");
  }
  Out() << "signed: " << signed_seal->codes.size() << " ballot codes made; "
        << "slips: " << InConsole(a, a.slips).string()
        << " (print on A4, cut, shuffle and hand one to each person present; "
           "then delete the file)\n"
        << "answer: " << a.out << " (take it to the hall server: hall-admin "
        << "round seal " << request->round_id << " --answer " << a.out
        << ")\n";
}

int RunConsole(int argc, char** argv) {
  crypto::InitOrDie();
  CLI::App app{
      "hall-console: the committee console, on the committee's own laptop: "
      "holds the seal, makes the ballot codes and signs what the hall server "
      "asks after showing it.\nExit status: 0 done, 2 bad usage or input, 1 "
      "refused or failed."};
  app.name("hall-console");
  app.footer(ExitStatusHelp());
  app.require_subcommand(1);
  std::function<void()> action;
  auto a = std::make_shared<Args>();
  auto add_dir = [&](CLI::App* cmd) {
    cmd->add_option("--dir", a->dir, "The console's folder (or $HALL_CONSOLE_DIR)")
        ->envname("HALL_CONSOLE_DIR")
        ->required();
    cmd->add_option("--seal-passphrase-file", a->passphrase_file,
                    "File holding the seal passphrase (or "
                    "$HALL_SEAL_PASSPHRASE; else asked)");
  };

  CLI::App* init = app.add_subcommand(
      "init", "Make the committee's seal in the console's folder");
  add_dir(init);
  init->add_option("--seal-cost", a->seal_cost,
                   "How hard guessing the passphrase is: interactive, "
                   "moderate or sensitive")
      ->check(CostValidator())
      ->capture_default_str();
  init->callback([&] { action = [a] { InitCmd(*a); }; });

  CLI::App* sign = app.add_subcommand(
      "sign",
      "Seal a round the hall server asks for: show it, make its ballot codes, "
      "print their slips and write the answer for the hall server");
  add_dir(sign);
  sign->add_option("--request", a->request,
                   "The seal request (hall-admin round seal R --request-out)")
      ->required();
  sign->add_option("--out", a->out, "The new answer file")->required();
  sign->add_option("--slips", a->slips,
                   "Sealing a round: the new slips file (PDF, A4)");
  sign->add_option("--procedures", a->procedures_dir,
                   "The committee's adapted procedure files, when the "
                   "meeting runs one");
  sign->add_option("--codes-out", a->codes_out,
                   "Also write the codes, one per line (tests and "
                   "rehearsals)")
      ->group("");
  sign->callback([&] { action = [a] { SignCmd(*a); }; });

  return ParseAndRun(app, argc, argv, "hall-console", "hall-console [COMMAND]",
                     action);
}

}  // namespace
}  // namespace hall::server::admin

int main(int argc, char** argv) {
  return hall::server::admin::RunConsole(argc, argv);
}
