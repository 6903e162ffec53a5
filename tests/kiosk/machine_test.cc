// The kiosk's state machine, every screen and transition, with real
// templates, real ballot codes and real prepared and spoiled ballots (the
// worker's part is done here by calling the same client functions).
#include "machine.h"

#include <gtest/gtest.h>

#include <chrono>

#include "hall/shared/client/voting_client.h"
#include "kiosk_test_util.h"

namespace hall::kiosk {
namespace {

using namespace std::chrono_literals;
using crypto::BallotKind;
using testing::Do;
using testing::Find;
using testing::Type;

class MachineTest : public ::testing::Test {
 protected:
  MachineTest() : machine_(Options()) {}

  static MachineOptions Options() {
    MachineOptions o;
    o.idle_timeout = 120s;
    o.still_voting_grace = 30s;
    o.receipt_timeout = 60s;
    o.persons_per_page = 4;
    return o;
  }

  // Connected, round 7 open, its template verified: the idle screen.
  void OpenRound(const shared::BallotTemplate& t) {
    ballot_ = t;
    auto effects =
        machine_.OnEvent(StatusArrived{testing::OpenStatus(t.round_id)}, now_);
    const FetchTemplate* fetch = Find<FetchTemplate>(effects);
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->round_id, t.round_id);
    EXPECT_EQ(machine_.state().screen, Screen::kConnecting);
    machine_.OnEvent(TemplateArrived{t.round_id, t}, now_);
    ASSERT_EQ(machine_.state().screen, Screen::kIdle);
  }

  std::vector<Effect> Post(const Intent& i) { return machine_.OnIntent(i, now_); }

  void TypeCode(const std::string& code) {
    for (char c : code) Post(Type(c));
  }

  // Idle -> code entry -> ballot with `code`.
  void EnterCode(const std::string& code) {
    Post(Do(Action::kStart));
    ASSERT_EQ(machine_.state().screen, Screen::kCodeEntry);
    TypeCode(code);
    Post(Do(Action::kSubmitCode));
    ASSERT_EQ(machine_.state().screen, Screen::kBallot)
        << static_cast<int>(*machine_.state().session->code_problem);
  }

  // Review: runs the PrepareBallot effect as the worker would.
  void Review() {
    auto effects = Post(Do(Action::kToReview));
    ASSERT_EQ(machine_.state().screen, Screen::kReview);
    const PrepareBallot* work = Find<PrepareBallot>(effects);
    ASSERT_NE(work, nullptr);
    EXPECT_TRUE(machine_.state().session->preparing);
    auto prepared = client::PrepareBallot(*work->ballot, work->code, work->marks);
    ASSERT_TRUE(prepared.ok()) << prepared.message();
    machine_.OnEvent(BallotPrepared{work->session, work->seq, std::move(prepared)}, now_);
    ASSERT_NE(machine_.state().session->prepared, nullptr);
  }

  shared::Receipt FakeReceipt() {
    shared::Receipt r;
    r.round_id = ballot_.round_id;
    r.index = 3;
    r.tracking_code = "K3QM0-ZD4XW";
    return r;
  }

  Machine machine_;
  shared::BallotTemplate ballot_;
  Clock::time_point now_ = Clock::time_point() + 1000h;
};

TEST_F(MachineTest, ConnectingThenNoRoundThenIdle) {
  EXPECT_EQ(machine_.state().screen, Screen::kConnecting);
  machine_.OnEvent(ConnectionChanged{false, "refused"}, now_);
  EXPECT_EQ(machine_.state().screen, Screen::kConnecting);
  auto closed = testing::OpenStatus(7, "sealed");
  auto effects = machine_.OnEvent(StatusArrived{closed}, now_);
  EXPECT_EQ(machine_.state().screen, Screen::kNoRound);
  EXPECT_TRUE(effects.empty());  // no template fetched for a round not open
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 5));
  // The same status again asks for nothing more.
  effects = machine_.OnEvent(StatusArrived{testing::OpenStatus(7)}, now_);
  EXPECT_TRUE(effects.empty());
  // The round closes: back to "no vote is open".
  machine_.OnEvent(StatusArrived{testing::OpenStatus(7, "closed")}, now_);
  EXPECT_EQ(machine_.state().screen, Screen::kNoRound);
}

