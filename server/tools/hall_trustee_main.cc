// hall-trustee: a trustee's side of the key ceremony with each trustee on
// their own machine (see hall/server/admin/distributed_ceremony.h). It needs
// no database and no server secret: only the public ceremony file, the other
// trustees' announcement / dealing files, and the trustee's own box key.
//
//   hall-trustee announce --ceremony C --index I --key-out my-box.key
//                         --out announce-I.bin
//   hall-trustee deal     --ceremony C --index I --box-key my-box.key
//                         --announcements announce-*.bin --out dealing-I.bin
//   hall-trustee finish   --ceremony C --index I --box-key my-box.key
//                         --dealings dealing-*.bin --key-out trustee-I.key
//   hall-trustee decrypt  --request tally-R.bin --key trustee-I.key
//                         --seal-fingerprint FP --out partial-R-I.bin
//
// Same conventions as hall-admin (admin.h): exit 0 done, 2 bad usage or
// input, 1 refused; one line on standard error; files 0600, never
// overwritten; passphrases from --passphrase-file, $HALL_TRUSTEE_PASSPHRASE
// or the terminal (echo off). The trustee key file finish writes is the one
// decrypt reads, protected by the same passphrase as the box key; it never
// leaves the trustee's machine (a rehearsal meeting's tally may read it:
// hall-admin round tally --trustee-key).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "hall/crypto/ceremony.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/init.h"
#include "hall/server/admin/cli.h"
#include "hall/server/admin/distributed_ceremony.h"
#include "hall/server/admin/key_files.h"
#include "hall/shared/tally_request.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;

constexpr char kEnv[] = "HALL_TRUSTEE_PASSPHRASE";
constexpr char kAuthenticity[] =
    "The files travel unsigned, so: each trustee reads out the announcement "
    "fingerprint `announce` printed and the others check it against what "
    "`deal` prints for them; each reads out the dealing fingerprint `deal` "
    "printed and the others check it against what `finish` prints; at the "
    "end everyone (and hall-admin ceremony finish) must print the same box "
    "key digest. If any differ, stop: the ceremony is run again.";

struct Args {
  std::string ceremony;
  std::uint32_t index = 0;
  std::string passphrase_file;
  std::string key_cost = "moderate";
  std::string box_key;
  std::string key_out;
  std::string out;
  std::vector<std::string> inputs;  // announcements or dealings
  std::string request;               // decrypt: the tally request
  std::string trustee_key;           // decrypt: the trustee key file
  std::string seal_fingerprint;      // decrypt: read aloud at init
};

std::string_view CharsOf(const crypto::Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

CeremonyPlan LoadPlan(const Args& a) {
  auto plan = CeremonyPlan::FromJson(ReadInputFile(a.ceremony, 1u << 20));
  if (!plan.ok()) Fail(plan.status().WithContext(a.ceremony));
  if (a.index < 1 || a.index > plan->n()) {
    Fail(StatusCode::kInvalidArgument,
         "--index " + Num(a.index) + " is not a trustee of this ceremony (1.." +
             Num(plan->n()) + ")");
  }
  return std::move(plan).value();
}

// A file about to be written must not exist yet.
void RefuseExisting(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    Fail(StatusCode::kAlreadyExists,
         path +
             " already exists; hall-trustee never overwrites a "
             "file: name another or move it away");
  }
}

std::string AskPassphrase(const Args& a, const CeremonyPlan& plan,
                          bool confirm) {
  std::string p =
      ReadPassphrase(std::string(confirm ? "new " : "") + "passphrase of " +
                         plan.Who(a.index) + "'s box key",
                     a.passphrase_file, kEnv, "--passphrase-file", confirm);
  if (confirm && p.size() < 8) {
    Fail(StatusCode::kInvalidArgument,
         "a key passphrase must have at least 8 characters");
  }
  return p;
}

