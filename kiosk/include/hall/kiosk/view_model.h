// The kiosk's view-models: everything a screen draws, already in the
// delegate's language, as plain immutable data. KioskCore (kiosk_core.h)
// publishes one ViewModel after every change; the UI draws it and posts
// intents (intent.h), and can reach nothing else.
//
// Secrecy: a view-model carries what the screen shows and nothing more. The
// typed code appears only on the code-entry screen (as the delegate typed
// it), the marks only on the ballot, review and challenge screens of the
// delegate's own session; the hall display's model never carries a count of
// a sealed round.
//
// Standard library only, so the UI needs no other header.
#ifndef HALL_KIOSK_VIEW_MODEL_H_
#define HALL_KIOSK_VIEW_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hall/kiosk/intent.h"

namespace hall::kiosk {

enum class Lang { kVi, kZh, kEn };
inline constexpr Lang kAllLangs[] = {Lang::kVi, Lang::kZh, Lang::kEn};

// Dark on light (default), black on white, white on black, yellow on black.
enum class Theme { kDarkOnLight, kBlackOnWhite, kWhiteOnBlack, kYellowOnBlack };
inline constexpr int kThemeCount = 4;
inline constexpr int kTextSizeCount = 4;  // 0 (default) .. 3 (largest)

enum class Screen {
  kConnecting,       // no answer from the server yet
  kNoRound,          // connected, no round open
  kIdle,             // a round is open: "enter or scan the code on your slip"
  kCodeEntry,
  kBallot,           // marking
  kReview,           // every choice; Cast / check this kiosk
  kChallenge,        // the spoiled ballot decrypted to the shown choices
  kCasting,
  kReceipt,
  kMessage,          // a refusal or an alert (MessageVm says which)
  kDisplay,          // the hall display (projector)
};
std::string_view ScreenName(Screen screen);  // "idle", "code_entry", ...

// A touch target. `id` is stable (tests and the trace name targets by it).
struct Button {
  std::string id;
  std::string label;
  bool enabled = true;
  bool primary = false;
  bool selected = false;  // a chosen option (drawn filled)
  Intent on_press;
};

// What every voter screen shows around its body.
struct ChromeVm {
  std::string meeting_title;
  std::string step_title;
  std::string seal_line;  // "Sealed by <committee> · seal AB12-…" or ""
  Lang lang = Lang::kVi;
  Theme theme = Theme::kDarkOnLight;
  int text_size = 0;
  std::vector<Button> languages;  // meeting's language first
  Button theme_button;            // cycles the theme
  Button text_size_button;        // cycles the text size
};

struct IdleVm {
  std::string headline;
  std::string body;
  std::optional<Button> start;  // absent when no round is open
};

struct CodeEntryVm {
  std::string prompt;
  std::vector<std::string> groups;  // typed symbols in the printed groups
  std::vector<std::size_t> group_sizes;
  std::string problem;  // why the code was not accepted, or ""
  std::vector<Button> keys;   // the code's alphabet
  Button backspace, clear, submit, cancel;
};

struct PersonRowVm {
  std::string name;
  std::string position;        // "7 of 42"
  std::vector<Button> options;  // one per level (nominate: one "choose")
};

struct BallotVm {
  std::string instructions;
  std::string counter;  // "2 of at most 3 agreed" (approve), "" otherwise
  std::string page_text;  // "persons 7–12 of 42"
  std::vector<PersonRowVm> rows;  // the current page only
  std::optional<Button> blank;    // nominate: the blank ballot
  Button previous_page, next_page, review, cancel;
  std::string problem;  // what is missing, after a Review that could not go
};

struct ReviewRowVm {
  std::string name;
  std::string choice;  // "Agree", "Not marked", ...
  Button change;
};

struct ReviewVm {
  std::string heading;
  std::vector<ReviewRowVm> rows;
  std::string status;  // "Preparing your ballot…" until it is ready
  std::string digest;  // "Ballot identifier 3fa9…": finds a checked ballot
  Button cast, challenge, back;
};

struct ChallengeVm {
  std::string heading;
  std::string verdict;  // "This kiosk encrypted exactly your choices"
  bool verified = false;
  std::vector<ReviewRowVm> rows;  // what the spoiled ballot decrypts to
  std::string explanation;
  std::string digest;  // the checked ballot's identifier in the record
  Button back_to_marking;
  bool busy = false;
};

struct CastingVm {
  std::string text;
  std::string detail;  // "trying again (2)" after a dropped connection
};

struct ReceiptVm {
  std::string heading;
  std::string tracking_label;
  std::string tracking_code;
  int qr_size = 0;                  // modules per side
  std::vector<std::uint8_t> qr;     // qr_size * qr_size, 1 = dark
  std::string inclusion;            // result of "check my ballot is in the box"
  bool inclusion_proven = false;
  bool inclusion_failed = false;
  Button check, done;
};

enum class MessageKind { kRefusal, kAlert, kUncertain };
struct MessageVm {
  MessageKind kind = MessageKind::kRefusal;
  std::string title;
  std::string body;
  std::string what_to_do;
  std::optional<Button> dismiss;  // absent: the committee must come
  std::optional<Button> retry;    // cast the same ballot again
};

// "Are you still voting?" over any marking screen.
struct StillVotingVm {
  std::string question;
  std::string countdown;  // "The ballot is cleared in 25 s"
  int seconds_left = 0;
  Button yes;
};

struct DisplayBarVm {
  std::string name;
  std::string count;   // "31"
  double fraction = 0;  // of the longest bar
  std::string status;  // "Selected", "Not selected", ...
  std::string reason;  // the rule that decided it
};

struct DisplayVm {
  std::string meeting_title;
  std::string procedure;
  std::string step;
  std::string attendance;  // "Present 38 of 40 convened"
  std::string quorum;      // "Quorum: two thirds (27) — met"
  bool quorum_met = false;
  std::string state;       // "Voting open", "Counting", "Minutes sealed", ...
  std::string turnout;     // "31 of 38 ballots cast"
  double turnout_fraction = 0;
  std::string clock;       // "Box open 12:04"
  std::string board_head;  // "Board head 7Q2M-…"
  std::string minutes_digest;
  bool announced = false;
  std::vector<DisplayBarVm> results;  // announced rounds only
  std::vector<std::string> alerts;
  std::string connection;  // "" when connected
};

struct ViewModel {
  Screen screen = Screen::kConnecting;
  std::uint64_t version = 0;  // increases with every published model
  ChromeVm chrome;
  std::variant<std::monostate, IdleVm, CodeEntryVm, BallotVm, ReviewVm,
               ChallengeVm, CastingVm, ReceiptVm, MessageVm, DisplayVm>
      body;
  std::optional<StillVotingVm> still_voting;
};

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_VIEW_MODEL_H_
