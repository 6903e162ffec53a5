#include "../screens.h"

namespace hall::kiosk::ui {

void DrawCodeEntry(const CodeEntryVm& vm, Frame& f) {
  f.Centered(vm.prompt);
  ImGui::Dummy(ImVec2(0, f.mm(4)));
  // The groups as printed on the slip, each in its own box.
  ImGui::PushFont(f.fonts().code);
  const float glyph = ImGui::CalcTextSize("W").x;
  const float line = ImGui::GetTextLineHeight();
  ImGui::PopFont();
  float total = 0;
  for (std::size_t s : vm.group_sizes) {
    total += glyph * static_cast<float>(s) + f.mm(6) + f.mm(4);
  }
  ImVec2 at(std::max(f.mm(8), (f.size().x - total) / 2),
            ImGui::GetCursorScreenPos().y);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 border = ImGui::GetColorU32(f.palette().border);
  const ImU32 ink = ImGui::GetColorU32(f.palette().text);
  for (std::size_t i = 0; i < vm.group_sizes.size(); ++i) {
    const float w = glyph * static_cast<float>(vm.group_sizes[i]) + f.mm(6);
    draw->AddRect(at, ImVec2(at.x + w, at.y + line + f.mm(4)), border, f.mm(1),
                  0, f.mm(0.5f));
    const std::string& g = i < vm.groups.size() ? vm.groups[i] : "";
    if (!g.empty()) {
      draw->AddText(f.fonts().code, f.fonts().code->FontSize,
                    ImVec2(at.x + f.mm(3), at.y + f.mm(2)), ink, g.c_str());
    }
    at.x += w + f.mm(4);
  }
  ImGui::Dummy(ImVec2(0, line + f.mm(8)));
  if (!vm.problem.empty()) {
    f.Centered(vm.problem, f.fonts().bold, &f.palette().danger);
  }
  ImGui::Dummy(ImVec2(0, f.mm(3)));
  // The keypad: the code's alphabet, eight keys a row.
  const int columns = 8;
  const float key = f.mm(19);
  const float pad_width = columns * key + (columns - 1) * f.gap();
  const float x0 = (f.size().x - pad_width) / 2;
  for (std::size_t i = 0; i < vm.keys.size(); ++i) {
    if (i % columns == 0) {
      ImGui::SetCursorPosX(x0);
    } else {
      ImGui::SameLine(0, f.gap());
    }
    f.TouchButton(vm.keys[i], ImVec2(key, key));
  }
  ImGui::Dummy(ImVec2(0, f.mm(3)));
  const ImVec2 small = f.ButtonSize(vm.backspace, f.mm(40));
  const ImVec2 clear = f.ButtonSize(vm.clear, f.mm(40));
  const ImVec2 cancel = f.ButtonSize(vm.cancel, f.mm(40));
  const ImVec2 submit = f.ButtonSize(vm.submit, f.mm(60));
  const float row = small.x + clear.x + cancel.x + submit.x + 3 * f.gap();
  ImGui::SetCursorPosX((f.size().x - row) / 2);
  f.TouchButton(vm.cancel, cancel);
  ImGui::SameLine(0, f.gap());
  f.TouchButton(vm.clear, clear);
  ImGui::SameLine(0, f.gap());
  f.TouchButton(vm.backspace, small);
  ImGui::SameLine(0, f.gap());
  f.TouchButton(vm.submit, submit);
}

}  // namespace hall::kiosk::ui
