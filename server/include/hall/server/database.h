// Database: one SQLCipher database file per installation, encrypted with a
// 256-bit key (from a key file) or a passphrase, in WAL mode with
// synchronous=FULL so a committed transaction survives a crash or power cut.
//
// Every sqlite3 and sqlite3_stmt handle is owned by a unique_ptr. Statements
// bind by position; Step() returns true while there is a row. Failures are
// Status values naming what went wrong; a wrong key is reported as such.
// Only the server module links SQLCipher (never plain SQLite beside it).
#ifndef HALL_SERVER_DATABASE_H_
#define HALL_SERVER_DATABASE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "hall/base/status.h"
#include "hall/crypto/key_file.h"
#include "hall/crypto/secret.h"

struct sqlite3;
struct sqlite3_stmt;

namespace hall::server {

using crypto::Bytes;

// How the database is unlocked.
struct DatabaseKey {
  // Exactly one of these: 32 raw key bytes, or a passphrase.
  std::optional<crypto::SecretBytes> raw;
  std::optional<crypto::SecretBytes> passphrase;

  static DatabaseKey Raw(crypto::SecretBytes key);
  static DatabaseKey Passphrase(std::string_view passphrase);
};

// Creates a new random 32-byte database key file (hex, mode 0600); refuses
// to overwrite an existing file.
Status CreateDatabaseKeyFile(const std::filesystem::path& path);
// Reads a key file written by CreateDatabaseKeyFile.
Result<DatabaseKey> LoadDatabaseKeyFile(const std::filesystem::path& path);

class Statement {
 public:
  Statement(Statement&&) noexcept = default;
  Statement& operator=(Statement&&) noexcept = default;

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::span<const std::uint8_t> blob);
  Statement& BindNull(int index);
  // True when a row is ready; false when done. Errors abort the statement
  // and are reported by status().
  bool Step();
  Status status() const { return status_; }
  // Runs to completion; returns the first error, if any.
  Status Run();
  void Reset();

  std::int64_t Int(int column) const;
  std::string Text(int column) const;
  Bytes Blob(int column) const;
  bool IsNull(int column) const;

 private:
  friend class Database;
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const;
  };
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
  Status status_;
};

class Database {
 public:
  // Opens (creating if `create`) and unlocks the database, sets WAL,
  // synchronous=FULL, foreign keys and a busy timeout (another process,
  // such as hall-admin, may hold the write lock briefly).
  static Result<Database> Open(const std::filesystem::path& path,
                               const DatabaseKey& key, bool create);

  Database(Database&&) noexcept = default;
  Database& operator=(Database&&) noexcept = default;

  Status Exec(std::string_view sql);
  // Aborts on an SQL error in `sql` itself (a programming error).
  Statement Prepare(std::string_view sql);
  std::int64_t LastInsertId() const;
  std::int64_t Changes() const;

  // The fault seam for storage failures: while `veto` returns true, every
  // COMMIT on this connection fails and SQLite rolls the transaction back,
  // exactly as a full disk or an I/O error at commit would leave it. Set it
  // before the connection is shared with other threads; an empty function
  // removes it.
  void SetCommitVeto(std::function<bool()> veto);

  // Copies the whole database, as it stands at one instant, into a new
  // database file at `path` under the same `key` (SQLite's online backup;
  // other connections may go on writing). kAlreadyExists if `path` exists.
  Status BackupTo(const std::filesystem::path& path, const DatabaseKey& key);

  // Whether the connection is inside a transaction.
  bool InTransaction() const;

  // BEGIN IMMEDIATE ... COMMIT. Rolls back if not committed. A connection
  // left inside a transaction by a ROLLBACK that failed is rolled back
  // first, so one failed rollback never blocks the connection for good; a
  // Transaction begun while another one is open on the connection fails.
  class Transaction {
   public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Status status() const { return status_; }
    Status Commit();

   private:
    Database& db_;
    bool open_ = false;
    Status status_;
  };

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  explicit Database(sqlite3* db) : db_(db) {}
  std::unique_ptr<std::function<bool()>> commit_veto_;  // outlives db_
  std::unique_ptr<sqlite3, Closer> db_;
  bool transaction_open_ = false;  // a Transaction object holds it
};

}  // namespace hall::server

#endif  // HALL_SERVER_DATABASE_H_
