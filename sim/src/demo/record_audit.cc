#include "hall/sim/demo/record_audit.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>

namespace hall::sim::demo {
namespace fs = std::filesystem;

Result<int> RunTool(const fs::path& program,
                    const std::vector<std::string>& args,
                    const fs::path& output) {
  std::vector<std::string> all{program.string()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int out_fd =
      open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out_fd < 0)
    return Status::Internal(output.string() + ": cannot be created");
  const pid_t pid = fork();
  if (pid < 0) {
    close(out_fd);
    return Status::Internal("cannot start " + program.string());
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, STDIN_FILENO);
    close_range(3, ~0U, 0);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_fd);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid)
    return Status::Internal(program.string() + " vanished");
  if (!WIFEXITED(status))
    return Status::Internal(program.string() + " was killed");
  if (WEXITSTATUS(status) == 127)
    return Status::NotFound(program.string() + " could not be run (is it "
                            "built next to hall-server?)");
  return WEXITSTATUS(status);
}

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
  auto exported = RunTool(tools_dir / "hall-admin",
                          {"record", "export", "--dir", server_dir.string(),
                           "--meeting", std::to_string(meeting), "--out",
                           out.record.string()},
                          export_log);
  if (!exported.ok()) return exported.status();
  if (*exported != 0)
    return Status::Internal("hall-admin record export failed: " +
                            LastLines(ReadText(export_log), 1));
  out.report = work_dir / "audit.txt";
  auto verified = RunTool(tools_dir / "hall-audit",
                          {"verify", out.record.string(), "--seal",
                           seal_fingerprint},
                          out.report);
  if (!verified.ok()) return verified.status();
  out.verified = *verified == 0;
  out.summary = LastLines(ReadText(out.report), 2);
  return out;
}

}  // namespace hall::sim::demo