TEST_F(MachineTest, TemplateFailingItsSealIsNeverDrawnAndRaisesAnAlert) {
  machine_.OnEvent(StatusArrived{testing::OpenStatus(7)}, now_);
  auto effects = machine_.OnEvent(
      TemplateArrived{7, Status::Corruption("the ballot does not carry the "
                                            "organizing committee's seal")},
      now_);
  const ReportAlert* alert = Find<ReportAlert>(effects);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->kind, shared::AlertKind::kTemplateSealInvalid);
  EXPECT_EQ(alert->round_id, 7u);
  EXPECT_EQ(machine_.state().screen, Screen::kMessage);
  EXPECT_EQ(machine_.state().session->message.kind, MessageKind::kAlert);
  EXPECT_FALSE(machine_.state().session->message.dismissable);
  EXPECT_EQ(machine_.state().ballot, nullptr);
  // A delegate cannot dismiss it or start voting.
  Post(Do(Action::kDone));
  Post(Do(Action::kStart));
  EXPECT_EQ(machine_.state().screen, Screen::kMessage);
  // Further polls do not fetch the refused template again...
  effects = machine_.OnEvent(StatusArrived{testing::OpenStatus(7)}, now_);
  EXPECT_EQ(Find<FetchTemplate>(effects), nullptr);
  EXPECT_EQ(machine_.state().screen, Screen::kMessage);
  // ...and a network failure fetching is no alert: it is asked again.
  auto network = machine_.OnEvent(
      TemplateArrived{8, Status::Unavailable("connection lost")}, now_);
  EXPECT_EQ(Find<ReportAlert>(network), nullptr);
}

TEST_F(MachineTest, CodeEntryNamesTheGroupToCheck) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 5));
  Post(Do(Action::kStart));
  const std::string code = testing::NewCode();  // XXXX-XXXX-...-XXX
  // Nine symbols typed: the third group is incomplete.
  TypeCode(code.substr(0, 11));  // two groups, a dash, one more symbol
  Post(Do(Action::kSubmitCode));
  EXPECT_EQ(machine_.state().screen, Screen::kCodeEntry);
  ASSERT_TRUE(machine_.state().session->code_problem);
  EXPECT_EQ(*machine_.state().session->code_problem, Msg::kCodeIncomplete);
  EXPECT_EQ(machine_.state().session->code_problem_arg, "3");
  // A character that is not in the alphabet is named.
  Post(Type('U'));
  EXPECT_EQ(*machine_.state().session->code_problem, Msg::kCodeBadSymbol);
  EXPECT_EQ(machine_.state().session->code.size(), 9u);
  // Clear, then a mistyped symbol: the check symbol catches it.
  Post(Do(Action::kClearCode));
  EXPECT_TRUE(machine_.state().session->code.empty());
  std::string wrong = code;
  wrong[0] = wrong[0] == '7' ? '8' : '7';
  TypeCode(wrong);
  Post(Do(Action::kSubmitCode));
  EXPECT_EQ(*machine_.state().session->code_problem, Msg::kCodeMistyped);
  EXPECT_EQ(machine_.state().screen, Screen::kCodeEntry);
  // Backspace over the whole code, then the right one in lower case with
  // Crockford's aliases: accepted.
  for (int i = 0; i < 30; ++i) Post(Do(Action::kBackspace));
  EXPECT_TRUE(machine_.state().session->code.empty());
  std::string lower;
  for (char c : code) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    lower.push_back(l == '0' ? 'o' : l == '1' ? 'l' : l);
  }
  TypeCode(lower);
  Post(Do(Action::kSubmitCode));
  EXPECT_EQ(machine_.state().screen, Screen::kBallot);
}

