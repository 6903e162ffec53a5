// hall-admin backup / restore: the installation as one encrypted, verified
// file, brought up again in another folder (a standby machine) mid-meeting.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "hall/crypto/encoding.h"
#include "hall/crypto/secret.h"
#include "hall/server/admin/admin.h"
#include "hall/server/backup.h"
#include "hall/server/round_store.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;

// fsync of a folder, so that a new name in it survives a power cut.
void SyncFolder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

constexpr char kEnv[] = "HALL_BACKUP_PASSPHRASE";

struct BackupArgs {
  CommonOptions common;
  std::string out;
  std::string from;
  std::string to;
  std::string passphrase_file;
  std::string key_cost = "moderate";
};

std::optional<std::string> DbPassphrase(const InstallationPaths& paths,
                                        const CommonOptions& o) {
  std::error_code ec;
  if (fs::exists(paths.db_key(), ec)) return std::nullopt;
  return ReadPassphrase("database passphrase", o.db_passphrase_file,
                        "HALL_DB_PASSPHRASE", "--db-passphrase-file");
}


void RunBackup(const BackupArgs& a) {
  const InstallationPaths paths = PathsOrFail(a.common);
  const std::optional<std::string> db_passphrase = DbPassphrase(paths, a.common);
  const DatabaseKey key = Take(InstallationDbKey(paths, db_passphrase));
  Database db = Take(OpenInstallation(paths, key));
  std::error_code ec;
  const fs::path out_dir = fs::weakly_canonical(fs::absolute(a.out).parent_path(), ec);
  const fs::path install = fs::weakly_canonical(fs::absolute(paths.dir), ec);
  if (out_dir.string().rfind(install.string(), 0) == 0)
    Fail(StatusCode::kInvalidArgument,
         "--out " + a.out + " is inside the installation folder; write the backup "
         "elsewhere (a USB stick, another machine)");
  // Written under a temporary name and given its name only once verified:
  // a backup stopped half-way (killed, disk full) never looks like one.
  if (fs::exists(fs::symlink_status(a.out)))
    Fail(StatusCode::kAlreadyExists,
         a.out + " already exists; hall-admin never overwrites a file: name "
                 "another or move it away");
  const std::string temp = a.out + ".incomplete";
  NewFile out(temp);
  const crypto::KeyFileCost cost = ParseCost(a.key_cost);
  std::string passphrase = ReadPassphrase("backup passphrase", a.passphrase_file,
                                          kEnv, "--passphrase-file", /*confirm=*/true);
  if (passphrase.size() < 8)
    Fail(StatusCode::kInvalidArgument,
         "a backup passphrase must have at least 8 characters");
  const crypto::Bytes backup =
      Take(MakeBackup(paths, db, key, SystemClock()(), passphrase, cost));
  out.Write(std::string_view(reinterpret_cast<const char*>(backup.data()),
                             backup.size()));
  out.Commit();
  // Read back what is on the disk, and bring it up in a scratch folder.
  const std::string written = ReadInputFile(temp, std::size_t{1} << 31);
  auto verified = VerifyBackup(crypto::AsBytes(written), passphrase, key,
                               Take(NewScratchFolder()));
  crypto::Wipe(passphrase.data(), passphrase.size());
  if (!verified.ok()) {
    fs::remove(temp, ec);
    Fail(verified.status().WithContext(
        a.out + " was not written: the backup written does not verify"));
  }
  // link() refuses an existing name: never overwrites what appeared meanwhile.
  if (::link(temp.c_str(), a.out.c_str()) != 0) {
    const int err = errno;
    fs::remove(temp, ec);
    Fail(err == EEXIST ? StatusCode::kAlreadyExists : StatusCode::kInternal,
         a.out + ": cannot name the verified backup: " + std::strerror(err));
  }
  fs::remove(temp, ec);
  SyncFolder(fs::absolute(a.out).parent_path());
  Out() << "backup of installation " << verified->installation << " written to "
        << a.out << " (" << verified->files << " files, " << verified->bytes
        << " bytes, as at " << verified->made_at
        << "); verified: it opens with the backup passphrase and its database "
           "passes SQLite's integrity check. Keep it away from this machine; "
           "ballots received after now are not in it.\n";
}

