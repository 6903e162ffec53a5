#include "hall/shared/catalog.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hall/shared/procedure_loader.h"

namespace hall::rules {

const Catalog& Catalog::Builtin() {
  static const Catalog* catalog = [] {
    auto* c = new Catalog();
    for (const auto& file : EmbeddedProcedureFiles()) {
      auto p = ParseProcedure(file.text, file.name);
      if (!p.ok()) {
        std::fprintf(stderr, "hall: a shipped procedure file is invalid:\n%s\n",
                     p.message().c_str());
        std::abort();
      }
      c->procedures_.push_back(std::move(p).value());
    }
    return c;
  }();
  return *catalog;
}

Result<Catalog> Catalog::FromFolder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return Status::InvalidArgument(folder +
                                   ": not a folder; give the folder that holds the "
                                   "procedure files (*.json)");
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::InvalidArgument(folder + ": no procedure files (*.json) in it");
  Catalog c;
  std::string problems;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto p = ParseProcedure(text.str(), path.string());
    if (!p.ok()) {
      problems += (problems.empty() ? "" : "\n") + p.message();
    } else if (c.Find(p->id) || c.Find(p->code)) {
      problems += (problems.empty() ? "" : "\n") + path.string() + ": id: \"" + p->id +
                  "\" or code \"" + p->code + "\" is used by another file";
    } else {
      c.procedures_.push_back(std::move(p).value());
    }
  }
  if (!problems.empty()) return Status::InvalidArgument(problems);
  return c;
}

const Procedure* Catalog::Find(const std::string& id_or_code) const {
  for (const auto& p : procedures_) {
    if (p.id == id_or_code || p.code == id_or_code) return &p;
  }
  return nullptr;
}

std::string Catalog::KnownIds() const {
  std::string s;
  for (const auto& p : procedures_) s += (s.empty() ? "" : ", ") + p.id;
  return s;
}

}  // namespace hall::rules
