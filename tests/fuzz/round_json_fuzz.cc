// Fuzz target: hall-rules input (shared/src/round_json.cc): a round to
// decide against the built-in procedures (ParseRound, then the rules
// engine on what parsed) and a round result read back (ParseRoundResult).
// Property: a result ParseRoundResult accepts prints (RoundResultToJson)
// to JSON that parses again and prints the same.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  using namespace hall::rules;
  const auto [selector, in] = hall::fuzz::Select(data, size);
  const auto text = hall::fuzz::AsText(in);
  if (selector % 2 == 0) {
    auto round = ParseRound(text, Catalog::Builtin());
    if (round.ok()) {
      (void)Evaluate(*round->procedure, *round->step, round->input);
    }
    return 0;
  }
  auto result = ParseRoundResult(text);
  if (!result.ok()) return 0;
  const std::string json = RoundResultToJson(*result);
  auto again = ParseRoundResult(json);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(RoundResultToJson(*again) == json);
  return 0;
}