TEST_F(MachineTest, AScannerTypesTheCodeFromIdle) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 5));
  const std::string code = testing::NewCode();
  TypeCode(code);  // with its dashes, straight from the idle screen
  EXPECT_EQ(machine_.state().screen, Screen::kCodeEntry);
  EXPECT_EQ(machine_.state().session->code.size(),
            crypto::CredentialCode::kSymbols);
  Post(Type('7'));  // more than a code holds is ignored
  EXPECT_EQ(machine_.state().session->code.size(),
            crypto::CredentialCode::kSymbols);
  Post(Do(Action::kSubmitCode));
  EXPECT_EQ(machine_.state().screen, Screen::kBallot);
}

TEST_F(MachineTest, NominateNeedsAPersonOrBlank) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 5));
  EnterCode(testing::NewCode());
  auto none = Post(Do(Action::kToReview));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(machine_.state().screen, Screen::kBallot);
  EXPECT_EQ(*machine_.state().session->ballot_problem, Msg::kMissingNominate);
  Post(Do(Action::kMark, 2));
  EXPECT_EQ(machine_.state().session->nominate_choice, 2);
  Post(Do(Action::kMark, 3));  // one person only: the choice moves
  EXPECT_EQ(machine_.state().session->nominate_choice, 3);
  Post(Do(Action::kBlank));
  EXPECT_EQ(machine_.state().session->nominate_choice, kBlank);
  Post(Do(Action::kMark, 99));  // no such person: ignored
  EXPECT_EQ(machine_.state().session->nominate_choice, kBlank);
  auto effects = Post(Do(Action::kToReview));
  const PrepareBallot* work = Find<PrepareBallot>(effects);
  ASSERT_NE(work, nullptr);
  ASSERT_EQ(work->marks.size(), 1u);
  EXPECT_FALSE(work->marks[0]);  // blank
}

TEST_F(MachineTest, ApproveCountsAgreesAndStopsAtTheMaximum) {
  OpenRound(testing::MakeTemplate(BallotKind::kApprove, 6, 7, 2));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 0, 0));
  Post(Do(Action::kMark, 1, 0));
  Post(Do(Action::kMark, 2, 0));  // a third agree: refused with a reason
  EXPECT_EQ(*machine_.state().session->ballot_problem, Msg::kTooManyAgreed);
  EXPECT_FALSE(machine_.state().session->marks[2]);
  Post(Do(Action::kMark, 2, 1));  // disagree is always reachable
  EXPECT_EQ(machine_.state().session->marks[2], crypto::Mark(1u));
  Post(Do(Action::kMark, 0, 0));  // touching agree again takes it back
  EXPECT_FALSE(machine_.state().session->marks[0]);
  Post(Do(Action::kMark, 3, 0));
  EXPECT_EQ(machine_.state().session->marks[3], crypto::Mark(0u));
  // Unmarked persons are allowed on an approve ballot.
  Review();
  EXPECT_EQ(machine_.state().screen, Screen::kReview);
}

TEST_F(MachineTest, RatingBallotsSayWhoIsNotMarkedAndTurnToTheirPage) {
  for (BallotKind kind :
       {BallotKind::kRate3, BallotKind::kRate4, BallotKind::kYesNoAbstain}) {
    SCOPED_TRACE(std::string(crypto::BallotKindName(kind)));
    Machine fresh(Options());
    std::swap(machine_, fresh);
    OpenRound(testing::MakeTemplate(kind, 9));
    EnterCode(testing::NewCode());
    const int levels = static_cast<int>(crypto::LevelsPerPerson(kind));
    for (int p = 0; p < 9; ++p) {
      if (p != 5) Post(Do(Action::kMark, p, p % levels));
    }
    Post(Do(Action::kMark, 5, levels));  // no such level: ignored
    Post(Do(Action::kPage, 0, 1));
    Post(Do(Action::kPage, 0, 1));
    EXPECT_EQ(machine_.state().session->page, 2);
    Post(Do(Action::kPage, 0, 1));  // past the last page: stays
    EXPECT_EQ(machine_.state().session->page, 2);
    auto effects = Post(Do(Action::kToReview));
    EXPECT_EQ(Find<PrepareBallot>(effects), nullptr);
    EXPECT_EQ(*machine_.state().session->ballot_problem, Msg::kMissingLevels);
    EXPECT_EQ(machine_.state().session->ballot_problem_arg,
              ballot_.persons[5]);
    EXPECT_EQ(machine_.state().session->page, 1);  // person 6 is on page 2
    Post(Do(Action::kMark, 5, levels - 1));
    Review();
  }
}

