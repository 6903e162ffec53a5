// A PDF read back as a person checks it: its text (pdftotext -layout), its
// page count (pdfinfo), and text without spaces or line breaks (pdftotext
// joins a wrapped cell with the next column's).
#ifndef HALL_TESTS_PAPER_PDF_TOOLS_H_
#define HALL_TESTS_PAPER_PDF_TOOLS_H_

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "cli/run_command.h"

namespace hall {

inline std::string Text(const std::string& pdf) {
  const testing::CommandResult r =
      testing::RunCommand("pdftotext -layout " + testing::Quote(pdf) + " -");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

inline int Pages(const std::string& pdf) {
  const testing::CommandResult r = testing::RunCommand("pdfinfo " + testing::Quote(pdf));
  std::smatch m;
  const std::regex pages("Pages:\\s+(\\d+)");
  EXPECT_TRUE(std::regex_search(r.out, m, pages)) << r.out;
  return m.empty() ? 0 : std::stoi(m[1]);
}

inline std::string Squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\f') out += c;
  return out;
}

}  // namespace hall

#endif  // HALL_TESTS_PAPER_PDF_TOOLS_H_
