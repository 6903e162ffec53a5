// App: the kiosk's frame loop. Each frame it takes the core's latest
// view-model, rebuilds the font atlas when the texts or the text size
// changed, draws the screen and posts what the delegate touched or typed.
// Between changes it sleeps (GlfwWindow::WaitEvents) until input, a wake
// from the core's worker, or the core's next deadline.
#ifndef HALL_KIOSK_UI_APP_H_
#define HALL_KIOSK_UI_APP_H_

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "fonts.h"
#include "glfw_backend.h"
#include "hall/kiosk/kiosk_core.h"
#include "widgets.h"
#if HALL_KIOSK_RECORDER
#include "recorder.h"
#endif

namespace hall::kiosk::ui {

struct AppOptions {
  float scale = 0;  // 0: from the monitor (15 mm targets are 15 mm)
#if HALL_KIOSK_RECORDER
  std::optional<Recorder> recorder;  // hall-kiosk-recorded only (tests)
#endif
  std::chrono::steady_clock::time_point started{};
  std::atomic<bool>* stop = nullptr;  // set by a signal handler
};

struct FrameStats {
  std::vector<double> frame_ms;  // CPU time to build and submit each frame
  double first_frame_ms = 0;     // from start to the first frame shown
  std::vector<double> response_ms;  // touch to the frame that shows it
};

class App {
 public:
  App(KioskCore& core, GlfwWindow& window, Fonts fonts, AppOptions options);
  // Runs until the window closes or *options.stop; returns the exit status.
  int Run();
  const FrameStats& stats() const { return stats_; }

 private:
  void DrawFrame(const ViewModel& vm, UiState& ui, Frame& frame);
  void Keyboard(const ViewModel& vm);
  void Post(const Intent& intent);
  float BodyPx(int text_size) const;
  bool Recording() const;

  KioskCore& core_;
  GlfwWindow& window_;
  Fonts fonts_;
  AppOptions options_;
  float px_per_mm_ = 0;
  FrameStats stats_;
  std::size_t posted_ = 0;
};

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_APP_H_