TEST_F(MachineTest, CastShowsTheReceiptAndWipesTheBallot) {
  OpenRound(testing::MakeTemplate(BallotKind::kYesNoAbstain, 3));
  EnterCode(testing::NewCode());
  for (int p = 0; p < 3; ++p) Post(Do(Action::kMark, p, 2 - p));
  // Cast is not possible before the ballot is prepared.
  auto review = Post(Do(Action::kToReview));
  const PrepareBallot* work = Find<PrepareBallot>(review);
  ASSERT_NE(work, nullptr);
  EXPECT_TRUE(Post(Do(Action::kCast)).empty());
  EXPECT_EQ(machine_.state().screen, Screen::kReview);
  auto prepared = client::PrepareBallot(*work->ballot, work->code, work->marks);
  ASSERT_TRUE(prepared.ok());
  const crypto::Bytes envelope = prepared->envelope();
  machine_.OnEvent(BallotPrepared{work->session, work->seq, std::move(prepared)}, now_);
  auto cast = Post(Do(Action::kCast));
  const CastBallot* c = Find<CastBallot>(cast);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->prepared->envelope(), envelope);
  EXPECT_EQ(machine_.state().screen, Screen::kCasting);
  // Casting ignores the delegate's touches and the idle timeout.
  Post(Do(Action::kCancel));
  EXPECT_EQ(machine_.state().screen, Screen::kCasting);
  now_ += 10min;
  machine_.OnTick(now_);
  EXPECT_EQ(machine_.state().screen, Screen::kCasting);
  EXPECT_FALSE(machine_.state().session->code.empty());
  CastFinished done;
  done.session = c->session;
  done.receipt = FakeReceipt();
  machine_.OnEvent(std::move(done), now_);
  EXPECT_EQ(machine_.state().screen, Screen::kReceipt);
  EXPECT_TRUE(machine_.state().session->code.empty());
  EXPECT_TRUE(machine_.state().session->marks.empty());
  EXPECT_EQ(machine_.state().session->prepared, nullptr);
  // "Check my ballot is in the box".
  auto check = Post(Do(Action::kCheckInclusion));
  const CheckInclusion* ci = Find<CheckInclusion>(check);
  ASSERT_NE(ci, nullptr);
  EXPECT_EQ(ci->envelope, envelope);
  EXPECT_EQ(ci->receipt.tracking_code, "K3QM0-ZD4XW");
  client::Inclusion proven;
  proven.index = 3;
  machine_.OnEvent(InclusionChecked{ci->session, proven}, now_);
  EXPECT_EQ(machine_.state().session->inclusion, Inclusion::kProven);
  // The receipt returns to idle by itself.
  const std::uint64_t session = machine_.state().session->id;
  now_ += 61s;
  machine_.OnTick(now_);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
  EXPECT_EQ(machine_.state().session->id, session + 1);
  EXPECT_FALSE(machine_.state().session->receipt);
}

TEST_F(MachineTest, ChallengeSpoilsShowsAndReturnsToMarkingWithTheSameCode) {
  OpenRound(testing::MakeTemplate(BallotKind::kApprove, 4));
  const std::string code = testing::NewCode();
  EnterCode(code);
  Post(Do(Action::kMark, 0, 0));
  Post(Do(Action::kMark, 1, 1));
  Post(Do(Action::kMark, 3, 0));
  Review();
  auto effects = Post(Do(Action::kChallenge));
  EXPECT_EQ(Find<CastBallot>(effects), nullptr);
  const ChallengeBallot* ch = Find<ChallengeBallot>(effects);
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(machine_.state().screen, Screen::kChallenge);
  EXPECT_EQ(machine_.state().session->prepared, nullptr);  // never cast
  EXPECT_TRUE(Post(Do(Action::kCast)).empty());
  // The worker's part.
  crypto::SpoiledBallot spoiled = ch->prepared->Spoil();
  ChallengeFinished done;
  done.session = ch->session;
  done.verified =
      client::VerifySpoiledBallot(*ch->ballot, ch->prepared->ballot(), spoiled);
  done.plaintext = spoiled.plaintext;
  auto after = machine_.OnEvent(std::move(done), now_);
  EXPECT_TRUE(after.empty());  // no alert
  EXPECT_TRUE(machine_.state().session->challenge_ok);
  Post(Do(Action::kBackToBallot));
  EXPECT_EQ(machine_.state().screen, Screen::kBallot);
  EXPECT_EQ(machine_.state().session->marks[0], crypto::Mark(0u));
  EXPECT_EQ(machine_.state().session->marks[1], crypto::Mark(1u));
  // The same code prepares a new ballot.
  Review();
}

