// The printed documents' words: every label of the minutes in Vietnamese,
// Chinese and English, in one table (terms.cc), so no language can lack a
// label. Term(t, lang) returns the text with "{0}", "{1}", ... as
// placeholders; Fill puts the arguments in. The rules engine's sentences
// (reasons, flags, thresholds, option and base names) are rules_text.h's,
// not these.
#ifndef HALL_PAPER_SRC_TERMS_H_
#define HALL_PAPER_SRC_TERMS_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "hall/shared/language.h"

namespace hall::paper {

enum class T {
  kTitle, kTitleSealed, kRehearsal,
  kMeeting, kDate, kProcedure, kStepLabel, kStep, kRound,
  kDisclosure, kAnnounced, kSealed, kComparedLabel, kComparedWith,
  kElectorate, kWho, kConvened, kPresent, kMembers, kQuorum, kQuorumMet,
  kQuorumNotMet, kQuorumNone,
  kBallots, kIssued, kCast, kUnused, kBlank,
  kCounts, kRuleLine, kShareOf, kName, kVotes, kShare,
  kOutcome, kStatus, kReason, kFlags,
  kStatusSelected, kStatusCarriedForward, kStatusNotSelected,
  kStatusRemovalProposed, kStatusKept, kStatusNeedsDecision,
  kVerification, kSealFingerprint, kTemplateDigest, kBallotBoxDigest,
  kBoxKeyDigest, kSealedAt, kOpenedAt, kClosedAt, kCountedAt, kTrustees,
  kOpenedBy, kHallServer, kRecipient,
  kSignatures, kRoleHead, kRoleMember, kRoleSecretary, kSignHint,
  kFooter, kFooterRequest, kTimeValue, kDateValue,
  kSlipsTitle, kSlipsRehearsal, kRehearsalBadge, kSlipsSecret, kSlipsCount, kSlipsPages, kVoterClass,
  kSlipsHowTo, kSlipsHandedOut, kSlipsDestroyed, kRolePrinted,
  kRoleReceived, kSlipRound, kSlipHint, kSlipSeal, kSlipsFooter,
  kAttendanceTitle, kPresentTitle, kAttendanceRehearsal, kOrdinal,
  kPersonId, kGroup, kSignHere, kPresentMark, kConvenedCount,
  kPresentCount, kAttendanceHint, kAttendanceFooter, kRoleChair,
  kMeetingTitle, kMeetingFooter, kStepRecordTitle, kRecordText, kRecordDates,
  kRecordDocuments, kRecordedAt, kSealedEntry, kCancelledEntry,
  kUnfinishedEntry, kMinutesDigest, kNothingYet,
  kClassCounts, kClassLine, kClassDeciding, kClassAdvisory, kClassMerged,
  kClassNotOpened, kClassNoBallots, kClassIssued,
  kCount  // not a term: the number of terms
};

std::string_view Term(T term, rules::Language lang);
// `text` with {0}, {1}, ... replaced by `args`.
std::string Fill(std::string_view text, std::initializer_list<std::string> args);
inline std::string Term(T term, rules::Language lang,
                        std::initializer_list<std::string> args) {
  return Fill(Term(term, lang), args);
}

}  // namespace hall::paper

#endif  // HALL_PAPER_SRC_TERMS_H_
