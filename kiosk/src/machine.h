// The kiosk's state machine: how intents from the UI and results from the
// worker change the KioskState, and which work (Effect) that starts. No I/O,
// no threads, no clock of its own: time comes in as `now`, results as
// events, so every transition is tested directly (tests/kiosk).
#ifndef HALL_KIOSK_SRC_MACHINE_H_
#define HALL_KIOSK_SRC_MACHINE_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "hall/base/status.h"
#include "hall/kiosk/intent.h"
#include "hall/shared/kiosk_alert.h"
#include "session.h"

namespace hall::kiosk {

// Work for the worker thread. Each carries the session it belongs to; its
// result is dropped if the session has ended meanwhile.
struct FetchTemplate {
  std::uint64_t round_id = 0;
};
struct PrepareBallot {
  std::uint64_t session = 0;
  std::uint64_t seq = 0;  // the Review it is for (a later one drops it)
  std::shared_ptr<const shared::BallotTemplate> ballot;
  std::string code;  // wiped by the worker after use
  std::vector<crypto::Mark> marks;
  ~PrepareBallot() { crypto::Wipe(code.data(), code.size()); }
  PrepareBallot() = default;
  PrepareBallot(PrepareBallot&&) = default;
  PrepareBallot& operator=(PrepareBallot&&) = default;
};
struct CastBallot {
  std::uint64_t session = 0;
  std::shared_ptr<const client::PreparedBallot> prepared;
};
struct ChallengeBallot {
  std::uint64_t session = 0;
  std::shared_ptr<const shared::BallotTemplate> ballot;
  std::shared_ptr<client::PreparedBallot> prepared;
};
struct CheckInclusion {
  std::uint64_t session = 0;
  shared::Receipt receipt;
  crypto::Bytes envelope;
};
struct ReportAlert {
  shared::AlertKind kind = shared::AlertKind::kTemplateSealInvalid;
  std::uint64_t round_id = 0;
  std::string detail;
};
using Effect = std::variant<FetchTemplate, PrepareBallot, CastBallot,
                            ChallengeBallot, CheckInclusion, ReportAlert>;

// Results from the worker.
struct ConnectionChanged {
  bool connected = false;
  std::string problem;
};
struct StatusArrived {
  shared::StatusResponse status;
};
struct TemplateArrived {
  std::uint64_t round_id = 0;
  Result<shared::BallotTemplate> ballot = Status::Internal("unset");
};
struct BallotPrepared {
  std::uint64_t session = 0;
  std::uint64_t seq = 0;
  Result<client::PreparedBallot> prepared = Status::Internal("unset");
};
struct CastFinished {
  std::uint64_t session = 0;
  Result<shared::Receipt> receipt = Status::Internal("unset");
  std::optional<shared::ErrorCode> refusal;  // the server's code, if it refused
  std::uint64_t retries = 0;
};
struct ChallengeFinished {
  std::uint64_t session = 0;
  Status verified;                 // VerifySpoiledBallot
  std::vector<std::uint8_t> plaintext;  // what the spoiled ballot holds
};
struct InclusionChecked {
  std::uint64_t session = 0;
  Result<client::Inclusion> inclusion = Status::Internal("unset");
};
using Event = std::variant<ConnectionChanged, StatusArrived, TemplateArrived,
                           BallotPrepared, CastFinished, ChallengeFinished,
                           InclusionChecked>;

struct MachineOptions {
  std::chrono::milliseconds idle_timeout{120'000};
  std::chrono::milliseconds still_voting_grace{30'000};
  std::chrono::milliseconds receipt_timeout{60'000};
  int persons_per_page = 6;
  Lang meeting_language = Lang::kVi;
};

class Machine {
 public:
  explicit Machine(MachineOptions options);

  std::vector<Effect> OnIntent(const Intent& intent, Clock::time_point now);
  std::vector<Effect> OnEvent(Event event, Clock::time_point now);
  // The idle timeout, the still-voting countdown, the receipt timeout.
  std::vector<Effect> OnTick(Clock::time_point now);
  // When OnTick next has something to do (max() when nothing is due).
  Clock::time_point NextDeadline(Clock::time_point now) const;

  // The hall display: one screen, no session, no effects.
  void BecomeDisplay() { state_.screen = Screen::kDisplay; }
  // The language a new session starts in (the current one keeps its own).
  void SetMeetingLanguage(Lang lang);

  const KioskState& state() const { return state_; }
  const MachineOptions& options() const { return options_; }

 private:
  void Wipe(Clock::time_point now);  // ends the session: back to idle
  void ToRoundScreen();              // connecting / no round / idle / alert
  void Mark(int person, int level);
  void GoReview(std::vector<Effect>& effects);
  void SubmitCode();
  void TypeSymbol(char c);
  void Finish(CastFinished& done);
  void ShowMessage(MessageKind kind, Msg title, Msg body, Msg what,
                   bool dismissable);
  bool Marking() const;  // a screen the idle timeout applies to
  std::size_t Persons() const;

  MachineOptions options_;
  KioskState state_;
};

// The marks a spoiled ballot's plaintext stands for (the inverse of
// crypto::MarksToPlaintext), or nullopt when it is not a valid plaintext of
// `kind` for `persons`. Nominate gives one mark (the person or blank).
std::optional<std::vector<crypto::Mark>> MarksOfPlaintext(
    crypto::BallotKind kind, std::size_t persons,
    const std::vector<std::uint8_t>& plaintext);

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_SRC_MACHINE_H_
