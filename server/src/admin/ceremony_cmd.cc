// hall-admin ceremony: the ballot-box key ceremony.
//  - run: in one process with every trustee at the table. Each trustee's
//    share goes to its own passphrase-protected key file.
//  - start / finish / cancel: the committee's side of the ceremony with each
//    trustee on their own machine (hall-trustee does the rest; see
//    distributed_ceremony.h). A started ceremony is pending until finished
//    or cancelled: the meta row "pending_ceremony/<meeting>" holds its
//    ceremony id (hex).
#include <CLI/CLI.hpp>
#include <iostream>

#include "hall/base/folder.h"
#include "hall/crypto/random.h"
#include "hall/server/admin/admin.h"
#include "hall/server/admin/distributed_ceremony.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/round_store.h"
#include "hall/shared/printable_text.h"

namespace hall::server::admin {
namespace {

struct CeremonyArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::uint32_t k = 0;
  std::vector<std::string> trustees;
  std::string key_dir;
  std::vector<std::string> passphrase_files;
  std::string key_cost = "moderate";
};

// The trustees' names as the minutes will print them (checked, NFC).
std::vector<std::string> TrusteeNames(const std::vector<std::string>& typed) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < typed.size(); ++i)
    out.push_back(Take(shared::HumanText(
        typed[i], "trustee " + Num(i + 1) + "'s name", shared::kMaxNameBytes)));
  return out;
}

void RunCeremony(const CeremonyArgs& typed) {
  CeremonyArgs a = typed;
  a.trustees = TrusteeNames(typed.trustees);
  namespace fs = std::filesystem;
  OpenedInstallation inst = OpenOrFail(a.common);
  MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  if (m.trustees_k) {
    Fail(StatusCode::kFailedPrecondition,
         "meeting " + Num(a.meeting) +
             ": the key ceremony has already been run; its key opens every "
             "round");
  }
  if (m.mode != MeetingMode::kRehearsal) {
    Fail(StatusCode::kPermissionDenied,
         "meeting " + Num(a.meeting) +
             " is a real meeting: each trustee makes their share on their "
             "own device (hall-admin ceremony start, then hall-trustee "
             "announce / deal / finish); ceremony run is only for a "
             "rehearsal meeting (meeting create --rehearsal)");
  }
  const std::size_t n = a.trustees.size();
  if (a.k < 1 || a.k > n) {
    Fail(StatusCode::kInvalidArgument,
         "--k must be between 1 and the number of trustees (" + Num(n) + ")");
  }
  if (!a.passphrase_files.empty() && a.passphrase_files.size() != n) {
    Fail(StatusCode::kInvalidArgument,
         "give one --trustee-passphrase-file per --trustee (" + Num(n) +
             "), in the same order");
  }
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  Take(MakeFolder(a.key_dir));
  // Reserve every file first: after the ceremony the shares exist only in
  // memory, so nothing may fail for want of a file name.
  std::vector<std::unique_ptr<NewFile>> files;
  for (std::size_t i = 0; i < n; ++i) {
    files.push_back(std::make_unique<NewFile>(
        fs::path(a.key_dir) / ("trustee-" + Num(i + 1) + ".key")));
  }
  std::vector<std::string> passphrases;
  for (std::size_t i = 0; i < n; ++i) {
    std::string p = ReadPassphrase(
        "new passphrase for trustee " + Num(i + 1) + " (" + a.trustees[i] + ")",
        a.passphrase_files.empty() ? std::string() : a.passphrase_files[i],
        "HALL_TRUSTEE_PASSPHRASE", "--trustee-passphrase-file",
        /*confirm=*/true);
    if (p.size() < 8) {
      Fail(StatusCode::kInvalidArgument,
           "trustee " + Num(i + 1) +
               ": a key passphrase must have at least 8 characters");
    }
    passphrases.push_back(std::move(p));
  }
  Committee committee(*inst.db);
  const std::string installation = server::Installation(*inst.db);
  // The key files are written and synced inside the ceremony's transaction:
  // if one cannot be written, nothing is recorded and the ceremony can run
  // again.
  std::optional<crypto::BallotBoxKey> recorded_key;
  auto write_keys =
      [&](const crypto::BallotBoxKey& box_key,
          const std::vector<crypto::TrusteeShare>& shares) -> Status {
    try {
      for (const auto& share : shares) {
        const std::uint32_t idx = share.trustee();
        TrusteeKeyLabel label;
        label.installation = installation;
        label.meeting_id = a.meeting;
        label.trustee = idx;
        label.name = a.trustees[idx - 1];
        label.box_key_digest = box_key.digest();
        const crypto::Bytes bytes =
            Take(EncryptTrusteeKey(label, share, passphrases[idx - 1], cost));
        NewFile& f = *files[idx - 1];
        f.Write(std::string_view(reinterpret_cast<const char*>(bytes.data()),
                                 bytes.size()));
        f.Commit();
      }
    } catch (const Failure& f) {
      return Status::Make(f.code, f.message);
    }
    recorded_key = box_key;
    return Status::Ok();
  };
  Take(committee.RunKeyCeremony(a.meeting, a.trustees, a.k, write_keys));
  const crypto::BallotBoxKey& box_key = *recorded_key;
  Out() << "key ceremony done for meeting " << a.meeting << ": " << a.k
            << " of " << n << " trustees open the ballot box\n"
            << "box key digest: " << HexOf(box_key.digest()) << "\n";
  for (std::size_t i = 0; i < n; ++i) {
    Out() << "  trustee " << (i + 1) << " (" << a.trustees[i]
              << "): " << files[i]->path().string() << "\n";
  }
  Out() << "Hand each trustee their key file (and only theirs); record "
               "the box key digest in the minutes.\n";
}

