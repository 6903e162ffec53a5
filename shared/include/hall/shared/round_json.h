// The JSON form of a round and of its outcome, exactly as the `hall-rules`
// contract in docs/procedures.md names the fields. Parsing reports the first
// problem as one line "field: problem".
#ifndef HALL_SHARED_ROUND_JSON_H_
#define HALL_SHARED_ROUND_JSON_H_

#include <string>
#include <string_view>

#include "hall/base/status.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round.h"
#include "hall/shared/rules_text.h"

namespace hall::rules {

struct ParsedRound {
  const Procedure* procedure = nullptr;  // owned by the catalog
  const Step* step = nullptr;
  RoundInput input;
};

// Parses one round; resolves its procedure and step in `catalog`.
Result<ParsedRound> ParseRound(std::string_view text, const Catalog& catalog);

// The outcome as pretty-printed JSON (fields in the contract's order). Each
// outcome carries "reason" (English, rules_text.h), "reason_code" and
// "reason_args"; with `also` Vietnamese or Chinese, each outcome also gets
// "reason_vi" / "reason_zh" and the result "flags_vi" / "flags_zh".
std::string RoundResultToJson(const RoundResult& result,
                              Language also = Language::kEn);

// Reads RoundResultToJson's output back (the minutes' "outcome", the hall
// display's announced outcome): the reasons from "reason_code" and
// "reason_args", the flags by name; the texts are not read. The quorum's
// base (QuorumCheck::of, base) is not in the JSON and stays default. Fails
// with "path: problem" (e.g. outcomes written before reasons had codes:
// "outcomes[0].reason_code: missing").
Result<RoundResult> ParseRoundResult(std::string_view json);

}  // namespace hall::rules

#endif  // HALL_SHARED_ROUND_JSON_H_
