// The end of a demo meeting: the committee exports the election record
// (hall-admin record export) and an auditor verifies it (hall-audit verify),
// both run as the real programs found next to hall-server.
#ifndef HALL_SIM_DEMO_RECORD_AUDIT_H_
#define HALL_SIM_DEMO_RECORD_AUDIT_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "hall/base/status.h"

namespace hall::sim::demo {

struct AuditedRecord {
  std::filesystem::path record;  // work_dir/record
  bool verified = false;         // hall-audit verify exited 0
  std::string summary;           // its last two lines
  std::filesystem::path report;  // work_dir/audit.txt: every check
};
// Exports meeting `meeting` of the installation in `server_dir` into
// `work_dir`/record and verifies it against `seal_fingerprint`.
Result<AuditedRecord> ExportAndAudit(const std::filesystem::path& tools_dir,
                                     const std::filesystem::path& server_dir,
                                     std::uint64_t meeting,
                                     const std::filesystem::path& work_dir,
                                     const std::string& seal_fingerprint);

}  // namespace hall::sim::demo

#endif  // HALL_SIM_DEMO_RECORD_AUDIT_H_
