#include "present.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/credential.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules_text.h"
#include "qr.h"

namespace hall::kiosk {
namespace {

constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

rules::Language RulesLanguage(Lang lang) {
  switch (lang) {
    case Lang::kVi:
      return rules::Language::kVi;
    case Lang::kZh:
      return rules::Language::kZh;
    case Lang::kEn:
      return rules::Language::kEn;
  }
  return rules::Language::kEn;
}

std::string Num(std::uint64_t n) { return std::to_string(n); }

Button MakeButton(std::string id, std::string label, Intent intent,
                  bool enabled = true, bool primary = false,
                  bool selected = false) {
  Button b;
  b.id = std::move(id);
  b.label = std::move(label);
  b.on_press = intent;
  b.enabled = enabled;
  b.primary = primary;
  b.selected = selected;
  return b;
}

Intent Do(Action a, int person = 0, int level = 0) {
  Intent i;
  i.action = a;
  i.person = person;
  i.level = level;
  return i;
}

std::vector<Msg> LevelLabels(crypto::BallotKind kind) {
  switch (kind) {
    case crypto::BallotKind::kNominate:
      return {Msg::kChoose};
    case crypto::BallotKind::kApprove:
      return {Msg::kAgree, Msg::kDisagree};
    case crypto::BallotKind::kRate3:
      return {Msg::kRateHigh, Msg::kRateMedium, Msg::kRateLow};
    case crypto::BallotKind::kRate4:
      return {Msg::kRateExcellent, Msg::kRateCompetent, Msg::kRateBasic,
              Msg::kRateIncompetent};
    case crypto::BallotKind::kYesNoAbstain:
      return {Msg::kAgree, Msg::kDisagree, Msg::kAbstain};
  }
  return {};
}

ChromeVm Chrome(const KioskState& st, const PresentContext& cx) {
  const SessionState& s = *st.session;
  ChromeVm c;
  c.lang = s.lang;
  c.theme = s.theme;
  c.text_size = s.text_size;
  if (st.status) c.meeting_title = st.status->meeting_title;
  if (st.ballot) {
    c.meeting_title = st.ballot->meeting_title;
    c.step_title = st.ballot->StepTitle(RulesLanguage(s.lang));
    c.seal_line = Format(Msg::kSealedBy, s.lang,
                         {cx.committee.empty()
                              ? std::string(Text(Msg::kTheCommittee, s.lang))
                              : cx.committee,
                          cx.fingerprint});
  }
  std::vector<Lang> order = {cx.meeting_language};
  for (Lang l : kAllLangs) {
    if (l != cx.meeting_language) order.push_back(l);
  }
  for (Lang l : order) {
    static constexpr const char* kIds[] = {"lang-vi", "lang-zh", "lang-en"};
    c.languages.push_back(MakeButton(kIds[static_cast<int>(l)],
                                     std::string(Text(Msg::kLanguageName, l)),
                                     Do(Action::kLanguage, 0,
                                        static_cast<int>(l)),
                                     true, false, l == s.lang));
  }
  c.theme_button =
      MakeButton("theme", std::string(Text(Msg::kTheme, s.lang)),
                 Do(Action::kNextTheme));
  c.text_size_button =
      MakeButton("text-size", std::string(Text(Msg::kTextSize, s.lang)),
                 Do(Action::kNextTextSize));
  return c;
}

std::string ChoiceText(const KioskState& st, std::size_t person,
                       const std::vector<crypto::Mark>& marks, int nominate,
                       Lang lang) {
  const auto kind = st.ballot->kind;
  if (kind == crypto::BallotKind::kNominate) {
    return std::string(Text(
        nominate == static_cast<int>(person) ? Msg::kChosen : Msg::kNotMarked,
        lang));
  }
  const crypto::Mark& m = marks[person];
  if (!m) return std::string(Text(Msg::kNotMarked, lang));
  return std::string(Text(LevelLabels(kind)[*m], lang));
}

std::vector<ReviewRowVm> ChoiceRows(const KioskState& st,
                                    const std::vector<crypto::Mark>& marks,
                                    int nominate, Lang lang,
                                    bool with_change) {
  std::vector<ReviewRowVm> rows;
  const auto& b = *st.ballot;
  if (b.kind == crypto::BallotKind::kNominate) {
    ReviewRowVm row;
    if (nominate >= 0) {
      row.name = b.persons[static_cast<std::size_t>(nominate)];
      row.choice = std::string(Text(Msg::kChosen, lang));
    } else {
      row.choice = std::string(Text(Msg::kBlankChoice, lang));
    }
    if (with_change) {
      row.change = MakeButton("change-0", std::string(Text(Msg::kChange, lang)),
                              Do(Action::kChange, std::max(0, nominate)));
    }
    rows.push_back(std::move(row));
    return rows;
  }
  for (std::size_t p = 0; p < b.persons.size(); ++p) {
    ReviewRowVm row;
    row.name = b.persons[p];
    row.choice = ChoiceText(st, p, marks, nominate, lang);
    if (with_change) {
      row.change = MakeButton("change-" + Num(p),
                              std::string(Text(Msg::kChange, lang)),
                              Do(Action::kChange, static_cast<int>(p)));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

IdleVm PresentIdle(const KioskState& st, Lang lang) {
  IdleVm v;
  switch (st.screen) {
    case Screen::kConnecting:
      if (!st.connected && !st.connection_problem.empty()) {
        v.headline = Text(Msg::kUnreachable, lang);
        v.body = Text(Msg::kUnreachableWhat, lang);
      } else {
        v.headline = Text(Msg::kConnecting, lang);
      }
      break;
    case Screen::kNoRound:
      v.headline = Text(Msg::kNoRoundHeadline, lang);
      v.body = Text(Msg::kNoRoundBody, lang);
      break;
    default:
      v.headline = Text(Msg::kIdleHeadline, lang);
      v.body = Text(Msg::kIdleBody, lang);
      v.start = MakeButton("start", std::string(Text(Msg::kStart, lang)),
                           Do(Action::kStart), true, true);
      break;
  }
  return v;
}

CodeEntryVm PresentCode(const SessionState& s) {
  const Lang lang = s.lang;
  CodeEntryVm v;
  v.prompt = Format(Msg::kCodePrompt, lang,
                    {Num(crypto::CredentialCode::kSymbols)});
  v.group_sizes = CodeGroupSizes();
  std::size_t at = 0;
  for (std::size_t size : v.group_sizes) {
    const std::size_t end = std::min(s.code.size(), at + size);
    v.groups.push_back(at < end ? s.code.substr(at, end - at) : "");
    at += size;
  }
  if (s.code_problem) {
    v.problem = Format(*s.code_problem, lang, {s.code_problem_arg});
  }
  for (char c : kCodeAlphabet) {
    Intent i = Do(Action::kSymbol);
    i.symbol = c;
    v.keys.push_back(MakeButton(std::string("key-") + c, std::string(1, c), i));
  }
  v.backspace = MakeButton("backspace", std::string(Text(Msg::kBackspace, lang)),
                           Do(Action::kBackspace), !s.code.empty());
  v.clear = MakeButton("clear", std::string(Text(Msg::kClear, lang)),
                       Do(Action::kClearCode), !s.code.empty());
  v.submit = MakeButton(
      "submit", std::string(Text(Msg::kContinue, lang)), Do(Action::kSubmitCode),
      true, s.code.size() == crypto::CredentialCode::kSymbols);
  v.cancel = MakeButton("cancel", std::string(Text(Msg::kCancel, lang)),
                        Do(Action::kCancel));
  return v;
}

BallotVm PresentBallot(const KioskState& st, const PresentContext& cx) {
  const SessionState& s = *st.session;
  const Lang lang = s.lang;
  const auto& b = *st.ballot;
  BallotVm v;
  switch (b.kind) {
    case crypto::BallotKind::kNominate:
      v.instructions = Text(Msg::kInstrNominate, lang);
      break;
    case crypto::BallotKind::kApprove:
      v.instructions = b.max_agree ? Format(Msg::kInstrApproveMax, lang,
                                            {Num(*b.max_agree)})
                                   : std::string(Text(Msg::kInstrApprove, lang));
      {
        const auto agreed = static_cast<std::uint64_t>(
            std::count(s.marks.begin(), s.marks.end(), crypto::Mark(0u)));
        v.counter = b.max_agree ? Format(Msg::kAgreedMax, lang,
                                         {Num(agreed), Num(*b.max_agree)})
                                : Format(Msg::kAgreedCount, lang, {Num(agreed)});
      }
      break;
    case crypto::BallotKind::kRate3:
    case crypto::BallotKind::kRate4:
      v.instructions = Text(Msg::kInstrRate, lang);
      break;
    case crypto::BallotKind::kYesNoAbstain:
      v.instructions = Text(Msg::kInstrYesNo, lang);
      break;
  }
  const std::size_t n = b.persons.size();
  const std::size_t per_page =
      static_cast<std::size_t>(std::max(1, cx.persons_per_page));
  const std::size_t pages = (n + per_page - 1) / per_page;
  const std::size_t first = static_cast<std::size_t>(s.page) * per_page;
  const std::size_t last = std::min(n, first + per_page);
  v.page_text = Format(Msg::kPageText, lang,
                       {Num(first + 1), Num(last), Num(n)});
  const std::vector<Msg> labels = LevelLabels(b.kind);
  for (std::size_t p = first; p < last; ++p) {
    PersonRowVm row;
    row.name = b.persons[p];
    row.position = Format(Msg::kPosition, lang, {Num(p + 1), Num(n)});
    for (std::size_t l = 0; l < labels.size(); ++l) {
      const bool selected =
          b.kind == crypto::BallotKind::kNominate
              ? s.nominate_choice == static_cast<int>(p)
              : s.marks[p] && *s.marks[p] == static_cast<std::uint32_t>(l);
      row.options.push_back(MakeButton(
          "mark-" + Num(p) + "-" + Num(l), std::string(Text(labels[l], lang)),
          Do(Action::kMark, static_cast<int>(p), static_cast<int>(l)), true,
          false, selected));
    }
    v.rows.push_back(std::move(row));
  }
  if (b.kind == crypto::BallotKind::kNominate) {
    v.blank = MakeButton("blank", std::string(Text(Msg::kBlankBallot, lang)),
                         Do(Action::kBlank), true, false,
                         s.nominate_choice == kBlank);
  }
  v.previous_page =
      MakeButton("page-prev", std::string(Text(Msg::kPrevious, lang)),
                 Do(Action::kPage, 0, -1), s.page > 0);
  v.next_page = MakeButton(
      "page-next", std::string(Text(Msg::kNext, lang)), Do(Action::kPage, 0, 1),
      static_cast<std::size_t>(s.page) + 1 < pages);
  v.review = MakeButton("review", std::string(Text(Msg::kReviewButton, lang)),
                        Do(Action::kToReview), true, true);
  v.cancel = MakeButton("cancel", std::string(Text(Msg::kCancel, lang)),
                        Do(Action::kCancel));
  if (s.ballot_problem) {
    v.problem = Format(*s.ballot_problem, lang, {s.ballot_problem_arg});
  }
  return v;
}

ReviewVm PresentReview(const KioskState& st) {
  const SessionState& s = *st.session;
  const Lang lang = s.lang;
  ReviewVm v;
  v.heading = Text(Msg::kReviewHeading, lang);
  v.rows = ChoiceRows(st, s.marks, s.nominate_choice, lang, true);
  const bool ready = s.prepared != nullptr;
  if (!ready) v.status = Text(Msg::kPreparing, lang);
  if (ready) v.digest = Format(Msg::kBallotDigest, lang, {s.ballot_digest});
  v.cast = MakeButton("cast", std::string(Text(Msg::kCast, lang)),
                      Do(Action::kCast), ready, true);
  v.challenge = MakeButton("challenge", std::string(Text(Msg::kChallenge, lang)),
                           Do(Action::kChallenge), ready);
  v.back = MakeButton("back", std::string(Text(Msg::kBack, lang)),
                      Do(Action::kBackToBallot));
  return v;
}

ChallengeVm PresentChallenge(const KioskState& st) {
  const SessionState& s = *st.session;
  const Lang lang = s.lang;
  ChallengeVm v;
  v.heading = Text(Msg::kChallengeHeading, lang);
  v.busy = s.challenge_busy;
  if (s.challenge_busy) {
    v.verdict = Text(Msg::kChallengeBusy, lang);
  } else {
    v.verified = s.challenge_ok;
    v.verdict = Text(s.challenge_ok ? Msg::kChallengeOk : Msg::kChallengeFailed,
                     lang);
    v.rows = ChoiceRows(st, s.challenge_marks, s.challenge_nominate, lang,
                        false);
    v.explanation = Text(Msg::kChallengeExplain, lang);
    v.digest = Format(Msg::kBallotDigest, lang, {s.ballot_digest});
  }
  v.back_to_marking =
      MakeButton("mark-again", std::string(Text(Msg::kMarkAgain, lang)),
                 Do(Action::kBackToBallot), !s.challenge_busy, true);
  return v;
}

ReceiptVm PresentReceipt(const SessionState& s) {
  const Lang lang = s.lang;
  ReceiptVm v;
  v.heading = Text(Msg::kReceiptHeading, lang);
  v.tracking_label = Text(Msg::kTrackingLabel, lang);
  if (s.receipt) {
    v.tracking_code = s.receipt->tracking_code;
    QrMatrix qr = QrOf(v.tracking_code);
    v.qr_size = qr.size;
    v.qr = std::move(qr.modules);
  }
  switch (s.inclusion) {
    case Inclusion::kNotChecked:
      break;
    case Inclusion::kChecking:
      v.inclusion = Text(Msg::kInclusionChecking, lang);
      break;
    case Inclusion::kProven:
      v.inclusion_proven = true;
      v.inclusion = Format(Msg::kInclusionOk, lang,
                           {Num(s.inclusion_index + 1), s.inclusion_head});
      break;
    case Inclusion::kFailed:
      v.inclusion_failed = true;
      v.inclusion = Text(Msg::kInclusionFailed, lang);
      break;
  }
  v.check = MakeButton("check-inclusion",
                       std::string(Text(Msg::kCheckInclusion, lang)),
                       Do(Action::kCheckInclusion),
                       s.inclusion != Inclusion::kChecking);
  v.done = MakeButton("done", std::string(Text(Msg::kDone, lang)),
                      Do(Action::kDone), true, true);
  return v;
}

MessageVm PresentMessage(const SessionState& s) {
  const Lang lang = s.lang;
  MessageVm v;
  v.kind = s.message.kind;
  v.title = Text(s.message.title, lang);
  v.body = Text(s.message.body, lang);
  v.what_to_do = Text(s.message.what_to_do, lang);
  if (s.message.dismissable) {
    v.dismiss = MakeButton("dismiss", std::string(Text(Msg::kUnderstood, lang)),
                           Do(Action::kDone), true, !s.prepared);
  }
  if (s.message.kind == MessageKind::kUncertain && s.prepared) {
    v.retry = MakeButton("retry", std::string(Text(Msg::kTryAgain, lang)),
                         Do(Action::kCast), true, true);
  }
  return v;
}

std::string Elapsed(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld",
                static_cast<long long>(seconds / 3600),
                static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60));
  return buf;
}

Msg StateMsg(const std::string& state) {
  if (state == "sealed") return Msg::kStateSealed;
  if (state == "open") return Msg::kStateOpen;
  if (state == "closed") return Msg::kStateClosed;
  if (state == "tallied") return Msg::kStateTallied;
  if (state == "minutes_sealed") return Msg::kStateMinutesSealed;
  if (state == "announced") return Msg::kStateAnnounced;
  return Msg::kStateNoRound;
}

Msg StatusMsg(rules::OutcomeStatus status) {
  switch (status) {
    case rules::OutcomeStatus::kSelected:
      return Msg::kStatusSelected;
    case rules::OutcomeStatus::kCarriedForward:
      return Msg::kStatusCarriedForward;
    case rules::OutcomeStatus::kNotSelected:
      return Msg::kStatusNotSelected;
    case rules::OutcomeStatus::kRemovalProposed:
      return Msg::kStatusRemovalProposed;
    case rules::OutcomeStatus::kKept:
      return Msg::kStatusKept;
    case rules::OutcomeStatus::kNeedsDecision:
      return Msg::kStatusNeedsDecision;
  }
  return Msg::kStatusNotSelected;
}

}  // namespace

std::vector<std::size_t> CodeGroupSizes() {
  std::vector<std::size_t> sizes;
  std::size_t left = crypto::CredentialCode::kSymbols;
  while (left > 0) {
    sizes.push_back(std::min<std::size_t>(4, left));
    left -= sizes.back();
  }
  return sizes;
}

Lang MeetingLanguageOf(const std::string& procedure_id, Lang fallback) {
  const rules::Procedure* p = rules::Catalog::Builtin().Find(procedure_id);
  if (!p) return fallback;
  const auto& t = p->title.by_language;
  if (t.count("zh") && !t.count("vi")) return Lang::kZh;
  if (t.count("vi")) return Lang::kVi;
  return fallback;
}

ViewModel Present(const KioskState& st, const MachineOptions& options,
                  const PresentContext& cx) {
  const SessionState& s = *st.session;
  ViewModel vm;
  vm.screen = st.screen;
  vm.chrome = Chrome(st, cx);
  switch (st.screen) {
    case Screen::kConnecting:
    case Screen::kNoRound:
    case Screen::kIdle:
      vm.body = PresentIdle(st, s.lang);
      break;
    case Screen::kCodeEntry:
      vm.body = PresentCode(s);
      break;
    case Screen::kBallot:
      vm.body = PresentBallot(st, cx);
      break;
    case Screen::kReview:
      vm.body = PresentReview(st);
      break;
    case Screen::kChallenge:
      vm.body = PresentChallenge(st);
      break;
    case Screen::kCasting: {
      CastingVm c;
      c.text = Text(Msg::kCasting, s.lang);
      vm.body = std::move(c);
      break;
    }
    case Screen::kReceipt:
      vm.body = PresentReceipt(s);
      break;
    case Screen::kMessage:
      vm.body = PresentMessage(s);
      break;
    case Screen::kDisplay:
      return PresentDisplay(st, cx);
  }
  if (s.still_voting_since) {
    StillVotingVm sv;
    const auto left = options.still_voting_grace - (cx.now - *s.still_voting_since);
    sv.seconds_left = static_cast<int>(std::max<std::int64_t>(
        0, std::chrono::ceil<std::chrono::seconds>(left).count()));
    sv.question = Text(Msg::kStillVotingQuestion, s.lang);
    sv.countdown = Format(Msg::kStillVotingCountdown, s.lang,
                          {Num(static_cast<std::uint64_t>(sv.seconds_left))});
    sv.yes = MakeButton("still-voting",
                        std::string(Text(Msg::kStillVotingYes, s.lang)),
                        Do(Action::kStillVoting), true, true);
    vm.still_voting = std::move(sv);
  }
  return vm;
}

ViewModel PresentDisplay(const KioskState& st, const PresentContext& cx) {
  const Lang lang = cx.meeting_language;
  ViewModel vm;
  vm.screen = Screen::kDisplay;
  vm.chrome.lang = lang;
  DisplayVm d;
  if (!st.connected) d.connection = Text(Msg::kDisplayDisconnected, lang);
  if (!st.status || st.status->meeting_id == 0) {
    d.meeting_title = Text(Msg::kDisplayNoMeeting, lang);
    vm.body = std::move(d);
    return vm;
  }
  const shared::StatusResponse& s = *st.status;
  d.meeting_title = s.meeting_title;
  if (const rules::Procedure* p = rules::Catalog::Builtin().Find(s.procedure)) {
    d.procedure = p->code + " · " +
                  p->title.Get(rules::LanguageName(RulesLanguage(lang)));
  } else {
    d.procedure = s.procedure;
  }
  d.attendance = Format(Msg::kDisplayAttendance, lang,
                        {Num(s.present), Num(s.convened)});
  d.quorum_met = s.quorum.met;
  const shared::QuorumRule& q = s.quorum;
  const Msg of = q.of == "members"   ? Msg::kQuorumOfMembers
                 : q.of == "present" ? Msg::kQuorumOfPresent
                                     : Msg::kQuorumOfConvened;
  const std::string rule = Format(
      Msg::kQuorumRule, lang,
      {Text(q.compare == ">" ? Msg::kQuorumMoreThan : Msg::kQuorumAtLeast, lang),
       Num(q.num) + "/" + Num(q.den), Num(q.base), Text(of, lang),
       Num(s.quorum_required)});
  d.quorum = q.num == 0 ? Format(Msg::kQuorumNone, lang, {Num(s.present)})
             : d.quorum_met
                 ? Format(Msg::kDisplayQuorumMet, lang, {rule})
                 : Format(Msg::kDisplayQuorumShort, lang,
                          {rule, Num(s.quorum_required > s.present
                                         ? s.quorum_required - s.present
                                         : 0)});
  for (const shared::AlertSummary& a : s.latest_alerts) {
    const Msg kind =
        a.kind == shared::AlertKind::kTemplateSealInvalid ? Msg::kAlertKindSeal
        : a.kind == shared::AlertKind::kInclusionCheckFailed
            ? Msg::kAlertKindInclusion
            : Msg::kAlertKindChallenge;
    d.alerts.push_back(
        Format(Msg::kDisplayAlert, lang, {a.kiosk, Text(kind, lang)}));
  }
  if (s.alerts > s.latest_alerts.size()) {
    d.alerts.push_back(Format(Msg::kDisplayAlerts, lang, {Num(s.alerts)}));
  }
  if (!s.round) {
    d.state = Text(Msg::kStateNoRound, lang);
    vm.body = std::move(d);
    return vm;
  }
  const shared::RoundStatus& r = *s.round;
  d.step = Format(Msg::kDisplayStep, lang,
                  {r.step, r.StepTitle(RulesLanguage(lang))});
  if (r.opened_at_unix > 0) {
    // The server's clock, moved on by the time since its status came.
    const std::int64_t now =
        static_cast<std::int64_t>(s.server_time_unix) + cx.status_age_s;
    const std::int64_t until = r.closed_at_unix > 0
                                   ? static_cast<std::int64_t>(r.closed_at_unix)
                                   : now;
    d.clock = Format(Msg::kDisplayClock, lang,
                     {Elapsed(until - static_cast<std::int64_t>(r.opened_at_unix))});
  }
  d.state = Text(StateMsg(r.state), lang);
  d.turnout = Format(Msg::kDisplayTurnout, lang, {Num(r.cast), Num(r.issued)});
  d.turnout_fraction =
      r.issued ? static_cast<double>(r.cast) / static_cast<double>(r.issued)
               : 0.0;
  crypto::Digest head;
  std::copy(r.board_head.begin(), r.board_head.end(), head.begin());
  d.board_head = Format(Msg::kDisplayBoardHead, lang, {crypto::TrackingCode(head)});
  if (!r.minutes_digest.empty()) {
    d.minutes_digest = Format(Msg::kDisplayMinutes, lang,
                              {r.minutes_digest.substr(0, 16)});
  }
  // Counts only for a round announced as such, whatever else a server sends.
  d.announced = r.disclosure == "announced" && r.state == "announced" &&
                !r.announced_outcome.empty();
  if (d.announced) {
    auto result = rules::ParseRoundResult(r.announced_outcome);
    if (result.ok()) {
      std::int64_t longest = 1;
      for (const auto& o : result->outcomes)
        longest = std::max(longest, o.votes.value_or(0));
      for (const auto& o : result->outcomes) {
        DisplayBarVm bar;
        bar.name = o.candidate;
        bar.count = o.votes ? std::to_string(*o.votes) : "";
        bar.fraction = static_cast<double>(o.votes.value_or(0)) /
                       static_cast<double>(longest);
        bar.status = Text(StatusMsg(o.status), lang);
        bar.reason = rules::RenderReason(o.reason, RulesLanguage(lang));
        d.results.push_back(std::move(bar));
      }
    } else {
      d.announced = false;
    }
  } else if (r.disclosure == "sealed") {
    d.results.clear();
    d.minutes_digest = d.minutes_digest.empty()
                           ? std::string(Text(Msg::kDisplaySealedNote, lang))
                           : d.minutes_digest + " · " +
                                 std::string(Text(Msg::kDisplaySealedNote, lang));
  }
  vm.body = std::move(d);
  return vm;
}

}  // namespace hall::kiosk
