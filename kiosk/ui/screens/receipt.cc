#include "../screens.h"

namespace hall::kiosk::ui {

void DrawReceipt(const ReceiptVm& vm, Frame& f) {
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  f.Centered(vm.heading, f.fonts().heading, &f.palette().ok);
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  f.Centered(vm.tracking_label);
  ImGui::Dummy(ImVec2(0, f.mm(2)));
  f.Centered(vm.tracking_code, f.fonts().code);
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  if (vm.qr_size > 0) {
    // The QR code with its quiet zone of four modules, on white.
    const float side = f.mm(55);
    const float module = side / static_cast<float>(vm.qr_size + 8);
    const ImVec2 origin(ImGui::GetWindowPos().x + (f.size().x - side) / 2,
                        ImGui::GetCursorScreenPos().y);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side),
                        IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < vm.qr_size; ++y) {
      for (int x = 0; x < vm.qr_size; ++x) {
        if (!vm.qr[static_cast<std::size_t>(y * vm.qr_size + x)]) continue;
        const ImVec2 a(origin.x + (x + 4) * module, origin.y + (y + 4) * module);
        draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module),
                            IM_COL32(0, 0, 0, 255));
      }
    }
    ImGui::Dummy(ImVec2(0, side + f.mm(4)));
  }
  if (!vm.inclusion.empty()) {
    ImGui::SetCursorPosX(f.mm(20));
    f.Text(vm.inclusion, f.fonts().bold, nullptr, f.size().x - f.mm(40));
  }
  const ImVec2 check = f.ButtonSize(vm.check, f.mm(80));
  const ImVec2 done = f.ButtonSize(vm.done, f.mm(50));
  ImGui::SetCursorPos(ImVec2(
      (f.size().x - check.x - done.x - f.mm(10)) / 2,
      f.size().y - f.min_target() - f.mm(16)));
  f.TouchButton(vm.check, check);
  ImGui::SameLine(0, f.mm(10));
  f.TouchButton(vm.done, done);
}

}  // namespace hall::kiosk::ui