// Reads the trustee's box key file; it must be this trustee's, of this
// ceremony. The passphrase is asked for and returned in `passphrase`.
crypto::CeremonyBoxKey LoadBoxKey(const Args& a, const CeremonyPlan& plan,
                                  std::string& passphrase) {
  const std::string bytes = ReadInputFile(a.box_key, 64 * 1024);
  auto label = ReadCeremonyBoxKeyLabel(crypto::AsBytes(bytes));
  if (!label.ok()) Fail(label.status().WithContext(a.box_key));
  if (label->ceremony_id != plan.Id()) {
    Fail(StatusCode::kInvalidArgument,
         a.box_key +
             ": this box key is from another ceremony (made for "
             "meeting " +
             Num(label->meeting_id) + "'s ceremony " +
             HexOf(label->ceremony_id).substr(0, 16) +
             "...); announce again for this one");
  }
  if (label->trustee != a.index) {
    Fail(StatusCode::kInvalidArgument,
         a.box_key + ": this is trustee " + Num(label->trustee) +
             "'s box key, not trustee " + Num(a.index) + "'s");
  }
  passphrase = AskPassphrase(a, plan, /*confirm=*/false);
  auto key = DecryptCeremonyBoxKey(crypto::AsBytes(bytes), passphrase);
  if (!key.ok()) Fail(key.status().WithContext(a.box_key));
  return std::move(key).value();
}

std::vector<NamedFile> ReadAll(const std::vector<std::string>& paths) {
  std::vector<NamedFile> files;
  for (const auto& path : paths) {
    files.push_back({path, ReadInputFile(path, 4u << 20)});
  }
  return files;
}

std::string Ceremony(const CeremonyPlan& plan) {
  return "meeting " + Num(plan.meeting_id) + "'s key ceremony " +
         HexOf(plan.Id()).substr(0, 16) + "... (" + Num(plan.k) + " of " +
         Num(plan.n()) + ")";
}

void Announce(const Args& a) {
  const CeremonyPlan plan = LoadPlan(a);
  RefuseExisting(a.key_out);
  RefuseExisting(a.out);
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  const std::string passphrase = AskPassphrase(a, plan, /*confirm=*/true);
  NewFile key_file(a.key_out);
  NewFile out(a.out);
  const crypto::CeremonyBoxKey key =
      crypto::CeremonyBoxKey::Generate(crypto::DefaultRandom());
  CeremonyBoxKeyLabel label;
  label.installation = plan.installation;
  label.meeting_id = plan.meeting_id;
  label.ceremony_id = plan.Id();
  label.trustee = a.index;
  label.name = plan.trustees[a.index - 1];
  key_file.Write(
      CharsOf(Take(EncryptCeremonyBoxKey(label, key, passphrase, cost))));
  crypto::TrusteeAnnouncement ann{a.index, key.public_key()};
  out.Write(CharsOf(EncodeAnnouncementFile(plan, ann)));
  key_file.Commit();
  out.Commit();
  Out() << plan.Who(a.index) << " in " << Ceremony(plan) << "\n"
            << "announcement fingerprint: "
            << AnnouncementFingerprint(plan, ann) << "\n"
            << "Read the fingerprint aloud to the other trustees and send them "
            << a.out << ". Keep " << a.key_out
            << " and its passphrase: deal and finish need them.\n";
}

void DealCmd(const Args& a) {
  const CeremonyPlan plan = LoadPlan(a);
  RefuseExisting(a.out);
  std::string passphrase;
  const crypto::CeremonyBoxKey key = LoadBoxKey(a, plan, passphrase);
  const std::vector<crypto::TrusteeAnnouncement> anns =
      Take(CollectAnnouncements(plan, ReadAll(a.inputs)));
  if (anns[a.index - 1].box_public_key != key.public_key()) {
    Fail(StatusCode::kPermissionDenied,
         "the announcement for " + plan.Who(a.index) + " was not made with " +
             a.box_key + ": give your own announcement file");
  }
  NewFile out(a.out);
  // The dealer's polynomial lives only inside Deal() and is wiped there.
  auto dealing =
      crypto::Deal(plan.Params(), a.index, anns, crypto::DefaultRandom());
  if (!dealing.ok()) Fail(dealing.code(), "cannot deal: " + dealing.message());
  out.Write(CharsOf(EncodeDealingFile(plan, *dealing)));
  out.Commit();
  Out() << plan.Who(a.index) << " in " << Ceremony(plan) << "\n"
            << "announcement fingerprints (each must be what that trustee "
               "read aloud):\n";
  for (std::uint32_t j = 1; j <= plan.n(); ++j) {
    Out() << "  " << plan.Who(j) << ": "
              << AnnouncementFingerprint(plan, anns[j - 1]) << "\n";
  }
  Out() << "dealing fingerprint: "
            << DealingFingerprint(plan, dealing->commitments) << "\n"
            << "Read the dealing fingerprint aloud and send " << a.out
            << " to the other trustees and the committee.\n";
}