TEST_F(MachineTest, AChallengeShowingOtherChoicesAlertsTheCommittee) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 4));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 1));
  Review();
  auto effects = Post(Do(Action::kChallenge));
  const ChallengeBallot* ch = Find<ChallengeBallot>(effects);
  ASSERT_NE(ch, nullptr);
  crypto::SpoiledBallot spoiled = ch->prepared->Spoil();
  ChallengeFinished done;
  done.session = ch->session;
  done.verified = Status::Ok();
  done.plaintext = {0, 0, 1, 0};  // a kiosk that encrypted person 3
  auto after = machine_.OnEvent(std::move(done), now_);
  const ReportAlert* alert = Find<ReportAlert>(after);
  ASSERT_NE(alert, nullptr);
  EXPECT_EQ(alert->kind, shared::AlertKind::kSpoiledCheckFailed);
  EXPECT_FALSE(machine_.state().session->challenge_ok);
  EXPECT_EQ(machine_.state().session->challenge_nominate, 2);
}

TEST_F(MachineTest, IdleTimeoutAsksThenWipesCodeAndMarks) {
  OpenRound(testing::MakeTemplate(BallotKind::kApprove, 4));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 0, 0));
  const std::uint64_t session = machine_.state().session->id;
  now_ += 119s;
  machine_.OnTick(now_);
  EXPECT_FALSE(machine_.state().session->still_voting_since);
  now_ += 1s;
  EXPECT_EQ(machine_.NextDeadline(now_), now_);
  machine_.OnTick(now_);
  ASSERT_TRUE(machine_.state().session->still_voting_since);
  EXPECT_EQ(machine_.state().screen, Screen::kBallot);
  // "Yes, I am still voting" keeps everything.
  Post(Do(Action::kStillVoting));
  EXPECT_FALSE(machine_.state().session->still_voting_since);
  EXPECT_EQ(machine_.state().session->marks[0], crypto::Mark(0u));
  // Walk away: asked, then wiped after the grace period.
  now_ += 120s;
  machine_.OnTick(now_);
  now_ += 29s;
  machine_.OnTick(now_);
  EXPECT_EQ(machine_.state().screen, Screen::kBallot);
  now_ += 1s;
  machine_.OnTick(now_);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
  EXPECT_EQ(machine_.state().session->id, session + 1);
  EXPECT_TRUE(machine_.state().session->code.empty());
  EXPECT_TRUE(machine_.state().session->marks.empty());
  EXPECT_EQ(machine_.state().session->nominate_choice, kNoChoice);
}

TEST_F(MachineTest, TheTimeoutAlsoAppliesToCodeEntryAndReview) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 4));
  Post(Do(Action::kStart));
  TypeCode("ABCD");
  now_ += 150s;
  machine_.OnTick(now_);
  now_ += 30s;
  machine_.OnTick(now_);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
  EXPECT_TRUE(machine_.state().session->code.empty());
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 0));
  Review();
  now_ += 120s;
  machine_.OnTick(now_);
  now_ += 30s;
  machine_.OnTick(now_);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
  EXPECT_EQ(machine_.state().session->prepared, nullptr);
}

