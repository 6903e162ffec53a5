// Fuzz target: the committee's CSV files (server/src/csv.cc): the roll
// (person_id, name, group) and the candidates (name). The first byte picks
// the column set. Property: every row has one non-empty field per column
// and a line number inside the file.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "hall/server/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const auto [selector, in] = hall::fuzz::Select(data, size);
  static const std::vector<std::string> kRoll = {"person_id", "name", "group"};
  static const std::vector<std::string> kCandidates = {"name"};
  const auto& columns = selector % 2 == 0 ? kRoll : kCandidates;
  const std::string text(hall::fuzz::AsText(in));
  auto rows = hall::server::ParseCsv(text, columns, "fuzz.csv");
  if (!rows.ok()) return 0;
  // Lines end with "\n", "\r\n" or a lone "\r" (as old Mac and Excel
  // write them): each ends one line.
  int lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' ||
        (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
      ++lines;
  }
  for (const auto& row : *rows) {
    FUZZ_CHECK(row.fields.size() == columns.size());
    FUZZ_CHECK(row.line >= 1 && row.line <= lines);
    for (const auto& field : row.fields) FUZZ_CHECK(!field.empty());
  }
  return 0;
}
