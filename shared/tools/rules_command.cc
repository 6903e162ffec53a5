#include "rules_command.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "hall/shared/catalog.h"
#include "hall/shared/describe.h"
#include "hall/shared/procedure_loader.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules.h"
#include "hall/shared/rules_text.h"

namespace hall::rules {
namespace {

constexpr int kBadInput = 2;

bool ReadAll(const std::string& path, std::istream& stdin_stream, std::string& text,
             std::ostream& err) {
  if (path == "-") {
    std::stringstream s;
    s << stdin_stream.rdbuf();
    text = s.str();
    return true;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    err << path << ": cannot read the file; check the path and permissions\n";
    return false;
  }
  std::stringstream s;
  s << file.rdbuf();
  text = s.str();
  return true;
}

// Pads `text` to `width` terminal columns (UTF-8; CJK characters take two).
std::string Pad(const std::string& text, std::size_t width) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = text[i];
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (0x3F >> (len - 1));
    for (int k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFF00 && cp <= 0xFF60);
    columns += wide ? 2 : 1;
    i += len;
  }
  return columns >= width ? text + " " : text + std::string(width - columns, ' ');
}

// The human-readable lines `demo` prints for one evaluated round, in
// `language` (English: the contract's reasons and the flags' names).
void PrintReadable(const RoundResult& r, const Procedure& p, Language language,
                   std::ostream& out) {
  const Step* step = p.FindStep(r.step);
  out << p.code << " " << p.id << ", step " << r.step << ": "
      << step->title.Get(LanguageName(language)) << "\n";
  out << "  ballot " << BallotKindName(r.ballot) << ", disclosure "
      << DisclosureName(r.disclosure) << ", quorum " << r.quorum.present << " present / "
      << r.quorum.required << " required (" << (r.quorum.met ? "met" : "NOT met")
      << "), denominator " << BaseName(r.denominator) << " = " << r.denominator_value << "\n";
  for (const auto& o : r.outcomes) {
    out << "  " << Pad(o.candidate, 18) << Pad(StatusName(o.status), 17);
    if (o.level) out << "level " << LevelName(*o.level) << "  ";
    out << RenderReason(o.reason, language) << "\n";
  }
  out << "  flags: ";
  if (r.flags.empty()) out << "none";
  for (std::size_t i = 0; i < r.flags.size(); ++i) {
    out << (i ? ", " : "") << FlagName(r.flags[i]);
    if (language != Language::kEn)
      out << " (" << RenderFlag(r.flags[i], language) << ")";
  }
  out << "\n\n";
}

}  // namespace

