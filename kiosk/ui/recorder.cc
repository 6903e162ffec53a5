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

void Recorder::Record(const ViewModel& vm, const Frame& frame, double frame_ms,
                      double response_ms, double since_start_ms,
                      const std::vector<std::uint8_t>& rgba, int width,
                      int height) {
  char name[64];
  std::snprintf(name, sizeof name, "%04d-%s.png", ++count_,
                std::string(ScreenName(vm.screen)).c_str());
  const std::string png = screenshots_ ? dir_ + "/" + name : "";
  if (screenshots_) {
    stbi_write_png(png.c_str(), width, height, 4, rgba.data(), width * 4);
  }
  nlohmann::json line;
  line["screen"] = ScreenName(vm.screen);
  line["version"] = vm.version;
  line["missing_glyphs"] = frame.missing_glyphs();
  line["frame_ms"] = frame_ms;
  line["response_ms"] = response_ms;
  line["since_start_ms"] = since_start_ms;
  line["screenshot"] = png;
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
