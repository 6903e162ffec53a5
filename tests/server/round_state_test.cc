// The round lifecycle's one name table and its one rule of what each state
// allows (the committee and hall-admin both call CheckAllowed).
#include "hall/server/round_state.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hall::server {
namespace {

const std::vector<RoundState> kAll = {
    RoundState::kDraft,    RoundState::kSealed,  RoundState::kOpen,
    RoundState::kClosed,   RoundState::kTallied, RoundState::kMinutesSealed,
    RoundState::kAnnounced};

TEST(RoundState, EveryNameParsesBackToItsState) {
  for (RoundState s : kAll) {
    auto parsed = ParseRoundState(RoundStateName(s));
    ASSERT_TRUE(parsed.ok()) << RoundStateName(s);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_EQ(RoundStateName(RoundState::kMinutesSealed), "minutes_sealed");
}

TEST(RoundState, AnUnknownStoredStateIsCorruption) {
  auto bad = ParseRoundState("sealed_to_recipients");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsCorruption());
  EXPECT_NE(bad.message().find("sealed_to_recipients"), std::string::npos);
}

TEST(RoundState, EachActionIsAllowedFromExactlyOneState) {
  const std::vector<std::pair<RoundAction, RoundState>> allowed = {
      {RoundAction::kSeal, RoundState::kDraft},
      {RoundAction::kOpen, RoundState::kSealed},
      {RoundAction::kClose, RoundState::kOpen},
      {RoundAction::kTally, RoundState::kClosed},
      {RoundAction::kAnnounce, RoundState::kTallied}};
  for (const auto& [action, from] : allowed) {
    for (RoundState s : kAll) {
      const Status st = CheckAllowed(7, s, action);
      EXPECT_EQ(st.ok(), s == from) << RoundStateName(s);
      if (!st.ok()) {
        EXPECT_TRUE(st.IsFailedPrecondition());
        EXPECT_EQ(st.message().rfind("round 7 ", 0), 0u) << st.message();
      }
    }
  }
}

TEST(RoundState, RefusalsSayWhatComesFirst) {
  EXPECT_NE(CheckAllowed(1, RoundState::kDraft, RoundAction::kOpen)
                .message()
                .find("seal it first"),
            std::string::npos);
  EXPECT_NE(CheckAllowed(1, RoundState::kSealed, RoundAction::kClose)
                .message()
                .find("open it first"),
            std::string::npos);
  for (RoundState s :
       {RoundState::kDraft, RoundState::kSealed, RoundState::kOpen}) {
    const std::string m = CheckAllowed(1, s, RoundAction::kTally).message();
    EXPECT_NE(m.find("close it first"), std::string::npos) << m;
    EXPECT_NE(m.find("only a closed round can be tallied"), std::string::npos);
  }
  EXPECT_NE(CheckAllowed(1, RoundState::kClosed, RoundAction::kAnnounce)
                .message()
                .find("tally it first"),
            std::string::npos);
  EXPECT_NE(CheckAllowed(1, RoundState::kMinutesSealed, RoundAction::kAnnounce)
                .message()
                .find("NOT announced in the hall"),
            std::string::npos);
  // Past the state an action needs, no "do X first": it cannot be undone.
  const std::string again =
      CheckAllowed(1, RoundState::kOpen, RoundAction::kSeal).message();
  EXPECT_EQ(again, "round 1 is open; only a draft round can be sealed");
}

}  // namespace
}  // namespace hall::server
