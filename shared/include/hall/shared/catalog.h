// The procedure catalog: P1-P7 as shipped (the JSON files in
// shared/procedures/, embedded into the program at build time), or the
// procedure files of a folder a committee has adapted.
#ifndef HALL_SHARED_CATALOG_H_
#define HALL_SHARED_CATALOG_H_

#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/procedure.h"

namespace hall::rules {

class Catalog {
 public:
  // The procedures shipped with hall. Aborts if an embedded file is invalid
  // (the build's tests guarantee they are not).
  static const Catalog& Builtin();
  // Every *.json file of `folder`; fails listing every problem of every file.
  static Result<Catalog> FromFolder(const std::string& folder);

  const std::vector<Procedure>& procedures() const { return procedures_; }
  // By id ("vn-138-appointment") or code ("P1"); nullptr when unknown.
  const Procedure* Find(const std::string& id_or_code) const;
  std::string KnownIds() const;  // "vn-138-appointment, ..." for messages

 private:
  std::vector<Procedure> procedures_;
};

// The embedded procedure files: {file name, contents}.
struct EmbeddedFile {
  const char* name;
  const char* text;
};
const std::vector<EmbeddedFile>& EmbeddedProcedureFiles();
// Sample rounds (shared/examples/*.json, the hall-rules input format) that
// `hall-rules demo` evaluates: one per procedure.
const std::vector<EmbeddedFile>& EmbeddedExampleRounds();

}  // namespace hall::rules

#endif  // HALL_SHARED_CATALOG_H_
