#include "hall/sim/soak/clock_jump.h"

#include <ctime>
#include <fstream>
#include <span>

#include "hall/crypto/fingerprint.h"

namespace hall::sim::soak {
namespace {

std::string LastLines(const std::filesystem::path& file, std::size_t n) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > n ? lines.size() - n : 0;
       i < lines.size(); ++i) {
    out += (out.empty() ? "" : "\n") + lines[i];
  }
  return out;
}

}  // namespace

server::Clock JumpClock::AsClock() {
  return [this] {
    const std::time_t t = std::time(nullptr) + offset_.load();
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::lock_guard lock(mu_);
    readings_.emplace_back(buf);
    return std::string(buf);
  };
}

std::vector<std::string> JumpClock::readings() const {
  std::lock_guard lock(mu_);
  return readings_;
}

Result<ClockJumpReport> RunClockJump(
    const ClockJumpOptions& options,
    const std::function<void(std::string_view)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  JumpClock clock;
  SoakRoundOptions ro = options.round;
  ro.election.clock = clock.AsClock();
  auto round = SoakRound::SetUp(ro);
  if (!round.ok()) return round.status();
  SoakRound& r = **round;
  ClockJumpReport report;
  const std::span<const client::PreparedBallot> all(r.ballots());
  const std::size_t half = all.size() / 2;
  loadgen::LoadResult merged;
  merged.receipts.resize(all.size());
  merged.attempted.resize(all.size());
  auto merge = [&](const loadgen::LoadResult& part, std::size_t offset) {
    for (std::size_t i = 0; i < part.receipts.size(); ++i) {
      if (part.attempted[i]) merged.attempted[offset + i] = true;
      if (part.receipts[i]) merged.receipts[offset + i] = part.receipts[i];
    }
  };
  auto first = loadgen::RunLoad(r.Load(), r.election().seal_public(),
                                all.subspan(0, half));
  if (!first.ok()) return first.status();
  merge(*first, 0);
  report.first_half_receipts = first->stored;
  clock.Jump(-options.back);
  say("clock jumped back " + std::to_string(options.back.count()) +
      " s (before the seal); casting the second half");
  auto second =
      loadgen::RunLoad(r.Load(), r.election().seal_public(), all.subspan(half));
  if (!second.ok()) return second.status();
  merge(*second, half);
  report.second_half_receipts = second->stored;
  report.offered = first->offered + second->offered;
  // Every attempted ballot settled before the box closes.
  SoakVerdict settle;
  if (Status s = r.Settle(merged, settle); !s.ok()) return s;
  if (options.close_while_back) {
    auto closed =
        r.election().committee().CloseRound(r.round().id, r.election().seal());
    report.closed_back = closed.ok();
    if (!closed.ok()) report.close_back_error = closed.message();
    say("close at the jumped-back time: " +
        std::string(report.closed_back
                        ? "accepted"
                        : "refused: " + report.close_back_error));
  }
  clock.Jump(options.back + options.forward);
  auto info = r.election().committee().Round(r.round().id);
  if (!info.ok()) return info.status();
  if (!report.closed_back) {
    auto closed =
        r.election().committee().CloseRound(r.round().id, r.election().seal());
    report.closed = closed.ok();
    if (!closed.ok()) report.close_error = closed.message();
  } else {
    report.closed = true;
  }
  say("clock jumped forward " + std::to_string(options.forward.count()) +
      " s past the true time; close " +
      (report.closed ? std::string("accepted")
                     : "refused: " + report.close_error));
  report.times = clock.readings();
  if (!report.closed) return report;  // not tallied: the report says why
  auto verdict = r.Verify(merged);
  if (!verdict.ok()) return verdict.status();
  report.verdict = std::move(verdict).value();
  report.verdict.settled += settle.settled;
  report.verdict.refused += settle.refused;
  report.times = clock.readings();
  if (options.audit) {
    const auto admin = loadgen::FindSiblingBinary(
        "hall-admin", options.tools_dir.empty()
                          ? std::filesystem::path()
                          : options.tools_dir / "hall-admin");
    const auto audit = loadgen::FindSiblingBinary(
        "hall-audit", options.tools_dir.empty()
                          ? std::filesystem::path()
                          : options.tools_dir / "hall-audit");
    if (admin.empty() || audit.empty()) {
      report.audit_summary =
          "hall-admin or hall-audit is not built next to "
          "this program: not audited";
      return report;
    }
    const auto record = r.folder() / "record";
    auto exported = loadgen::RunProgramStatus(
        admin,
        {"record", "export", "--dir", r.election().paths().dir.string(),
         "--meeting", std::to_string(r.election().meeting_id()), "--out",
         record.string()},
        r.folder() / "export.txt");
    if (!exported.ok() || *exported != 0) {
      report.audit_summary =
          "record export failed: " + LastLines(r.folder() / "export.txt", 3);
      return report;
    }
    auto verified = loadgen::RunProgramStatus(
        audit,
        {"verify", record.string(), "--seal",
         crypto::Fingerprint(r.election().seal_public())},
        r.folder() / "audit.txt");
    if (!verified.ok()) return verified.status();
    report.audit_exit = *verified;
    report.audit_summary = LastLines(r.folder() / "audit.txt", 2);
  }
  return report;
}

}  // namespace hall::sim::soak
