#include "fonts.h"

#include <imgui.h>
#include <imgui_freetype.h>

#include <fstream>
#include <iterator>

namespace hall::kiosk::ui {
namespace {

Result<std::vector<char>> ReadAll(const std::string& path,
                                  const char* package) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::NotFound("the font " + path +
                            " is missing: install the Debian package " +
                            package + " (packaging/install-deps.sh)");
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  if (bytes.size() < 1024) {
    return Status::Corruption("the font " + path + " is damaged: reinstall " +
                              package);
  }
  return bytes;
}

// The next code point of UTF-8 `s` at `i` (advancing i); U+FFFD if broken.
unsigned NextCodepoint(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i++]);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  unsigned cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size()) return 0xFFFD;
    const auto d = static_cast<unsigned char>(s[i]);
    if ((d & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (d & 0x3F);
    ++i;
  }
  return cp;
}

}  // namespace

Result<Fonts> Fonts::Load(const FontFiles& files) {
  Fonts f;
  auto latin = ReadAll(files.latin, "fonts-noto-core");
  if (!latin.ok()) return latin.status();
  auto latin_bold = ReadAll(files.latin_bold, "fonts-noto-core");
  if (!latin_bold.ok()) return latin_bold.status();
  auto cjk = ReadAll(files.cjk, "fonts-noto-cjk");
  if (!cjk.ok()) return cjk.status();
  auto cjk_bold = ReadAll(files.cjk_bold, "fonts-noto-cjk");
  if (!cjk_bold.ok()) return cjk_bold.status();
  f.latin_ = {std::move(latin).value(), 0};
  f.latin_bold_ = {std::move(latin_bold).value(), 0};
  f.cjk_ = {std::move(cjk).value(), files.cjk_face};
  f.cjk_bold_ = {std::move(cjk_bold).value(), files.cjk_face};
  return f;
}

Status Fonts::Build(const std::vector<std::string>& texts, float body_px) {
  ImGuiIO& io = ImGui::GetIO();
  ImFontAtlas* atlas = io.Fonts;
  atlas->Clear();
  atlas->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(atlas->GetGlyphRangesDefault());  // Basic Latin + Latin-1
  for (const std::string& t : texts) builder.AddText(t.c_str());
  // Typographic punctuation and the symbols the screens draw.
  builder.AddText("–—‘’“”…·•✓✗←→");
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);

  auto add = [&](FileData& latin, FileData& cjk, float px) -> ImFont* {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    ImFont* font = atlas->AddFontFromMemoryTTF(
        latin.bytes.data(), static_cast<int>(latin.bytes.size()), px, &cfg,
        ranges.Data);
    ImFontConfig merge;
    merge.FontDataOwnedByAtlas = false;
    merge.MergeMode = true;
    merge.FontNo = static_cast<unsigned>(cjk.face);
    merge.OversampleH = 1;
    merge.OversampleV = 1;
    atlas->AddFontFromMemoryTTF(cjk.bytes.data(),
                                static_cast<int>(cjk.bytes.size()), px, &merge,
                                ranges.Data);
    return font;
  };
  set_.body = add(latin_, cjk_, body_px);
  set_.bold = add(latin_bold_, cjk_bold_, body_px);
  set_.heading = add(latin_bold_, cjk_bold_, body_px * 1.45f);
  set_.code = add(latin_bold_, cjk_bold_, body_px * 1.8f);
  set_.body_px = body_px;
  if (!atlas->Build()) {
    return Status::Internal("cannot build the font atlas");
  }
  return Status::Ok();
}

std::size_t MissingGlyphs(const ImFont* font, std::string_view text) {
  if (!font) return 0;
  std::size_t missing = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned cp = NextCodepoint(text, i);
    if (cp == '\n' || cp == '\r' || cp == '\t') continue;
    if (cp > 0xFFFF ||
        const_cast<ImFont*>(font)->FindGlyphNoFallback(
            static_cast<ImWchar>(cp)) == nullptr) {
      ++missing;
    }
  }
  return missing;
}

}  // namespace hall::kiosk::ui
