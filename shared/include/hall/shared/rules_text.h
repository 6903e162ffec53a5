// The one renderer of the rules engine's outcomes in words: a Reason or a
// Flag as a sentence in Vietnamese, Chinese or English. hall-rules, the
// minutes and the kiosk all call it; nothing else writes these sentences.
//
// The English text of a Reason is the contract's "reason" (docs/procedures.md)
// and never changes for the same Reason. The Vietnamese and Chinese texts use
// the terms of the source documents the procedures cite (seeds 000-004:
// "đạt trên 50% tổng số người được triệu tập", "超过应到会成员半数").
//
// Pure functions: no I/O, no clock, no locale.
#ifndef HALL_SHARED_RULES_TEXT_H_
#define HALL_SHARED_RULES_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "hall/shared/language.h"
#include "hall/shared/reason.h"
#include "hall/shared/round.h"

namespace hall::rules {

// Why: one sentence, without a final full stop.
std::string RenderReason(const Reason& reason, Language language);

// A threshold as the reasons state it: "more than 1/2 of the 7 members",
// "đạt trên 50% tổng số 7 thành viên tập thể lãnh đạo",
// "超过应到会成员7人的半数".
std::string RenderThreshold(const ThresholdFacts& threshold, Language language);

// A ballot option's name as the reasons write it ("agree": "đồng ý",
// "同意"); "votes" is the nominate ballots' pseudo-option.
std::string RenderOption(const std::string& option, Language language);

// `count` of a base: "7 members", "7 thành viên tập thể lãnh đạo",
// "应到会成员7人".
std::string RenderBase(Base base, std::int64_t count, Language language);

// What a flag means, in a few words.
std::string RenderFlag(Flag flag, Language language);

}  // namespace hall::rules

#endif  // HALL_SHARED_RULES_TEXT_H_