void FinishCmd(const Args& a) {
  const CeremonyPlan plan = LoadPlan(a);
  RefuseExisting(a.key_out);
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  std::string passphrase;
  const crypto::CeremonyBoxKey key = LoadBoxKey(a, plan, passphrase);
  const std::vector<crypto::Dealing> dealings =
      Take(CollectDealings(plan, ReadAll(a.inputs)));
  std::vector<crypto::DealerCommitments> commitments;
  std::vector<crypto::EncryptedShare> mine;
  for (const auto& d : dealings) {
    commitments.push_back(d.commitments);
    mine.push_back(d.shares[a.index - 1]);
  }
  const crypto::CeremonyParams params = plan.Params();
  auto share = crypto::FinishCeremony(params, a.index, key, commitments, mine);
  if (!share.ok()) {
    Fail(share.code(), "the key ceremony cannot finish: " + share.message() +
                           "; tell the committee: the ceremony is run again "
                           "without that trustee");
  }
  const crypto::BallotBoxKey box_key =
      Take(crypto::DeriveBallotBoxKey(params, commitments));
  TrusteeKeyLabel label;
  label.installation = plan.installation;
  label.meeting_id = plan.meeting_id;
  label.trustee = a.index;
  label.name = plan.trustees[a.index - 1];
  label.box_key_digest = box_key.digest();
  NewFile out(a.key_out);
  out.Write(CharsOf(Take(EncryptTrusteeKey(label, *share, passphrase, cost))));
  out.Commit();
  Out() << plan.Who(a.index) << " in " << Ceremony(plan) << "\n"
            << "dealing fingerprints (each must be what that trustee read "
               "aloud):\n";
  for (std::uint32_t i = 1; i <= plan.n(); ++i) {
    Out() << "  " << plan.Who(i) << ": "
              << DealingFingerprint(plan, commitments[i - 1]) << "\n";
  }
  Out() << "box key digest: " << HexOf(box_key.digest()) << "\n"
            << "Compare the digest aloud with the other trustees and the "
               "committee. "
            << a.key_out
            << " is your trustee key for hall-trustee decrypt, protected "
               "by the same passphrase as "
            << a.box_key << "; " << a.box_key << " is no longer needed.\n";
}

// The trustee's log of what it decrypted, next to its key: one line per
// round, "installation meeting round request-digest". A second, different
// request for a round already decrypted is refused: the hall server cannot
// have a shortened or altered board decrypted after the real one.
fs::path DecryptLogPath(const std::string& trustee_key) {
  return fs::path(trustee_key + ".decrypted");
}

void CheckAndLogDecryption(const std::string& trustee_key,
                           const shared::VerifiedTallyRequest& request) {
  const auto address = request.address();
  const std::string round = address.installation + " " +
                            Num(address.meeting_id) + " " +
                            Num(address.round_id) + " ";
  const std::string line = round + HexOf(request.digest);
  const fs::path log = DecryptLogPath(trustee_key);
  std::error_code ec;
  std::string text;
  if (fs::exists(log, ec)) text = ReadInputFile(log, 16u << 20);
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    const std::string entry =
        text.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (entry == line) return;  // the same request again: the same answer
    if (entry.rfind(round, 0) == 0) {
      Fail(StatusCode::kPermissionDenied,
           "this trustee already decrypted round " + Num(address.round_id) +
               " of meeting " + Num(address.meeting_id) +
               " from another tally request (" + log.string() +
               "): a round is decrypted once. The board was changed since; "
               "do not decrypt it, tell the committee");
    }
    if (end == std::string::npos) break;
    at = end + 1;
  }
  const std::string appended = text + line + "\n";
  const fs::path next = log.string() + ".new";
  fs::remove(next, ec);
  WriteNewFile(next, appended);
  fs::rename(next, log, ec);
  if (ec) {
    Fail(CodeForErrno(ec.value()),
         log.string() + ": cannot record the decryption: " + ec.message());
  }
}

