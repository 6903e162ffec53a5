#define SQLITE_HAS_CODEC 1
#include "hall/server/database.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "hall/crypto/digest.h"
#include "hall/crypto/random.h"
#include "hall/crypto/secret.h"

namespace hall::server {

namespace {

// What a caller can do about a failed SQLite call (an extended result code):
// wait for a busy database, treat a damaged file as such, not insert a row
// twice; anything else is the environment's failure.
StatusCode CodeForSqlite(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return StatusCode::kAlreadyExists;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return StatusCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return StatusCode::kCorruption;
    case SQLITE_PERM:
    case SQLITE_AUTH:
    case SQLITE_READONLY:
      return StatusCode::kPermissionDenied;
    default:
      return StatusCode::kInternal;
  }
}

// "database: <SQLite's words>", with what to do when the disk is the
// problem.
std::string FailureText(sqlite3* db, const char* what) {
  std::string text = std::string("database: ") + (what ? what : "error");
  const int rc = db ? sqlite3_extended_errcode(db) & 0xff : SQLITE_ERROR;
  if (rc == SQLITE_FULL)
    text += " (free space on the disk that holds the installation folder, "
            "then run the command again)";
  else if (rc == SQLITE_IOERR)
    text += " (the disk failed to read or write: check it, then run the "
            "command again)";
  return text;
}

}  // namespace

DatabaseKey DatabaseKey::Raw(crypto::SecretBytes key) {
  DatabaseKey k;
  k.raw = std::move(key);
  return k;
}

DatabaseKey DatabaseKey::Passphrase(std::string_view passphrase) {
  DatabaseKey k;
  k.passphrase = crypto::SecretBytes(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(passphrase.data()),
      passphrase.size()));
  return k;
}

Status CreateDatabaseKeyFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    return Status::AlreadyExists(
        path.string() + ": already exists; hall never overwrites a key file");
  }
  crypto::SecretBytes key(32);
  crypto::DefaultRandom().Fill({key.data(), key.size()});
  std::string hex = crypto::ToHex({key.data(), key.size()});
  const mode_t old = umask(077);
  FILE* f = std::fopen(path.c_str(), "wx");
  const int open_errno = errno;
  umask(old);
  if (!f)
    return Status::Make(
        CodeForErrno(open_errno),
        path.string() + ": cannot create the database key file");
  const bool ok = std::fwrite(hex.data(), 1, hex.size(), f) == hex.size() &&
                  std::fputc('\n', f) != EOF && std::fflush(f) == 0 &&
                  fsync(fileno(f)) == 0;
  std::fclose(f);
  crypto::Wipe(hex.data(), hex.size());
  if (!ok)
    return Status::Internal(path.string() +
                            ": could not write the database key file");
  return Status::Ok();
}

Result<DatabaseKey> LoadDatabaseKeyFile(const std::filesystem::path& path) {
  errno = 0;
  std::ifstream in(path);
  if (!in) {
    return Status::Make(CodeForErrno(errno),
                        path.string() + ": cannot read the database key file");
  }
  std::string hex;
  std::getline(in, hex);
  crypto::SecretBytes key(32);
  const bool ok = crypto::FromHex(hex, {key.data(), key.size()});
  crypto::Wipe(hex.data(), hex.size());
  if (!ok) {
    return Status::Corruption(
        path.string() +
        ": not a database key file (expected 64 hexadecimal characters)");
  }
  return DatabaseKey::Raw(std::move(key));
}

void Statement::Finalizer::operator()(sqlite3_stmt* s) const {
  sqlite3_finalize(s);
}
void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Statement& Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_.get(), index, text.data(),
                    static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, std::span<const std::uint8_t> blob) {
  // A zero-length blob binds as an empty blob, not NULL.
  static const std::uint8_t kEmpty = 0;
  sqlite3_bind_blob(stmt_.get(), index, blob.empty() ? &kEmpty : blob.data(),
                    static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE && status_.ok()) {
    status_ = Status::Make(CodeForSqlite(sqlite3_extended_errcode(db_)),
                           FailureText(db_, sqlite3_errmsg(db_)));
  }
  return false;
}

Status Statement::Run() {
  while (Step()) {
  }
  Status s = status_;
  Reset();
  return s;
}

void Statement::Reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  status_ = Status::Ok();
}

std::int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_.get(), column);
}
std::string Statement::Text(int column) const {
  const auto* p = sqlite3_column_text(stmt_.get(), column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         sqlite3_column_bytes(stmt_.get(), column))
           : std::string();
}
Bytes Statement::Blob(int column) const {
  const auto* p = static_cast<const std::uint8_t*>(
      sqlite3_column_blob(stmt_.get(), column));
  const int n = sqlite3_column_bytes(stmt_.get(), column);
  return p ? Bytes(p, p + n) : Bytes();
}
bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Status Database::BackupTo(const std::filesystem::path& path,
                          const DatabaseKey& key) {
  auto copy = Open(path, key, /*create=*/true);
  if (!copy.ok()) return copy.status();
  sqlite3_backup* backup =
      sqlite3_backup_init(copy->db_.get(), "main", db_.get(), "main");
  if (backup == nullptr)
    return Status::Make(CodeForSqlite(sqlite3_extended_errcode(copy->db_.get())),
                        path.string() + ": cannot start the backup: " +
                            sqlite3_errmsg(copy->db_.get()));
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE)
    return Status::Make(CodeForSqlite(rc), path.string() +
                                               ": the backup failed: " +
                                               sqlite3_errstr(rc));
  // Fold the copy's write-ahead log into its file, so the file alone is it.
  if (sqlite3_exec(copy->db_.get(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr,
                   nullptr, nullptr) != SQLITE_OK)
    return Status::Internal(path.string() + ": cannot complete the copy: " +
                            sqlite3_errmsg(copy->db_.get()));
  return Status::Ok();
}

