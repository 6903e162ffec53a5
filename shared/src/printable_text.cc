#include "hall/shared/printable_text.h"

#include <glib.h>

#include <cstdint>
#include <cstdio>
#include <memory>

namespace hall::shared {
namespace {

// The next code point of UTF-8 `s` at `i` (advancing it), or -1.
long NextCodePoint(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  long cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    n = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3;
    cp = c & 0x07;
  } else {
    return -1;
  }
  for (std::size_t k = 1; k <= n; ++k) {
    if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr long kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += n + 1;
  return cp;
}

bool Combining(long cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

// Characters that print as nothing or as another: formatting characters
// (Cf), line and paragraph separators.
bool Invisible(long cp) {
  const GUnicodeType t = g_unichar_type(static_cast<gunichar>(cp));
  return t == G_UNICODE_FORMAT || t == G_UNICODE_LINE_SEPARATOR ||
         t == G_UNICODE_PARAGRAPH_SEPARATOR;
}

// Characters no font draws: private use, unassigned, noncharacters.
bool Unprintable(long cp) {
  const GUnicodeType t = g_unichar_type(static_cast<gunichar>(cp));
  return t == G_UNICODE_PRIVATE_USE || t == G_UNICODE_UNASSIGNED ||
         t == G_UNICODE_SURROGATE;
}

bool Control(long cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

std::string CodePointText(long cp) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "U+%04lX", cp);
  return buf;
}

// The first 40 or so bytes of `text`, safe to print: whole UTF-8 characters,
// "?" for a control character or a byte that is not UTF-8.
std::string Excerpt(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && out.size() < 40;) {
    const std::size_t start = i;
    const long cp = NextCodePoint(text, i);
    if (cp < 0) {
      out += '?';
      i = start + 1;
    } else if (Control(cp) || Invisible(cp) || Unprintable(cp)) {
      out += '?';
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace

Status CheckPrintableText(std::string_view text, const std::string& what,
                          std::size_t max_bytes) {
  if (text.empty()) return Status::InvalidArgument(what + " is empty");
  if (text.size() > max_bytes)
    return Status::InvalidArgument(what + " has " + std::to_string(text.size()) +
                                   " bytes; at most " + std::to_string(max_bytes) +
                                   " are printed: shorten \"" + Excerpt(text) + "...\"");
  int marks = 0;
  for (std::size_t i = 0; i < text.size();) {
    const long cp = NextCodePoint(text, i);
    if (cp < 0)
      return Status::InvalidArgument(what + " \"" + Excerpt(text) +
                                     "\" is not UTF-8 text: save the file as UTF-8");
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
      return Status::InvalidArgument(what + " \"" + Excerpt(text) +
                                     "\" holds a control character (code " +
                                     std::to_string(cp) + "); remove it");
    if (Invisible(cp))
      return Status::InvalidArgument(
          what + " \"" + Excerpt(text) + "\" holds an invisible character (" +
          CodePointText(cp) +
          ", a zero-width space, joiner, direction mark or separator) that "
          "would make it look like another; remove it");
    if (Unprintable(cp))
      return Status::InvalidArgument(what + " \"" + Excerpt(text) +
                                     "\" holds a character no font prints (" +
                                     CodePointText(cp) + "); remove it");
    marks = Combining(cp) ? marks + 1 : 0;
    if (marks > 3)
      return Status::InvalidArgument(what + " \"" + Excerpt(text) +
                                     "\" stacks more than three accents on one letter");
  }
  return Status::Ok();
}

Result<std::string> HumanText(std::string_view text, const std::string& what,
                              std::size_t max_bytes, TextShape shape) {
  std::string lines(text);
  if (shape == TextShape::kLines) {
    std::string unix_lines;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (!(lines[i] == '\r' && i + 1 < lines.size() && lines[i + 1] == '\n'))
        unix_lines += lines[i];
    lines = std::move(unix_lines);
  }
  // Each line as typed, for its bytes (a NUL, a control character, bad
  // UTF-8), before glib reads it; then composed, and checked as stored.
  const auto check_each_line = [&](std::string_view all,
                                   std::size_t limit) -> Status {
    if (all.empty()) return Status::InvalidArgument(what + " is empty");
    if (all.size() > limit) return CheckPrintableText(all, what, limit);
    if (shape == TextShape::kOneLine) return CheckPrintableText(all, what, limit);
    std::size_t number = 1;
    for (std::size_t begin = 0; begin <= all.size(); ++number) {
      std::size_t end = all.find('\n', begin);
      if (end == std::string_view::npos) end = all.size();
      const std::string_view line = all.substr(begin, end - begin);
      if (!line.empty()) {
        const bool one_line = all.find('\n') == std::string_view::npos;
        if (Status s = CheckPrintableText(
                line,
                one_line ? what : what + " (line " + std::to_string(number) + ")",
                limit);
            !s.ok())
          return s;
      }
      begin = end + 1;
    }
    return Status::Ok();
  };
  if (Status s = check_each_line(lines, max_bytes * 4); !s.ok()) return s;
  const std::unique_ptr<gchar, decltype(&g_free)> composed(
      g_utf8_normalize(lines.data(), static_cast<gssize>(lines.size()),
                       G_NORMALIZE_NFC),
      &g_free);
  if (!composed) {
    return Status::InvalidArgument(what + " \"" + Excerpt(lines) +
                                   "\" is not UTF-8 text: save the file as UTF-8");
  }
  std::string out(composed.get());
  if (Status s = check_each_line(out, max_bytes); !s.ok()) return s;
  return out;
}

std::string EscapeForLog(std::string_view text, std::size_t max_bytes) {
  std::string out;
  char buf[32];
  for (std::size_t i = 0; i < text.size();) {
    if (out.size() >= max_bytes) {
      out += "...";
      break;
    }
    const std::size_t start = i;
    const long cp = NextCodePoint(text, i);
    if (cp < 0) {
      std::snprintf(buf, sizeof buf, "\\x%02X",
                    static_cast<unsigned char>(text[start]));
      out += buf;
      i = start + 1;
    } else if (cp == '\\') {
      out += "\\\\";
    } else if (cp < 0x80 && !Control(cp)) {
      out += static_cast<char>(cp);
    } else if (Control(cp) || Invisible(cp) || Unprintable(cp)) {
      if (cp < 0x100)
        std::snprintf(buf, sizeof buf, "\\x%02lX", cp);
      else
        std::snprintf(buf, sizeof buf, "\\u{%04lX}", cp);
      out += buf;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

}  // namespace hall::shared