TEST_F(MachineTest, StaleResultsOfAnEndedSessionAreDropped) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 4));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 0));
  auto effects = Post(Do(Action::kToReview));
  const PrepareBallot* work = Find<PrepareBallot>(effects);
  ASSERT_NE(work, nullptr);
  auto prepared = client::PrepareBallot(*work->ballot, work->code, work->marks);
  ASSERT_TRUE(prepared.ok());
  const std::uint64_t old_session = work->session;
  const std::uint64_t old_seq = work->seq;
  Post(Do(Action::kCancel));  // the delegate leaves while it is prepared
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
  machine_.OnEvent(BallotPrepared{old_session, old_seq, std::move(prepared)}, now_);
  EXPECT_EQ(machine_.state().session->prepared, nullptr);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
  CastFinished late;
  late.session = old_session;
  late.receipt = FakeReceipt();
  machine_.OnEvent(std::move(late), now_);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
}

TEST_F(MachineTest, OnlyTheBallotOfTheLatestReviewIsKept) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 4));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 0));
  auto first = Post(Do(Action::kToReview));
  const PrepareBallot* old_work = Find<PrepareBallot>(first);
  ASSERT_NE(old_work, nullptr);
  auto old_ballot =
      client::PrepareBallot(*old_work->ballot, old_work->code, old_work->marks);
  ASSERT_TRUE(old_ballot.ok());
  const std::uint64_t old_seq = old_work->seq;
  // Change to person 2 and review again before the first one is ready.
  Post(Do(Action::kChange, 0));
  Post(Do(Action::kMark, 2));
  auto second = Post(Do(Action::kToReview));
  const PrepareBallot* work = Find<PrepareBallot>(second);
  ASSERT_NE(work, nullptr);
  machine_.OnEvent(
      BallotPrepared{work->session, old_seq, std::move(old_ballot)}, now_);
  EXPECT_EQ(machine_.state().session->prepared, nullptr);  // the old marks
  auto fresh = client::PrepareBallot(*work->ballot, work->code, work->marks);
  ASSERT_TRUE(fresh.ok());
  machine_.OnEvent(BallotPrepared{work->session, work->seq, std::move(fresh)},
                   now_);
  ASSERT_NE(machine_.state().session->prepared, nullptr);
  EXPECT_EQ(work->marks[0], crypto::Mark(2u));
}

TEST_F(MachineTest, ANewTemplateDuringASessionWaitsForItsEnd) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 3));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 1));
  auto next = testing::MakeTemplate(BallotKind::kRate4, 6, /*round_id=*/8);
  machine_.OnEvent(StatusArrived{testing::OpenStatus(8)}, now_);
  machine_.OnEvent(TemplateArrived{8, next}, now_);
  EXPECT_EQ(machine_.state().ballot->round_id, 7u);  // the delegate's ballot
  Post(Do(Action::kMark, 5, 3));  // out of range for it: ignored
  EXPECT_EQ(machine_.state().session->nominate_choice, 1);
  Post(Do(Action::kCancel));
  EXPECT_EQ(machine_.state().ballot->round_id, 8u);
  EXPECT_EQ(machine_.state().screen, Screen::kIdle);
}

TEST_F(MachineTest, AnUncertainCastCanSendTheSameBallotAgain) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 3));
  EnterCode(testing::NewCode());
  Post(Do(Action::kMark, 1));
  Review();
  auto cast = Post(Do(Action::kCast));
  const CastBallot* c = Find<CastBallot>(cast);
  ASSERT_NE(c, nullptr);
  const crypto::Bytes envelope = c->prepared->envelope();
  CastFinished lost;
  lost.session = c->session;
  lost.receipt = Status::Unavailable("no answer");
  machine_.OnEvent(std::move(lost), now_);
  EXPECT_EQ(machine_.state().session->message.kind, MessageKind::kUncertain);
  ASSERT_NE(machine_.state().session->prepared, nullptr);
  auto again = Post(Do(Action::kCast));
  const CastBallot* retry = Find<CastBallot>(again);
  ASSERT_NE(retry, nullptr);
  EXPECT_EQ(retry->prepared->envelope(), envelope);  // the same bytes
  EXPECT_EQ(machine_.state().screen, Screen::kCasting);
}

