// The kiosk's fonts: Noto Sans (Latin with Vietnamese) with Noto Sans CJK SC
// merged in, in one atlas holding exactly the glyphs of the texts the
// kiosk may show (its catalog, the procedures, the ballot's names), built
// again when a template brings new names. Font files come from Debian's
// fonts-noto-core and fonts-noto-cjk and are read once.
#ifndef HALL_KIOSK_UI_FONTS_H_
#define HALL_KIOSK_UI_FONTS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"

struct ImFont;

namespace hall::kiosk::ui {

struct FontFiles {
  std::string latin = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
  std::string latin_bold = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
  std::string cjk = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
  std::string cjk_bold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";
  int cjk_face = 2;  // Noto Sans CJK SC in the collection
};

struct FontSet {
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* heading = nullptr;
  ImFont* code = nullptr;  // the ballot code and tracking code
  float body_px = 0;
};

class Fonts {
 public:
  // Reads the font files; fails naming the file and the package to install.
  static Result<Fonts> Load(const FontFiles& files = {});

  // Builds the atlas (into ImGui's current context) for `texts` at `body_px`.
  Status Build(const std::vector<std::string>& texts, float body_px);
  const FontSet& set() const { return set_; }

 private:
  struct FileData {
    std::vector<char> bytes;
    int face = 0;
  };
  FileData latin_, latin_bold_, cjk_, cjk_bold_;
  FontSet set_;
};

// How many characters of `text` `font` has no glyph for (what would be
// drawn as a box); 0 for a null font.
std::size_t MissingGlyphs(const ImFont* font, std::string_view text);

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_FONTS_H_
