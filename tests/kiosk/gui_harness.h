// The pieces a real-window kiosk test needs: an Xvfb server, the real
// hall-kiosk binary started on it with --record, its trace read back, and
// real X input events (xdotool) aimed at the buttons the trace names.
#ifndef HALL_TESTS_KIOSK_GUI_HARNESS_H_
#define HALL_TESTS_KIOSK_GUI_HARNESS_H_

#include <fcntl.h>
#include <poll.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stb_image.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../cli/run_command.h"

namespace hall::kiosk::gui {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

// A child process with extra environment; killed (TERM, then KILL) at the end.
class Child {
 public:
  Child(std::vector<std::string> argv, std::vector<std::string> env,
        const fs::path& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      // Dies with the test: a crashed or killed test leaves no kiosk or
      // Xvfb behind to hold the display or the port.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      for (const std::string& e : env) ::putenv(const_cast<char*>(e.c_str()));
      std::vector<char*> args;
      for (std::string& a : argv) args.push_back(a.data());
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  ~Child() { Stop(); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // SIGTERM, then waits; returns the exit status (-1 if it had to be killed).
  int Stop() {
    if (pid_ <= 0) return exit_;
    ::kill(pid_, SIGTERM);
    // Up to 20 s: on a loaded 2-core machine with software GL the kiosk's
    // last frame and its network thread can take more than 5 s to wind up.
    for (int i = 0; i < 400; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_;
      }
      std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return -1;
  }
  bool Running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      return false;
    }
    return true;
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int exit_ = -1;
};

// An X server in memory at 1920x1080, with Mesa's llvmpipe for OpenGL.
class Xvfb {
 public:
  explicit Xvfb(const fs::path& log) {
    // Xvfb picks a free display itself and writes its number to the pipe.
    int p[2];
    if (::pipe(p) != 0) return;
    child_ = std::make_unique<Child>(
        std::vector<std::string>{"/usr/bin/Xvfb", "-displayfd",
                                 std::to_string(p[1]), "-screen", "0",
                                 "1920x1080x24", "-nolisten", "tcp", "-dpi",
                                 "96"},
        std::vector<std::string>{}, log);
    ::close(p[1]);
    std::string number;
    pollfd pfd{p[0], POLLIN, 0};
    while (::poll(&pfd, 1, 15'000) > 0) {
      char c = 0;
      if (::read(p[0], &c, 1) != 1 || c == '\n') break;
      number.push_back(c);
    }
    ::close(p[0]);
    if (number.empty()) return;
    display_ = std::stoi(number);
    ok_ = true;
  }
  bool ok() const { return ok_; }
  std::string display() const { return ":" + std::to_string(display_); }

 private:
  int display_ = 0;
  bool ok_ = false;
  std::unique_ptr<Child> child_;
};

// One hall-kiosk window and its recorded trace.
class KioskWindow {
 public:
  KioskWindow(const Xvfb& x, const fs::path& bundle, const fs::path& record,
              bool display, std::vector<std::string> extra = {})
      : x_(x), record_(record) {
    fs::create_directories(record);
    std::vector<std::string> argv = {HALL_KIOSK_BINARY, "--config",
                                     bundle.string(), "--fullscreen",
                                     "--record", record.string(), "--stats"};
    if (display) argv.push_back("--display");
    argv.insert(argv.end(), extra.begin(), extra.end());
    child_ = std::make_unique<Child>(
        argv,
        std::vector<std::string>{"DISPLAY=" + x.display(),
                                 "LIBGL_ALWAYS_SOFTWARE=1"},
        record / "kiosk.log");
  }
  ~KioskWindow() { Stop(); }

  int Stop() { return child_ ? child_->Stop() : -1; }
  bool Running() { return child_->Running(); }
  pid_t pid() const { return child_->pid(); }
  std::string Log() const { return testing::Slurp(record_ / "kiosk.log"); }

  std::vector<json> Lines() const {
    // Whole lines only: the kiosk may be writing the last one.
    std::vector<json> lines;
    const std::string text = testing::Slurp(record_ / "trace.jsonl");
    std::size_t at = 0;
    for (std::size_t nl; (nl = text.find('\n', at)) != std::string::npos;
         at = nl + 1) {
      json line = json::parse(text.substr(at, nl - at), nullptr, false);
      if (!line.is_discarded()) lines.push_back(std::move(line));
    }
    return lines;
  }