TEST_F(MachineTest, RefusalsMapToTheirScreens) {
  struct Case {
    std::optional<shared::ErrorCode> code;
    MessageKind kind;
    Msg title;
  };
  const Case cases[] = {
      {shared::ErrorCode::kAlreadyUsed, MessageKind::kRefusal, Msg::kUsedTitle},
      {shared::ErrorCode::kNotFound, MessageKind::kRefusal, Msg::kUnknownTitle},
      {shared::ErrorCode::kWrongState, MessageKind::kRefusal,
       Msg::kClosedTitle},
      {shared::ErrorCode::kRefused, MessageKind::kRefusal, Msg::kInvalidTitle},
      {static_cast<shared::ErrorCode>(99), MessageKind::kRefusal,
       Msg::kInvalidTitle},
      {shared::ErrorCode::kUnavailable, MessageKind::kUncertain,
       Msg::kUncertainTitle},
      {std::nullopt, MessageKind::kUncertain, Msg::kUncertainTitle},
  };
  for (const Case& k : cases) {
    Machine fresh(Options());
    std::swap(machine_, fresh);
    OpenRound(testing::MakeTemplate(BallotKind::kNominate, 3));
    EnterCode(testing::NewCode());
    Post(Do(Action::kMark, 1));
    Review();
    auto cast = Post(Do(Action::kCast));
    const CastBallot* c = Find<CastBallot>(cast);
    ASSERT_NE(c, nullptr);
    CastFinished done;
    done.session = c->session;
    done.receipt = Status::PermissionDenied("refused");
    done.refusal = k.code;
    machine_.OnEvent(std::move(done), now_);
    EXPECT_EQ(machine_.state().screen, Screen::kMessage);
    EXPECT_EQ(machine_.state().session->message.kind, k.kind);
    EXPECT_EQ(machine_.state().session->message.title, k.title);
    // An uncertain cast keeps its ballot to send again; a refusal drops it.
    EXPECT_EQ(machine_.state().session->prepared != nullptr,
              k.kind == MessageKind::kUncertain);
    Post(Do(Action::kDone));
    EXPECT_EQ(machine_.state().screen, Screen::kIdle);
    EXPECT_TRUE(machine_.state().session->code.empty());
    EXPECT_EQ(machine_.state().session->prepared, nullptr);
  }
}

TEST_F(MachineTest, LanguageThemeAndTextSizeResetForTheNextDelegate) {
  OpenRound(testing::MakeTemplate(BallotKind::kNominate, 3));
  Post(Do(Action::kLanguage, 0, static_cast<int>(Lang::kZh)));
  Post(Do(Action::kNextTheme));
  Post(Do(Action::kNextTheme));
  Post(Do(Action::kNextTextSize));
  EnterCode(testing::NewCode());
  EXPECT_EQ(machine_.state().session->lang, Lang::kZh);
  EXPECT_EQ(machine_.state().session->theme, Theme::kWhiteOnBlack);
  EXPECT_EQ(machine_.state().session->text_size, 1);
  Post(Do(Action::kCancel));
  EXPECT_EQ(machine_.state().session->lang, Lang::kVi);
  EXPECT_EQ(machine_.state().session->theme, Theme::kDarkOnLight);
  EXPECT_EQ(machine_.state().session->text_size, 0);
}

TEST(MarksOfPlaintextTest, InvertsMarksToPlaintext) {
  for (BallotKind kind : crypto::kAllBallotKinds) {
    crypto::BallotSpec spec{kind, 4, std::nullopt};
    std::vector<crypto::Mark> marks;
    if (kind == BallotKind::kNominate) {
      marks = {crypto::Mark(2u)};
    } else {
      for (std::uint32_t p = 0; p < 4; ++p)
        marks.push_back(p % crypto::LevelsPerPerson(kind));
    }
    auto plain = crypto::MarksToPlaintext(spec, marks);
    ASSERT_TRUE(plain.ok());
    auto back = MarksOfPlaintext(kind, 4, *plain);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, marks);
  }
  EXPECT_FALSE(MarksOfPlaintext(BallotKind::kNominate, 3, {1, 1, 0}));
  EXPECT_FALSE(MarksOfPlaintext(BallotKind::kApprove, 2, {1, 1, 0, 0}));
  EXPECT_FALSE(MarksOfPlaintext(BallotKind::kApprove, 2, {1, 0}));
}

}  // namespace
}  // namespace hall::kiosk
