// Fuzz target: procedure files (shared/src/procedure_loader.cc), the JSON a
// committee may load with hall-rules --procedures. Also the fraction
// syntax ("a/b") the files use. Property: ParseFraction's result obeys its
// contract (0 <= a <= b, 1 <= b <= 1000).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hall/shared/procedure_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)hall::rules::ParseProcedure(text, "fuzz.json");
  if (size <= 16) {
    hall::rules::Fraction f;
    if (hall::rules::ParseFraction(text, f)) {
      FUZZ_CHECK(0 <= f.num && f.num <= f.den && f.den >= 1 && f.den <= 1000);
    }
  }
  return 0;
}
