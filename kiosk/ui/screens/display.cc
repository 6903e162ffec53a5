#include "../screens.h"

#include <cstdio>

namespace hall::kiosk::ui {

void DrawDisplay(const DisplayVm& vm, Frame& f) {
  const float x0 = f.mm(10);
  const float width = f.size().x - 2 * x0;
  ImGui::SetCursorPos(ImVec2(x0, f.mm(8)));
  f.Text(vm.meeting_title, f.fonts().heading, nullptr, width);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.procedure, f.fonts().bold, &f.palette().muted, width);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.step, f.fonts().heading, nullptr, width);
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  ImGui::SetCursorPosX(x0);
  f.Text(vm.attendance, f.fonts().bold, nullptr, width);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.quorum, nullptr,
         vm.quorum_met ? &f.palette().ok : &f.palette().danger, width);
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  ImGui::SetCursorPosX(x0);
  f.Text(vm.state, f.fonts().code, &f.palette().primary, width);
  if (!vm.turnout.empty()) {
    ImGui::Dummy(ImVec2(0, f.mm(2)));
    ImGui::SetCursorPosX(x0);
    f.Text(vm.turnout, f.fonts().bold, nullptr, width);
    // The turnout bar.
    const ImVec2 a(ImGui::GetWindowPos().x + x0, ImGui::GetCursorScreenPos().y);
    const float h = f.mm(10);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(a, ImVec2(a.x + width, a.y + h),
                        ImGui::GetColorU32(f.palette().button), f.mm(1));
    draw->AddRectFilled(
        a, ImVec2(a.x + width * static_cast<float>(vm.turnout_fraction), a.y + h),
        ImGui::GetColorU32(f.palette().primary), f.mm(1));
    ImGui::Dummy(ImVec2(0, h + f.mm(3)));
  }
  ImGui::SetCursorPosX(x0);
  f.Text(vm.clock, nullptr, &f.palette().muted, width);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.board_head, nullptr, &f.palette().muted, width);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.minutes_digest, nullptr, &f.palette().muted, width);
  if (vm.announced && !vm.results.empty()) {
    ImGui::Dummy(ImVec2(0, f.mm(4)));
    const float name_w = width * 0.28f;
    const float bar_w = width * 0.30f;
    const float count_w = width * 0.06f;
    const float status_w = width * 0.14f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (const DisplayBarVm& r : vm.results) {
      const float y = ImGui::GetCursorPosY();
      ImGui::SetCursorPos(ImVec2(x0, y));
      f.Text(r.name, f.fonts().bold, nullptr, name_w);
      const ImVec2 a(ImGui::GetWindowPos().x + x0 + name_w,
                     ImGui::GetWindowPos().y + y + f.mm(1));
      draw->AddRectFilled(
          a, ImVec2(a.x + bar_w * static_cast<float>(r.fraction),
                    a.y + f.fonts().body_px * 0.9f),
          ImGui::GetColorU32(f.palette().selected));
      ImGui::SetCursorPos(ImVec2(x0 + name_w + bar_w + f.mm(2), y));
      f.Text(r.count, f.fonts().bold, nullptr, count_w);
      ImGui::SetCursorPos(ImVec2(x0 + name_w + bar_w + count_w + f.mm(4), y));
      f.Text(r.status, f.fonts().bold, &f.palette().primary, status_w);
      ImGui::SetCursorPos(
          ImVec2(x0 + name_w + bar_w + count_w + status_w + f.mm(6), y));
      f.Text(r.reason, nullptr, &f.palette().muted,
             width - (name_w + bar_w + count_w + status_w + f.mm(6)));
      ImGui::Dummy(ImVec2(0, f.mm(1)));
    }
  }
  for (const std::string& alert : vm.alerts) {
    ImGui::SetCursorPosX(x0);
    f.Text(alert, f.fonts().bold, &f.palette().danger, width);
  }
  if (!vm.connection.empty()) {
    ImGui::SetCursorPosX(x0);
    f.Text(vm.connection, f.fonts().bold, &f.palette().danger, width);
  }
}

}  // namespace hall::kiosk::ui
