// A small CSV reader for the committee's imports (roll, candidates), as the
// committee has the file: UTF-8 with or without a byte order mark, fields
// separated by commas or by semicolons (what a spreadsheet saves where the
// comma is the decimal mark; the header line says which), optionally in
// double quotes ("" inside quotes is a quote), and a header line naming the
// columns in hall's names or in Vietnamese or Chinese ("Họ và tên", "姓名"),
// in any order. Errors name the line and what to do.
#ifndef HALL_SERVER_CSV_H_
#define HALL_SERVER_CSV_H_

#include <string>
#include <vector>

#include "hall/base/status.h"

namespace hall::server {

struct CsvRow {
  int line = 0;  // 1-based line number in the file
  std::vector<std::string> fields;  // in the order of ParseCsv's `columns`
};

// Parses `text`. The header must name each of `columns` once (hall's name
// or one of its Vietnamese or Chinese names, case-insensitive, spaces
// trimmed) and nothing else. Blank lines are skipped; each row must have a
// field for every column, none empty. `origin` names the file in messages.
Result<std::vector<CsvRow>> ParseCsv(const std::string& text,
                                     const std::vector<std::string>& columns,
                                     const std::string& origin);

}  // namespace hall::server

#endif  // HALL_SERVER_CSV_H_
