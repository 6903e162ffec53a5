// hall-admin ceremony run: the ballot-box key ceremony, in one process with
// every trustee at the table. Each trustee's share goes to its own
// passphrase-protected key file.
#include <CLI/CLI.hpp>
#include <iostream>

#include "hall/server/admin/admin.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/round_store.h"

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

void RunCeremony(const CeremonyArgs& a) {
  namespace fs = std::filesystem;
  OpenedInstallation inst = OpenOrFail(a.common);
  MeetingInfo m = RequireMeeting(*inst.db, a.meeting);
  if (m.trustees_k) {
    Fail(kExitFailure,
         "meeting " + Num(a.meeting) +
             ": the key ceremony has already been run; its key opens every "
             "round");
  }
  const std::size_t n = a.trustees.size();
  if (a.k < 1 || a.k > n) {
    Fail(kExitUsage,
         "--k must be between 1 and the number of trustees (" + Num(n) + ")");
  }
  if (!a.passphrase_files.empty() && a.passphrase_files.size() != n) {
    Fail(kExitUsage, "give one --trustee-passphrase-file per --trustee (" +
                         Num(n) + "), in the same order");
  }
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  std::error_code ec;
  fs::create_directories(a.key_dir, ec);
  if (ec || !fs::is_directory(a.key_dir)) {
    Fail(kExitUsage, a.key_dir + ": cannot create the folder");
  }
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
      Fail(kExitUsage, "trustee " + Num(i + 1) +
                           ": a key passphrase must have at least 8 "
                           "characters");
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
      return Status::Error(f.message);
    }
    recorded_key = box_key;
    return Status::Ok();
  };
  Take(committee.RunKeyCeremony(a.meeting, a.trustees, a.k, write_keys),
       kExitUsage);
  const crypto::BallotBoxKey& box_key = *recorded_key;
  std::cout << "key ceremony done for meeting " << a.meeting << ": " << a.k
            << " of " << n << " trustees open the ballot box\n"
            << "box key digest: " << HexOf(box_key.digest()) << "\n";
  for (std::size_t i = 0; i < n; ++i) {
    std::cout << "  trustee " << (i + 1) << " (" << a.trustees[i]
              << "): " << files[i]->path().string() << "\n";
  }
  std::cout << "Hand each trustee their key file (and only theirs); record "
               "the box key digest in the minutes.\n";
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
}

}  // namespace hall::server::admin