int RunRulesCommand(int argc, char** argv, std::istream& in, std::ostream& out,
                    std::ostream& err) {
  CLI::App app{"hall-rules: the procedure rules of hall, offline.\n"
               "Evaluates a round's counts exactly as the procedure says, lists and shows "
               "the procedures, and checks adapted procedure files."};
  app.require_subcommand(1);
  std::string procedures_dir;
  app.add_option("--procedures", procedures_dir,
                 "Folder of procedure files to use instead of the shipped P1-P7");

  auto* evaluate = app.add_subcommand(
      "evaluate", "Evaluate one round (JSON, see docs/procedures.md) and print the outcome as JSON");
  std::string round_file;
  evaluate->add_option("FILE", round_file, "The round as JSON, or - for standard input")
      ->required();
  std::string evaluate_lang = "en";
  evaluate
      ->add_option("--lang", evaluate_lang,
                   "Also write each reason and flag in vi or zh (reason_vi, "
                   "flags_vi, ...); "
                   "\"reason\" stays English")
      ->check(CLI::IsMember({"en", "vi", "zh"}));

  auto* list = app.add_subcommand("list", "List the procedures and their steps");
  std::string list_lang = "en";
  list->add_option("--lang", list_lang, "Language: en or vi")
      ->check(CLI::IsMember({"en", "vi"}));

  auto* show = app.add_subcommand(
      "show", "Show one procedure's steps and rules in words (English and Vietnamese)");
  std::string show_id;
  show->add_option("ID", show_id, "Procedure id or code, e.g. vn-138-appointment or P1")
      ->required();
  std::string show_lang = "both";
  show->add_option("--lang", show_lang, "Language: en, vi or both (default)")
      ->check(CLI::IsMember({"en", "vi", "both"}));

  auto* check = app.add_subcommand(
      "check", "Check procedure files and report every problem with its path in the file");
  std::vector<std::string> check_files;
  check->add_option("FILES", check_files, "Procedure files (JSON)")->required();

  auto* demo = app.add_subcommand(
      "demo", "Evaluate a sample round of each procedure and print the outcomes");
  std::string demo_lang = "en";
  demo->add_option("--lang", demo_lang,
                   "Language of the reasons: en (default), vi or zh")
      ->check(CLI::IsMember({"en", "vi", "zh"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "hall-rules: " << e.what() << "\nRun 'hall-rules --help' for the commands.\n";
    return kBadInput;
  }

  const Catalog* catalog = &Catalog::Builtin();
  std::optional<Catalog> custom;
  if (!procedures_dir.empty()) {
    auto loaded = Catalog::FromFolder(procedures_dir);
    if (!loaded.ok()) {
      err << loaded.message() << "\n";
      return kBadInput;
    }
    custom = std::move(loaded).value();
    catalog = &*custom;
  }

  if (evaluate->parsed()) {
    std::string text;
    if (!ReadAll(round_file, in, text, err)) return kBadInput;
    auto parsed = ParseRound(text, *catalog);
    if (!parsed.ok()) {
      err << parsed.message() << "\n";
      return kBadInput;
    }
    auto result = Evaluate(*parsed->procedure, *parsed->step, parsed->input);
    if (!result.ok()) {
      err << result.message() << "\n";
      return kBadInput;
    }
    out << RoundResultToJson(*result, *ParseLanguage(evaluate_lang)) << "\n";
    return 0;
  }
  if (list->parsed()) {
    for (const auto& p : catalog->procedures()) {
      out << p.code << "  " << p.id << " — " << p.title.Get(list_lang) << "\n";
      for (const auto& s : p.steps) {
        out << "    " << std::left << std::setw(4) << s.id << StepSummary(s, list_lang) << "\n";
      }
      out << "\n";
    }
    return 0;
  }
  if (show->parsed()) {
    const Procedure* p = catalog->Find(show_id);
    if (!p) {
      err << "hall-rules show: unknown procedure \"" << show_id
          << "\"; known: " << catalog->KnownIds() << "\n";
      return kBadInput;
    }
    if (show_lang == "en" || show_lang == "both") out << DescribeProcedure(*p, "en");
    if (show_lang == "both") out << "\n----------------------------------------\n\n";
    if (show_lang == "vi" || show_lang == "both") out << DescribeProcedure(*p, "vi");
    return 0;
  }
  if (check->parsed()) {
    int status = 0;
    for (const auto& path : check_files) {
      std::string text;
      if (!ReadAll(path, in, text, err)) {
        status = kBadInput;
        continue;
      }
      auto p = ParseProcedure(text, path);
      if (!p.ok()) {
        err << p.message() << "\n";
        status = kBadInput;
      } else {
        out << path << ": OK (" << p->code << " " << p->id << ", " << p->steps.size()
            << " steps)\n";
      }
    }
    return status;
  }
  if (demo->parsed()) {
    out << "hall: evaluating a sample round of each procedure with the shipped rules.\n\n";
    for (const auto& file : EmbeddedExampleRounds()) {
      auto parsed = ParseRound(file.text, *catalog);
      if (!parsed.ok()) {
        err << file.name << ": " << parsed.message() << "\n";
        return kBadInput;
      }
      auto result = Evaluate(*parsed->procedure, *parsed->step, parsed->input);
      if (!result.ok()) {
        err << file.name << ": " << result.message() << "\n";
        return kBadInput;
      }
      PrintReadable(*result, *parsed->procedure, *ParseLanguage(demo_lang),
                    out);
    }
    return 0;
  }
  return kBadInput;
}

}  // namespace hall::rules