// ------------------------------------------- trustees on separate machines

constexpr char kAuthenticity[] =
    "The files travel unsigned: each trustee reads out the announcement "
    "fingerprint (and dealing fingerprint) hall-trustee printed, the others "
    "compare, and at the end everyone compares the box key digest.";

std::string PendingKey(std::uint64_t meeting) {
  return "pending_ceremony/" + Num(meeting);
}

std::optional<std::string> PendingCeremony(Database& db,
                                           std::uint64_t meeting) {
  auto q = db.Prepare("SELECT value FROM meta WHERE key = ?");
  q.Bind(1, PendingKey(meeting));
  if (!q.Step()) return std::nullopt;
  return q.Text(0);
}

Status ClearPendingCeremony(Database& db, std::uint64_t meeting) {
  auto del = db.Prepare("DELETE FROM meta WHERE key = ?");
  return del.Bind(1, PendingKey(meeting)).Run();
}

std::string ShortId(const std::string& hex) { return hex.substr(0, 16); }

void RefuseIfKeyed(const MeetingInfo& m) {
  if (m.trustees_k) {
    Fail(StatusCode::kFailedPrecondition,
         "meeting " + Num(m.id) +
             ": the key ceremony has already been run; its key opens every "
             "round");
  }
}

struct StartArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::uint32_t k = 0;
  std::vector<std::string> trustees;
  std::string out;
};

void StartCeremony(const StartArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  RefuseIfKeyed(m);
  CeremonyPlan plan;
  plan.installation = server::Installation(*inst.db);
  plan.meeting_id = a.meeting;
  plan.k = a.k;
  plan.trustees = TrusteeNames(a.trustees);
  Check(plan.Validate());
  crypto::DefaultRandom().Fill(plan.nonce);
  const std::string id = HexOf(plan.Id());
  NewFile file(a.out);
  Database::Transaction tx(*inst.db);
  Check(tx.status());
  if (auto pending = PendingCeremony(*inst.db, a.meeting)) {
    Fail(StatusCode::kFailedPrecondition,
         "meeting " + Num(a.meeting) + " already has a pending key ceremony (" +
             ShortId(*pending) +
             "...): finish it (hall-admin ceremony finish) or "
             "cancel it (hall-admin ceremony cancel --meeting " +
             Num(a.meeting) + ")");
  }
  auto ins = inst.db->Prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
  Check(ins.Bind(1, PendingKey(a.meeting)).Bind(2, id).Run());
  file.Write(plan.ToJson());
  file.Commit();
  Check(tx.Commit());
  Out() << "key ceremony " << ShortId(id) << "... started for meeting "
            << a.meeting << ": " << a.k << " of " << plan.n()
            << " trustees will open the ballot box\n";
  for (std::uint32_t i = 1; i <= plan.n(); ++i) {
    Out() << "  " << plan.Who(i) << "\n";
  }
  Out() << "Give " << a.out
            << " to every trustee. Each runs hall-trustee announce, then "
               "deal, then finish with their own index; bring all the "
               "dealing files back to hall-admin ceremony finish.\n";
}

