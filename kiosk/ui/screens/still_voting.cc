#include "../screens.h"

namespace hall::kiosk::ui {

void DrawStillVoting(const StillVotingVm& vm, Frame& f) {
  // The whole screen covered (the next in line sees no choice), one question.
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(f.size());
  ImGui::PushStyleColor(ImGuiCol_WindowBg, f.palette().background);
  ImGui::Begin("still-voting-cover", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoInputs);
  ImGui::End();
  ImGui::PopStyleColor();
  const ImVec2 box(f.mm(200), f.mm(90));
  ImGui::SetNextWindowPos(ImVec2((f.size().x - box.x) / 2,
                                 (f.size().y - box.y) / 2));
  ImGui::SetNextWindowSize(box);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, f.palette().background);
  ImGui::PushStyleColor(ImGuiCol_Border, f.palette().text);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, f.mm(1));
  ImGui::Begin("still-voting", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  ImGui::Dummy(ImVec2(0, f.mm(8)));
  const float w = box.x;
  auto centered = [&](const std::string& text, ImFont* font) {
    ImGui::PushFont(font);
    const float tw = std::min(w - f.mm(10), ImGui::CalcTextSize(text.c_str()).x);
    ImGui::PopFont();
    ImGui::SetCursorPosX((w - tw) / 2);
    f.Text(text, font, nullptr, tw + 1);
  };
  centered(vm.question, f.fonts().heading);
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  centered(vm.countdown, f.fonts().body);
  ImGui::Dummy(ImVec2(0, f.mm(8)));
  const ImVec2 size = f.ButtonSize(vm.yes, f.mm(90));
  ImGui::SetCursorPosX((w - size.x) / 2);
  f.TouchButton(vm.yes, size);
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(2);
}

}  // namespace hall::kiosk::ui
