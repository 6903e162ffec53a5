// A printed document as data (blocks in reading order) and the one renderer
// that lays it out on A4 pages with cairo + pango and writes it as PDF.
// The blocks are laid out twice: once to count the pages, once to draw
// them with "page x of y" in each footer. The same blocks and setup give
// the same bytes: the creation date is the setup's, never the clock's.
//
// Each text run is tagged with the document's language, so pango shapes
// Vietnamese (decomposed accents too) and picks the Chinese glyph forms of
// Noto Sans CJK SC for Chinese.
#ifndef HALL_PAPER_SRC_PDF_DOCUMENT_H_
#define HALL_PAPER_SRC_PDF_DOCUMENT_H_

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
  kText,        // a wrapped paragraph
  kFields,      // label: value rows
  kTable,       // rows of cells; the first row is the header
  kSignatures,  // signature boxes, one per role, kept on one page
  kGap,         // vertical space
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
  // kSignatures: the roles, and the line under each ("signature and name").
  std::vector<std::string> roles;
  std::string hint;
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
