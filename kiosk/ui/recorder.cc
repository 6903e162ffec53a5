#include "recorder.h"

#include <stb_image_write.h>
#include <sys/stat.h>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace hall::kiosk::ui {

Result<Recorder> Recorder::Open(const std::string& dir, bool screenshots) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::NotFound("--record " + dir +
                            ": no such folder; make it first");
  }
  Recorder r;
  r.dir_ = dir;
  r.screenshots_ = screenshots;
  r.trace_.open(dir + "/trace.jsonl", std::ios::app);
  if (!r.trace_) {
    return Status::PermissionDenied("cannot write " + dir + "/trace.jsonl");
  }
  return r;
}

void Recorder::Save(const std::vector<std::uint8_t>& rgba,
                    const std::string& name) {
  char file[96];
  std::snprintf(file, sizeof file, "%04d-%s.png", ++count_, name.c_str());
  stbi_write_png((dir_ + "/" + file).c_str(), width_, height_, 4, rgba.data(),
                 width_ * 4);
}

void Recorder::Finish() {
  if (have_last_ && !last_saved_ && !last_pixels_.empty()) {
    Save(last_pixels_, std::string(ScreenName(last_screen_)) + "-final");
  }
  have_last_ = false;
}

void Recorder::Record(const ViewModel& vm, const Frame& frame, double frame_ms,
                      double response_ms, double since_start_ms,
                      const std::vector<std::uint8_t>& rgba, int width,
                      int height) {
  bool saved = false;
  if (screenshots_ && !rgba.empty()) {
    stbi_write_png_compression_level = 2;  // a test's speed over file size
    width_ = width;
    height_ = height;
    if (!have_last_ || vm.screen != last_screen_) {
      Finish();
      Save(rgba, std::string(ScreenName(vm.screen)));
      saved = true;
    }
    last_pixels_ = rgba;
    have_last_ = true;
    last_saved_ = saved;
    last_screen_ = vm.screen;
  }
  nlohmann::json line;
  line["screen"] = ScreenName(vm.screen);
  line["version"] = vm.version;
  line["missing_glyphs"] = frame.missing_glyphs();
  line["frame_ms"] = frame_ms;
  line["response_ms"] = response_ms;
  line["since_start_ms"] = since_start_ms;
  line["screenshot"] = saved;
  line["still_voting"] = vm.still_voting.has_value();
  line["theme"] = static_cast<int>(vm.chrome.theme);
  line["text_size"] = vm.chrome.text_size;
  line["lang"] = static_cast<int>(vm.chrome.lang);
  nlohmann::json buttons = nlohmann::json::array();
  for (const DrawnButton& b : frame.buttons()) {
    buttons.push_back({{"id", b.id},
                       {"x", b.min.x},
                       {"y", b.min.y},
                       {"w", b.max.x - b.min.x},
                       {"h", b.max.y - b.min.y},
                       {"enabled", b.enabled}});
  }
  line["buttons"] = std::move(buttons);
  // Verdicts the delegate sees about the box and the kiosk (not the vote).
  if (const auto* r = std::get_if<ReceiptVm>(&vm.body)) {
    line["inclusion"] = r->inclusion_proven   ? "proven"
                        : r->inclusion_failed ? "failed"
                                              : "none";
  }
  if (const auto* c = std::get_if<ChallengeVm>(&vm.body)) {
    line["challenge"] = c->busy ? "busy" : c->verified ? "verified" : "failed";
  }
  if (const auto* m = std::get_if<MessageVm>(&vm.body)) {
    line["message"] = static_cast<int>(m->kind);
  }
  if (vm.screen == Screen::kDisplay) line["texts"] = frame.texts();
  trace_ << line.dump() << "\n";
  trace_.flush();
}

}  // namespace hall::kiosk::ui
