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

namespace hall::rules {

struct ParsedRound {
  const Procedure* procedure = nullptr;  // owned by the catalog
  const Step* step = nullptr;
  RoundInput input;
};

// Parses one round; resolves its procedure and step in `catalog`.
Result<ParsedRound> ParseRound(std::string_view text, const Catalog& catalog);

// The outcome as pretty-printed JSON (fields in the contract's order).
std::string RoundResultToJson(const RoundResult& result);

}  // namespace hall::rules

#endif  // HALL_SHARED_ROUND_JSON_H_
