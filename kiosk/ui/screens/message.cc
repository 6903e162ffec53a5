#include "../screens.h"

namespace hall::kiosk::ui {

void DrawMessage(const MessageVm& vm, Frame& f) {
  ImGui::Dummy(ImVec2(0, f.size().y * 0.08f));
  const ImVec4& title = vm.kind == MessageKind::kUncertain
                            ? f.palette().text
                            : f.palette().danger;
  f.Centered(vm.title, f.fonts().heading, &title);
  ImGui::Dummy(ImVec2(0, f.mm(8)));
  const float margin = f.size().x * 0.15f;
  ImGui::SetCursorPosX(margin);
  f.Text(vm.body, nullptr, nullptr, f.size().x - 2 * margin);
  ImGui::Dummy(ImVec2(0, f.mm(6)));
  ImGui::SetCursorPosX(margin);
  f.Text(vm.what_to_do, f.fonts().bold, nullptr, f.size().x - 2 * margin);
  ImGui::Dummy(ImVec2(0, f.mm(12)));
  float width = 0;
  ImVec2 retry, dismiss;
  if (vm.retry) width += (retry = f.ButtonSize(*vm.retry, f.mm(60))).x + f.mm(10);
  if (vm.dismiss) width += (dismiss = f.ButtonSize(*vm.dismiss, f.mm(60))).x;
  ImGui::SetCursorPosX((f.size().x - width) / 2);
  if (vm.retry) {
    f.TouchButton(*vm.retry, retry);
    ImGui::SameLine(0, f.mm(10));
  }
  if (vm.dismiss) f.TouchButton(*vm.dismiss, dismiss);
}

}  // namespace hall::kiosk::ui
