// One function per screen: each draws its view-model into the current
// ImGui window with the Frame's widgets and posts intents; none keeps
// state beyond UiState, none reaches anything but its view-model.
#ifndef HALL_KIOSK_UI_SCREENS_H_
#define HALL_KIOSK_UI_SCREENS_H_

#include "hall/kiosk/view_model.h"
#include "widgets.h"

namespace hall::kiosk::ui {

void DrawChrome(const ChromeVm& vm, Frame& f);  // top bar
void DrawSealLine(const ChromeVm& vm, Frame& f);  // bottom line
void DrawIdle(const IdleVm& vm, Frame& f);
void DrawCodeEntry(const CodeEntryVm& vm, Frame& f);
void DrawBallot(const BallotVm& vm, Frame& f);
void DrawReview(const ReviewVm& vm, Frame& f, UiState& ui);
void DrawChallenge(const ChallengeVm& vm, Frame& f, UiState& ui);
void DrawCasting(const CastingVm& vm, Frame& f);
void DrawReceipt(const ReceiptVm& vm, Frame& f);
void DrawMessage(const MessageVm& vm, Frame& f);
void DrawStillVoting(const StillVotingVm& vm, Frame& f);
void DrawDisplay(const DisplayVm& vm, Frame& f);

// Rows of choices paged to fit the height left (review and challenge).
void DrawChoiceRows(const std::vector<ReviewRowVm>& rows, Frame& f,
                    int& page, float height, const Button* previous_template,
                    const std::string& id_prefix);

}  // namespace hall::kiosk::ui

#endif  // HALL_KIOSK_UI_SCREENS_H_
