// A printed document as data (blocks in reading order) and the one renderer
// that lays it out on A4 pages with cairo + pango and writes it as PDF.
// The blocks are laid out twice: once to count the pages, once to draw
// them with "page x of y" in each footer. The same blocks and setup give
// the same bytes: the creation date is the setup's, never the clock's.
//
// Slips' codes are secrets: the caller wipes its Slip texts and the PDF;
// cairo's and pango's own copies are freed, not wiped.
//
// Each text run is tagged with the document's language, so pango shapes
// Vietnamese (decomposed accents too) and picks the Chinese glyph forms of
// Noto Sans CJK SC for Chinese.
#ifndef HALL_PAPER_SRC_PDF_DOCUMENT_H_
#define HALL_PAPER_SRC_PDF_DOCUMENT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/language.h"

namespace hall::paper {

enum class BlockKind {
  kTitle,       // centred, large, bold
  kSubtitle,    // centred
  kBanner,      // boxed, bold: a rehearsal or a warning
  kHeading,     // a section's name
  kSubheading,  // a part of a section, smaller, without the rule
  kText,        // a wrapped paragraph
  kFields,      // label: value rows
  kTable,       // rows of cells; the first row is the header
  kSignatures,  // signature boxes, one per role, kept on one page
  kGap,         // vertical space
  kSlips,       // cut-out slips, 2 x 4 to an A4 page, from a fresh page
};

// One cut-out slip: a few lines on top, the code in groups beside its QR
// code, a few lines below, and a badge (a voter class) in the corner.
struct Slip {
  std::vector<std::string> head;        // the first is bold
  std::string badge;                    // may be empty
  // A QR code: qr_width x qr_width modules, row by row, nonzero = dark;
  // drawn with the standard four-module quiet zone.
  int qr_width = 0;
  std::vector<std::uint8_t> qr_modules;
  std::vector<std::string> code_lines;  // drawn large, monospace
  std::vector<std::string> foot;
};

struct Block {
  BlockKind kind = BlockKind::kText;
  std::string text;
  std::vector<std::pair<std::string, std::string>> fields;
  double label_share = 0.40;  // kFields: the labels' share of the width
  bool small = false;         // kFields: values in a smaller size (digests)
  // kTable: each column's share of the width (sums to 1) and which
  // columns are right-aligned numbers.
  std::vector<double> widths;
  std::vector<bool> numeric;
  std::vector<std::vector<std::string>> rows;
  double row_height = 0;  // kTable: body rows at least this tall (points)
  // kSignatures: the roles, and the line under each ("signature and name").
  std::vector<std::string> roles;
  std::string hint;
  std::vector<Slip> slips;  // kSlips
};

struct DocumentSetup {
  rules::Language language = rules::Language::kVi;
  std::string title;       // the PDF's metadata title
  std::string created_at;  // "YYYY-MM-DDThh:mm:ssZ": the PDF's dates
  // The footer line of page `page` (1-based) of `pages`.
  std::function<std::string(int page, int pages)> footer;
};

// The PDF's bytes; kFailedPrecondition when the Noto fonts are missing
// (the message says which package to install), kInternal when cairo fails.
Result<std::string> RenderPdf(const std::vector<Block>& blocks,
                              const DocumentSetup& setup);

}  // namespace hall::paper

#endif  // HALL_PAPER_SRC_PDF_DOCUMENT_H_
