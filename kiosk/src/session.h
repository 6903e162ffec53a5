// The kiosk's state: the connection and round as last seen, and the
// delegate's session (code, marks, prepared ballot, receipt). Only the
// machine (machine.h) changes it; present.h reads it. Wipe() erases the
// delegate's session and is the only way a session ends.
#ifndef HALL_KIOSK_SRC_SESSION_H_
#define HALL_KIOSK_SRC_SESSION_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/secret.h"
#include "hall/kiosk/view_model.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/client/voting_client.h"
#include "hall/shared/protocol.h"
#include "messages.h"

namespace hall::kiosk {

using Clock = std::chrono::steady_clock;

inline constexpr int kNoChoice = -2;  // nominate: nothing chosen yet
inline constexpr int kBlank = -1;     // nominate: the blank ballot


enum class Inclusion { kNotChecked, kChecking, kProven, kFailed };

struct MessageState {
  MessageKind kind = MessageKind::kRefusal;
  Msg title = Msg::kUnderstood;
  Msg body = Msg::kUnderstood;
  Msg what_to_do = Msg::kGoToDesk;
  bool dismissable = true;
};

struct SessionState {
  std::uint64_t id = 1;  // increases at every Wipe; stale results are dropped
  std::string code;      // the typed symbols, canonical, no separators
  std::optional<Msg> code_problem;
  std::string code_problem_arg;
  int nominate_choice = kNoChoice;
  std::vector<crypto::Mark> marks;  // one per person (not nominate)
  int page = 0;
  std::optional<Msg> ballot_problem;
  std::string ballot_problem_arg;
  std::shared_ptr<client::PreparedBallot> prepared;
  bool preparing = false;
  std::uint64_t prepare_seq = 0;  // which Review the prepared ballot is for
  std::string ballot_digest;  // the prepared ballot's ciphertexts, 16 hex
  bool challenge_busy = false;
  bool challenge_ok = false;
  std::vector<crypto::Mark> challenge_marks;  // what the spoiled one held
  int challenge_nominate = kNoChoice;
  std::optional<shared::Receipt> receipt;
  crypto::Bytes cast_envelope;  // for the inclusion check
  Inclusion inclusion = Inclusion::kNotChecked;
  std::uint64_t inclusion_index = 0;
  std::string inclusion_head;
  std::uint64_t cast_retries = 0;
  MessageState message;
  Lang lang = Lang::kVi;
  Theme theme = Theme::kDarkOnLight;
  int text_size = 0;
  Clock::time_point last_touch{};
  std::optional<Clock::time_point> still_voting_since;
  Clock::time_point receipt_since{};

  SessionState() { code.reserve(kCodeCapacity); }
  ~SessionState() {
    crypto::Wipe(code.data(), code.capacity());
    for (auto* m : {&marks, &challenge_marks}) {
      for (crypto::Mark& mark : *m) mark = 0u;
      crypto::Wipe(m->data(), m->size() * sizeof(crypto::Mark));
    }
    crypto::Wipe(ballot_problem_arg.data(), ballot_problem_arg.size());
    crypto::Wipe(code_problem_arg.data(), code_problem_arg.size());
    nominate_choice = challenge_nominate = kNoChoice;
  }
  SessionState(const SessionState&) = delete;
  SessionState& operator=(const SessionState&) = delete;
  // The code's buffer never grows past this, so no copy of it is left in
  // freed memory.
  static constexpr std::size_t kCodeCapacity = 64;
};

struct KioskState {
  Screen screen = Screen::kConnecting;
  bool connected = false;
  std::string connection_problem;
  std::optional<shared::StatusResponse> status;
  std::shared_ptr<const shared::BallotTemplate> ballot;  // seal verified
  // A newer verified template that arrived during a session: adopted when
  // the session ends, so a delegate's marks never move to another ballot.
  std::shared_ptr<const shared::BallotTemplate> pending_ballot;
  std::uint64_t requested_round = 0;  // template asked for
  std::uint64_t refused_round = 0;    // its template failed the seal
  std::uint64_t texts_version = 1;
  std::unique_ptr<SessionState> session;  // never null; replaced to wipe
};

}  // namespace hall::kiosk

#endif  // HALL_KIOSK_SRC_SESSION_H_
