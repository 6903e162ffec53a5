#include "hall/shared/kiosk_alert.h"

namespace hall::shared {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// The code point at text[i..] and its length, or nullopt when the bytes
// there are not valid UTF-8 (overlong forms, surrogates and values above
// U+10FFFF included).
struct Decoded {
  char32_t code_point = 0;
  std::size_t length = 0;
};
std::optional<Decoded> DecodeAt(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[i + k]);
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  char32_t cp = 0, min = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return std::nullopt;
  return Decoded{cp, length};
}

// Controls (C0, DEL, C1) and the bidirectional embeddings, overrides and
// isolates that reorder what a terminal shows.
bool Unsafe(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string_view AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kTemplateSealInvalid:
      return "template_seal_invalid";
    case AlertKind::kInclusionCheckFailed:
      return "inclusion_check_failed";
    case AlertKind::kSpoiledCheckFailed:
      return "spoiled_check_failed";
  }
  return "?";
}

std::optional<AlertKind> ParseAlertKind(std::string_view name) {
  for (AlertKind kind : kAllAlertKinds) {
    if (name == AlertKindName(kind)) return kind;
  }
  return std::nullopt;
}

std::optional<AlertKind> AlertKindOfWire(std::uint8_t value) {
  for (AlertKind kind : kAllAlertKinds) {
    if (value == static_cast<std::uint8_t>(kind)) return kind;
  }
  return std::nullopt;
}

std::string SanitizeAlertText(std::string_view text, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto decoded = DecodeAt(text, i);
    std::string_view piece;
    if (!decoded) {
      piece = kReplacement;
      i += 1;
    } else {
      const char32_t cp = decoded->code_point;
      if (cp == '\t' || cp == '\n' || cp == '\r') {
        piece = " ";
      } else if (Unsafe(cp)) {
        piece = kReplacement;
      } else {
        piece = text.substr(i, decoded->length);
      }
      i += decoded->length;
    }
    if (out.size() + piece.size() > max_bytes) break;
    out += piece;
  }
  return out;
}

}  // namespace hall::shared
