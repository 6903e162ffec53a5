#include "../screens.h"

namespace hall::kiosk::ui {

void DrawCasting(const CastingVm& vm, Frame& f) {
  ImGui::Dummy(ImVec2(0, f.size().y * 0.2f));
  f.Centered(vm.text, f.fonts().heading);
  ImGui::Dummy(ImVec2(0, f.mm(6)));
  f.Centered(vm.detail, nullptr, &f.palette().muted);
}

}  // namespace hall::kiosk::ui
