// MakeFolder: the one way hall makes a folder it will write into (an
// installation, a record, a kiosk's folder, a key folder). Each missing
// folder on the way is created with `mode` (0700: only the owner) and only
// those it created get that mode; a folder that exists already is left
// exactly as it is (its mode, owner and sticky bit are never changed, also
// when the command then fails). A path that exists but is not a folder is
// refused (kAlreadyExists); other failures carry the errno's code and name
// the folder that could not be made.
#ifndef HALL_BASE_FOLDER_H_
#define HALL_BASE_FOLDER_H_

#include <sys/types.h>

#include <filesystem>

#include "hall/base/status.h"

namespace hall {

struct MadeFolder {
  bool created = false;  // the folder itself was made now (it did not exist)
};

Result<MadeFolder> MakeFolder(const std::filesystem::path& path,
                              mode_t mode = 0700);

}  // namespace hall

#endif  // HALL_BASE_FOLDER_H_
