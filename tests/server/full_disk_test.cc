// The database on a disk that is really full (a 1 MiB tmpfs, mounted for the
// test; skipped where mounting is not allowed): opening it says the disk is
// full and what to do, never that the key is wrong; the right key opens it
// again once space is freed, and nothing stored is lost.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "hall/server/database.h"

namespace hall::server {
namespace {

namespace fs = std::filesystem;

class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/hall-full-disk-test-XXXXXX";
    root_ = mkdtemp(tmpl);
    if (::geteuid() != 0 ||
        ::mount("tmpfs", root_.c_str(), "tmpfs", 0, "size=1m,mode=0700") != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount2(root_.c_str(), MNT_DETACH);
    fs::remove_all(root_);
  }

  // Writes a filler file until the disk refuses more.
  void Fill() {
    std::ofstream filler(root_ / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), block.size())) filler.flush();
  }

  fs::path root_;
  bool mounted_ = false;
};

TEST_F(FullDisk, OpeningSaysTheDiskIsFullNotThatTheKeyIsWrong) {
  const fs::path path = root_ / "hall.db";
  const DatabaseKey key = DatabaseKey::Passphrase("the right passphrase");
  {
    auto db = Database::Open(path, key, /*create=*/true);
    ASSERT_TRUE(db.ok()) << db.message();
    ASSERT_TRUE(db->Exec("CREATE TABLE t(v TEXT)").ok());
    ASSERT_TRUE(db->Exec("INSERT INTO t VALUES('kept')").ok());
  }
  Fill();
  auto full = Database::Open(path, key, /*create=*/false);
  ASSERT_FALSE(full.ok());
  EXPECT_NE(full.code(), StatusCode::kPermissionDenied) << full.message();
  EXPECT_EQ(full.message().find("key is wrong"), std::string::npos)
      << full.message();
  EXPECT_NE(full.message().find("free space"), std::string::npos)
      << full.message();

  fs::remove(root_ / "filler");
  auto wrong = Database::Open(path, DatabaseKey::Passphrase("wrong"), false);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied) << wrong.message();
  auto again = Database::Open(path, key, /*create=*/false);
  ASSERT_TRUE(again.ok()) << again.message();
  auto q = again->Prepare("SELECT v FROM t");
  ASSERT_TRUE(q.Step());
  EXPECT_EQ(q.Text(0), "kept");
}

}  // namespace
}  // namespace hall::server
