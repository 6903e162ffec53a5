#include "machine.h"

#include <algorithm>
#include <utility>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/digest.h"
#include "hall/shared/spoiled_ballot.h"

namespace hall::kiosk {
namespace {

constexpr std::string_view kCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t kGroup = 4;

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool RoundOpen(const std::optional<shared::StatusResponse>& status) {
  return status && status->round && status->round->state == "open";
}

// A typed symbol in canonical form (Crockford's aliases), or 0.
char Canonical(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') return '0';
  if (c == 'I' || c == 'L') return '1';
  return kCodeAlphabet.find(c) == std::string_view::npos ? 0 : c;
}

}  // namespace

std::optional<std::vector<crypto::Mark>> MarksOfPlaintext(
    crypto::BallotKind kind, std::size_t persons,
    const std::vector<std::uint8_t>& plaintext) {
  const std::size_t levels = crypto::LevelsPerPerson(kind);
  if (plaintext.size() != persons * levels) return std::nullopt;
  if (kind == crypto::BallotKind::kNominate) {
    crypto::Mark chosen;
    for (std::size_t p = 0; p < persons; ++p) {
      if (plaintext[p] > 1) return std::nullopt;
      if (plaintext[p] == 1) {
        if (chosen) return std::nullopt;
        chosen = static_cast<std::uint32_t>(p);
      }
    }
    return std::vector<crypto::Mark>{chosen};
  }
  std::vector<crypto::Mark> marks(persons);
  for (std::size_t p = 0; p < persons; ++p) {
    for (std::size_t l = 0; l < levels; ++l) {
      const std::uint8_t bit = plaintext[p * levels + l];
      if (bit > 1) return std::nullopt;
      if (bit == 1) {
        if (marks[p]) return std::nullopt;
        marks[p] = static_cast<std::uint32_t>(l);
      }
    }
  }
  return marks;
}

Machine::Machine(MachineOptions options) : options_(options) {
  state_.session = std::make_unique<SessionState>();
  state_.session->lang = options_.meeting_language;
}

void Machine::SetMeetingLanguage(Lang lang) {
  if (options_.meeting_language == lang) return;
  options_.meeting_language = lang;
  const bool in_session = state_.screen != Screen::kConnecting &&
                          state_.screen != Screen::kNoRound &&
                          state_.screen != Screen::kIdle;
  if (!in_session) state_.session->lang = lang;
}

std::size_t Machine::Persons() const {
  return state_.ballot ? state_.ballot->persons.size() : 0;
}

bool Machine::Marking() const {
  switch (state_.screen) {
    case Screen::kCodeEntry:
    case Screen::kBallot:
    case Screen::kReview:
    case Screen::kChallenge:
      return true;
    case Screen::kMessage:
      return state_.session->message.dismissable;
    default:
      return false;
  }
}

void Machine::Wipe(Clock::time_point now) {
  const std::uint64_t next = state_.session->id + 1;
  state_.session = std::make_unique<SessionState>();  // the old one wipes
  state_.session->id = next;
  state_.session->lang = options_.meeting_language;
  state_.session->last_touch = now;
  ToRoundScreen();
}

void Machine::ToRoundScreen() {
  if (state_.pending_ballot) state_.ballot = std::move(state_.pending_ballot);
  state_.pending_ballot.reset();
  if (!state_.connected && !state_.status) {
    state_.screen = Screen::kConnecting;
    return;
  }
  if (!RoundOpen(state_.status)) {
    state_.screen = state_.connected ? Screen::kNoRound : Screen::kConnecting;
    return;
  }
  const std::uint64_t round = state_.status->round->round_id;
  if (state_.refused_round == round) {
    ShowMessage(MessageKind::kAlert, Msg::kAlertTitle, Msg::kAlertSealBody,
                Msg::kAlertWhat, false);
    return;
  }
  state_.screen = state_.ballot && state_.ballot->round_id == round
                      ? Screen::kIdle
                      : Screen::kConnecting;
}

void Machine::ShowMessage(MessageKind kind, Msg title, Msg body, Msg what,
                          bool dismissable) {
  state_.session->message = MessageState{kind, title, body, what, dismissable};
  state_.screen = Screen::kMessage;
}

void Machine::TypeSymbol(char c) {
  SessionState& s = *state_.session;
  if (c == '-' || c == ' ') return;  // group separators of a scanned code
  const char k = Canonical(c);
  if (k == 0) {
    s.code_problem = Msg::kCodeBadSymbol;
    s.code_problem_arg = std::string(1, c);
    return;
  }
  if (s.code.size() >= crypto::CredentialCode::kSymbols) return;
  s.code.push_back(k);
  s.code_problem.reset();
}

void Machine::SubmitCode() {
  SessionState& s = *state_.session;
  if (s.code.size() < crypto::CredentialCode::kSymbols) {
    s.code_problem = Msg::kCodeIncomplete;
    s.code_problem_arg = std::to_string(s.code.size() / kGroup + 1);
    return;
  }
  if (!crypto::CredentialCode::Parse(s.code).ok()) {
    s.code_problem = Msg::kCodeMistyped;
    s.code_problem_arg.clear();
    return;
  }
  s.code_problem.reset();
  s.nominate_choice = kNoChoice;
  s.marks.assign(state_.ballot->kind == crypto::BallotKind::kNominate
                     ? 0
                     : Persons(),
                 std::nullopt);
  s.page = 0;
  state_.screen = Screen::kBallot;
}

void Machine::Mark(int person, int level) {
  SessionState& s = *state_.session;
  if (person < 0 || static_cast<std::size_t>(person) >= Persons()) return;
  s.ballot_problem.reset();
  const auto& b = *state_.ballot;
  if (b.kind == crypto::BallotKind::kNominate) {
    s.nominate_choice = s.nominate_choice == person ? kNoChoice : person;
    return;
  }
  if (level < 0 ||
      static_cast<std::uint32_t>(level) >= crypto::LevelsPerPerson(b.kind)) {
    return;
  }
  crypto::Mark& m = s.marks[static_cast<std::size_t>(person)];
  if (m && *m == static_cast<std::uint32_t>(level)) {
    m.reset();  // touching the chosen option again takes it back
    return;
  }
  if (b.kind == crypto::BallotKind::kApprove && level == 0 && b.max_agree) {
    const auto agreed = static_cast<std::uint32_t>(
        std::count(s.marks.begin(), s.marks.end(), crypto::Mark(0u)));
    if (agreed >= *b.max_agree) {
      s.ballot_problem = Msg::kTooManyAgreed;
      s.ballot_problem_arg = std::to_string(*b.max_agree);
      return;
    }
  }
  m = static_cast<std::uint32_t>(level);
}

void Machine::GoReview(std::vector<Effect>& effects) {
  SessionState& s = *state_.session;
  const auto& b = *state_.ballot;
  const int per_page = std::max(1, options_.persons_per_page);
  if (b.kind == crypto::BallotKind::kNominate) {
    if (s.nominate_choice == kNoChoice) {
      s.ballot_problem = Msg::kMissingNominate;
      return;
    }
  } else if (b.kind != crypto::BallotKind::kApprove) {
    std::string missing;
    int first = -1;
    int listed = 0;
    for (std::size_t p = 0; p < s.marks.size(); ++p) {
      if (s.marks[p]) continue;
      if (first < 0) first = static_cast<int>(p);
      if (listed < 3) {
        missing += (listed ? ", " : "") + b.persons[p];
      } else if (listed == 3) {
        missing += ", …";
      }
      ++listed;
    }
    if (first >= 0) {
      s.ballot_problem = Msg::kMissingLevels;
      s.ballot_problem_arg = missing;
      s.page = first / per_page;
      return;
    }
  }
  s.ballot_problem.reset();
  PrepareBallot work;
  work.session = s.id;
  work.seq = ++s.prepare_seq;
  work.ballot = state_.ballot;
  work.code.reserve(SessionState::kCodeCapacity);
  work.code = s.code;
  if (b.kind == crypto::BallotKind::kNominate) {
    work.marks = {s.nominate_choice == kBlank
                      ? crypto::Mark()
                      : crypto::Mark(static_cast<std::uint32_t>(
                            s.nominate_choice))};
  } else {
    work.marks = s.marks;
  }
  s.prepared.reset();
  s.preparing = true;
  state_.screen = Screen::kReview;
  effects.emplace_back(std::move(work));
}

std::vector<Effect> Machine::OnIntent(const Intent& intent,
                                      Clock::time_point now) {
  std::vector<Effect> effects;
  SessionState& s = *state_.session;
  if (state_.screen == Screen::kDisplay) return effects;
  s.last_touch = now;
  s.still_voting_since.reset();
  switch (intent.action) {
    case Action::kNone:
    case Action::kTouch:
    case Action::kStillVoting:
      return effects;
    case Action::kLanguage:
      if (intent.level >= 0 && intent.level <= 2)
        s.lang = static_cast<Lang>(intent.level);
      return effects;
    case Action::kNextTheme:
      s.theme = static_cast<Theme>((static_cast<int>(s.theme) + 1) %
                                   kThemeCount);
      return effects;
    case Action::kNextTextSize:
      s.text_size = (s.text_size + 1) % kTextSizeCount;
      return effects;
    default:
      break;
  }
  switch (state_.screen) {
    case Screen::kIdle:
      if (intent.action == Action::kStart) {
        state_.screen = Screen::kCodeEntry;
      } else if (intent.action == Action::kSymbol) {
        // A scanner types straight from the idle screen.
        state_.screen = Screen::kCodeEntry;
        TypeSymbol(intent.symbol);
      }
      break;
    case Screen::kCodeEntry:
      switch (intent.action) {
        case Action::kSymbol:
          TypeSymbol(intent.symbol);
          break;
        case Action::kBackspace:
          if (!s.code.empty()) {
            s.code.back() = 0;
            s.code.pop_back();
          }
          s.code_problem.reset();
          break;
        case Action::kClearCode:
          crypto::Wipe(s.code.data(), s.code.size());
          s.code.clear();
          s.code_problem.reset();
          break;
        case Action::kSubmitCode:
          SubmitCode();
          break;
        case Action::kCancel:
          Wipe(now);
          break;
        default:
          break;
      }
      break;
    case Screen::kBallot:
      switch (intent.action) {
        case Action::kMark:
          Mark(intent.person, intent.level);
          break;
        case Action::kBlank:
          if (state_.ballot->kind == crypto::BallotKind::kNominate) {
            s.nominate_choice = s.nominate_choice == kBlank ? kNoChoice : kBlank;
            s.ballot_problem.reset();
          }
          break;
        case Action::kPage: {
          const int per_page = std::max(1, options_.persons_per_page);
          const int pages = static_cast<int>(
              (Persons() + static_cast<std::size_t>(per_page) - 1) /
              static_cast<std::size_t>(per_page));
          s.page = std::clamp(s.page + (intent.level < 0 ? -1 : 1), 0,
                              std::max(0, pages - 1));
          break;
        }
        case Action::kToReview:
          GoReview(effects);
          break;
        case Action::kCancel:
          Wipe(now);
          break;
        default:
          break;
      }
      break;
    case Screen::kReview:
      switch (intent.action) {
        case Action::kChange:
          s.prepared.reset();
          s.preparing = false;
          s.page = std::max(0, intent.person) /
                   std::max(1, options_.persons_per_page);
          state_.screen = Screen::kBallot;
          break;
        case Action::kBackToBallot:
          s.prepared.reset();
          s.preparing = false;
          state_.screen = Screen::kBallot;
          break;
        case Action::kCast:
          if (s.prepared) {
            effects.emplace_back(CastBallot{s.id, s.prepared});
            state_.screen = Screen::kCasting;
          }
          break;
        case Action::kChallenge:
          if (s.prepared) {
            effects.emplace_back(
                ChallengeBallot{s.id, state_.ballot, std::move(s.prepared)});
            s.prepared.reset();
            s.challenge_busy = true;
            s.challenge_ok = false;
            state_.screen = Screen::kChallenge;
          }
          break;
        case Action::kCancel:
          Wipe(now);
          break;
        default:
          break;
      }
      break;
    case Screen::kChallenge:
      if (intent.action == Action::kBackToBallot && !s.challenge_busy) {
        state_.screen = Screen::kBallot;
      } else if (intent.action == Action::kCancel) {
        Wipe(now);
      }
      break;
    case Screen::kReceipt:
      if (intent.action == Action::kCheckInclusion && s.receipt &&
          s.inclusion != Inclusion::kChecking) {
        s.inclusion = Inclusion::kChecking;
        effects.emplace_back(CheckInclusion{s.id, *s.receipt, s.cast_envelope});
      } else if (intent.action == Action::kDone) {
        Wipe(now);
      }
      break;
    case Screen::kMessage:
      if (intent.action == Action::kDone && s.message.dismissable) {
        Wipe(now);
      } else if (intent.action == Action::kCast && s.prepared &&
                 s.message.kind == MessageKind::kUncertain) {
        effects.emplace_back(CastBallot{s.id, s.prepared});
        state_.screen = Screen::kCasting;
      }
      break;
    default:
      break;
  }
  return effects;
}

void Machine::Finish(CastFinished& done) {
  SessionState& s = *state_.session;
  s.cast_retries = done.retries;
  if (done.receipt.ok()) {
    s.receipt = std::move(done.receipt).value();
    s.cast_envelope = s.prepared ? s.prepared->envelope() : crypto::Bytes{};
    s.prepared.reset();
    crypto::Wipe(s.code.data(), s.code.capacity());
    s.code.clear();
    s.marks.clear();
    s.nominate_choice = kNoChoice;
    s.receipt_since = s.last_touch;
    state_.screen = Screen::kReceipt;
    return;
  }
  if (!done.refusal || *done.refusal == shared::ErrorCode::kUnavailable ||
      *done.refusal == shared::ErrorCode::kInternal) {
    // The same bytes may be sent again (a retry is idempotent): the ballot
    // stays until the delegate tries again or leaves.
    ShowMessage(MessageKind::kUncertain, Msg::kUncertainTitle,
                Msg::kUncertainBody, Msg::kUncertainWhat, true);
    return;
  }
  s.prepared.reset();
  // A refusal this kiosk does not know: the ballot was refused.
  ShowMessage(MessageKind::kRefusal, Msg::kInvalidTitle, Msg::kInvalidBody,
              Msg::kGoToDesk, true);
  switch (*done.refusal) {
    case shared::ErrorCode::kAlreadyUsed:
      ShowMessage(MessageKind::kRefusal, Msg::kUsedTitle, Msg::kUsedBody,
                  Msg::kGoToDesk, true);
      break;
    case shared::ErrorCode::kNotFound:
      ShowMessage(MessageKind::kRefusal, Msg::kUnknownTitle, Msg::kUnknownBody,
                  Msg::kGoToDesk, true);
      break;
    case shared::ErrorCode::kWrongState:
      ShowMessage(MessageKind::kRefusal, Msg::kClosedTitle, Msg::kClosedBody,
                  Msg::kGoToDesk, true);
      break;
    case shared::ErrorCode::kRefused:
    case shared::ErrorCode::kBadRequest:
      ShowMessage(MessageKind::kRefusal, Msg::kInvalidTitle, Msg::kInvalidBody,
                  Msg::kGoToDesk, true);
      break;
    case shared::ErrorCode::kUnavailable:
    case shared::ErrorCode::kInternal:
      ShowMessage(MessageKind::kUncertain, Msg::kUncertainTitle,
                  Msg::kUncertainBody, Msg::kUncertainWhat, true);
      break;
  }
}

std::vector<Effect> Machine::OnEvent(Event event, Clock::time_point now) {
  std::vector<Effect> effects;
  SessionState& s = *state_.session;
  const bool at_round_screen =
      state_.screen == Screen::kConnecting ||
      state_.screen == Screen::kNoRound || state_.screen == Screen::kIdle ||
      (state_.screen == Screen::kMessage &&
       s.message.kind == MessageKind::kAlert);
  std::visit(
      Overloaded{
          [&](ConnectionChanged& e) {
            state_.connected = e.connected;
            state_.connection_problem = e.problem;
            if (at_round_screen) ToRoundScreen();
          },
          [&](StatusArrived& e) {
            state_.connected = true;
            state_.connection_problem.clear();
            state_.status = std::move(e.status);
            if (RoundOpen(state_.status)) {
              const std::uint64_t round = state_.status->round->round_id;
              const bool have = state_.ballot && state_.ballot->round_id == round;
              if (!have && state_.requested_round != round &&
                  state_.refused_round != round) {
                state_.requested_round = round;
                effects.emplace_back(FetchTemplate{round});
              }
            }
            if (at_round_screen) ToRoundScreen();
          },
          [&](TemplateArrived& e) {
            if (state_.requested_round == e.round_id) state_.requested_round = 0;
            if (e.ballot.ok()) {
              auto verified = std::make_shared<const shared::BallotTemplate>(
                  std::move(e.ballot).value());
              if (at_round_screen) {
                state_.ballot = std::move(verified);
              } else {
                state_.pending_ballot = std::move(verified);
              }
              state_.refused_round = 0;
              ++state_.texts_version;
            } else if (e.ballot.code() == StatusCode::kCorruption) {
              state_.refused_round = e.round_id;
              effects.emplace_back(ReportAlert{shared::AlertKind::kTemplateSealInvalid,
                                               e.round_id,
                                               e.ballot.message()});
              if (at_round_screen) {
                ShowMessage(MessageKind::kAlert, Msg::kAlertTitle,
                            Msg::kAlertSealBody, Msg::kAlertWhat, false);
              }
              return;
            }
            if (at_round_screen) ToRoundScreen();
          },
          [&](BallotPrepared& e) {
            if (e.session != s.id || e.seq != s.prepare_seq ||
                state_.screen != Screen::kReview || !s.preparing) {
              return;  // stale: the delegate left or changed the marks
            }
            s.preparing = false;
            if (!e.prepared.ok()) {
              ShowMessage(MessageKind::kRefusal, Msg::kPrepareFailedTitle,
                          Msg::kPrepareFailedBody, Msg::kGoToDesk, true);
              return;
            }
            s.prepared = std::make_shared<client::PreparedBallot>(
                std::move(e.prepared).value());
            s.ballot_digest =
                crypto::ToHex(shared::CiphertextsDigest(s.prepared->ballot().options))
                    .substr(0, 16);
          },
          [&](CastFinished& e) {
            if (e.session != s.id || state_.screen != Screen::kCasting) return;
            s.last_touch = now;
            Finish(e);
          },
          [&](ChallengeFinished& e) {
            if (e.session != s.id || state_.screen != Screen::kChallenge)
              return;
            s.challenge_busy = false;
            const auto& b = *state_.ballot;
            auto marks = MarksOfPlaintext(b.kind, b.persons.size(), e.plaintext);
            bool same = false;
            if (marks) {
              if (b.kind == crypto::BallotKind::kNominate) {
                const crypto::Mark shown =
                    s.nominate_choice >= 0
                        ? crypto::Mark(
                              static_cast<std::uint32_t>(s.nominate_choice))
                        : crypto::Mark();
                same = (*marks)[0] == shown;
                s.challenge_nominate =
                    (*marks)[0] ? static_cast<int>(*(*marks)[0]) : kBlank;
              } else {
                same = *marks == s.marks;
                s.challenge_marks = *marks;
              }
            }
            s.challenge_ok = e.verified.ok() && same;
            if (!s.challenge_ok) {
              effects.emplace_back(ReportAlert{
                  shared::AlertKind::kSpoiledCheckFailed, b.round_id,
                  e.verified.ok() ? "the spoiled ballot holds other choices "
                                    "than the kiosk showed"
                                  : e.verified.message()});
            }
          },
          [&](InclusionChecked& e) {
            if (e.session != s.id || state_.screen != Screen::kReceipt) return;
            if (e.inclusion.ok()) {
              s.inclusion = Inclusion::kProven;
              s.inclusion_index = e.inclusion->index;
              s.inclusion_head = crypto::TrackingCode(e.inclusion->head);
            } else {
              s.inclusion = Inclusion::kFailed;
              // Any answer but a lost connection is the box failing to prove
              // a receipt it issued.
              if (e.inclusion.code() != StatusCode::kUnavailable &&
                  e.inclusion.code() != StatusCode::kCancelled) {
                effects.emplace_back(ReportAlert{shared::AlertKind::kInclusionCheckFailed,
                                                 s.receipt->round_id,
                                                 e.inclusion.message()});
              }
            }
          },
      },
      event);
  return effects;
}

std::vector<Effect> Machine::OnTick(Clock::time_point now) {
  SessionState& s = *state_.session;
  if (state_.screen == Screen::kReceipt) {
    if (now - s.receipt_since >= options_.receipt_timeout) Wipe(now);
    return {};
  }
  if (!Marking()) return {};
  if (!s.still_voting_since) {
    if (now - s.last_touch >= options_.idle_timeout) s.still_voting_since = now;
  } else if (now - *s.still_voting_since >= options_.still_voting_grace) {
    Wipe(now);
  }
  return {};
}

Clock::time_point Machine::NextDeadline(Clock::time_point now) const {
  const SessionState& s = *state_.session;
  if (state_.screen == Screen::kReceipt)
    return s.receipt_since + options_.receipt_timeout;
  if (!Marking()) return Clock::time_point::max();
  if (!s.still_voting_since) return s.last_touch + options_.idle_timeout;
  // Each whole second of the countdown, then its end.
  const auto since = *s.still_voting_since;
  const auto shown = std::chrono::duration_cast<std::chrono::seconds>(
                         now - since) + std::chrono::seconds(1);
  return std::min(since + options_.still_voting_grace, since + shown);
}

}  // namespace hall::kiosk
