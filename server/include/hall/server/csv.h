// A small CSV reader for the committee's imports (roll, candidates): UTF-8,
// comma-separated, fields optionally in double quotes ("" inside quotes is a
// quote), a header line naming the columns. Errors name the line.
#ifndef HALL_SERVER_CSV_H_
#define HALL_SERVER_CSV_H_

#include <string>
#include <vector>

#include "hall/base/status.h"

namespace hall::server {

struct CsvRow {
  int line = 0;  // 1-based line number in the file
  std::vector<std::string> fields;
};

// Parses `text`; the header must be exactly `columns` (case-insensitive,
// spaces trimmed). Blank lines are skipped; each row must have exactly as
// many fields as columns. `origin` names the file in messages.
Result<std::vector<CsvRow>> ParseCsv(const std::string& text,
                                     const std::vector<std::string>& columns,
                                     const std::string& origin);

}  // namespace hall::server

#endif  // HALL_SERVER_CSV_H_
