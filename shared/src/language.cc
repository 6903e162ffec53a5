#include "hall/shared/language.h"

namespace hall::rules {

std::string LanguageName(Language language) {
  switch (language) {
    case Language::kVi:
      return "vi";
    case Language::kZh:
      return "zh";
    case Language::kEn:
      return "en";
  }
  return "?";
}

std::optional<Language> ParseLanguage(std::string_view name) {
  for (Language l : kAllLanguages) {
    if (name == LanguageName(l)) return l;
  }
  return std::nullopt;
}

}  // namespace hall::rules
