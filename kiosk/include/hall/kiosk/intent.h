// Intents: what the UI asks the kiosk core to do. Every Button of a
// view-model carries the intent it posts when pressed, so the UI never
// decides what a touch means; a keyboard or scanner types symbols
// (kSymbol) and presses the focused button.
//
// Standard library only.
#ifndef HALL_KIOSK_INTENT_H_
#define HALL_KIOSK_INTENT_H_

#include <cstdint>

namespace hall::kiosk {

enum class Action : std::uint8_t {
  kNone,
  kStart,         // idle -> code entry
  kSymbol,        // a typed or scanned symbol (Intent::symbol)
  kBackspace,
  kClearCode,
  kSubmitCode,
  kMark,          // Intent::person chooses Intent::level
  kBlank,         // nominate: the blank ballot
  kPage,          // Intent::level = +1 / -1
  kToReview,
  kChange,        // back to the ballot at Intent::person
  kCast,
  kChallenge,     // "check this kiosk": spoil and show
  kBackToBallot,
  kCheckInclusion,
  kDone,          // receipt or message -> idle
  kCancel,        // leave: wipes the code and marks
  kStillVoting,   // answers "Are you still voting?"
  kLanguage,      // Intent::level = Lang
  kNextTheme,
  kNextTextSize,
  kTouch,         // any touch: resets the idle timer
};

struct Intent {
  Action action = Action::kNone;
  int person = 0;
  int level = 0;
  char symbol = 0;
};

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_INTENT_H_
