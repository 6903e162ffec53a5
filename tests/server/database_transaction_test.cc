// Database::Transaction on a real SQLCipher connection: a connection left
// inside a transaction (as a ROLLBACK that failed leaves it) is rolled back
// before the next transaction, so nothing of it commits and the connection
// is not blocked; a transaction begun inside another one is refused.
#include <gtest/gtest.h>

#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::TempInstallation;

std::int64_t MetaRows(Database& db, const std::string& key) {
  auto q = db.Prepare("SELECT count(*) FROM meta WHERE key = ?");
  q.Bind(1, key);
  return q.Step() ? q.Int(0) : -1;
}

TEST(DatabaseTransactionTest, ALeftOverTransactionIsRolledBackNotCommitted) {
  TempInstallation install;
  Database& db = install.db();
  // What a failed ROLLBACK leaves: the connection still inside BEGIN.
  ASSERT_TRUE(db.Exec("BEGIN").ok());
  ASSERT_TRUE(db.Exec("INSERT INTO meta(key, value) VALUES('stale', 'x')").ok());
  ASSERT_TRUE(db.InTransaction());

  Database::Transaction tx(db);
  ASSERT_TRUE(tx.status().ok()) << tx.status().message();
  ASSERT_TRUE(db.Exec("INSERT INTO meta(key, value) VALUES('fresh', 'y')").ok());
  ASSERT_TRUE(tx.Commit().ok());
  EXPECT_FALSE(db.InTransaction());
  EXPECT_EQ(MetaRows(db, "stale"), 0);
  EXPECT_EQ(MetaRows(db, "fresh"), 1);
}

TEST(DatabaseTransactionTest, ATransactionInsideAnotherIsRefused) {
  TempInstallation install;
  Database& db = install.db();
  Database::Transaction outer(db);
  ASSERT_TRUE(outer.status().ok());
  ASSERT_TRUE(db.Exec("INSERT INTO meta(key, value) VALUES('outer', 'x')").ok());
  {
    Database::Transaction inner(db);
    EXPECT_EQ(inner.status().code(), StatusCode::kInternal);
    EXPECT_EQ(inner.status().message(),
              "database: a transaction is already open");
  }
  ASSERT_TRUE(outer.Commit().ok());
  EXPECT_EQ(MetaRows(db, "outer"), 1);
}

}  // namespace
}  // namespace hall::server
