#include "pdf_document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "hall/crypto/secret.h"
#include "hall/shared/printable_text.h"

namespace hall::paper {
namespace {

// A4 in points, and the margins.
constexpr double kPageWidth = 595.276;
constexpr double kPageHeight = 841.890;
constexpr double kLeft = 56;
constexpr double kRight = 56;
constexpr double kTop = 50;
constexpr double kBottom = 70;  // the footer sits below
constexpr double kContentWidth = kPageWidth - kLeft - kRight;
constexpr double kCellPad = 3;
constexpr double kUsableHeight = kPageHeight - kTop - kBottom;
// Longer texts are refused: pango's wrapping of unbroken text grows with
// the square of its length, and no name, reason or digest is this long.
constexpr std::size_t kMaxTextBytes = 4000;
constexpr int kMaxPages = 3000;  // 20,000 slips at eight a page

struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectFree {
  void operator()(void* o) const { g_object_unref(o); }
};
struct FontFree {
  void operator()(PangoFontDescription* f) const {
    pango_font_description_free(f);
  }
};
struct AttrsFree {
  void operator()(PangoAttrList* a) const { pango_attr_list_unref(a); }
};
struct GFree {
  void operator()(char* p) const { g_free(p); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceFree>;
using CairoPtr = std::unique_ptr<cairo_t, CairoFree>;
using LayoutPtr = std::unique_ptr<PangoLayout, GObjectFree>;
using FontPtr = std::unique_ptr<PangoFontDescription, FontFree>;
using AttrsPtr = std::unique_ptr<PangoAttrList, AttrsFree>;

const char* PangoLanguageOf(rules::Language l) {
  switch (l) {
    case rules::Language::kVi: return "vi";
    case rules::Language::kZh: return "zh-cn";
    case rules::Language::kEn: return "en";
  }
  return "en";
}

// Latin first for Vietnamese and English (Noto Sans has every Vietnamese
// letter); the CJK face first for Chinese, so Latin digits and names in a
// Chinese document take its forms too.
const char* FamiliesOf(rules::Language l) {
  return l == rules::Language::kZh ? "Noto Sans CJK SC, Noto Sans"
                                   : "Noto Sans, Noto Sans CJK SC";
}

Status CheckFonts(rules::Language language) {
  PangoFontMap* map = pango_cairo_font_map_get_default();
  PangoFontFamily** families = nullptr;
  int n = 0;
  pango_font_map_list_families(map, &families, &n);
  bool latin = false, cjk = false;
  for (int i = 0; i < n; ++i) {
    const std::string name = pango_font_family_get_name(families[i]);
    latin = latin || name == "Noto Sans";
    cjk = cjk || name == "Noto Sans CJK SC";
  }
  g_free(families);
  if (!latin)
    return Status::FailedPrecondition(
        "the font Noto Sans is not installed: install the Debian package "
        "fonts-noto-core (packaging/install-deps.sh does)");
  if (!cjk && language == rules::Language::kZh)
    return Status::FailedPrecondition(
        "the font Noto Sans CJK SC is not installed: install the Debian "
        "package fonts-noto-cjk (packaging/install-deps.sh does)");
  return Status::Ok();
}

// The start of `text` for a message, cut at a character's boundary.
std::string Excerpt(const std::string& text) {
  std::size_t n = std::min<std::size_t>(text.size(), 60);
  while (n > 0 && n < text.size() &&
         (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  return text.substr(0, n);
}

class Painter {
 public:
  Painter(cairo_t* cr, const DocumentSetup& setup, int pages)
      : cr_(cr), setup_(setup), pages_(pages) {}

  int page() const { return page_; }
  const Status& status() const { return status_; }

  void Draw(const Block& b) {
    switch (b.kind) {
      case BlockKind::kTitle: Centred(b.text, 15, true); break;
      case BlockKind::kSubtitle: Centred(b.text, 10.5, false); break;
      case BlockKind::kBanner: Banner(b.text); break;
      case BlockKind::kHeading: Heading(b.text); break;
      case BlockKind::kSubheading: Subheading(b.text); break;
      case BlockKind::kText: Paragraph(b.text); break;
      case BlockKind::kFields: Fields(b); break;
      case BlockKind::kTable: Table(b); break;
      case BlockKind::kSignatures: Signatures(b); break;
      case BlockKind::kGap: y_ += 8; break;
      case BlockKind::kSlips: Slips(b); break;
    }
  }

  void Finish() {
    Footer();
    cairo_show_page(cr_);
  }

 private:
  LayoutPtr Make(const std::string& text, double size, bool bold,
                 double width, PangoAlignment align,
                 const char* families = nullptr) {
    LayoutPtr layout(pango_cairo_create_layout(cr_));
    FontPtr font(pango_font_description_from_string(
        families != nullptr ? families : FamiliesOf(setup_.language)));
    pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
    pango_font_description_set_weight(
        font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font.get());
    AttrsPtr attrs(pango_attr_list_new());
    pango_attr_list_insert(attrs.get(),
                           pango_attr_language_new(pango_language_from_string(
                               PangoLanguageOf(setup_.language))));
    pango_layout_set_attributes(layout.get(), attrs.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    const std::string_view shown =
        std::string_view(text).substr(0, std::min(text.size(), kMaxTextBytes));
    if (Status s = CheckText(text); !s.ok()) Fail(std::move(s));
    std::unique_ptr<char, GFree> valid(
        g_utf8_make_valid(shown.data(), static_cast<gssize>(shown.size())));
    pango_layout_set_text(layout.get(), valid.get(), -1);
    if (pango_layout_get_unknown_glyphs_count(layout.get()) > 0 && status_.ok())
      status_ = Status::FailedPrecondition(
          "no installed font draws every character of \"" +
          std::string(shown.substr(0, 200)) +
          "\": install the Debian packages fonts-noto-core and fonts-noto-cjk");
    return layout;
  }

  static double Height(PangoLayout* l) {
    int w = 0, h = 0;
    pango_layout_get_size(l, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void Show(PangoLayout* l, double x, double y) {
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, l);
  }

  // A text the document refuses to print, and why.
  static Status CheckText(const std::string& text) {
    if (text.size() > kMaxTextBytes)
      return Status::InvalidArgument(
          "a text of " + std::to_string(text.size()) +
          " bytes is longer than a printed document holds (at most " +
          std::to_string(kMaxTextBytes) + "): \"" + Excerpt(text) +
          "...\"");
    for (unsigned char ch : text) {
      if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
        return Status::InvalidArgument(
            "the text \"" + Excerpt(text) +
            "\" holds a control character (code " + std::to_string(ch) +
            "), which cannot be printed; correct it where it was entered");
    }
    if (!g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr))
      return Status::InvalidArgument(
          "the text \"" + Excerpt(text) +
          "\" is not valid UTF-8; correct it where it was entered");
    // Accents stacked past three draw over the lines below (a QR code).
    std::string flat = text;
    for (char& c : flat)
      if (c == '\n' || c == '\t') c = ' ';
    return flat.empty() ? Status::Ok()
                        : shared::CheckPrintableText(flat, "the text", kMaxTextBytes);
  }

  void Fail(Status s) {
    if (status_.ok()) status_ = std::move(s);
  }

  // Starts a new page when `height` does not fit on this one; a block
  // taller than a whole page is refused (it would run off the paper).
  void Ensure(double height) {
    if (height > kUsableHeight)
      Fail(Status::InvalidArgument(
          "one row of the document is taller than a page; shorten its text"));
    if (y_ + height <= kPageHeight - kBottom || y_ == kTop) return;
    NewPage();
  }

  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kTop;
    if (page_ > kMaxPages)
      Fail(Status::InvalidArgument("the document would be longer than " +
                                   std::to_string(kMaxPages) + " pages"));
  }

  void Footer() {
    if (!setup_.footer) return;
    LayoutPtr l = Make(setup_.footer(page_, pages_), 7.5, false, kContentWidth,
                       PANGO_ALIGN_CENTER);
    cairo_set_source_rgb(cr_, 0.3, 0.3, 0.3);
    Show(l.get(), kLeft, kPageHeight - kBottom + 28);
    cairo_set_source_rgb(cr_, 0, 0, 0);
  }

  void Centred(const std::string& text, double size, bool bold) {
    LayoutPtr l = Make(text, size, bold, kContentWidth, PANGO_ALIGN_CENTER);
    const double h = Height(l.get());
    Ensure(h);
    Show(l.get(), kLeft, y_);
    y_ += h + 3;
  }

  void Banner(const std::string& text) {
    LayoutPtr l = Make(text, 11, true, kContentWidth - 12, PANGO_ALIGN_CENTER);
    const double h = Height(l.get()) + 10;
    Ensure(h + 6);
    cairo_set_line_width(cr_, 1.5);
    cairo_rectangle(cr_, kLeft, y_, kContentWidth, h);
    cairo_stroke(cr_);
    Show(l.get(), kLeft + 6, y_ + 5);
    y_ += h + 6;
  }

  void Heading(const std::string& text) {
    LayoutPtr l = Make(text, 11.5, true, kContentWidth, PANGO_ALIGN_LEFT);
    const double h = Height(l.get());
    Ensure(h + 40);  // never a heading alone at the foot of a page
    y_ += 6;
    Show(l.get(), kLeft, y_);
    y_ += h + 1;
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, kLeft, y_);
    cairo_line_to(cr_, kLeft + kContentWidth, y_);
    cairo_stroke(cr_);
    y_ += 4;
  }

  void Subheading(const std::string& text) {
    LayoutPtr l = Make(text, 10, true, kContentWidth, PANGO_ALIGN_LEFT);
    const double h = Height(l.get());
    Ensure(h + 30);
    y_ += 3;
    Show(l.get(), kLeft, y_);
    y_ += h + 2;
  }

  void Paragraph(const std::string& text) {
    LayoutPtr l = Make(text, 10, false, kContentWidth, PANGO_ALIGN_LEFT);
    const double h = Height(l.get());
    Ensure(h);
    Show(l.get(), kLeft, y_);
    y_ += h + 4;
  }

  void Fields(const Block& b) {
    const double label_w = kContentWidth * b.label_share;
    for (const auto& [label, value] : b.fields) {
      LayoutPtr l = Make(label, 9.5, false, label_w - 6, PANGO_ALIGN_LEFT);
      LayoutPtr v = Make(value, b.small ? 8 : 9.5, true,
                         kContentWidth - label_w, PANGO_ALIGN_LEFT);
      const double h = std::max(Height(l.get()), Height(v.get()));
      Ensure(h);
      Show(l.get(), kLeft, y_);
      Show(v.get(), kLeft + label_w, y_);
      y_ += h + 2;
    }
    y_ += 2;
  }

  void TableRow(const Block& b, const std::vector<std::string>& row,
                bool header) {
    std::vector<LayoutPtr> cells;
    double h = 0;
    for (std::size_t c = 0; c < b.widths.size(); ++c) {
      const bool numeric = c < b.numeric.size() && b.numeric[c] && !header;
      cells.push_back(Make(c < row.size() ? row[c] : "", 9.5, header,
                           b.widths[c] * kContentWidth - 2 * kCellPad,
                           numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
      h = std::max(h, Height(cells.back().get()));
    }
    h += 2 * kCellPad;
    if (!header) h = std::max(h, b.row_height);
    if (h > kUsableHeight / 2)
      Fail(Status::InvalidArgument(
          "one row of a table is taller than half a page; shorten its text"));
    if (y_ + h > kPageHeight - kBottom && y_ != kTop) {
      NewPage();
      if (!header) TableRow(b, b.rows.front(), true);
    }
    double x = kLeft;
    cairo_set_line_width(cr_, 0.5);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const double w = b.widths[c] * kContentWidth;
      if (header) {
        cairo_set_source_rgb(cr_, 0.9, 0.9, 0.9);
        cairo_rectangle(cr_, x, y_, w, h);
        cairo_fill(cr_);
        cairo_set_source_rgb(cr_, 0, 0, 0);
      }
      cairo_rectangle(cr_, x, y_, w, h);
      cairo_stroke(cr_);
      Show(cells[c].get(), x + kCellPad, y_ + kCellPad);
      x += w;
    }
    y_ += h;
  }

  void Table(const Block& b) {
    if (b.rows.empty()) return;
    for (std::size_t r = 0; r < b.rows.size() && status_.ok(); ++r)
      TableRow(b, b.rows[r], r == 0);
    y_ += 6;
  }

  // Slips 95 x 67 mm, two across and four down, cut lines dashed.
  void Slips(const Block& b) {
    constexpr double kMm = 72.0 / 25.4;
    constexpr double kW = 95 * kMm, kH = 67 * kMm, kPad = 4 * kMm;
    constexpr double kQr = 30 * kMm;
    constexpr double kGridTop = 9 * kMm;
    const double grid_left = (kPageWidth - 2 * kW) / 2;
    if (y_ != kTop) NewPage();
    for (std::size_t i = 0; i < b.slips.size(); ++i) {
      const std::size_t slot = i % 8;
      if (slot == 0 && i > 0) NewPage();
      if (!status_.ok()) return;
      const Slip& s = b.slips[i];
      const double x = grid_left + kW * static_cast<double>(slot % 2);
      const double y = kGridTop + kH * static_cast<double>(slot / 2);
      // Nothing of one slip draws on another, whatever its text.
      cairo_save(cr_);
      cairo_rectangle(cr_, x, y, kW, kH);
      cairo_clip(cr_);
      const double inner = kW - 2 * kPad;
      cairo_save(cr_);
      cairo_set_line_width(cr_, 0.5);
      const double dash[] = {4, 3};
      cairo_set_dash(cr_, dash, 2, 0);
      cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
      cairo_rectangle(cr_, x, y, kW, kH);
      cairo_stroke(cr_);
      cairo_restore(cr_);
      double top = y + kPad;
      double badge_w = 0;
      double badge_bottom = top;
      if (!s.badge.empty()) {
        LayoutPtr l = Make(s.badge, 9, true, 30 * kMm, PANGO_ALIGN_CENTER);
        badge_w = 30 * kMm;
        const double h = Height(l.get()) + 4;
        cairo_set_line_width(cr_, 1);
        cairo_rectangle(cr_, x + kW - kPad - badge_w, top, badge_w, h);
        cairo_stroke(cr_);
        Show(l.get(), x + kW - kPad - badge_w, top + 2);
        badge_bottom = top + h;
      }
      for (std::size_t l = 0; l < s.head.size(); ++l) {
        // Beside the badge the line is narrower; below it, full width.
        const double width =
            top < badge_bottom ? inner - badge_w - 4 : inner;
        LayoutPtr t = Make(s.head[l], l == 0 ? 10 : 8, l == 0, width,
                           PANGO_ALIGN_LEFT);
        pango_layout_set_height(t.get(), -2);  // at most two lines
        pango_layout_set_ellipsize(t.get(), PANGO_ELLIPSIZE_END);
        Show(t.get(), x + kPad, top);
        top += Height(t.get()) + 1;
      }
      top += 1.5 * kMm;
      // The foot first, from the bottom up: the code and its QR fit in what
      // is left between the head and the foot, never over either.
      double foot_top = y + kH - kPad;
      for (auto it = s.foot.rbegin(); it != s.foot.rend(); ++it) {
        LayoutPtr f = Make(*it, 6.8, false, inner, PANGO_ALIGN_LEFT);
        pango_layout_set_height(f.get(), -2);
        pango_layout_set_ellipsize(f.get(), PANGO_ELLIPSIZE_END);
        foot_top -= Height(f.get());
        Show(f.get(), x + kPad, foot_top);
        foot_top -= 1;
      }
      const double room = foot_top - 1.5 * kMm - top;
      const double qr = std::clamp(room, 18 * kMm, kQr);
      DrawQr(s, x + kPad, top, qr);
      std::string code;
      for (const std::string& line : s.code_lines)
        code += (code.empty() ? "" : "\n") + line;
      LayoutPtr c;
      for (double size = 15; size >= 9; size -= 0.5) {
        c = Make(code, size, true, inner - qr - 4 * kMm, PANGO_ALIGN_LEFT,
                 "Noto Sans Mono CJK SC, Noto Sans");
        pango_layout_set_spacing(c.get(), static_cast<int>(size / 5 * PANGO_SCALE));
        if (Height(c.get()) <= room) break;
      }
      crypto::Wipe(code.data(), code.size());
      Show(c.get(), x + kPad + qr + 4 * kMm,
           top + std::max(0.0, (qr - Height(c.get())) / 2));
      cairo_restore(cr_);
    }
    y_ = kPageHeight;  // whatever follows starts a new page
  }

  // The slip's QR code, `size` wide with the quiet zone inside it.
  void DrawQr(const Slip& s, double x, double y, double size) {
    const int w = s.qr_width;
    if (w <= 0 || s.qr_modules.size() != static_cast<std::size_t>(w) * w) {
      Fail(Status::Internal("a slip's QR code has no modules to draw"));
      return;
    }
    const double module = size / (w + 8);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    for (int row = 0; row < w; ++row)
      for (int col = 0; col < w; ++col)
        if (s.qr_modules[static_cast<std::size_t>(row * w + col)] != 0)
          cairo_rectangle(cr_, x + (col + 4) * module, y + (row + 4) * module,
                          module, module);
    cairo_fill(cr_);
  }

  void Signatures(const Block& b) {
    constexpr int kPerRow = 3;
    constexpr double kSignSpace = 62;
    const double w = kContentWidth / kPerRow;
    std::vector<LayoutPtr> roles, hints;
    double role_h = 0, hint_h = 0;
    for (const auto& r : b.roles) {
      roles.push_back(Make(r, 10, true, w - 8, PANGO_ALIGN_CENTER));
      hints.push_back(Make(b.hint, 8, false, w - 8, PANGO_ALIGN_CENTER));
      role_h = std::max(role_h, Height(roles.back().get()));
      hint_h = std::max(hint_h, Height(hints.back().get()));
    }
    const double row_h = role_h + hint_h + kSignSpace + 10;
    const std::size_t rows = (b.roles.size() + kPerRow - 1) / kPerRow;
    Ensure(row_h * static_cast<double>(rows));
    for (std::size_t i = 0; i < roles.size(); ++i) {
      const std::size_t in_row = std::min<std::size_t>(
          kPerRow, roles.size() - (i / kPerRow) * kPerRow);
      const double row_left =
          kLeft + (kContentWidth - w * static_cast<double>(in_row)) / 2;
      const double x = row_left + w * static_cast<double>(i % kPerRow);
      const double y = y_ + row_h * static_cast<double>(i / kPerRow);
      Show(roles[i].get(), x + 4, y);
      Show(hints[i].get(), x + 4, y + role_h + 1);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, x + 14, y + role_h + hint_h + kSignSpace);
      cairo_line_to(cr_, x + w - 14, y + role_h + hint_h + kSignSpace);
      cairo_stroke(cr_);
    }
    y_ += row_h * static_cast<double>(rows);
  }

  cairo_t* cr_;
  const DocumentSetup& setup_;
  int pages_;
  int page_ = 1;
  double y_ = kTop;
  Status status_;
};

cairo_status_t Append(void* closure, const unsigned char* data,
                      unsigned int length) {
  if (closure != nullptr)
    static_cast<std::string*>(closure)->append(
        reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Lays the blocks out into `out` (nullptr: only counts the pages).
Result<int> Lay(const std::vector<Block>& blocks, const DocumentSetup& setup,
                int pages, std::string* out) {
  SurfacePtr surface(cairo_pdf_surface_create_for_stream(
      Append, out, kPageWidth, kPageHeight));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE,
                                 setup.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR,
                                 "hall");
  if (!setup.created_at.empty()) {
    cairo_pdf_surface_set_metadata(surface.get(),
                                   CAIRO_PDF_METADATA_CREATE_DATE,
                                   setup.created_at.c_str());
    cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE,
                                   setup.created_at.c_str());
  }
  int laid = 0;
  {
    CairoPtr cr(cairo_create(surface.get()));
    Painter painter(cr.get(), setup, pages);
    for (const Block& b : blocks) {
      painter.Draw(b);
      if (!painter.status().ok()) return painter.status();
    }
    painter.Finish();
    if (!painter.status().ok()) return painter.status();
    laid = painter.page();
    if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
      return Status::Internal(std::string("drawing the document failed: ") +
                              cairo_status_to_string(cairo_status(cr.get())));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Status::Internal(
        std::string("writing the PDF failed: ") +
        cairo_status_to_string(cairo_surface_status(surface.get())));
  return laid;
}

}  // namespace

Result<std::string> RenderPdf(const std::vector<Block>& blocks,
                              const DocumentSetup& setup) {
  if (Status s = CheckFonts(setup.language); !s.ok()) return s;
  Result<int> pages = Lay(blocks, setup, 0, nullptr);
  if (!pages.ok()) return pages.status();
  std::string pdf;
  Result<int> drawn = Lay(blocks, setup, *pages, &pdf);
  if (!drawn.ok()) return drawn.status();
  HALL_CHECK(*drawn == *pages);
  return pdf;
}

}  // namespace hall::paper