struct CancelArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
};

void CancelCeremony(const CancelArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  RequireMeeting(*inst.db, a.meeting);
  Database::Transaction tx(*inst.db);
  Check(tx.status());
  if (!PendingCeremony(*inst.db, a.meeting)) {
    Fail(
        StatusCode::kFailedPrecondition,
        "meeting " + Num(a.meeting) + " has no pending key ceremony to cancel");
  }
  Check(ClearPendingCeremony(*inst.db, a.meeting));
  Check(tx.Commit());
  Out() << "the pending key ceremony of meeting " << a.meeting
            << " is cancelled; its files are of no further use\n";
}

struct FinishArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::string ceremony;
  std::vector<std::string> dealings;
};

void FinishCeremony(const FinishArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  auto plan_or = CeremonyPlan::FromJson(ReadInputFile(a.ceremony, 1u << 20));
  if (!plan_or.ok()) Fail(plan_or.status().WithContext(a.ceremony));
  const CeremonyPlan plan = std::move(plan_or).value();
  if (plan.installation != server::Installation(*inst.db)) {
    Fail(StatusCode::kInvalidArgument,
         a.ceremony + ": this ceremony is for another installation");
  }
  if (plan.meeting_id != a.meeting) {
    Fail(StatusCode::kInvalidArgument,
         a.ceremony + ": this ceremony is for meeting " + Num(plan.meeting_id) +
             ", not meeting " + Num(a.meeting));
  }
  RefuseIfKeyed(m);
  const std::string id = HexOf(plan.Id());
  const auto pending = PendingCeremony(*inst.db, a.meeting);
  if (!pending) {
    Fail(StatusCode::kFailedPrecondition,
         "meeting " + Num(a.meeting) +
             " has no pending key ceremony (hall-admin "
             "ceremony start makes one)");
  }
  if (*pending != id) {
    Fail(StatusCode::kFailedPrecondition,
         a.ceremony + ": this is ceremony " + ShortId(id) +
             "..., but meeting " + Num(a.meeting) + "'s pending ceremony is " +
             ShortId(*pending) + "...; use that ceremony's files");
  }
  std::vector<NamedFile> files;
  for (const auto& path : a.dealings) {
    files.push_back({path, ReadInputFile(path, 4u << 20)});
  }
  std::vector<crypto::Dealing> dealings = Take(CollectDealings(plan, files));
  std::vector<crypto::DealerCommitments> commitments;
  for (const auto& d : dealings) commitments.push_back(d.commitments);
  auto key = crypto::DeriveBallotBoxKey(plan.Params(), commitments);
  if (!key.ok()) {
    Fail(key.code(), "the key ceremony cannot finish: " + key.message() +
                         "; cancel it (hall-admin ceremony cancel) and run "
                         "it again without that trustee");
  }
  Committee committee(*inst.db);
  Take(committee.RecordBoxKey(a.meeting, plan.trustees, plan.k, commitments,
                              [&] {
                                return ClearPendingCeremony(*inst.db, a.meeting);
                              }));
  Out() << "key ceremony done for meeting " << a.meeting << ": " << plan.k
            << " of " << plan.n() << " trustees open the ballot box\n";
  for (std::uint32_t i = 1; i <= plan.n(); ++i) {
    Out() << "  " << plan.Who(i) << " dealt "
              << DealingFingerprint(plan, commitments[i - 1]) << "\n";
  }
  Out() << "box key digest: " << HexOf(key->digest()) << "\n"
            << "Every trustee's hall-trustee finish must print this same "
               "digest; record it in the minutes.\n";
}

}  // namespace

