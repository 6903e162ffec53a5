// Reading an election record's folder: record.json and the files it lists,
// never a path outside the folder.
#ifndef HALL_AUDIT_SRC_RECORD_FILES_H_
#define HALL_AUDIT_SRC_RECORD_FILES_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/encoding.h"

namespace hall::audit {

class RecordFiles {
 public:
  // kNotFound: no record.json; kCorruption: it is not JSON of the record
  // format.
  static Result<RecordFiles> Open(const std::filesystem::path& dir);

  const std::filesystem::path& root() const { return root_; }
  const nlohmann::json& index() const { return index_; }
  // The bytes of the file at `rel` (a path inside the record), or nullopt
  // when it is absent, unreadable, larger than 1 GiB or not inside.
  std::optional<crypto::Bytes> Read(std::string_view rel) const;
  bool Exists(std::string_view rel) const;
  // Every regular file under the folder but record.json, relative, sorted.
  std::vector<std::string> ListFiles() const;

 private:
  RecordFiles(std::filesystem::path root, nlohmann::json index)
      : root_(std::move(root)), index_(std::move(index)) {}
  std::filesystem::path root_;
  nlohmann::json index_;
};

// A path the record may name: relative, no "..", no empty part.
bool IsRecordPath(std::string_view rel);

std::string Text(const crypto::Bytes& bytes);

}  // namespace hall::audit

#endif  // HALL_AUDIT_SRC_RECORD_FILES_H_
