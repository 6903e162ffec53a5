#include "../screens.h"

namespace hall::kiosk::ui {

void DrawIdle(const IdleVm& vm, Frame& f) {
  ImGui::Dummy(ImVec2(0, f.size().y * 0.12f));
  f.Centered(vm.headline, f.fonts().heading);
  ImGui::Dummy(ImVec2(0, f.mm(6)));
  f.Centered(vm.body);
  if (vm.start) {
    ImGui::Dummy(ImVec2(0, f.mm(12)));
    const ImVec2 size(f.mm(90), f.mm(28));
    ImGui::SetCursorPosX((f.size().x - size.x) / 2);
    f.TouchButton(*vm.start, size);
  }
}

}  // namespace hall::kiosk::ui
