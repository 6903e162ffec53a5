// Helpers for the rules-engine tests: evaluate a round given as JSON with the
// shipped catalog, and look up one candidate's outcome.
#ifndef HALL_TESTS_SHARED_RULES_TEST_UTIL_H_
#define HALL_TESTS_SHARED_RULES_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules.h"
#include "hall/shared/rules_text.h"

namespace hall::rules::testing {

inline Result<RoundResult> Eval(const nlohmann::json& round,
                                const Catalog& catalog = Catalog::Builtin()) {
  auto parsed = ParseRound(round.dump(), catalog);
  if (!parsed.ok()) return parsed.status();
  return Evaluate(*parsed->procedure, *parsed->step, parsed->input);
}

// One candidate's outcome with its reason in English words (the contract's
// "reason" text), as the tests read it.
struct OutcomeText {
  std::string candidate;
  OutcomeStatus status = OutcomeStatus::kNotSelected;
  std::optional<std::int64_t> votes;
  std::optional<Level> level;
  std::string reason;
};

inline OutcomeText Of(const RoundResult& r, const std::string& name) {
  auto it = std::find_if(r.outcomes.begin(), r.outcomes.end(),
                         [&](const Outcome& o) { return o.candidate == name; });
  HALL_CHECK(it != r.outcomes.end());
  return {it->candidate, it->status, it->votes, it->level,
          RenderReason(it->reason, Language::kEn)};
}

inline std::string StatusOf(const RoundResult& r, const std::string& name) {
  return StatusName(Of(r, name).status);
}

inline bool HasFlag(const RoundResult& r, const std::string& flag) {
  const std::optional<Flag> f = ParseFlag(flag);
  HALL_CHECK(f.has_value());  // a test names a flag the contract does not have
  return std::find(r.flags.begin(), r.flags.end(), *f) != r.flags.end();
}

// A nominate round of P1 (step 2 by default) with the given counts.
inline nlohmann::json Nominate(const std::string& step, int convened, int present, int cast,
                               const nlohmann::json& counts, int members = 9) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& [name, v] : counts.items()) candidates.push_back(name);
  return {{"procedure", "vn-138-appointment"},
          {"step", step},
          {"electorate", {{"convened", convened}, {"present", present}, {"members", members}}},
          {"candidates", candidates},
          {"ballots", {{"cast", cast}, {"blank", 0}}},
          {"counts", counts}};
}

// A round of `procedure`/`step` whose counts are {name: {"agree": a, "disagree": d, ...}}.
inline nlohmann::json Options(const std::string& procedure, const std::string& step,
                              int convened, int present, int cast,
                              const nlohmann::json& counts) {
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& [name, v] : counts.items()) candidates.push_back(name);
  return {{"procedure", procedure},
          {"step", step},
          {"electorate", {{"convened", convened}, {"present", present}, {"members", convened}}},
          {"candidates", candidates},
          {"ballots", {{"cast", cast}}},
          {"counts", counts}};
}

inline nlohmann::json AD(int agree, int disagree) {
  return {{"agree", agree}, {"disagree", disagree}};
}
inline nlohmann::json ADA(int agree, int disagree, int abstain) {
  return {{"agree", agree}, {"disagree", disagree}, {"abstain", abstain}};
}

}  // namespace hall::rules::testing

#endif  // HALL_TESTS_SHARED_RULES_TEST_UTIL_H_