void DecryptCmd(const Args& a) {
  RefuseExisting(a.out);
  const std::string bytes = ReadInputFile(a.request, 1u << 30);
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  auto request = shared::VerifyTallyRequest(crypto::AsBytes(bytes),
                                            a.seal_fingerprint, workers);
  if (!request.ok()) {
    if (request.code() != StatusCode::kCorruption)
      Fail(request.status().WithContext(a.request));
    Fail(request.code(),
         a.request + ": " + request.message() +
             ": it is not what the round's sealed and closed box holds. Do "
             "not decrypt it; tell the committee");
  }
  const shared::BallotTemplate& t = request->round.ballot_template;
  const std::string key_bytes = ReadInputFile(a.trustee_key, 64 * 1024);
  const auto key_file = crypto::AsBytes(key_bytes);
  auto label = ReadTrusteeLabel(key_file);
  if (!label.ok()) Fail(label.status().WithContext(a.trustee_key));
  Out() << "tally request of " << a.request << ", verified against the seal "
        << crypto::Fingerprint(request->seal) << ":\n"
        << "  meeting " << t.meeting_id << " (" << request->definition.title
        << ")" << (request->definition.rehearsal ? ", a REHEARSAL" : "")
        << "\n  round " << t.round_id << ", step " << t.step << " ("
        << t.disclosure << ")\n  ballots: " << request->closed.cast << " cast of "
        << request->sealed.issued << " codes issued; board head "
        << HexOf(request->closed.board_head).substr(0, 16) << "\n"
        << "  attendance: " << request->sealed.present.size()
        << " people named present under the seal, of "
        << request->sealed.convened << " convened\n";
  if (request->sealed.compared_round != 0) {
    Out() << "  compared with round " << request->sealed.compared_round
          << "\n";
  }
  // With voter classes, what this trustee decrypts: one aggregate per
  // group, none of fewer than the minimum.
  for (const auto& g : request->groups) {
    std::string names;
    for (std::size_t c : g.classes)
      names += (names.empty() ? "" : " + ") + request->classes[c].name;
    Out() << "  voter class " << names
          << (g.role == shared::VoterRole::kAdvisory ? " (B, decides nothing)"
                                                     : "")
          << ": " << g.ballots << " ballots, "
          << (g.aggregate ? "decrypted as one aggregate"
                          : "not decrypted (too few ballots)")
          << "\n";
  }
  if (request->sealed_step()) {
    Out() << "  sealed step: your partial decryption is boxed only to the "
             "recipients the seal signed:\n";
    for (const auto& r : request->definition.recipients) {
      Out() << "    " << r.name << "  "
            << RecipientFingerprint(r.public_key) << "\n";
    }
    Out() << "Check these names and fingerprints against the ones the "
             "recipients read out.\n";
  }
  Out() << "Check the count and head against what the hall display showed "
           "when the round closed.\n";
  Check(CheckTrusteeKeyFor(key_file, t.installation, t.meeting_id,
                           request->round.box_key)
            .WithContext(a.trustee_key));
  auto share = OpenWithPassphrase<crypto::TrusteeShare>(
      "passphrase of trustee " + Num(label->trustee) + " (" + label->name + ")",
      a.passphrase_file, kEnv, "--passphrase-file",
      [&](const std::string& passphrase) {
        return DecryptTrusteeKey(key_file, passphrase, t.installation,
                                 t.meeting_id, request->round.box_key);
      });
  if (!share.ok()) Fail(share.status().WithContext(a.trustee_key));
  CheckAndLogDecryption(a.trustee_key, *request);
  NewFile out(a.out);
  auto file = shared::MakePartialFile(*request, *share, crypto::DefaultRandom());
  if (!file.ok()) Fail(file.status());
  out.Write(CharsOf(file->Encode()));
  out.Commit();
  Out() << "partial decryption of trustee " << label->trustee << " ("
        << label->name << ") written to " << a.out
        << (request->sealed_step()
                ? ", sealed to the meeting's recipients: the hall server "
                  "cannot read it"
                : "")
        << ". Give it to the committee.\n";
}

void AddCommon(CLI::App& cmd, Args& a) {
  cmd.add_option("--ceremony", a.ceremony,
                 "The ceremony file from hall-admin ceremony start")
      ->required();
  cmd.add_option("--index", a.index, "Your trustee number in the ceremony file")
      ->required();
  cmd.add_option("--passphrase-file", a.passphrase_file,
                 "File holding your box key passphrase (or "
                 "$HALL_TRUSTEE_PASSPHRASE; else asked on the terminal)");
}

