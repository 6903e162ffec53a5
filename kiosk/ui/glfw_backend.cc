#include "glfw_backend.h"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>

namespace hall::kiosk::ui {

Result<std::unique_ptr<GlfwWindow>> GlfwWindow::Open(
    const WindowOptions& options) {
  if (!glfwInit()) {
    return Status::Unavailable(
        "cannot open a window: no display (is DISPLAY set, is X running?)");
  }
  std::unique_ptr<GlfwWindow> w(new GlfwWindow());
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWmonitor* monitor = options.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
  int width = options.width, height = options.height;
  if (monitor) {
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    width = mode->width;
    height = mode->height;
  }
  w->window_ = glfwCreateWindow(width, height, options.title.c_str(), monitor,
                                nullptr);
  if (!w->window_) {
    glfwTerminate();
    return Status::Unavailable(
        "cannot create an OpenGL 3.3 window (is a GL driver such as Mesa "
        "installed?)");
  }
  glfwMakeContextCurrent(w->window_);
  glfwSetWindowUserPointer(w->window_, w.get());
  // Set before ImGui's backend, which calls it after its own.
  glfwSetKeyCallback(w->window_, &GlfwWindow::OnKey);
  glfwSwapInterval(1);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  w->imgui_ = true;
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the kiosk writes nothing to disk
  io.LogFilename = nullptr;
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  w->glfw_backend_ = ImGui_ImplGlfw_InitForOpenGL(w->window_, true);
  w->gl_backend_ = ImGui_ImplOpenGL3_Init("#version 330");
  if (!w->glfw_backend_ || !w->gl_backend_) {
    return Status::Internal("cannot start the ImGui GLFW/OpenGL3 backends");
  }
  return w;
}

GlfwWindow::~GlfwWindow() {
  if (gl_backend_) ImGui_ImplOpenGL3_Shutdown();
  if (glfw_backend_) ImGui_ImplGlfw_Shutdown();
  if (imgui_) ImGui::DestroyContext();
  if (window_) glfwDestroyWindow(window_);
  glfwTerminate();
}

void GlfwWindow::OnKey(GLFWwindow* window, int key, int, int action, int) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  auto* self = static_cast<GlfwWindow*>(glfwGetWindowUserPointer(window));
  if (!self) return;
  if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) {
    self->keys_.push_back(Key::kEnter);
  } else if (key == GLFW_KEY_BACKSPACE) {
    self->keys_.push_back(Key::kBackspace);
  }
}

std::vector<GlfwWindow::Key> GlfwWindow::TakeKeys() {
  std::vector<Key> keys;
  keys.swap(keys_);
  return keys;
}

bool GlfwWindow::ShouldClose() const { return glfwWindowShouldClose(window_); }

void GlfwWindow::WaitEvents(std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0) {
    glfwPollEvents();
  } else {
    glfwWaitEventsTimeout(static_cast<double>(timeout.count()) / 1000.0);
  }
}

void GlfwWindow::Wake() { glfwPostEmptyEvent(); }

void GlfwWindow::BeginFrame() {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void GlfwWindow::EndFrame(float r, float g, float b,
                          std::vector<std::uint8_t>* pixels, int* width,
                          int* height) {
  ImGui::Render();
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(r, g, b, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (pixels) {
    pixels->resize(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) *
                   4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels->data());
    // OpenGL's first row is the bottom one.
    const std::size_t row = static_cast<std::size_t>(w) * 4;
    for (int y = 0; y < h / 2; ++y) {
      std::swap_ranges(
          pixels->begin() + static_cast<std::ptrdiff_t>(y * row),
          pixels->begin() + static_cast<std::ptrdiff_t>((y + 1) * row),
          pixels->begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * row));
    }
    *width = w;
    *height = h;
  }
  glfwSwapBuffers(window_);
}

float GlfwWindow::PixelsPerMm() const {
  GLFWmonitor* monitor = glfwGetPrimaryMonitor();
  // Without a physical size: 96 dpi times the desktop's content scale.
  float sx = 1.0f, sy = 1.0f;
  glfwGetWindowContentScale(window_, &sx, &sy);
  float per_mm = 96.0f / 25.4f * (sx > 0.0f ? sx : 1.0f);
  if (monitor) {
    int mm_w = 0, mm_h = 0;
    glfwGetMonitorPhysicalSize(monitor, &mm_w, &mm_h);
    const GLFWvidmode* mode = glfwGetVideoMode(monitor);
    if (mode && mm_w > 0) {
      const float measured = static_cast<float>(mode->width) /
                             static_cast<float>(mm_w);
      // A monitor that reports nonsense (some projectors) keeps 96 dpi.
      if (measured > 1.5f && measured < 20.0f) per_mm = measured;
    }
  }
  return per_mm;
}

int GlfwWindow::width() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return w;
}

int GlfwWindow::height() const {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return h;
}

void GlfwWindow::ReloadFonts() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace hall::kiosk::ui
