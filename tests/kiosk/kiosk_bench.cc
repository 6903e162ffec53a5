// kiosk_bench: the kiosk's speed and footprint under Xvfb with llvmpipe at
// 1920x1080 with the CJK atlas (a benchmark, not a test: it prints figures
// and fails only when it cannot run). Measures the cold start to the first
// drawn frame, frame times while a delegate marks a 50-person approve
// ballot, touch-to-visible response, idle CPU and peak RSS.
//
//   build/tests/kiosk/kiosk_bench
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gui_harness.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::kiosk::gui {
namespace {

namespace lg = sim::loadgen;

double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(in)),
                std::istreambuf_iterator<char>());
  std::istringstream fields(s.substr(s.rfind(')') + 2));
  std::string f;
  long ut = 0, st = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) ut = std::stol(f);
    if (i == 15) st = std::stol(f);
  }
  return static_cast<double>(ut + st) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long PeakRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

TEST(KioskBench, FiftyPersonApproveBallot) {
  lg::TempDir tmp{"hall-kiosk-bench"};
  Xvfb x(tmp.path() / "xvfb.log");
  ASSERT_TRUE(x.ok());
  std::vector<std::string> names;
  for (int i = 1; i <= 60; ++i) {
    names.push_back((i % 3 == 0 ? "王" : "Nguyễn Thị ") + std::to_string(i));
  }
  lg::ElectionOptions o;
  o.people = 4;
  o.kiosks = 0;
  o.procedure = "vn-planning-next-term";
  o.ballot_persons = 30;
  o.candidate_names = names;
  auto election = lg::Election::Create(tmp.path() / "inst", o);
  ASSERT_TRUE(election.ok()) << election.message();
  lg::ServerProcess server(HALL_SERVER_BINARY, tmp.path() / "inst",
                           tmp.path() / "server.log");
  ASSERT_TRUE(server.Start().ok());
  std::vector<std::string> persons(names.begin(), names.begin() + 50);
  auto round = (*election)->AddRound("2", true, persons);
  ASSERT_TRUE(round.ok()) << round.message();
  const fs::path bundle = tmp.path() / "bundle";
  auto enrol = testing::RunCommand(
      std::string(HALL_ADMIN_BINARY) + " kiosk enrol kiosk-01 --dir " +
      (tmp.path() / "inst").string() + " --server-address 127.0.0.1:" +
      std::to_string(server.port()) + " --out " + bundle.string());
  ASSERT_EQ(enrol.exit_code, 0) << enrol.err;

  const auto launched = std::chrono::steady_clock::now();
  KioskWindow k(x, bundle, tmp.path() / "rec", false, {"--no-screenshots"});
  json first = k.WaitScreen("idle");
  (void)launched;
  std::vector<double> response_ms;
  auto timed_click = [&](const std::string& id) {
    const auto t0 = std::chrono::steady_clock::now();
    k.Click(id);  // returns once the frame showing the touch is drawn
    response_ms.push_back(std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - t0)
                              .count());
  };
  k.Click("start");
  k.WaitScreen("code_entry");
  k.Type(round->codes[0]);
  k.Key("Return");
  k.WaitScreen("ballot");
  const std::size_t lines_before = k.Lines().size();
  for (int p = 0; p < 50; ++p) {
    if (p > 0 && p % 6 == 0) timed_click("page-next");
    timed_click("mark-" + std::to_string(p) + "-" + std::to_string(p % 2));
  }
  std::vector<double> frame_ms;
  auto lines = k.Lines();
  for (std::size_t i = lines_before; i < lines.size(); ++i) {
    frame_ms.push_back(lines[i]["frame_ms"].get<double>());
  }
  k.Click("cancel");
  k.WaitScreen("idle");
  std::this_thread::sleep_for(2s);
  const double cpu0 = CpuSeconds(k.pid());
  std::this_thread::sleep_for(10s);
  const double idle_cpu = (CpuSeconds(k.pid()) - cpu0) / 10.0 * 100.0;
  const long rss = PeakRssKb(k.pid());
  k.Stop();
  const std::string log = k.Log();
  std::printf("kiosk_bench (Xvfb 1920x1080, llvmpipe, CJK atlas, %ld cores)\n",
              sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("  cold start to first drawn frame: %.0f ms (trace of the first "
              "screen)\n",
              first["since_start_ms"].get<double>());
  std::printf("  frame time while marking 50 persons: p50 %.2f ms, p99 %.2f ms, "
              "max %.2f ms (%zu frames traced)\n",
              Percentile(frame_ms, 0.5), Percentile(frame_ms, 0.99),
              Percentile(frame_ms, 1.0), frame_ms.size());
  std::printf("  touch to visible response (xdotool click to the frame drawn): "
              "p50 %.1f ms, p99 %.1f ms\n",
              Percentile(response_ms, 0.5), Percentile(response_ms, 0.99));
  std::printf("  idle CPU: %.2f %% of a core; peak RSS %ld MB\n", idle_cpu,
              rss / 1024);
  std::printf("  %s", log.substr(log.find("hall-kiosk stats")).c_str());
}

}  // namespace
}  // namespace hall::kiosk::gui
