#include "widgets.h"

#include <algorithm>

namespace hall::kiosk::ui {

Palette PaletteFor(Theme theme) {
  auto rgb = [](float r, float g, float b) { return ImVec4(r, g, b, 1.0f); };
  switch (theme) {
    case Theme::kDarkOnLight:
      return {rgb(0.96f, 0.95f, 0.92f), rgb(0.11f, 0.11f, 0.13f),
              rgb(0.35f, 0.35f, 0.38f), rgb(0.85f, 0.85f, 0.82f),
              rgb(0.11f, 0.11f, 0.13f), rgb(0.09f, 0.31f, 0.62f),
              rgb(1, 1, 1),             rgb(0.07f, 0.42f, 0.24f),
              rgb(1, 1, 1),             rgb(0.45f, 0.45f, 0.45f),
              rgb(0.70f, 0.08f, 0.08f), rgb(0.07f, 0.42f, 0.24f)};
    case Theme::kBlackOnWhite:
      return {rgb(1, 1, 1),    rgb(0, 0, 0), rgb(0.15f, 0.15f, 0.15f),
              rgb(0.90f, 0.90f, 0.90f), rgb(0, 0, 0), rgb(0, 0, 0),
              rgb(1, 1, 1),    rgb(0, 0, 0), rgb(1, 1, 1),
              rgb(0, 0, 0),    rgb(0.6f, 0, 0), rgb(0, 0.35f, 0)};
    case Theme::kWhiteOnBlack:
      return {rgb(0, 0, 0),    rgb(1, 1, 1), rgb(0.85f, 0.85f, 0.85f),
              rgb(0.18f, 0.18f, 0.18f), rgb(1, 1, 1), rgb(1, 1, 1),
              rgb(0, 0, 0),    rgb(1, 1, 1), rgb(0, 0, 0),
              rgb(1, 1, 1),    rgb(1, 0.45f, 0.45f), rgb(0.5f, 1, 0.5f)};
    case Theme::kYellowOnBlack:
      return {rgb(0, 0, 0),    rgb(1, 0.92f, 0), rgb(1, 0.85f, 0.2f),
              rgb(0.2f, 0.18f, 0), rgb(1, 0.92f, 0), rgb(1, 0.92f, 0),
              rgb(0, 0, 0),    rgb(1, 0.92f, 0), rgb(0, 0, 0),
              rgb(1, 0.92f, 0), rgb(1, 0.5f, 0.3f), rgb(0.6f, 1, 0.3f)};
  }
  return PaletteFor(Theme::kDarkOnLight);
}

Frame::Frame(const FontSet& fonts, const Palette& palette, float px_per_mm,
             ImVec2 size, std::function<void(const Intent&)> post,
             bool record_texts)
    : fonts_(fonts),
      palette_(palette),
      px_per_mm_(px_per_mm),
      size_(size),
      post_(std::move(post)),
      record_texts_(record_texts) {}

void Frame::Count(std::string_view text, ImFont* font) {
  missing_ += MissingGlyphs(font ? font : fonts_.body, text);
  if (record_texts_) texts_.emplace_back(text);
}

void Frame::Text(std::string_view text, ImFont* font, const ImVec4* color,
                 float width) {
  if (text.empty()) return;
  ImFont* f = font ? font : fonts_.body;
  Count(text, f);
  ImGui::PushFont(f);
  ImGui::PushStyleColor(ImGuiCol_Text, color ? *color : palette_.text);
  const float w = width > 0 ? width : ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

void Frame::Centered(std::string_view text, ImFont* font, const ImVec4* color) {
  if (text.empty()) return;
  ImFont* f = font ? font : fonts_.body;
  ImGui::PushFont(f);
  const float avail = ImGui::GetContentRegionAvail().x;
  const ImVec2 ts = ImGui::CalcTextSize(text.data(), text.data() + text.size(),
                                        false, avail);
  ImGui::PopFont();
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                       std::max(0.0f, (avail - ts.x) / 2));
  Text(text, f, color, std::min(avail, ts.x + 1));
}

ImVec2 Frame::ButtonSize(const Button& button, float min_width) const {
  ImGui::PushFont(button.primary ? fonts_.bold : fonts_.body);
  const ImVec2 ts = ImGui::CalcTextSize(button.label.c_str());
  ImGui::PopFont();
  return ImVec2(std::max({min_target(), min_width, ts.x + mm(8)}),
                std::max(min_target(), ts.y + mm(6)));
}

bool Frame::TouchButton(const Button& button, ImVec2 size) {
  size.x = std::max(size.x, min_target());
  size.y = std::max(size.y, min_target());
  ImFont* f = button.primary ? fonts_.bold : fonts_.body;
  Count(button.label, f);
  ImVec4 bg = palette_.button, fg = palette_.button_text;
  if (button.selected) {
    bg = palette_.selected;
    fg = palette_.selected_text;
  } else if (button.primary) {
    bg = palette_.primary;
    fg = palette_.primary_text;
  }
  ImGui::PushID(button.id.c_str());
  ImGui::PushFont(f);
  ImGui::PushStyleColor(ImGuiCol_Button, bg);
  ImVec4 hover = bg;
  hover.x = std::min(1.0f, hover.x * 0.9f + 0.05f);
  hover.y = std::min(1.0f, hover.y * 0.9f + 0.05f);
  hover.z = std::min(1.0f, hover.z * 0.9f + 0.05f);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, palette_.selected);
  ImGui::PushStyleColor(ImGuiCol_Text, fg);
  ImGui::PushStyleColor(ImGuiCol_Border, palette_.border);
  ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize,
                      button.selected ? mm(0.8f) : mm(0.3f));
  if (!button.enabled) ImGui::BeginDisabled();
  std::string label = button.label;
  if (button.selected) label = "✓ " + label;
  const bool pressed = ImGui::Button(label.c_str(), size);
  if (!button.enabled) ImGui::EndDisabled();
  buttons_.push_back(
      {button.id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(),
       button.enabled});
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(5);
  ImGui::PopFont();
  ImGui::PopID();
  if (pressed && button.enabled) post_(button.on_press);
  return pressed && button.enabled;
}

}  // namespace hall::kiosk::ui
