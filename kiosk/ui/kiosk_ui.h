// The kiosk's window as one call: opens the window, loads the fonts, runs
// the frame loop over `core` until the window closes or *stop is set. The
// only UI header a program includes (standard library only).
#ifndef HALL_KIOSK_UI_KIOSK_UI_H_
#define HALL_KIOSK_UI_KIOSK_UI_H_

#include <atomic>
#include <chrono>
#include <string>

#include "hall/base/status.h"
#include "hall/kiosk/kiosk_core.h"

namespace hall::kiosk::ui {

struct UiOptions {
  std::string title = "hall";
  int width = 1920;
  int height = 1080;
  bool fullscreen = false;
  float scale = 0;          // 0: from the monitor's physical size
  std::string record_dir;   // "": no recording (tests only)
  bool screenshots = true;  // with record_dir
  bool stats = false;       // print frame figures on exit
  std::chrono::steady_clock::time_point started{};
  std::atomic<bool>* stop = nullptr;
};

// Fails (before any window shows) naming what is missing: a display, a GL
// driver, a font package, the record folder.
Status RunKioskUi(KioskCore& core, const UiOptions& options);

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_KIOSK_UI_H_
