// Recorder: what a test (or the documentation's screenshots) sees of the
// kiosk, enabled only by --record DIR. After each new view-model has been
// drawn it appends one JSON line to DIR/trace.jsonl (the screen, the
// buttons' ids and rectangles, how many glyphs the atlas lacked, the frame
// time). It saves each screen as it first appears, DIR/NNNN-<screen>.png,
// and as it last looked before the next one, DIR/NNNN-<screen>-final.png
// (the ballot as marked); Finish() saves the last one. The trace never holds a label, a
// selection or a name from a voter screen; on the hall display (public) it
// also holds the texts drawn. While recording, the window shows "TEST –
// screens recorded", so no delegate is recorded without seeing it.
#ifndef HALL_KIOSK_UI_RECORDER_H_
#define HALL_KIOSK_UI_RECORDER_H_

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/kiosk/view_model.h"
#include "widgets.h"

namespace hall::kiosk::ui {

class Recorder {
 public:
  // `screenshots` false: the trace only (for benchmarks: a PNG costs a frame).
  static Result<Recorder> Open(const std::string& dir, bool screenshots = true);
  Recorder(Recorder&&) = default;
  ~Recorder() { Finish(); }
  void Finish();
  bool screenshots() const { return screenshots_; }

  void Record(const ViewModel& vm, const Frame& frame, double frame_ms,
              double response_ms, double since_start_ms, const std::vector<std::uint8_t>& rgba,
              int width, int height);

 private:
  Recorder() = default;
  std::string dir_;
  std::ofstream trace_;
  void Save(const std::vector<std::uint8_t>& rgba, const std::string& name);
  int count_ = 0;
  bool screenshots_ = true;
  bool have_last_ = false;
  bool last_saved_ = false;  // the last frame is already a saved file
  Screen last_screen_ = Screen::kConnecting;
  std::vector<std::uint8_t> last_pixels_;
  int width_ = 0, height_ = 0;
};

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_RECORDER_H_
