#include "../screens.h"

namespace hall::kiosk::ui {

void DrawBallot(const BallotVm& vm, Frame& f) {
  const float x0 = f.mm(8);
  const float width = f.size().x - 2 * x0;
  ImGui::SetCursorPosX(x0);
  f.Text(vm.instructions, f.fonts().bold, nullptr, width);
  if (!vm.counter.empty()) {
    ImGui::SetCursorPosX(x0);
    f.Text(vm.counter, nullptr, &f.palette().primary, width);
  }
  if (!vm.problem.empty()) {
    ImGui::SetCursorPosX(x0);
    f.Text(vm.problem, f.fonts().bold, &f.palette().danger, width);
  }
  ImGui::Dummy(ImVec2(0, f.mm(2)));
  // Each person: name and position on the left, one button per level.
  float options_width = 0;
  if (!vm.rows.empty()) {
    for (const Button& b : vm.rows[0].options) {
      options_width += f.ButtonSize(b, f.mm(34)).x + f.gap();
    }
  }
  float option_w = 0;
  for (const auto& row : vm.rows) {
    for (const Button& b : row.options) {
      option_w = std::max(option_w, f.ButtonSize(b, f.mm(34)).x);
    }
  }
  const std::size_t levels = vm.rows.empty() ? 0 : vm.rows[0].options.size();
  options_width = static_cast<float>(levels) * (option_w + f.gap());
  const float name_width = width - options_width - f.mm(4);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const PersonRowVm& row : vm.rows) {
    const float y = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(x0, y));
    f.Text(row.name, f.fonts().bold, nullptr, name_width);
    ImGui::SetCursorPosX(x0);
    f.Text(row.position, nullptr, &f.palette().muted, name_width);
    const float text_bottom = ImGui::GetCursorPosY();
    ImGui::SetCursorPos(ImVec2(x0 + width - options_width + f.gap(), y));
    for (std::size_t i = 0; i < row.options.size(); ++i) {
      if (i) ImGui::SameLine(0, f.gap());
      f.TouchButton(row.options[i], ImVec2(option_w, f.min_target()));
    }
    const float bottom = std::max(text_bottom, ImGui::GetCursorPosY());
    const ImVec2 origin = ImGui::GetWindowPos();
    draw->AddLine(ImVec2(origin.x + x0, origin.y + bottom + f.mm(1)),
                  ImVec2(origin.x + x0 + width, origin.y + bottom + f.mm(1)),
                  ImGui::GetColorU32(f.palette().border), 1.0f);
    ImGui::SetCursorPosY(bottom + f.gap());
  }
  if (vm.blank) {
    ImGui::SetCursorPosX(x0 + width - options_width + f.gap());
    f.TouchButton(*vm.blank, ImVec2(option_w, f.min_target()));
  }
  // Paging and leaving, at the bottom.
  const float bar_y = f.size().y - f.min_target() - f.mm(16);
  ImGui::SetCursorPos(ImVec2(x0, std::max(bar_y, ImGui::GetCursorPosY())));
  f.TouchButton(vm.cancel, f.ButtonSize(vm.cancel, f.mm(36)));
  ImGui::SameLine(0, f.mm(10));
  f.TouchButton(vm.previous_page, f.ButtonSize(vm.previous_page, f.mm(40)));
  ImGui::SameLine(0, f.gap());
  ImGui::AlignTextToFramePadding();
  const float y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(y + f.mm(4));
  f.Text(vm.page_text, nullptr, nullptr, f.mm(70));
  ImGui::SameLine(0, f.gap());
  ImGui::SetCursorPosY(y);
  f.TouchButton(vm.next_page, f.ButtonSize(vm.next_page, f.mm(40)));
  const ImVec2 review = f.ButtonSize(vm.review, f.mm(70));
  ImGui::SameLine(x0 + width - review.x);
  f.TouchButton(vm.review, review);
}

}  // namespace hall::kiosk::ui