Result<Database> Database::Open(const std::filesystem::path& path,
                                const DatabaseKey& key, bool create) {
  std::error_code ec;
  const bool exists = std::filesystem::exists(path, ec);
  if (!exists && !create) {
    return Status::NotFound(
        path.string() +
        ": no database here; run 'hall-admin init' first or check the path");
  }
  if (exists && create) {
    return Status::AlreadyExists(
        path.string() +
        ": a database already exists; hall never overwrites one");
  }
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX |
                    (create ? SQLITE_OPEN_CREATE : 0);
  const mode_t old = umask(077);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  umask(old);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return Status::Make(CodeForSqlite(raw ? sqlite3_extended_errcode(raw) : rc),
                        path.string() + ": cannot open the database: " +
                            (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  int key_rc = SQLITE_MISUSE;
  if (key.raw) {
    // SQLCipher's raw-key form: x'<64 hex>' (no key derivation).
    std::string blob_literal = "x'" + std::string(64, '\0') + "'";
    std::string hex = crypto::ToHex({key.raw->data(), key.raw->size()});
    std::copy(hex.begin(), hex.end(), blob_literal.begin() + 2);
    crypto::Wipe(hex.data(), hex.size());
    key_rc = sqlite3_key(raw, blob_literal.data(),
                         static_cast<int>(blob_literal.size()));
    crypto::Wipe(blob_literal.data(), blob_literal.size());
  } else if (key.passphrase) {
    key_rc = sqlite3_key(raw, key.passphrase->data(),
                         static_cast<int>(key.passphrase->size()));
  }
  if (key_rc != SQLITE_OK)
    return Status::InvalidArgument("database: no key given");
  if (sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr,
                   nullptr) != SQLITE_OK) {
    // Only "not a database" means the key: a full disk, an I/O error or a
    // busy file is said as what it is, never as a wrong passphrase.
    const int read_rc = sqlite3_extended_errcode(raw);
    if ((read_rc & 0xff) != SQLITE_NOTADB) {
      return Status::Make(
          (read_rc & 0xff) == SQLITE_BUSY ? StatusCode::kUnavailable
                                          : StatusCode::kInternal,
          path.string() + ": cannot read the database: " +
              sqlite3_errmsg(raw) +
              ((read_rc & 0xff) == SQLITE_FULL ||
                       (read_rc & 0xff) == SQLITE_IOERR
                   ? " (free space on its disk, or check the disk, and try "
                     "again)"
                   : ""));
    }
    return Status::PermissionDenied(
        path.string() +
        ": the database key is wrong, or the file is not a hall database");
  }
  sqlite3_busy_timeout(raw, 10000);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
        "PRAGMA foreign_keys=ON", "PRAGMA secure_delete=ON"}) {
    if (Status s = db.Exec(pragma); !s.ok()) return s;
  }
  return db;
}

Status Database::Exec(std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error) !=
      SQLITE_OK) {
    std::string message = FailureText(db_.get(), error);
    sqlite3_free(error);
    return Status::Make(CodeForSqlite(sqlite3_extended_errcode(db_.get())),
                        std::move(message));
  }
  return Status::Ok();
}

Statement Database::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "hall: bad SQL (%s): %.*s\n",
                 sqlite3_errmsg(db_.get()), static_cast<int>(sql.size()),
                 sql.data());
    std::abort();
  }
  return Statement(db_.get(), stmt);
}

std::int64_t Database::LastInsertId() const {
  return sqlite3_last_insert_rowid(db_.get());
}
std::int64_t Database::Changes() const { return sqlite3_changes(db_.get()); }

void Database::SetCommitVeto(std::function<bool()> veto) {
  if (!veto) {
    sqlite3_commit_hook(db_.get(), nullptr, nullptr);
    commit_veto_.reset();
    return;
  }
  auto held = std::make_unique<std::function<bool()>>(std::move(veto));
  sqlite3_commit_hook(
      db_.get(),
      [](void* f) -> int {
        return (*static_cast<std::function<bool()>*>(f))() ? 1 : 0;
      },
      held.get());
  commit_veto_ = std::move(held);
}

bool Database::InTransaction() const {
  return sqlite3_get_autocommit(db_.get()) == 0;
}

Database::Transaction::Transaction(Database& db) : db_(db) {
  if (db_.transaction_open_) {
    status_ = Status::Internal("database: a transaction is already open");
    return;
  }
  // Left behind by a ROLLBACK that failed: nothing of it may commit.
  if (db_.InTransaction()) (void)db_.Exec("ROLLBACK");
  status_ = db_.Exec("BEGIN IMMEDIATE");
  open_ = status_.ok();
  db_.transaction_open_ = open_;
}

Database::Transaction::~Transaction() {
  if (open_) (void)db_.Exec("ROLLBACK");
  if (open_) db_.transaction_open_ = false;
}

Status Database::Transaction::Commit() {
  if (!open_)
    return status_.ok()
               ? Status::FailedPrecondition("database: transaction not open")
               : status_;
  open_ = false;
  db_.transaction_open_ = false;
  Status s = db_.Exec("COMMIT");
  if (!s.ok()) (void)db_.Exec("ROLLBACK");
  return s;
}

}  // namespace hall::server
