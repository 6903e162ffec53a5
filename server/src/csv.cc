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

// The names a committee's file may give each column, lowercase.
struct ColumnNames {
  const char* column;
  std::vector<std::string> names;
};
const std::vector<ColumnNames>& KnownNames() {
  static const std::vector<ColumnNames> kNames = {
      {"person_id",
       {"person_id", "id", "mã", "mã số", "mã đại biểu", "số hiệu",
        "编号", "代表编号", "序号"}},
      {"name", {"name", "họ và tên", "họ tên", "tên", "姓名", "名字"}},
      {"group",
       {"group", "nhóm", "thành phần", "nhóm cử tri", "组别", "类别",
        "分组"}},
  };
  return kNames;
}

// True when header cell `cell` (trimmed, lowercased) names `column`.
bool Names(const std::string& cell, const std::string& column) {
  if (cell == column) return true;
  for (const auto& known : KnownNames())
    if (known.column == column)
      return std::find(known.names.begin(), known.names.end(), cell) !=
             known.names.end();
  return false;
}

// ';' when the first line has more semicolons than commas outside quotes.
char Separator(const std::string& input) {
  int commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : input) {
    if (c == '\n' && !quoted) break;
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
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
  // Line ends as Windows ("\r\n"), Unix ("\n") or old Mac and Excel ("\r")
  // write them: each one "\n".
  std::string unix_lines;
  unix_lines.reserve(input.size());
  for (std::size_t k = 0; k < input.size(); ++k) {
    if (input[k] != '\r') {
      unix_lines += input[k];
    } else if (k + 1 >= input.size() || input[k + 1] != '\n') {
      unix_lines += '\n';
    }
  }
  input = std::move(unix_lines);
  const char sep = Separator(input);
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
      } else if (was_quoted && c != sep && c != '\n') {
        return Status::InvalidArgument(
            origin + " line " + std::to_string(row.line) +
            ": text after a closing quote; put the whole field in quotes");
      } else if (c == sep) {
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
  // Which field of a row holds each column.
  std::vector<std::size_t> at(columns.size(), std::string::npos);
  const std::vector<std::string> header = rows.front().fields;
  for (std::size_t f = 0; f < header.size(); ++f) {
    const std::string cell = Lower(Trim(header[f]));
    std::size_t named = columns.size();
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (Names(cell, columns[c])) named = c;
    if (named == columns.size()) {
      return Status::InvalidArgument(
          origin + " line 1: the header names \"" + Trim(header[f]) +
          "\", which is not a column; the columns are " + Join(columns) +
          " (or their Vietnamese or Chinese names)");
    }
    if (at[named] != std::string::npos) {
      return Status::InvalidArgument(origin + " line 1: the header names " +
                                     columns[named] + " twice");
    }
    at[named] = f;
  }
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (at[c] == std::string::npos) {
      return Status::InvalidArgument(
          origin + " line 1: the header has no " + columns[c] +
          " column; the header must name " + Join(columns) + ", found \"" +
          Join(header) + "\"");
    }
  }
  rows.erase(rows.begin());
  for (auto& r : rows) {
    if (r.fields.size() != header.size()) {
      return Status::InvalidArgument(
          origin + " line " + std::to_string(r.line) + ": expected " +
          std::to_string(header.size()) + " fields (" + Join(header) +
          "), found " + std::to_string(r.fields.size()) +
          (sep == ';' ? "; the fields are separated by semicolons"
                      : "; put a field holding a comma in double quotes"));
    }
    std::vector<std::string> ordered;
    for (std::size_t c = 0; c < columns.size(); ++c)
      ordered.push_back(std::move(r.fields[at[c]]));
    r.fields = std::move(ordered);
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