void RegisterCeremony(CLI::App& app, Context& ctx) {
  CLI::App* ceremony =
      app.add_subcommand("ceremony", "The ballot-box key ceremony");
  ceremony->require_subcommand(1);
  auto a = std::make_shared<CeremonyArgs>();
  CLI::App* run = ceremony->add_subcommand(
      "run",
      "Run the key ceremony with every trustee present: makes the meeting's "
      "ballot-box key (k of n trustees open it) and writes "
      "KEY_DIR/trustee-<i>.key per trustee, each protected by that "
      "trustee's passphrase; prints the box key digest");
  AddCommonOptions(*run, a->common);
  run->add_option("--meeting", a->meeting, "Meeting id")->required();
  run->add_option("--k", a->k, "How many trustees are needed to open a box")
      ->required();
  run->add_option("--trustee", a->trustees,
                  "A trustee's name (repeat, in order: trustee 1, 2, ...)")
      ->required();
  run->add_option("--key-dir", a->key_dir,
                  "Folder for the trustee key files (created; files are "
                  "never overwritten)")
      ->required();
  run->add_option("--trustee-passphrase-file", a->passphrase_files,
                  "One file per trustee, in --trustee order, holding that "
                  "trustee's new passphrase (or $HALL_TRUSTEE_PASSPHRASE for "
                  "all; else each trustee types theirs, twice)");
  run->add_option("--key-cost", a->key_cost,
                  "How hard guessing a passphrase is: interactive or moderate")
      ->check(CostValidator())
      ->capture_default_str();
  run->callback([&ctx, a] { ctx.action = [a] { RunCeremony(*a); }; });

  auto sa = std::make_shared<StartArgs>();
  CLI::App* start = ceremony->add_subcommand(
      "start",
      std::string(
          "Start a key ceremony with each trustee on their own machine: "
          "fixes k, n and the trustees (trustee 1, 2, ... in --trustee "
          "order), writes the public ceremony file for the trustees' "
          "hall-trustee, and marks the ceremony pending. Then each trustee "
          "runs hall-trustee announce, deal and finish, and the committee "
          "runs hall-admin ceremony finish. ") +
          kAuthenticity);
  AddCommonOptions(*start, sa->common);
  start->add_option("--meeting", sa->meeting, "Meeting id")->required();
  start->add_option("--k", sa->k, "How many trustees are needed to open a box")
      ->required();
  start
      ->add_option("--trustee", sa->trustees,
                   "A trustee's name (repeat, in order: trustee 1, 2, ...)")
      ->required();
  start
      ->add_option("--out", sa->out,
                   "The ceremony file to write (public; never overwritten)")
      ->required();
  start->callback([&ctx, sa] { ctx.action = [sa] { StartCeremony(*sa); }; });

  auto fa = std::make_shared<FinishArgs>();
  CLI::App* finish = ceremony->add_subcommand(
      "finish",
      std::string(
          "Finish a pending key ceremony from every trustee's dealing file: "
          "checks every dealer's commitments and proofs, records the "
          "meeting's ballot-box key and its trustees, and prints the box key "
          "digest. ") +
          kAuthenticity);
  AddCommonOptions(*finish, fa->common);
  finish->add_option("--meeting", fa->meeting, "Meeting id")->required();
  finish
      ->add_option("--ceremony", fa->ceremony,
                   "The ceremony file from hall-admin ceremony start")
      ->required();
  finish
      ->add_option("--dealings", fa->dealings,
                   "Every trustee's dealing file (one per trustee)")
      ->required()
      ->expected(1, -1);
  finish->callback([&ctx, fa] { ctx.action = [fa] { FinishCeremony(*fa); }; });

  auto ca = std::make_shared<CancelArgs>();
  CLI::App* cancel = ceremony->add_subcommand(
      "cancel",
      "Cancel a meeting's pending key ceremony (to start it again, e.g. "
      "without a trustee whose dealing failed)");
  AddCommonOptions(*cancel, ca->common);
  cancel->add_option("--meeting", ca->meeting, "Meeting id")->required();
  cancel->callback([&ctx, ca] { ctx.action = [ca] { CancelCeremony(*ca); }; });
}

}  // namespace hall::server::admin
