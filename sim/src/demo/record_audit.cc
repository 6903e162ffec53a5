#include "hall/sim/demo/record_audit.h"

#include <fstream>
#include <sstream>

#include "hall/sim/loadgen/server_process.h"

namespace hall::sim::demo {
namespace fs = std::filesystem;

namespace {
std::string ReadText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
std::string LastLines(const std::string& text, int n) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  std::size_t start = end;
  for (int i = 0; i < n && start > 0; ++i) {
    const std::size_t nl = text.rfind('\n', start - 1);
    start = nl == std::string::npos ? 0 : nl + (i + 1 < n ? 0 : 1);
    if (nl == std::string::npos) break;
  }
  return text.substr(start, end - start);
}
}  // namespace

Result<AuditedRecord> ExportAndAudit(const fs::path& tools_dir,
                                     const fs::path& server_dir,
                                     std::uint64_t meeting,
                                     const fs::path& work_dir,
                                     const std::string& seal_fingerprint) {
  AuditedRecord out;
  out.record = work_dir / "record";
  const fs::path export_log = work_dir / "record-export.txt";
  auto exported = loadgen::RunProgramStatus(tools_dir / "hall-admin",
                          {"record", "export", "--dir", server_dir.string(),
                           "--meeting", std::to_string(meeting), "--out",
                           out.record.string()},
                          export_log);
  if (!exported.ok()) return exported.status();
  if (*exported != 0)
    return Status::Internal("hall-admin record export failed: " +
                            LastLines(ReadText(export_log), 1));
  out.report = work_dir / "audit.txt";
  auto verified = loadgen::RunProgramStatus(tools_dir / "hall-audit",
                          {"verify", out.record.string(), "--seal",
                           seal_fingerprint},
                          out.report);
  if (!verified.ok()) return verified.status();
  out.verified = *verified == 0;
  out.summary = LastLines(ReadText(out.report), 2);
  return out;
}

}  // namespace hall::sim::demo
