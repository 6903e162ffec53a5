#include "kiosk_ui.h"

#include <algorithm>
#include <cstdio>

#include "app.h"

namespace hall::kiosk::ui {
namespace {

double At(const std::vector<double>& sorted, double q) {
  return sorted.empty()
             ? 0.0
             : sorted[static_cast<std::size_t>(
                   q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

Status RunKioskUi(KioskCore& core, const UiOptions& o) {
  auto fonts = Fonts::Load();
  if (!fonts.ok()) return fonts.status();
  AppOptions ao;
  if (!o.record_dir.empty()) {
#if HALL_KIOSK_RECORDER
    auto r = Recorder::Open(o.record_dir, o.screenshots);
    if (!r.ok()) return r.status();
    ao.recorder.emplace(std::move(r).value());
#else
    return Status::InvalidArgument(
        "this hall-kiosk records nothing: recording is in the test build only");
#endif
  }
  WindowOptions wo;
  wo.title = o.title;
  wo.width = o.width;
  wo.height = o.height;
  wo.fullscreen = o.fullscreen;
  auto window = GlfwWindow::Open(wo);
  if (!window.ok()) return window.status();
  ao.scale = o.scale;
  ao.started = o.started;
  ao.stop = o.stop;
  App app(core, **window, std::move(fonts).value(), std::move(ao));
  const int rc = app.Run();
  if (o.stats) {
    std::vector<double> ms = app.stats().frame_ms;
    std::vector<double> touch = app.stats().response_ms;
    std::sort(ms.begin(), ms.end());
    std::sort(touch.begin(), touch.end());
    std::fprintf(stderr,
                 "hall-kiosk stats: first frame %.1f ms after start; %zu "
                 "frames, p50 %.2f ms, p99 %.2f ms, max %.2f ms; touch to "
                 "visible p50 %.2f ms, p99 %.2f ms over %zu touches\n",
                 app.stats().first_frame_ms, ms.size(), At(ms, 0.5),
                 At(ms, 0.99), At(ms, 1.0), At(touch, 0.5), At(touch, 0.99),
                 touch.size());
  }
  if (rc != 0) return Status::Internal("the kiosk window stopped on an error");
  return Status::Ok();
}

}  // namespace hall::kiosk::ui
