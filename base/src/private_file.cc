#include "hall/base/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <system_error>

namespace hall {

NewPrivateFile::NewPrivateFile(std::filesystem::path path, mode_t mode)
    : path_(std::move(path)) {
  fd_.reset(::open(path_.c_str(),
                   O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode));
  if (!fd_.valid()) {
    Fail(Stage::kCreate, errno);
    return;
  }
  created_ = true;
  // The umask may have taken bits away; never added any.
  if (::fchmod(fd_.get(), mode) != 0) Fail(Stage::kCreate, errno);
}

NewPrivateFile::~NewPrivateFile() {
  fd_.reset();
  if (created_ && !committed_) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
}

bool NewPrivateFile::Fail(Stage stage, int err) {
  if (failed_ == Stage::kNone) {
    failed_ = stage;
    errno_ = err;
  }
  return false;
}

bool NewPrivateFile::Write(std::span<const std::uint8_t> bytes) {
  if (!ok()) return false;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Fail(Stage::kWrite, n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool NewPrivateFile::Write(std::string_view bytes) {
  return Write(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

bool NewPrivateFile::Commit() {
  if (!ok()) return false;
  if (::fsync(fd_.get()) != 0) return Fail(Stage::kSync, errno);
  if (::close(fd_.release()) != 0) return Fail(Stage::kClose, errno);
  committed_ = true;
  return true;
}

}  // namespace hall
