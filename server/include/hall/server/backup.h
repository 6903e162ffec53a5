// An installation as one encrypted, verified file, and back again on a
// standby machine. The backup holds the database as it stood at one
// instant (SQLite's online backup: the server may go on taking ballots
// meanwhile) and every other file of the installation folder (its keys,
// certificates, kiosk folders), in a key file of kind kBackup
// (crypto/key_file.h): Argon2id over the backup passphrase, then
// XSalsa20-Poly1305 over the whole archive. What can be read without the
// passphrase is only the installation id, the time and the file count.
//
// Archive (the sealed secret), crypto::Encoder:
//   Str "hall-backup/1", Str installation, Str made_at, U32 n, then n times
//   Str path (relative, '/'-separated, no "..") U32 mode Var bytes.
// The database is the entry "hall.db".
//
// Ballots received after a backup was made are not in it: make one right
// before anything risky, and between rounds.
#ifndef HALL_SERVER_BACKUP_H_
#define HALL_SERVER_BACKUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/key_file.h"
#include "hall/server/database.h"
#include "hall/server/installation.h"

namespace hall::server {

struct BackupInfo {
  std::string installation;
  std::string made_at;
  std::uint32_t files = 0;
  std::uint64_t bytes = 0;
};

// A new empty folder under the temporary directory, mode 0700, with a name
// nobody could have chosen before (mkdtemp).
Result<std::filesystem::path> NewScratchFolder();

// The backup of the installation at `paths`, whose database `db` is open
// under `key`. The database copy is made in a NewScratchFolder, removed
// before returning.
Result<crypto::Bytes> MakeBackup(const InstallationPaths& paths, Database& db,
                                 const DatabaseKey& key,
                                 const std::string& made_at,
                                 std::string_view passphrase,
                                 crypto::KeyFileCost cost);

// What a backup file says of itself, without the passphrase.
Result<BackupInfo> ReadBackupInfo(std::span<const std::uint8_t> backup);

// Opens `backup` and checks it whole: every entry decodes, every path is
// inside the folder, the header matches the contents, and the database
// opens under `key` and passes SQLite's integrity check. Only the
// database (encrypted under its own key) is written, into `scratch` (an
// empty NewScratchFolder), removed before returning; no other key touches
// the disk. kPermissionDenied for a wrong passphrase.
Result<BackupInfo> VerifyBackup(std::span<const std::uint8_t> backup,
                                std::string_view passphrase,
                                const DatabaseKey& key,
                                const std::filesystem::path& scratch);

// Restores `backup` into `dir`, which must not exist or be empty, in an
// existing folder (umask 077: folders 0700, every file as it was, at most
// 0600); then opens the database and checks its integrity. Nothing is
// left in `dir` when it fails. `db_passphrase` is asked only when the
// backup holds no db.key (the database is locked by a passphrase); it may
// fail (the user gave none), and that failure is returned.
using DbPassphraseSource = std::function<Result<std::string>()>;
Result<BackupInfo> RestoreBackup(std::span<const std::uint8_t> backup,
                                 std::string_view passphrase,
                                 const DbPassphraseSource& db_passphrase,
                                 const std::filesystem::path& dir);

}  // namespace hall::server

#endif  // HALL_SERVER_BACKUP_H_
