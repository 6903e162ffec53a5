#include "record_files.h"

#include <algorithm>
#include <fstream>
#include <system_error>

#include "hall/shared/record_format.h"
#include "hall/shared/json_input.h"

namespace hall::audit {
namespace fs = std::filesystem;

namespace {
constexpr std::uintmax_t kMaxFileBytes = 1ull << 30;
constexpr std::uintmax_t kMaxIndexBytes = 256ull << 20;

std::optional<crypto::Bytes> ReadAll(const fs::path& path,
                                     std::uintmax_t limit) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(path, ec))) return std::nullopt;
  const auto size = fs::file_size(path, ec);
  if (ec || size > limit) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  crypto::Bytes bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()),
          static_cast<std::streamsize>(bytes.size()));
  if (static_cast<std::uintmax_t>(in.gcount()) != size) return std::nullopt;
  return bytes;
}
}  // namespace

bool IsRecordPath(std::string_view rel) {
  if (rel.empty() || rel.front() == '/' || rel.find('\0') != rel.npos ||
      rel.find('\\') != rel.npos)
    return false;
  std::size_t start = 0;
  while (start <= rel.size()) {
    const std::size_t end = std::min(rel.find('/', start), rel.size());
    const std::string_view part = rel.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

std::string Text(const crypto::Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

Result<RecordFiles> RecordFiles::Open(const fs::path& dir) {
  const fs::path index_path = dir / shared::record::kIndex;
  std::error_code ec;
  if (!fs::exists(index_path, ec)) {
    return Status::NotFound(
        dir.string() +
        " holds no record.json: give the folder hall-admin record export "
        "wrote");
  }
  auto bytes = ReadAll(index_path, kMaxIndexBytes);
  if (!bytes) {
    return Status::Corruption(index_path.string() +
                              " cannot be read (not a file, or too large)");
  }
  auto parsed = shared::ParseJsonInput(
      *bytes,
      index_path.string(), shared::kRecordJson);
  if (!parsed.ok()) {
    return Status::Corruption(parsed.message() + ": the record is damaged");
  }
  nlohmann::json index = std::move(parsed.value());
  if (!index.is_object()) {
    return Status::Corruption(index_path.string() +
                              " is not a JSON object: the record is damaged");
  }
  if (!index.contains("format") || index["format"] != shared::record::kFormat) {
    return Status::Corruption(
        index_path.string() + " is not a hall election record of format " +
        std::string(shared::record::kFormat));
  }
  return RecordFiles(dir, std::move(index));
}

std::optional<crypto::Bytes> RecordFiles::Read(std::string_view rel) const {
  if (!IsRecordPath(rel)) return std::nullopt;
  // Never through a symbolic link: every part of the path is a real
  // folder or file of the record.
  std::error_code ec;
  fs::path at = root_;
  for (const auto& part : fs::path(std::string(rel))) {
    at /= part;
    if (fs::is_symlink(fs::symlink_status(at, ec))) return std::nullopt;
  }
  return ReadAll(root_ / fs::path(std::string(rel)), kMaxFileBytes);
}

bool RecordFiles::Exists(std::string_view rel) const {
  std::error_code ec;
  return IsRecordPath(rel) &&
         fs::is_regular_file(
             fs::symlink_status(root_ / fs::path(std::string(rel)), ec));
}

std::vector<std::string> RecordFiles::ListFiles() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root_, ec), end; !ec && it != end;
       it.increment(ec)) {
    // A symbolic link (to a folder too) is listed, never followed: it is
    // in no record hall-admin writes.
    if (!it->is_symlink() && it->is_directory()) continue;
    const std::string rel = fs::relative(it->path(), root_, ec).generic_string();
    if (rel != shared::record::kIndex) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace hall::audit
