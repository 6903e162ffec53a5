// hall-kiosk: the delegates' touchscreen, or with --display the hall's
// projector view. Reads the folder `hall-admin kiosk enrol NAME` wrote.
#include <CLI/CLI.hpp>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "hall/kiosk/config.h"
#include "hall/kiosk/kiosk_core.h"
#include "kiosk_ui.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

}  // namespace

int main(int argc, char** argv) {
  using namespace hall;
  const auto started = std::chrono::steady_clock::now();
  // A ballot in memory never lands in a core dump or another process.
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  CLI::App app{
      "hall-kiosk: the delegates' voting kiosk (Dear ImGui + GLFW), or with "
      "--display the hall display"};
  std::string config_dir;
  bool display = false;
  bool fullscreen = false;
  float scale = 0;
  std::string size = "1920x1080";
  std::string record;
  int idle_timeout_s = 120;
  bool stats = false;
  bool no_screenshots = false;
  app.add_option("--config", config_dir,
                 "The folder hall-admin kiosk enrol NAME wrote (certificate, "
                 "key, CA, server address, seal public key)")
      ->required();
  app.add_flag("--display", display,
               "The hall display: turnout, quorum, state; results of "
               "announced rounds only");
  app.add_flag("--fullscreen", fullscreen, "Fill the primary monitor");
  app.add_option("--window", size, "Window size WIDTHxHEIGHT")
      ->capture_default_str();
  app.add_option("--scale", scale,
                 "Size of everything, 1 = 96 dpi (default: from the "
                 "monitor's physical size, so targets are 15 mm)");
  app.add_option("--idle-timeout", idle_timeout_s,
                 "Seconds without a touch before \"Are you still voting?\"")
      ->capture_default_str()
      ->check(CLI::Range(10, 3600));
#if HALL_KIOSK_RECORDER
  // hall-kiosk-recorded, the test build (never installed): the delegates'
  // hall-kiosk cannot record a screen.
  app.add_option("--record", record,
                 "TESTS ONLY: save a screenshot and a trace line per screen "
                 "into this folder (the screen says so)");
  app.add_flag("--no-screenshots", no_screenshots,
               "With --record: the trace only (for benchmarks)");
#endif
  app.add_flag("--stats", stats,
               "On exit, print frame times and the time to the first frame");
  CLI11_PARSE(app, argc, argv);

  int width = 1920, height = 1080;
  if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 640 ||
      height < 480) {
    std::cerr << "hall-kiosk: --window " << size
              << ": give WIDTHxHEIGHT, at least 640x480\n";
    return 2;
  }
  auto config = kiosk::LoadKioskConfig(
      config_dir, display ? kiosk::Mode::kDisplay : kiosk::Mode::kVoter);
  if (!config.ok()) {
    std::cerr << "hall-kiosk: " << config.message() << "\n";
    return 2;
  }
  config->idle_timeout = std::chrono::seconds(idle_timeout_s);
  config->log = [](const std::string& line) {
    std::cerr << "hall-kiosk: " << line << "\n";
  };
  auto core = kiosk::KioskCore::Create(std::move(config).value());
  if (!core.ok()) {
    std::cerr << "hall-kiosk: " << core.message() << "\n";
    return 2;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  kiosk::ui::UiOptions uo;
  uo.title = display ? "hall display" : "hall kiosk";
  uo.width = width;
  uo.height = height;
  uo.fullscreen = fullscreen;
  uo.scale = scale;
  uo.record_dir = record;
  uo.screenshots = !no_screenshots;
  uo.stats = stats;
  uo.started = started;
  uo.stop = &g_stop;
  if (Status s = kiosk::ui::RunKioskUi(**core, uo); !s.ok()) {
    std::cerr << "hall-kiosk: " << s.message() << "\n";
    return s.code() == StatusCode::kInternal ? 1 : 2;
  }
  return 0;
}
