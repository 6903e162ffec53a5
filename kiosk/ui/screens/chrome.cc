#include "../screens.h"

namespace hall::kiosk::ui {

void DrawChrome(const ChromeVm& vm, Frame& f) {
  const float right = f.size().x - f.mm(8);
  // Language, contrast and text size on the right.
  float width = 0;
  std::vector<ImVec2> sizes;
  for (const Button& b : vm.languages) {
    sizes.push_back(f.ButtonSize(b, f.mm(28)));
    width += sizes.back().x + f.gap();
  }
  const ImVec2 theme = f.ButtonSize(vm.theme_button, f.mm(28));
  const ImVec2 text = f.ButtonSize(vm.text_size_button, f.mm(28));
  width += theme.x + text.x + f.gap();
  const float top = ImGui::GetCursorPosY();
  const float left = ImGui::GetCursorPosX();
  ImGui::SetCursorPos(ImVec2(right - width, top));
  for (std::size_t i = 0; i < vm.languages.size(); ++i) {
    f.TouchButton(vm.languages[i], sizes[i]);
    ImGui::SameLine(0, f.gap());
  }
  f.TouchButton(vm.theme_button, theme);
  ImGui::SameLine(0, f.gap());
  f.TouchButton(vm.text_size_button, text);
  const float bar_bottom = ImGui::GetCursorPosY();
  ImGui::SetCursorPos(ImVec2(left, top));
  const float title_width = right - width - left - f.mm(6);
  f.Text(vm.meeting_title, f.fonts().bold, nullptr, title_width);
  f.Text(vm.step_title, f.fonts().heading, nullptr, title_width);
  ImGui::SetCursorPosY(std::max(bar_bottom, ImGui::GetCursorPosY()) + f.mm(3));
  ImGui::PushStyleColor(ImGuiCol_Separator, f.palette().border);
  ImGui::Separator();
  ImGui::PopStyleColor();
  ImGui::Dummy(ImVec2(0, f.mm(3)));
}

void DrawSealLine(const ChromeVm& vm, Frame& f) {
  if (vm.seal_line.empty()) return;
  ImGui::PushFont(f.fonts().body);
  const float h = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  ImGui::SetCursorPos(ImVec2(f.mm(8), f.size().y - h - f.mm(4)));
  f.Text(vm.seal_line, nullptr, &f.palette().muted);
}

}  // namespace hall::kiosk::ui
