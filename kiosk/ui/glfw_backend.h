// GlfwWindow: the kiosk's one window with its OpenGL 3 context and the
// Dear ImGui context and backends (GLFW + OpenGL3), made and torn down in
// one place (RAII). Sleeps in WaitEvents until input, a wake from another
// thread (Wake) or the timeout, so an idle kiosk uses almost no CPU.
#ifndef HALL_KIOSK_UI_GLFW_BACKEND_H_
#define HALL_KIOSK_UI_GLFW_BACKEND_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "hall/base/status.h"

struct GLFWwindow;

namespace hall::kiosk::ui {

struct WindowOptions {
  std::string title = "hall";
  int width = 1920;
  int height = 1080;
  bool fullscreen = false;
};

class GlfwWindow {
 public:
  static Result<std::unique_ptr<GlfwWindow>> Open(const WindowOptions& options);
  ~GlfwWindow();
  GlfwWindow(const GlfwWindow&) = delete;
  GlfwWindow& operator=(const GlfwWindow&) = delete;

  bool ShouldClose() const;
  // Blocks until an event, Wake() or `timeout` (0: just polls).
  void WaitEvents(std::chrono::milliseconds timeout);
  // Thread-safe: ends a WaitEvents on the UI thread.
  static void Wake();
  void BeginFrame();
  // Renders and swaps; with `pixels`, first copies the frame into it as
  // RGBA rows, top row first.
  void EndFrame(float r, float g, float b,
                std::vector<std::uint8_t>* pixels = nullptr, int* width = nullptr,
                int* height = nullptr);
  // Pixels per millimetre of the monitor, from its physical size; when it
  // does not say, 96 dpi times the desktop's content scale.
  float PixelsPerMm() const;
  int width() const;
  int height() const;
  // Keys pressed since the last call (ImGui 1.86 misses a press and release
  // that both fall between two frames, as a scanner types them).
  enum class Key { kEnter, kBackspace };
  std::vector<Key> TakeKeys();
  // Rebuilds the font texture after the atlas changed.
  void ReloadFonts();

 private:
  GlfwWindow() = default;
  static void OnKey(GLFWwindow* window, int key, int scancode, int action,
                    int mods);
  GLFWwindow* window_ = nullptr;
  std::vector<Key> keys_;
  bool imgui_ = false, glfw_backend_ = false, gl_backend_ = false;
};

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_GLFW_BACKEND_H_
