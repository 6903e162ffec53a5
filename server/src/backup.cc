#include "hall/server/backup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "hall/base/folder.h"
#include "hall/base/private_file.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/secret.h"
#include "hall/server/round_store.h"

namespace hall::server {
namespace {

namespace fs = std::filesystem;

constexpr char kFormat[] = "hall-backup/1";
constexpr std::uint32_t kMaxEntries = 100000;

struct Entry {
  std::string path;
  std::uint32_t mode = 0600;
  crypto::Bytes bytes;
};

// Wipes the entries' bytes (keys among them) when they go.
struct Entries {
  std::vector<Entry> list;
  ~Entries() {
    for (Entry& e : list) crypto::Wipe(e.bytes.data(), e.bytes.size());
  }
};

// A relative path inside the folder: no absolute path, no "..", no ".".
bool SafePath(const std::string& p) {
  if (p.empty() || p.front() == '/') return false;
  for (unsigned char c : p)
    if (c < 0x20 || c == 0x7F) return false;
  std::istringstream parts(p);
  for (std::string part; std::getline(parts, part, '/');)
    if (part.empty() || part == "." || part == "..") return false;
  return true;
}

Result<crypto::Bytes> ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Unavailable(path.string() + ": cannot be read");
  crypto::Bytes bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
  if (in.bad()) return Status::Unavailable(path.string() + ": cannot be read");
  return bytes;
}

bool IsDatabaseFile(const std::string& rel) {
  return rel == "hall.db" || rel == "hall.db-wal" || rel == "hall.db-shm" ||
         rel == "hall.db-journal";
}

// The database copy (under `scratch`) and every other file of the folder.
Status Collect(const InstallationPaths& paths, Database& db,
               const DatabaseKey& key, const fs::path& scratch,
               Entries& out) {
  const fs::path copy = scratch / "hall.db";
  if (Status s = db.BackupTo(copy, key); !s.ok()) return s;
  auto bytes = ReadAll(copy);
  std::error_code ec;
  fs::remove(copy, ec);
  if (!bytes.ok()) return bytes.status();
  out.list.push_back({"hall.db", 0600, std::move(*bytes)});
  for (auto it = fs::recursive_directory_iterator(paths.dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path rel_path = fs::relative(it->path(), paths.dir, ec);
    const std::string rel = rel_path.generic_string();
    if (it->is_symlink(ec))
      return Status::FailedPrecondition(
          it->path().string() +
          " is a symbolic link; hall's folder holds none: move it out and back up again");
    if (it->is_directory(ec)) continue;
    if (!it->is_regular_file(ec) || IsDatabaseFile(rel)) continue;
    if (!SafePath(rel))
      return Status::FailedPrecondition(it->path().string() + ": a name hall cannot back up");
    auto file = ReadAll(it->path());
    if (!file.ok()) return file.status();
    struct stat st {};
    const std::uint32_t mode =
        ::stat(it->path().c_str(), &st) == 0 ? (st.st_mode & 0777) : 0600;
    out.list.push_back({rel, mode, std::move(*file)});
  }
  if (ec) return Status::Unavailable(paths.dir.string() + ": cannot be listed: " + ec.message());
  return Status::Ok();
}

crypto::Bytes PublicPart(const std::string& installation, const std::string& made_at,
                         const Entries& e) {
  std::uint64_t total = 0;
  for (const Entry& x : e.list) total += x.bytes.size();
  return crypto::Encoder()
      .Str(kFormat)
      .Str(installation)
      .Str(made_at)
      .U32(static_cast<std::uint32_t>(e.list.size()))
      .U64(total)
      .Take();
}

struct Archive {
  BackupInfo info;
  Entries entries;
};

Status Decode(std::span<const std::uint8_t> secret, Archive& out) {
  crypto::Decoder d(secret);
  std::string format;
  std::uint32_t n = 0;
  if (!d.Str(format) || format != kFormat || !d.Str(out.info.installation) ||
      !d.Str(out.info.made_at) || !d.U32(n) || n > kMaxEntries)
    return Status::Corruption("the backup's contents are damaged");
  for (std::uint32_t i = 0; i < n; ++i) {
    Entry e;
    if (!d.Str(e.path) || !d.U32(e.mode) || !d.Var(e.bytes, std::size_t{1} << 30))
      return Status::Corruption("the backup's contents are damaged");
    if (!SafePath(e.path) || (IsDatabaseFile(e.path) && e.path != "hall.db"))
      return Status::Corruption(
          "the backup names a file hall never backs up (outside its folder, "
          "with control characters, or a database journal); it is not hall's");
    out.info.bytes += e.bytes.size();
    out.entries.list.push_back(std::move(e));
  }
  if (!d.Done()) return Status::Corruption("the backup's contents are damaged");
  out.info.files = n;
  bool has_db = false;
  for (const Entry& e : out.entries.list) has_db = has_db || e.path == "hall.db";
  if (!has_db) return Status::Corruption("the backup holds no database");
  return Status::Ok();
}

Status WriteEntries(const Entries& entries, const fs::path& dir) {
  for (const Entry& e : entries.list) {
    const fs::path target = dir / e.path;
    std::error_code ec;
    if (auto made = MakeFolder(target.parent_path()); !made.ok())
      return made.status();
    NewPrivateFile f(target, static_cast<mode_t>(e.mode & 0600 ? e.mode & 0600 : 0600));
    if (!f.ok() || !f.Write(std::span<const std::uint8_t>(e.bytes)) || !f.Commit())
      return Status::Unavailable(target.string() + ": cannot be written: " +
                                 std::strerror(f.error()));
  }
  return Status::Ok();
}

}  // namespace

Result<fs::path> NewScratchFolder() {
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / "hall-backup-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr)  // 0700, a new name no one chose
    return Status::Unavailable("cannot make a private folder under " +
                               fs::temp_directory_path(ec).string() + ": " +
                               std::strerror(errno));
  return fs::path(tmpl);
}

Result<crypto::Bytes> MakeBackup(const InstallationPaths& paths, Database& db,
                                 const DatabaseKey& key,
                                 const std::string& made_at,
                                 std::string_view passphrase,
                                 crypto::KeyFileCost cost) {
  std::error_code ec;
  auto made_scratch = NewScratchFolder();
  if (!made_scratch.ok()) return made_scratch.status();
  const fs::path scratch = *made_scratch;
  Entries entries;
  Status collected = Collect(paths, db, key, scratch, entries);
  fs::remove_all(scratch, ec);
  if (!collected.ok()) return collected;
  const std::string installation = Installation(db);
  crypto::Encoder archive;
  archive.Str(kFormat).Str(installation).Str(made_at).U32(
      static_cast<std::uint32_t>(entries.list.size()));
  for (const Entry& e : entries.list) archive.Str(e.path).U32(e.mode).Var(e.bytes);
  crypto::Bytes secret = archive.Take();
  auto file = crypto::EncryptKeyFile(crypto::KeyKind::kBackup,
                                     PublicPart(installation, made_at, entries),
                                     secret, passphrase, cost);
  crypto::Wipe(secret.data(), secret.size());
  return file;
}

Result<BackupInfo> ReadBackupInfo(std::span<const std::uint8_t> backup) {
  auto info = crypto::ReadKeyFileInfo(backup);
  if (!info.ok()) return info.status();
  if (info->kind != crypto::KeyKind::kBackup)
    return Status::InvalidArgument("this file is not a hall backup");
  crypto::Decoder d(info->public_part);
  BackupInfo out;
  std::string format;
  if (!d.Str(format) || format != kFormat || !d.Str(out.installation) ||
      !d.Str(out.made_at) || !d.U32(out.files) || !d.U64(out.bytes) || !d.Done())
    return Status::Corruption("the backup's header is damaged");
  return out;
}

Result<BackupInfo> RestoreBackup(std::span<const std::uint8_t> backup,
                                 std::string_view passphrase,
                                 const DbPassphraseSource& db_passphrase,
                                 const fs::path& dir) {
  auto header = ReadBackupInfo(backup);
  if (!header.ok()) return header.status();
  struct Umask {  // every folder and file made here: the owner's only
    mode_t old = ::umask(077);
    ~Umask() { ::umask(old); }
  } umask_077;
  std::error_code ec;
  if (!dir.has_parent_path() || !fs::is_directory(dir.parent_path(), ec))
    return Status::NotFound(dir.parent_path().string() +
                            ": no such folder; restore into a new folder of an "
                            "existing one");
  if (fs::is_symlink(dir, ec))
    return Status::InvalidArgument(dir.string() +
                                   " is a symbolic link; restore into a real folder");
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
    return Status::AlreadyExists(dir.string() + " is a file; restore into a new folder");
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    return Status::AlreadyExists(dir.string() +
                                 " is not empty; restore into a new folder");
  auto secret = crypto::DecryptKeyFile(backup, crypto::KeyKind::kBackup, passphrase);
  if (!secret.ok())
    return secret.code() == StatusCode::kPermissionDenied
               ? Status::PermissionDenied("wrong backup passphrase, or the backup is damaged")
               : secret.status();
  Archive archive;
  if (Status s = Decode(secret->view(), archive); !s.ok()) return s;
  if (archive.info.installation != header->installation ||
      archive.info.made_at != header->made_at ||
      archive.info.files != header->files || archive.info.bytes != header->bytes)
    return Status::Corruption("the backup's header does not match its contents");
  auto made_dir = MakeFolder(dir);
  if (!made_dir.ok()) return made_dir.status();
  const bool made = made_dir->created;
  auto undo = [&] {
    if (made) {
      fs::remove_all(dir, ec);
    } else {
      for (const auto& child : fs::directory_iterator(dir, ec)) fs::remove_all(child, ec);
    }
  };
  if (Status s = WriteEntries(archive.entries, dir); !s.ok()) {
    undo();
    return s;
  }
  InstallationPaths paths{dir};
  std::optional<std::string> typed;
  if (!fs::exists(paths.db_key(), ec)) {
    auto given = db_passphrase ? db_passphrase()
                               : Result<std::string>(Status::InvalidArgument(
                                     "the database is locked by a passphrase"));
    if (!given.ok()) {
      undo();
      return given.status();
    }
    typed = std::move(given).value();
  }
  auto key = InstallationDbKey(paths, typed);
  if (typed) crypto::Wipe(typed->data(), typed->size());
  if (!key.ok()) {
    undo();
    return key.status();
  }
  auto db = OpenInstallation(paths, *key);
  if (!db.ok()) {
    undo();
    return db.status();
  }
  auto check = db->Prepare("PRAGMA integrity_check");
  if (!check.Step() || check.Text(0) != "ok" || Installation(*db) != header->installation) {
    undo();
    return Status::Corruption("the backup's database does not pass SQLite's integrity check");
  }
  return archive.info;
}

Result<BackupInfo> VerifyBackup(std::span<const std::uint8_t> backup,
                                std::string_view passphrase,
                                const DatabaseKey& key, const fs::path& scratch) {
  auto header = ReadBackupInfo(backup);
  if (!header.ok()) return header.status();
  auto secret = crypto::DecryptKeyFile(backup, crypto::KeyKind::kBackup, passphrase);
  if (!secret.ok()) return secret.status();
  Archive archive;
  if (Status s = Decode(secret->view(), archive); !s.ok()) return s;
  if (archive.info.installation != header->installation ||
      archive.info.files != header->files || archive.info.bytes != header->bytes)
    return Status::Corruption("the backup's header does not match its contents");
  // Only the database (encrypted under its own key) touches the disk.
  Entries db_only;
  for (Entry& e : archive.entries.list)
    if (e.path == "hall.db") db_only.list.push_back(std::move(e));
  Status checked = WriteEntries(db_only, scratch);
  if (checked.ok()) {
    auto db = Database::Open(scratch / "hall.db", key, /*create=*/false);
    if (!db.ok()) {
      checked = db.status();
    } else {
      auto q = db->Prepare("PRAGMA integrity_check");
      if (!q.Step() || q.Text(0) != "ok" || Installation(*db) != header->installation)
        checked = Status::Corruption(
            "the backup's database does not pass SQLite's integrity check");
    }
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
  if (!checked.ok()) return checked;
  return archive.info;
}

}  // namespace hall::server
