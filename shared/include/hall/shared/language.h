// Language: the languages a committee reads, the keys of a procedure file's
// texts (procedure.h's Text) and of the ballot template's titles
// (ballot_template.h). One enum with one name table.
//
// Pure functions: no I/O, no locale.
#ifndef HALL_SHARED_LANGUAGE_H_
#define HALL_SHARED_LANGUAGE_H_

#include <optional>
#include <string>
#include <string_view>

namespace hall::rules {

// In the order they are encoded wherever a text comes in several languages.
enum class Language { kVi, kZh, kEn };

inline constexpr Language kAllLanguages[] = {Language::kVi, Language::kZh,
                                             Language::kEn};

// "vi", "zh", "en" (the keys of a procedure file's texts).
std::string LanguageName(Language language);
std::optional<Language> ParseLanguage(std::string_view name);

}  // namespace hall::rules

#endif  // HALL_SHARED_LANGUAGE_H_
