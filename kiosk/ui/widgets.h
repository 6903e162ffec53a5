// The kiosk's touch widgets and the per-frame drawing context the screens
// get: colours of the delegate's theme, fonts, the size of a millimetre, and
// where intents go. Every button is at least 15 mm in both directions and
// 3 mm from the next; every text drawn is checked for glyphs the atlas lacks.
#ifndef HALL_KIOSK_UI_WIDGETS_H_
#define HALL_KIOSK_UI_WIDGETS_H_

#include <imgui.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fonts.h"
#include "hall/kiosk/intent.h"
#include "hall/kiosk/view_model.h"

namespace hall::kiosk::ui {

struct Palette {
  ImVec4 background, text, muted, button, button_text, selected,
      selected_text, primary, primary_text, border, danger, ok;
};
Palette PaletteFor(Theme theme);

// A button as drawn, for the trace the UI tests click by.
struct DrawnButton {
  std::string id;
  ImVec2 min, max;
  bool enabled = true;
};

// Screen-only state that is not the core's (which page of a long review is
// shown); never anything secret.
struct UiState {
  int review_page = 0;
  Screen last_screen = Screen::kConnecting;
};

class Frame {
 public:
  Frame(const FontSet& fonts, const Palette& palette, float px_per_mm,
        ImVec2 size, std::function<void(const Intent&)> post,
        bool record_texts);

  float mm(float n) const { return n * px_per_mm_; }
  ImVec2 size() const { return size_; }
  const Palette& palette() const { return palette_; }
  const FontSet& fonts() const { return fonts_; }
  float min_target() const { return mm(15.0f); }
  float gap() const { return mm(3.0f); }

  // Wrapped text in `font` (body when null) at the cursor, `width` wide
  // (the rest of the line when 0).
  void Text(std::string_view text, ImFont* font = nullptr,
            const ImVec4* color = nullptr, float width = 0.0f);
  // Centered on the line.
  void Centered(std::string_view text, ImFont* font = nullptr,
                const ImVec4* color = nullptr);
  // A touch target; posts its intent when pressed. `size` is raised to the
  // minimum target.
  bool TouchButton(const Button& button, ImVec2 size);
  // The size a button needs for its label.
  ImVec2 ButtonSize(const Button& button, float min_width = 0.0f) const;

  void Post(const Intent& intent) { post_(intent); }

  std::size_t missing_glyphs() const { return missing_; }
  const std::vector<DrawnButton>& buttons() const { return buttons_; }
  const std::vector<std::string>& texts() const { return texts_; }

 private:
  void Count(std::string_view text, ImFont* font);
  const FontSet& fonts_;
  const Palette& palette_;
  float px_per_mm_;
  ImVec2 size_;
  std::function<void(const Intent&)> post_;
  bool record_texts_;
  std::size_t missing_ = 0;
  std::vector<DrawnButton> buttons_;
  std::vector<std::string> texts_;
};

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_WIDGETS_H_
