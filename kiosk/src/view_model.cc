#include "hall/kiosk/view_model.h"

namespace hall::kiosk {

std::string_view ScreenName(Screen screen) {
  switch (screen) {
    case Screen::kConnecting:
      return "connecting";
    case Screen::kNoRound:
      return "no_round";
    case Screen::kIdle:
      return "idle";
    case Screen::kCodeEntry:
      return "code_entry";
    case Screen::kBallot:
      return "ballot";
    case Screen::kReview:
      return "review";
    case Screen::kChallenge:
      return "challenge";
    case Screen::kCasting:
      return "casting";
    case Screen::kReceipt:
      return "receipt";
    case Screen::kMessage:
      return "message";
    case Screen::kDisplay:
      return "display";
  }
  return "unknown";
}

}  // namespace hall::kiosk
