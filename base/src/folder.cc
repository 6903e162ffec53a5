#include "hall/base/folder.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace hall {

namespace fs = std::filesystem;

Result<MadeFolder> MakeFolder(const fs::path& path, mode_t mode) {
  if (path.empty()) return Status::InvalidArgument("no folder was named");
  // The missing folders, innermost last.
  std::vector<fs::path> missing;
  for (fs::path p = path.lexically_normal(); !p.empty();
       p = p.parent_path()) {
    if (!p.has_relative_path() && p.has_root_path()) break;  // "/"
    struct stat st;
    if (::stat(p.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        return Status::AlreadyExists(p.string() +
                                     " exists and is not a folder; name a "
                                     "folder or a new path");
      break;
    }
    if (errno != ENOENT)
      return Status::Make(CodeForErrno(errno),
                          p.string() + ": " + std::strerror(errno));
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  MadeFolder made;
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), mode) != 0) {
      const int err = errno;
      if (err == EEXIST) continue;  // made meanwhile by someone else: theirs
      return Status::Make(CodeForErrno(err), it->string() +
                                                 ": cannot create the folder: " +
                                                 std::strerror(err));
    }
    // The umask may have taken bits away; the folder is ours to set.
    if (::chmod(it->c_str(), mode) != 0) {
      const int err = errno;
      return Status::Make(CodeForErrno(err),
                          it->string() + ": " + std::strerror(err));
    }
    made.created = (it + 1 == missing.rend());
  }
  return made;
}

}  // namespace hall