  // The first trace line after `after` lines for which `ready` holds.
  json WaitFor(const std::function<bool(const json&)>& ready,
               std::size_t* after = nullptr, const char* what = "") {
    const auto until = std::chrono::steady_clock::now() + 30s;
    std::size_t from = after ? *after : 0;
    while (std::chrono::steady_clock::now() < until) {
      auto lines = Lines();
      for (std::size_t i = from; i < lines.size(); ++i) {
        if (ready(lines[i])) {
          if (after) *after = i + 1;
          return lines[i];
        }
      }
      if (!Running()) break;
      std::this_thread::sleep_for(10ms);
    }
    auto lines = Lines();
    ADD_FAILURE() << "waited for " << what << "; last screen: "
                  << (lines.empty() ? std::string("none")
                                    : lines.back()["screen"].get<std::string>())
                  << "\n" << Log();
    return lines.empty() ? json::object() : lines.back();
  }
  json WaitScreen(const std::string& screen) {
    return WaitFor([&](const json& l) { return l["screen"] == screen; },
                   &seen_, screen.c_str());
  }
  json Latest() {
    auto lines = Lines();
    return lines.empty() ? json::object() : lines.back();
  }

  // Clicks the centre of the button `id` as the latest trace line has it.
  void Click(const std::string& id) {
    json button;
    const auto until = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < until) {
      json line = Latest();
      for (const json& b : line.value("buttons", json::array())) {
        if (b["id"] == id && b["enabled"].get<bool>()) button = b;
      }
      if (!button.is_null()) break;
      std::this_thread::sleep_for(40ms);
    }
    ASSERT_FALSE(button.is_null()) << "no enabled button " << id << " on "
                                   << Latest().value("screen", "?");
    const int x = static_cast<int>(button["x"].get<double>() +
                                   button["w"].get<double>() / 2);
    const int y = static_cast<int>(button["y"].get<double>() +
                                   button["h"].get<double>() / 2);
    seen_ = Lines().size();
    Xdotool("mousemove --sync " + std::to_string(x) + " " + std::to_string(y) +
            " click 1");
    // The press is drawn before the next click (the UI draws each change);
    // the line that shows it stays unread for WaitScreen / WaitFor.
    std::size_t drawn = seen_;
    WaitFor([](const json&) { return true; }, &drawn, id.c_str());
  }
  void Type(const std::string& text) {
    seen_ = Lines().size();
    Xdotool("type --delay 15 " + testing::Quote(text));
  }
  void Key(const std::string& key) {
    seen_ = Lines().size();
    Xdotool("key " + key);
  }
  std::size_t& seen() { return seen_; }

 private:
  void Xdotool(const std::string& args) {
    auto r = testing::RunCommand("DISPLAY=" + x_.display() + " xdotool " + args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const Xvfb& x_;
  fs::path record_;
  std::unique_ptr<Child> child_;
  std::size_t seen_ = 0;
};

// What a person looking at the screenshot would check first: it is not a
// blank or single-colour frame.
inline void ExpectDrawn(const std::string& png) {
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(png.c_str(), &w, &h, &n, 4);
  ASSERT_NE(px, nullptr) << png;
  EXPECT_EQ(w, 1920);
  EXPECT_EQ(h, 1080);
  std::set<std::uint32_t> colours;
  std::size_t other = 0;
  const std::uint32_t bg = px[0] | px[1] << 8 | px[2] << 16;
  for (int i = 0; i < w * h; i += 7) {
    const unsigned char* p = px + 4 * i;
    const std::uint32_t c = p[0] | p[1] << 8 | p[2] << 16;
    colours.insert(c);
    if (c != bg) ++other;
  }
  stbi_image_free(px);
  EXPECT_GT(colours.size(), 8u) << png;
  EXPECT_GT(other, static_cast<std::size_t>(w * h / 7 / 100)) << png;
}

}  // namespace hall::kiosk::gui

#endif  // HALL_TESTS_KIOSK_GUI_HARNESS_H_
