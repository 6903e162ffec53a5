#include "hall/shared/json_input.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hall/shared/printable_text.h"

namespace hall::shared {
namespace {

// Line and column (both from 1) of byte `offset` (from 0) of `text`.
std::string Where(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;  // count characters, not the bytes of one UTF-8 character
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The parser's own message quotes the bytes it read; a trustee's file holds
// secrets, so only the kind of problem is kept, never the text.
std::string SyntaxProblem(std::string_view text,
                          const nlohmann::json::parse_error& e) {
  const std::string what = e.what();
  const std::size_t at = e.byte == 0 ? 0 : e.byte - 1;
  if (what.find("UTF-8") != std::string::npos) {
    return "not UTF-8 text at " + Where(text, at) +
           " (save it as UTF-8 and try again)";
  }
  if (at >= text.size()) {
    return text.find_first_not_of(" \t\r\n") == std::string_view::npos
               ? "empty: it must hold one JSON value"
               : "ends too soon at " + Where(text, at) +
                     " (is the file cut off?)";
  }
  return "not valid JSON at " + Where(text, at) +
         " (check the brackets, quotes and commas there)";
}

template <typename Json>
Result<Json> Parse(std::string_view text, std::string_view what,
                   const JsonLimits& limits) {
  const std::string name(what);
  if (text.size() > limits.max_bytes) {
    return Status::InvalidArgument(
        name + ": " + std::to_string(text.size()) +
        " bytes, more than the " + std::to_string(limits.max_bytes) +
        " bytes it may have");
  }
  // One entry per open object or array: the keys seen so far (objects),
  // the elements so far (arrays) and its own path ("steps[1].rule").
  struct OpenObject {
    bool array = false;
    std::set<std::string> keys;
    std::string path;
    std::string last_key;
    std::size_t elements = 0;
  };
  std::vector<OpenObject> open;
  std::string problem;
  auto path_of_next = [&open]() {
    if (open.empty()) return std::string();
    const OpenObject& top = open.back();
    if (top.array) return top.path + "[" + std::to_string(top.elements) + "]";
    return top.path.empty() ? top.last_key : top.path + "." + top.last_key;
  };
  const auto callback = [&](int depth, nlohmann::json::parse_event_t event,
                            Json& parsed) -> bool {
    if (!problem.empty()) return false;
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (depth + 1 > limits.max_depth) {
          problem = "nested deeper than " +
                    std::to_string(limits.max_depth) +
                    " levels (no hall file goes that deep)";
          return false;
        }
        {
          std::string path = path_of_next();
          if (!open.empty() && open.back().array) open.back().elements++;
          open.push_back({event == Event::array_start, {}, std::move(path),
                          {}, 0});
        }
        return true;
      case Event::key: {
        if (open.empty()) return true;
        std::string key = parsed.template get<std::string>();
        OpenObject& top = open.back();
        if (!top.keys.insert(key).second) {
          const std::string at =
              top.path.empty() ? std::string("the top level") : top.path;
          problem = "the key \"" + shared::EscapeForLog(key, 64) +
                    "\" appears twice in one object (at " +
                    shared::EscapeForLog(at, 200) + "): keep one of them";
          return false;
        }
        top.last_key = std::move(key);
        return true;
      }
      case Event::object_end:
      case Event::array_end:
        if (!open.empty()) open.pop_back();
        return true;
      case Event::value:
        if (!open.empty() && open.back().array) open.back().elements++;
        return true;
    }
    return true;
  };
  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end(), callback,
                      /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const nlohmann::json::parse_error& e) {
    if (!problem.empty()) return Status::InvalidArgument(name + ": " + problem);
    return Status::InvalidArgument(name + ": " + SyntaxProblem(text, e));
  } catch (const nlohmann::json::exception&) {
    return Status::InvalidArgument(name + ": not valid JSON");
  }
  if (!problem.empty()) return Status::InvalidArgument(name + ": " + problem);
  if (doc.is_discarded()) {
    return Status::InvalidArgument(name + ": not valid JSON");
  }
  return doc;
}

}  // namespace

Result<nlohmann::json> ParseJsonInput(std::string_view text,
                                      std::string_view what,
                                      const JsonLimits& limits) {
  return Parse<nlohmann::json>(text, what, limits);
}

Result<nlohmann::ordered_json> ParseOrderedJsonInput(
    std::string_view text, std::string_view what, const JsonLimits& limits) {
  return Parse<nlohmann::ordered_json>(text, what, limits);
}

}  // namespace hall::shared
