// NewPrivateFile: the one way hall writes a file that holds something
// private (key files, slips with ballot codes, certificates, the record):
// created exclusively (never overwriting, never following a symlink) with
// mode 0600 or the mode given, written in full, synced, and removed again
// unless Commit() succeeded. A failure reports which stage failed and the
// errno, so each caller words its own message; the Status code follows the
// errno (CodeForErrno).
#ifndef HALL_BASE_PRIVATE_FILE_H_
#define HALL_BASE_PRIVATE_FILE_H_

#include <sys/types.h>

#include <filesystem>
#include <span>
#include <string_view>

#include "hall/base/status.h"
#include "hall/base/unique_fd.h"

namespace hall {

class NewPrivateFile {
 public:
  enum class Stage { kNone, kCreate, kWrite, kSync, kClose };

  // Creates `path`; check ok() (EEXIST: the file exists and is left alone).
  explicit NewPrivateFile(std::filesystem::path path, mode_t mode = 0600);
  ~NewPrivateFile();  // removes the file unless committed
  NewPrivateFile(const NewPrivateFile&) = delete;
  NewPrivateFile& operator=(const NewPrivateFile&) = delete;

  bool ok() const { return failed_ == Stage::kNone; }
  Stage failed_stage() const { return failed_; }
  int error() const { return errno_; }  // the errno of the failed stage

  // Each returns false (and records the stage and errno) on failure; after
  // a failure they do nothing.
  bool Write(std::span<const std::uint8_t> bytes);
  bool Write(std::string_view bytes);
  bool Commit();  // fsync and close: the file stays

 private:
  bool Fail(Stage stage, int err);

  std::filesystem::path path_;
  UniqueFd fd_;
  Stage failed_ = Stage::kNone;
  int errno_ = 0;
  bool created_ = false;
  bool committed_ = false;
};

}  // namespace hall

#endif  // HALL_BASE_PRIVATE_FILE_H_