void AddCost(CLI::App& cmd, Args& a) {
  cmd.add_option("--key-cost", a.key_cost,
                 "How hard guessing a passphrase is: interactive or moderate")
      ->check(CostValidator())
      ->capture_default_str();
}

int RunTrustee(int argc, char** argv) {
  crypto::InitOrDie();
  CLI::App app{
      std::string(
          "hall-trustee: a trustee's side of the ballot box, on the trustee's "
          "own machine, with files only (no database, no server secret): "
          "the key ceremony (announce, then deal, then finish) and, for each "
          "closed round, the partial decryption (decrypt).\n") +
      kAuthenticity +
      "\nExit status: 0 done, 2 bad usage or input, 1 refused or failed."};
  app.name("hall-trustee");
  app.footer(ExitStatusHelp());
  app.require_subcommand(1);
  std::function<void()> action;
  auto a = std::make_shared<Args>();

  CLI::App* announce = app.add_subcommand(
      "announce",
      "Make your ceremony box key (a passphrase-protected file that stays "
      "with you) and the public announcement file for the other trustees; "
      "prints the announcement fingerprint to read aloud");
  AddCommon(*announce, *a);
  announce->add_option("--key-out", a->key_out, "Your new box key file")
      ->required();
  announce->add_option("--out", a->out, "The announcement file to send")
      ->required();
  AddCost(*announce, *a);
  announce->callback([&] { action = [a] { Announce(*a); }; });

  CLI::App* deal = app.add_subcommand(
      "deal",
      "Deal: from exactly one announcement per trustee, write your "
      "commitments, proofs and one share sealed to each trustee; prints "
      "every announcement's fingerprint to check and your dealing "
      "fingerprint to read aloud. Nothing secret is kept.");
  AddCommon(*deal, *a);
  deal->add_option("--box-key", a->box_key, "Your box key file")->required();
  deal->add_option("--announcements", a->inputs,
                   "Every trustee's announcement file (yours included)")
      ->required()
      ->expected(1, -1);
  deal->add_option("--out", a->out, "The dealing file to send")->required();
  deal->callback([&] { action = [a] { DealCmd(*a); }; });

  CLI::App* finish = app.add_subcommand(
      "finish",
      "Finish: check every dealer's commitments and your share from each "
      "(a bad dealer is named), and write your trustee key file for "
      "hall-admin round tally; prints the box key digest to compare aloud");
  AddCommon(*finish, *a);
  finish->add_option("--box-key", a->box_key, "Your box key file")->required();
  finish
      ->add_option("--dealings", a->inputs,
                   "Every trustee's dealing file (yours included)")
      ->required()
      ->expected(1, -1);
  finish->add_option("--key-out", a->key_out, "Your new trustee key file")
      ->required();
  AddCost(*finish, *a);
  finish->callback([&] { action = [a] { FinishCmd(*a); }; });

  CLI::App* decrypt = app.add_subcommand(
      "decrypt",
      "Verify a closed round's tally request (every signature against the "
      "seal, every ballot, the board against the box-closed statement, at "
      "least 3 ballots) and write your partial decryption of the round's "
      "aggregate with its proof; for a sealed step it is sealed to the "
      "recipients. A round is decrypted once: a different request for it is "
      "refused (the log is KEY.decrypted)");
  decrypt->add_option("--request", a->request,
                      "The tally request (hall-admin round tally-request)")
      ->required();
  decrypt->add_option("--key", a->trustee_key, "Your trustee key file")
      ->required();
  decrypt
      ->add_option("--seal-fingerprint", a->seal_fingerprint,
                   "The seal's fingerprint, as read aloud when the "
                   "installation was made")
      ->required();
  decrypt->add_option("--out", a->out, "The new partial file to return")
      ->required();
  decrypt->add_option("--passphrase-file", a->passphrase_file,
                      "File holding your trustee key's passphrase (or "
                      "$HALL_TRUSTEE_PASSPHRASE; else asked)");
  decrypt->callback([&] { action = [a] { DecryptCmd(*a); }; });

  return ParseAndRun(app, argc, argv, "hall-trustee", "hall-trustee [COMMAND]",
                     action);
}

}  // namespace
}  // namespace hall::server::admin

int main(int argc, char** argv) {
  return hall::server::admin::RunTrustee(argc, argv);
}
