// hall-kiosk: the delegates' touchscreen, or with --display the hall's
// projector view. Reads the folder `hall-admin kiosk enrol NAME` wrote.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "app.h"
#include "fonts.h"
#include "glfw_backend.h"
#include "hall/kiosk/config.h"
#include "hall/kiosk/kiosk_core.h"

namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

}  // namespace

int main(int argc, char** argv) {
  using namespace hall;
  const auto started = std::chrono::steady_clock::now();
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
  app.add_option("--record", record,
                 "TESTS ONLY: save a screenshot and a trace line per screen "
                 "into this folder (the screen says so)");
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
  auto fonts = kiosk::ui::Fonts::Load();
  if (!fonts.ok()) {
    std::cerr << "hall-kiosk: " << fonts.message() << "\n";
    return 2;
  }
  std::optional<kiosk::ui::Recorder> recorder;
  if (!record.empty()) {
    auto r = kiosk::ui::Recorder::Open(record);
    if (!r.ok()) {
      std::cerr << "hall-kiosk: " << r.message() << "\n";
      return 2;
    }
    recorder.emplace(std::move(r).value());
  }
  kiosk::ui::WindowOptions wo;
  wo.title = display ? "hall display" : "hall kiosk";
  wo.width = width;
  wo.height = height;
  wo.fullscreen = fullscreen;
  auto window = kiosk::ui::GlfwWindow::Open(wo);
  if (!window.ok()) {
    std::cerr << "hall-kiosk: " << window.message() << "\n";
    return 2;
  }
  auto core = kiosk::KioskCore::Create(std::move(config).value());
  if (!core.ok()) {
    std::cerr << "hall-kiosk: " << core.message() << "\n";
    return 2;
  }
  std::signal(SIGTERM, OnSignal);
  std::signal(SIGINT, OnSignal);
  kiosk::ui::AppOptions ao;
  ao.scale = scale;
  ao.recorder = std::move(recorder);
  ao.started = started;
  ao.stop = &g_stop;
  kiosk::ui::App ui(**core, **window, std::move(fonts).value(), std::move(ao));
  const int rc = ui.Run();
  if (stats) {
    std::vector<double> ms = ui.stats().frame_ms;
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
      return ms.empty() ? 0.0
                        : ms[static_cast<std::size_t>(q * (ms.size() - 1))];
    };
    std::fprintf(stderr,
                 "hall-kiosk stats: first frame %.1f ms, %zu frames, frame "
                 "p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                 ui.stats().first_frame_ms, ms.size(), at(0.5), at(0.99),
                 ms.empty() ? 0.0 : ms.back());
  }
  return rc;
}
