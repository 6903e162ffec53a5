#include "app.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "screens.h"

namespace hall::kiosk::ui {
namespace {

using SteadyClock = std::chrono::steady_clock;

double MsSince(SteadyClock::time_point t) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - t)
      .count();
}

Intent Do(Action a) {
  Intent i;
  i.action = a;
  return i;
}

}  // namespace

App::App(KioskCore& core, GlfwWindow& window, Fonts fonts, AppOptions options)
    : core_(core),
      window_(window),
      fonts_(std::move(fonts)),
      options_(std::move(options)) {
  px_per_mm_ = window_.PixelsPerMm();
  if (options_.scale > 0) px_per_mm_ = 96.0f / 25.4f * options_.scale;
}

bool App::Recording() const {
#if HALL_KIOSK_RECORDER
  return options_.recorder.has_value();
#else
  return false;
#endif
}

float App::BodyPx(int text_size) const {
  // 6.5 mm, 8 mm, 10 mm, 12.5 mm line heights (about 24 to 47 px at 96 dpi).
  static constexpr float kMm[] = {6.5f, 8.0f, 10.0f, 12.5f};
  return px_per_mm_ * kMm[std::clamp(text_size, 0, kTextSizeCount - 1)];
}

void App::Post(const Intent& intent) {
  core_.Post(intent);
  ++posted_;
}

void App::Keyboard(const ViewModel& vm) {
  ImGuiIO& io = ImGui::GetIO();
  const bool typing = vm.screen == Screen::kIdle ||
                      vm.screen == Screen::kCodeEntry;
  if (typing) {
    // A keyboard or a USB scanner that types: symbols go to the code.
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
      const ImWchar c = io.InputQueueCharacters[i];
      if (c < 0x20 || c > 0x7E) continue;
      Intent intent;
      intent.action = Action::kSymbol;
      intent.symbol = static_cast<char>(c);
      Post(intent);
    }
  }
  for (GlfwWindow::Key key : window_.TakeKeys()) {
    // From idle too: a scanner types the code and Enter in one go.
    if (vm.screen != Screen::kCodeEntry && vm.screen != Screen::kIdle) continue;
    Post(Do(key == GlfwWindow::Key::kEnter ? Action::kSubmitCode
                                           : Action::kBackspace));
  }
  if (ImGui::IsMouseClicked(0) || io.InputQueueCharacters.Size > 0) {
    Post(Do(Action::kTouch));  // any touch keeps the session alive
  }
}

void App::DrawFrame(const ViewModel& vm, UiState& ui, Frame& frame) {
  const Palette& p = frame.palette();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(frame.size());
  ImGui::PushStyleColor(ImGuiCol_WindowBg, p.background);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(frame.mm(8), frame.mm(5)));
  ImGui::PushStyleVar(ImGuiStyleVar_FrameRounding, frame.mm(1.5f));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                      ImVec2(frame.gap(), frame.mm(1.5f)));
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoScrollWithMouse);
  if (vm.screen != ui.last_screen) {
    ui.review_page = 0;
    ui.last_screen = vm.screen;
  }
  if (vm.screen != Screen::kDisplay) DrawChrome(vm.chrome, frame);
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, IdleVm>) {
          DrawIdle(body, frame);
        } else if constexpr (std::is_same_v<T, CodeEntryVm>) {
          DrawCodeEntry(body, frame);
        } else if constexpr (std::is_same_v<T, BallotVm>) {
          DrawBallot(body, frame);
        } else if constexpr (std::is_same_v<T, ReviewVm>) {
          DrawReview(body, frame, ui);
        } else if constexpr (std::is_same_v<T, ChallengeVm>) {
          DrawChallenge(body, frame, ui);
        } else if constexpr (std::is_same_v<T, CastingVm>) {
          DrawCasting(body, frame);
        } else if constexpr (std::is_same_v<T, ReceiptVm>) {
          DrawReceipt(body, frame);
        } else if constexpr (std::is_same_v<T, MessageVm>) {
          DrawMessage(body, frame);
        } else if constexpr (std::is_same_v<T, DisplayVm>) {
          DrawDisplay(body, frame);
        }
      },
      vm.body);
  if (vm.screen != Screen::kDisplay) DrawSealLine(vm.chrome, frame);
  if (Recording()) {
    // Nobody is recorded without seeing it.
    const char* tag = "TEST – screens recorded";
    ImGui::PushFont(frame.fonts().bold);
    const ImVec2 ts = ImGui::CalcTextSize(tag);
    ImGui::PopFont();
    ImGui::SetCursorPos(ImVec2(frame.size().x - ts.x - frame.mm(8),
                               frame.size().y - ts.y - frame.mm(4)));
    frame.Text(tag, frame.fonts().bold, &p.danger, ts.x + 1);
  }
  ImGui::End();
  ImGui::PopStyleVar(3);
  ImGui::PopStyleColor();
  if (vm.still_voting) DrawStillVoting(*vm.still_voting, frame);
}

