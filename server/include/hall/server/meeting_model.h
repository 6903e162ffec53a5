// The committee's data model: meetings, rounds and what the committee's
// operations take and return, as plain values. Storage (round_store.h,
// minutes.h) and the committee's parts share these without including the
// Committee service.
#ifndef HALL_SERVER_MEETING_MODEL_H_
#define HALL_SERVER_MEETING_MODEL_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/sealed_box.h"
#include "hall/crypto/trustee.h"
#include "hall/server/round_state.h"
#include "hall/shared/committee_records.h"

namespace hall::server {

// Returns the current time as "YYYY-MM-DDTHH:MM:SSZ"; injectable for tests.
using Clock = std::function<std::string()>;
Clock SystemClock();
// Seconds since 1970-01-01T00:00:00Z of a Clock time; nullopt for any text
// that is not "YYYY-MM-DDTHH:MM:SSZ" (or is before 1970).
std::optional<std::uint64_t> UnixSeconds(std::string_view clock_time);

// A rehearsal meeting may run the key ceremony and the tally in one process
// (every share at hand: hall-admin ceremony run, round tally --trustee-key);
// a real one never does. Fixed at creation and signed in the meeting
// definition.
enum class MeetingMode : std::uint8_t { kReal, kRehearsal };

struct MeetingInfo {
  std::uint64_t id = 0;
  MeetingMode mode = MeetingMode::kReal;
  std::string title;
  std::string procedure;
  std::uint64_t members = 0;
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  std::uint64_t quorum_required = 0;  // rules::CheckQuorum (round_store.h)
  std::optional<std::uint32_t> trustees_k;
  std::uint32_t trustees_n = 0;
  std::string date;  // the sitting's date, "YYYY-MM-DD"; "" not set
};

struct RoundInfo {
  std::uint64_t id = 0;
  std::uint64_t meeting_id = 0;
  std::string step;
  RoundState state = RoundState::kDraft;
  std::string disclosure;
  std::vector<std::string> persons;
  std::vector<std::string> groups;  // roll groups voting; empty: the whole roll
  bool tally_by_group = false;      // voter classes (statements.h)
  std::vector<std::string> advisory_groups;
  std::uint64_t slots = 1;
  std::uint64_t issued = 0;
  std::uint64_t cast = 0;
  std::string minutes_digest;
  std::string cancelled_reason;  // kCancelled: why
};

struct NewRound {
  std::uint64_t meeting_id = 0;
  std::string step;
  std::vector<std::string> persons;  // explicit persons on the ballot
  // The roll groups that form this step's electorate (P1: the extended
  // conference for step 2, the leadership collective for steps 3 and 5).
  // Empty: the whole roll. Convened, present and the ballot codes count
  // only these groups.
  std::vector<std::string> groups;
  // Carry forward the previous round's selected / carried forward / tied
  // persons (before `persons`). A sealed previous round needs a recipient key.
  std::optional<std::uint64_t> carry_from;
  std::optional<std::uint64_t> compare_with;  // for divergence (P1 step 3)
  std::uint64_t slots = 1;
  std::optional<std::string> head_nominee;
  // Voter classes (shared/statements.h BoxSealedStatement): each group of
  // the electorate tallied on its own (P7 step 1), and roll groups outside
  // the electorate who vote as class B, recorded and deciding nothing (P7
  // step 3's attending leaders; needs `groups`).
  bool tally_by_group = false;
  std::vector<std::string> advisory_groups;
};

// A record of a step (hall-admin step record): its text, the dates the
// step asks for (shared::CheckStepRecordDates) and attached documents,
// each hashed into the statement the seal signs.
struct NewStepRecord {
  std::uint64_t meeting_id = 0;
  std::string step;
  std::string text;
  std::vector<shared::RecordDate> dates;
  struct Document {
    std::string name;
    std::vector<std::uint8_t> bytes;
  };
  std::vector<Document> documents;
};

struct StepRecord {
  shared::StepRecordStatement statement;
  std::array<std::uint8_t, 64> signature{};
};

struct SealedRound {
  std::vector<crypto::CredentialCode>
      codes;  // one per person present, shuffled
  // Parallel to `codes` when the round has voter classes: each slip's class.
  std::vector<std::string> code_classes;
  std::string template_digest_hex;
};

struct TallyOutcome {
  std::string minutes_json;  // for announced rounds; empty for sealed ones
  std::string minutes_digest;
  bool sealed = false;
  std::size_t recipients = 0;  // sealed: how many the minutes are sealed to
};

// A recipient's key for opening sealed minutes (a sealed-box key).
using RecipientKey = crypto::BoxKey;
inline RecipientKey GenerateRecipientKey() {
  return crypto::BoxKey::Generate();
}

// Called inside the sealing (or ceremony) transaction, before it commits,
// with the only copy of the secrets: the caller writes and syncs the slips
// (or the trustees' key files). If it fails, nothing is committed and the
// round stays a draft (or the ceremony can be run again).
using DeliverCodes = std::function<Status(const SealedRound&)>;
using DeliverShares = std::function<Status(
    const crypto::BallotBoxKey&, const std::vector<crypto::TrusteeShare>&)>;

}  // namespace hall::server

#endif  // HALL_SERVER_MEETING_MODEL_H_
