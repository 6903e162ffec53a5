#include "../screens.h"

namespace hall::kiosk::ui {

void DrawChallenge(const ChallengeVm& vm, Frame& f, UiState& ui) {
  const float x0 = f.mm(8);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.heading, f.fonts().heading);
  ImGui::SetCursorPosX(x0);
  const ImVec4& color = vm.busy       ? f.palette().muted
                        : vm.verified ? f.palette().ok
                                      : f.palette().danger;
  f.Text(vm.verdict, f.fonts().bold, &color);
  ImGui::Dummy(ImVec2(0, f.mm(2)));
  const float height = f.size().y - ImGui::GetCursorPosY() - f.mm(70);
  DrawChoiceRows(vm.rows, f, ui.review_page, height, nullptr, "challenge-");
  ImGui::Dummy(ImVec2(0, f.mm(2)));
  ImGui::SetCursorPosX(x0);
  f.Text(vm.explanation, nullptr, nullptr, f.size().x - 2 * x0);
  ImGui::SetCursorPosX(x0);
  f.Text(vm.digest, f.fonts().bold, &f.palette().muted, f.size().x - 2 * x0);
  const ImVec2 again = f.ButtonSize(vm.back_to_marking, f.mm(80));
  ImGui::SetCursorPos(ImVec2(f.size().x - x0 - again.x,
                             f.size().y - f.min_target() - f.mm(16)));
  f.TouchButton(vm.back_to_marking, again);
}

}  // namespace hall::kiosk::ui
