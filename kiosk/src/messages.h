// The kiosk's words: every text a screen shows, in Vietnamese, Chinese and
// English, in one table (strings.cc) so no language can lack a message.
// Text(msg, lang) returns the text with "{0}", "{1}", ... as placeholders;
// Format fills them.
#ifndef HALL_KIOSK_SRC_MESSAGES_H_
#define HALL_KIOSK_SRC_MESSAGES_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "hall/kiosk/view_model.h"

namespace hall::kiosk {

enum class Msg {
  kConnecting, kUnreachable, kUnreachableWhat,
  kNoRoundHeadline, kNoRoundBody, kIdleHeadline, kIdleBody, kStart,
  kSealedBy, kLanguageName, kTheme, kTextSize,
  kCodePrompt, kBackspace, kClear, kContinue, kCancel,
  kCodeIncomplete, kCodeMistyped, kCodeBadSymbol,
  kInstrNominate, kInstrApprove, kInstrApproveMax, kInstrRate, kInstrYesNo,
  kChoose, kBlankBallot, kAgree, kDisagree, kAbstain,
  kRateHigh, kRateMedium, kRateLow,
  kRateExcellent, kRateCompetent, kRateBasic, kRateIncompetent,
  kPrevious, kNext, kPageText, kPosition, kReviewButton,
  kAgreedMax, kAgreedCount, kTooManyAgreed, kMissingNominate, kMissingLevels,
  kReviewHeading, kChange, kPreparing, kCast, kChallenge, kBack, kNotMarked,
  kChosen, kBlankChoice,
  kChallengeHeading, kChallengeBusy, kChallengeOk, kChallengeFailed,
  kChallengeExplain, kMarkAgain,
  kCasting, kRetrying,
  kReceiptHeading, kTrackingLabel, kCheckInclusion, kInclusionOk,
  kInclusionFailed, kInclusionChecking, kDone,
  kAlertTitle, kAlertSealBody, kAlertWhat,
  kUsedTitle, kUsedBody, kGoToDesk, kUnknownTitle, kUnknownBody,
  kClosedTitle, kClosedBody, kInvalidTitle, kInvalidBody,
  kUncertainTitle, kUncertainBody, kUncertainWhat,
  kPrepareFailedTitle, kPrepareFailedBody, kUnderstood,
  kStillVotingQuestion, kStillVotingCountdown, kStillVotingYes,
  kDisplayNoMeeting, kDisplayAttendance, kDisplayQuorumMet,
  kDisplayQuorumShort, kStateSealed, kStateOpen, kStateClosed, kStateTallied,
  kStateMinutesSealed, kStateAnnounced, kStateNoRound, kDisplayTurnout,
  kDisplayClock, kDisplayBoardHead, kDisplayMinutes, kDisplaySealedNote,
  kDisplayDisconnected, kDisplayAlert, kDisplayStep,
  kStatusSelected, kStatusCarriedForward, kStatusNotSelected,
  kStatusRemovalProposed, kStatusKept, kStatusNeedsDecision,
  kTheCommittee, kBallotDigest, kQuorumAtLeast, kQuorumMoreThan,
  kQuorumOfMembers, kQuorumOfConvened, kQuorumOfPresent, kQuorumRule,
  kQuorumNone,
  kAlertKindSeal, kAlertKindInclusion, kAlertKindChallenge, kDisplayAlerts,
  kTryAgain,
  kCount  // not a message: the number of messages
};

std::string_view Text(Msg msg, Lang lang);
// Text(msg, lang) with {0}, {1}, ... replaced by `args` in order.
std::string Format(Msg msg, Lang lang,
                   std::initializer_list<std::string_view> args = {});
// Every text of every message in every language (for the font atlas).
std::vector<std::string_view> AllCatalogTexts();

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_SRC_MESSAGES_H_