int App::Run() {
  core_.SetWakeCallback(&GlfwWindow::Wake);
  std::uint64_t texts_version = 0;
  int text_size = -1;
  std::uint64_t drawn_version = 0;
  int frames_with_version = 0;
  int settle = 2;  // frames to draw before sleeping again
  bool first = true;
  UiState ui;
  // Touch-to-visible: from the wake that brought a touch to the end of the
  // first frame that shows its effect.
  SteadyClock::time_point woke = SteadyClock::now();
  std::optional<SteadyClock::time_point> touched;
  double response_ms = 0;
  while (!window_.ShouldClose() && !(options_.stop && options_.stop->load())) {
    const auto frame_start = SteadyClock::now();
    core_.Tick();
    std::shared_ptr<const ViewModel> vm = core_.Snapshot();
    if (core_.TextsVersion() != texts_version ||
        vm->chrome.text_size != text_size) {
      texts_version = core_.TextsVersion();
      text_size = vm->chrome.text_size;
      Status built = fonts_.Build(core_.AllTexts(), BodyPx(text_size));
      if (!built.ok()) {
        std::fprintf(stderr, "hall-kiosk: %s\n", built.message().c_str());
        return 1;
      }
      window_.ReloadFonts();
    }
    window_.BeginFrame();
    const std::size_t posted_before = posted_;
    Keyboard(*vm);
    if (posted_ != posted_before && !touched) touched = woke;
    const Palette palette = PaletteFor(vm->chrome.theme);
    Frame frame(fonts_.set(), palette, px_per_mm_,
                ImVec2(static_cast<float>(window_.width()),
                       static_cast<float>(window_.height())),
                [&](const Intent& i) {
                  core_.Post(i);
                  if (!touched) touched = woke;
                },
                vm->screen == Screen::kDisplay);
    DrawFrame(*vm, ui, frame);
    std::vector<std::uint8_t> pixels;
    int w = 0, h = 0;
    const bool record =
        Recording() && vm->version == drawn_version && frames_with_version == 1;
#if HALL_KIOSK_RECORDER
    const bool shoot = record && options_.recorder->screenshots();
#else
    const bool shoot = false;
#endif
    window_.EndFrame(palette.background.x, palette.background.y,
                     palette.background.z, shoot ? &pixels : nullptr, &w, &h);
    const double frame_ms = MsSince(frame_start);
    stats_.frame_ms.push_back(frame_ms);
    if (first) {
      stats_.first_frame_ms = MsSince(options_.started);
      first = false;
    }
#if HALL_KIOSK_RECORDER
    if (record) {
      options_.recorder->Record(*vm, frame, frame_ms, response_ms,
                                MsSince(options_.started), pixels, w, h);
    }
#else
    (void)record;
#endif
    if (vm->version != drawn_version) {
      if (touched && vm->version > drawn_version + 0) {
        response_ms = std::chrono::duration<double, std::milli>(
                          SteadyClock::now() - *touched)
                          .count();
        stats_.response_ms.push_back(response_ms);
        touched.reset();
      }
      drawn_version = vm->version;
      frames_with_version = 0;
      settle = std::max(settle, 2);
    }
    ++frames_with_version;
    if (settle > 0) {
      --settle;
      window_.WaitEvents(std::chrono::milliseconds(0));
      woke = SteadyClock::now();
      continue;
    }
    const auto now = SteadyClock::now();
    auto until = core_.NextDeadline();
    // The display's clock ticks each second; a voter screen changes only
    // with input, the worker's wake or the core's deadline.
    auto wait = std::chrono::milliseconds(
        vm->screen == Screen::kDisplay ? 1000 : 5000);
    if (until > now) {
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                                until - now));
    } else {
      wait = std::chrono::milliseconds(1);
    }
    window_.WaitEvents(wait);
    woke = SteadyClock::now();
    settle = 1;  // whatever woke us is drawn, then one more frame
  }
  return 0;
}

}  // namespace hall::kiosk::ui