void RunRestore(const BackupArgs& a) {
  if (a.to.empty())
    Fail(StatusCode::kInvalidArgument, "--to DIR: the new installation folder");
  // "DIR/" names DIR: a symbolic link there is refused like "DIR".
  fs::path to = fs::path(a.to).lexically_normal();
  if (to.filename().empty()) to = to.parent_path();
  const std::string bytes = ReadInputFile(a.from, std::size_t{1} << 31);
  Take(ReadBackupInfo(crypto::AsBytes(bytes)));  // what it is, before asking
  // Asked only when the backup's database is locked by a passphrase (it
  // holds no db.key): from the file, the environment or the terminal.
  // A refusal here (no terminal, an empty file) comes back as a Status, so
  // the restore removes what it wrote before the command stops.
  // Asked once: the restored database is then opened with it too.
  std::optional<std::string> given;
  const DbPassphraseSource db_passphrase = [&]() -> Result<std::string> {
    if (given) return *given;
    try {
      given = ReadPassphrase("database passphrase", a.common.db_passphrase_file,
                             "HALL_DB_PASSPHRASE", "--db-passphrase-file");
      return *given;
    } catch (const Failure& f) {
      return Status::Make(f.code, f.message);
    }
  };
  auto restored = OpenWithPassphrase<BackupInfo>(
      "backup passphrase", a.passphrase_file, kEnv, "--passphrase-file",
      [&](const std::string& passphrase) {
        return RestoreBackup(crypto::AsBytes(bytes), passphrase, db_passphrase, to);
      });
  if (!restored.ok()) Fail(restored.status().WithContext(a.from));
  OpenedInstallation inst;
  inst.paths = InstallationPaths{to};
  {
    const DatabaseKey key = Take(InstallationDbKey(inst.paths, given));
    if (given) crypto::Wipe(given->data(), given->size());
    inst.db = std::make_unique<Database>(Take(OpenInstallation(inst.paths, key)));
  }
  Out() << "restored installation " << restored->installation << " into "
        << to.string() << " (" << restored->files << " files, " << restored->bytes
        << " bytes, as at " << restored->made_at << ")\n";
  if (auto meeting = CurrentMeeting(*inst.db)) {
    Committee committee(*inst.db);
    if (auto rounds = committee.Rounds(*meeting); rounds.ok())
      for (const RoundInfo& r : *rounds)
        if (r.state == RoundState::kOpen)
          Out() << "round " << r.id << " is open with " << r.cast << " of "
                << r.issued << " ballots cast: every ballot received before "
                << restored->made_at << " is here\n";
  }
  Out() << "Next: hall-server --dir " << to.string()
        << " (if this machine has another address than the old one: hall-admin "
           "server reissue-certificate --dir "
        << to.string() << " --address A first); then hall-admin status --dir "
        << to.string() << "\n";
}

}  // namespace

void RegisterBackup(CLI::App& app, Context& ctx) {
  auto b = std::make_shared<BackupArgs>();
  CLI::App* backup = app.add_subcommand(
      "backup",
      "Write the installation (database, keys, certificates, kiosk folders) "
      "to one new encrypted file, and check it opens; the server may keep "
      "running");
  AddCommonOptions(*backup, b->common);
  backup->add_option("--out", b->out, "New backup file (mode 0600, never overwritten)")
      ->required();
  backup->add_option("--passphrase-file", b->passphrase_file,
                     "File holding the new backup passphrase (or "
                     "$HALL_BACKUP_PASSPHRASE; else asked twice)");
  backup->add_option("--key-cost", b->key_cost,
                     "How hard guessing the passphrase is: interactive or moderate")
      ->check(CostValidator())
      ->capture_default_str();
  backup->callback([&ctx, b] { ctx.action = [b] { RunBackup(*b); }; });

  auto r = std::make_shared<BackupArgs>();
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Bring a backup up in a new folder (a standby machine): checks it, "
      "writes every file and opens its database");
  restore->add_option("--from", r->from, "The backup file")->required();
  restore->add_option("--to", r->to, "The new installation folder (new or empty)")
      ->required();
  restore->add_option("--passphrase-file", r->passphrase_file,
                      "File holding the backup passphrase (or "
                      "$HALL_BACKUP_PASSPHRASE; else asked)");
  restore->add_option("--db-passphrase-file", r->common.db_passphrase_file,
                      "For an installation without db.key: file holding the "
                      "database passphrase (or $HALL_DB_PASSPHRASE)");
  restore->callback([&ctx, r] { ctx.action = [r] { RunRestore(*r); }; });
}

}  // namespace hall::server::admin
