#include "hall/server/csv.h"

#include <algorithm>
#include <cctype>

namespace hall::server {
namespace {

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return s;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(const std::string& text,
                                     const std::vector<std::string>& columns,
                                     const std::string& origin) {
  std::vector<CsvRow> rows;
  std::size_t i = 0;
  int line = 1;
  std::string input = text;
  if (input.rfind("\xEF\xBB\xBF", 0) == 0)
    input.erase(0, 3);  // UTF-8 byte order mark
  while (i < input.size()) {
    CsvRow row;
    row.line = line;
    std::string field;
    bool quoted = false, was_quoted = false, end_of_row = false;
    while (i < input.size() && !end_of_row) {
      const char c = input[i++];
      if (quoted) {
        if (c == '"' && i < input.size() && input[i] == '"') {
          field += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++line;
          field += c;
        }
      } else if (c == '"' && Trim(field).empty() && !was_quoted) {
        quoted = was_quoted = true;
        field.clear();
      } else if (was_quoted && (c == ' ' || c == '\t' || c == '\r')) {
        // spaces and a CR after a closing quote are not part of the field
      } else if (was_quoted && c != ',' && c != '\n') {
        return Status::InvalidArgument(
            origin + " line " + std::to_string(row.line) +
            ": text after a closing quote; put the whole field in quotes");
      } else if (c == ',') {
        row.fields.push_back(was_quoted ? field : Trim(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n') {
        end_of_row = true;
        ++line;
      } else {
        field += c;
      }
    }
    if (quoted) {
      return Status::InvalidArgument(
          origin + " line " + std::to_string(row.line) +
          ": a quoted field is not closed; add the missing \"");
    }
    row.fields.push_back(was_quoted ? field : Trim(field));
    const bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank) rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    return Status::InvalidArgument(
        origin + ": empty; the first line must be the header " + Join(columns));
  }
  std::vector<std::string> header;
  for (const auto& f : rows.front().fields) header.push_back(Lower(Trim(f)));
  if (header != columns) {
    return Status::InvalidArgument(origin + " line 1: the header must be \"" +
                                   Join(columns) + "\", found \"" +
                                   Join(rows.front().fields) + "\"");
  }
  rows.erase(rows.begin());
  for (const auto& r : rows) {
    if (r.fields.size() != columns.size()) {
      return Status::InvalidArgument(
          origin + " line " + std::to_string(r.line) + ": expected " +
          std::to_string(columns.size()) + " fields (" + Join(columns) +
          "), found " + std::to_string(r.fields.size()));
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (r.fields[c].empty()) {
        return Status::InvalidArgument(origin + " line " +
                                       std::to_string(r.line) + ": " +
                                       columns[c] + " is empty");
      }
    }
  }
  return rows;
}

}  // namespace hall::server
