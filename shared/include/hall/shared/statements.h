// The byte strings the seal signs or a key binds, which an auditor re-checks
// from the exported record: one encoder and one decoder each, here, so the
// server that writes them and hall-audit that reads them cannot drift.
//
//   key ceremony context = Encoder().Str("hall/v1/ceremony").Str(installation)
//                                   .U64(meeting_id)
//   credential-list context = Str("hall/v1/credential-context")
//                             Str(installation) U64(meeting) U64(round)
//   meeting definition   = Str("hall/v1/meeting-definition") Str(installation)
//                          U64(meeting) Str(title) Str(procedure id)
//                          Fixed(procedure file digest) U64(members)
//                          U32(n) {Str(person_id) Str(name) Str(group)}
//                          Fixed(box key digest)
//                          U32(r) {Str(recipient) Fixed(X25519 key)}
//     version 2: tag "hall/v2/meeting-definition", then as above and
//                          U32(t) {Str(trustee name)} U8(rehearsal: 0 or 1)
//     version 3: tag "hall/v3/meeting-definition", as version 2 and
//                          Str(date of the sitting, "YYYY-MM-DD" or "")
//   box sealed           = Str("hall/v3/box-sealed") Fixed(template digest)
//                          Fixed(credential list digest) Fixed(board genesis)
//                          U64(issued) Fixed(meeting definition digest)
//                          U64(convened) U64(slots)
//                          U32(g) {Str(roll group)} U64(compared round, 0 none)
//                          Str(head's nominee, "" none) Str(time)
//                          U32(p) {Str(person id present)}  (the attendance)
//   box closed           = Str("hall/v1/box-closed") Fixed(template digest)
//                          U64(cast) Fixed(board head) Str(time)
//   minutes digest (hex, what the hall display shows for every round)
//                        = BLAKE2b-256(Str("hall/v1/minutes-digest")
//                                      Var(minutes JSON) Fixed(signature, 64))
//
// Contract: decoders accept exactly what the encoders write (no trailing
// bytes, the right tag) and answer kCorruption naming the statement.
#ifndef HALL_SHARED_STATEMENTS_H_
#define HALL_SHARED_STATEMENTS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/credential.h"
#include "hall/shared/procedure.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/random.h"
#include "hall/crypto/sealed_box.h"
#include "hall/crypto/secret.h"

namespace hall::shared {

using Digest32 = crypto::Digest;  // the one digest type (crypto/digest.h)

// The context a round's credential list is made for.
crypto::Bytes CredentialListContext(const std::string& installation,
                                    std::uint64_t meeting_id,
                                    std::uint64_t round_id);

// BLAKE2b-256 of a procedure file (tag "hall/v1/procedure-file"): what the
// meeting definition binds, so the rules a meeting ran are signed.
Digest32 ProcedureFileDigest(std::string_view file_text);

struct RollEntry {
  std::string person_id;
  std::string name;
  std::string group;
};
struct DefinedRecipient {
  std::string name;
  std::array<std::uint8_t, 32> public_key{};
};
// Signed when a meeting's first round is sealed: from then on its roll,
// procedure, trustees' key and recipients are fixed. Version 2 (every new
// definition) adds the trustees' names (trustee i is trustees[i-1]) and
// whether the meeting is a rehearsal (rehearsal meetings may run the key
// ceremony and the tally in one process; real ones never do); version 1
// still decodes, with no trustee names and rehearsal false, and encodes back
// to its own bytes.
inline constexpr std::uint32_t kMaxDefinedTrustees = 1000;
struct MeetingDefinition {
  std::uint32_t version = 2;
  std::string installation;
  std::uint64_t meeting_id = 0;
  std::string title;
  std::string procedure;  // the procedure's id
  Digest32 procedure_digest{};
  std::uint64_t members = 0;
  std::vector<RollEntry> roll;  // sorted by person_id
  Digest32 box_key_digest{};
  std::vector<DefinedRecipient> recipients;
  std::vector<std::string> trustees;  // version 2
  bool rehearsal = false;             // version 2
  std::string date;  // version 3: "YYYY-MM-DD" (P6 checks it), "" not set

  crypto::Bytes Encode() const;
  static Result<MeetingDefinition> Decode(std::span<const std::uint8_t> bytes);
};

// How many roll groups a box-sealed statement names at most.
inline constexpr std::uint32_t kMaxRoundGroups = 1000;

// Signed when a round is sealed: the box is empty (its board at genesis),
// and what the round's outcome depends on beyond its ballots is fixed: the
// meeting definition it runs under, its electorate (the roll groups voting,
// how many are convened, how many codes were issued), its posts, the round
// it is compared with and the head's nominee for ties.
struct BoxSealedStatement {
  Digest32 template_digest{};
  Digest32 credential_list_digest{};
  Digest32 board_genesis{};
  std::uint64_t issued = 0;  // ballot codes issued, one per person present
  Digest32 definition_digest{};  // BLAKE2b-256 of the signed definition
  std::uint64_t convened = 0;
  std::uint64_t slots = 0;
  std::vector<std::string> groups;  // empty: the whole roll
  std::uint64_t compared_round = 0;  // 0: none
  std::string head_nominee;          // "": none
  std::string sealed_at;
  // The signed attendance: the person ids of the electorate checked in when
  // the box was sealed, sorted; one ballot code was issued to each, so
  // issued == present.size() + advisory_present.size() (CheckAttendance).
  std::vector<std::string> present;
  // Voter classes (VoterClassesOf), encoded after `present` only when the
  // round has them: Str("hall/v1/voter-classes") U8(tally_by_group)
  // U32(n) {Str(advisory group)} U32(m) {Str(person id)}.
  //  tally_by_group: each roll group of the electorate is a class of its
  //    own (P7 step 1: leadership, middle managers, heads of units, others)
  //  advisory_groups: roll groups outside the electorate whose people
  //    present vote as class "B": their ballots are tallied and recorded
  //    and decide nothing (P7 step 3's attending leaders, 列席); needs an
  //    electorate of named groups, disjoint from these
  //  advisory_present: those people, sorted
  bool tally_by_group = false;
  std::vector<std::string> advisory_groups;
  std::vector<std::string> advisory_present;
  bool has_classes() const {
    return tally_by_group || !advisory_groups.empty();
  }

  crypto::Bytes Encode() const;
  static Result<BoxSealedStatement> Decode(std::span<const std::uint8_t> bytes);
};

// How many of the definition's roll are in `groups` (all when empty).
std::uint64_t ConvenedOver(const MeetingDefinition& definition,
                           const std::vector<std::string>& groups);
// OK when the statement's electorate is the definition's: `convened` is
// ConvenedOver its groups (the base of every threshold, so a trustee or a
// recipient refuses a statement that shrinks it), and its attendance is
// sorted, without repeats, names only people on the roll in those groups
// and counts exactly the codes issued; otherwise kInvalidArgument saying
// which.
Status CheckAttendance(const BoxSealedStatement& sealed,
                       const MeetingDefinition& definition);

// A round's voter classes, from its box-sealed statement and the signed
// roll, in the order the credential list names them: the electorate's roll
// groups (sorted) when tallied by group, else one deciding class "A" when
// the round has advisory voters; then "B" for those. Empty without classes.
enum class VoterRole : std::uint8_t { kDeciding, kAdvisory };
struct VoterClass {
  std::string name;
  VoterRole role = VoterRole::kDeciding;
  std::uint64_t issued = 0;  // codes of the class (its people present)
};
std::vector<VoterClass> VoterClassesOf(const BoxSealedStatement& sealed,
                                       const MeetingDefinition& definition);
// The class index (into VoterClassesOf) of each person of `present`, then
// of each of `advisory_present`, in that order (empty without classes).
std::vector<std::uint8_t> VoterClassOfEach(const BoxSealedStatement& sealed,
                                           const MeetingDefinition& definition);

// OK when the credential list's voter classes are the statement's: none
// for a round without classes, else VoterClassesOf's names in order, each
// class holding exactly its `issued` credentials.
Status CheckCredentialClasses(const crypto::CredentialList& list,
                              const BoxSealedStatement& sealed,
                              const MeetingDefinition& definition);

// OK when the step's procedure file allows the statement's voter classes:
// per-group tallies only where the rule says tally_by_group, advisory
// voters only where it says has_b_ballots (kInvalidArgument otherwise), so
// that no operator gives a step classes its procedure does not have.
Status CheckClassesAllowed(const BoxSealedStatement& sealed,
                           const rules::Step& step);

// How many of the ballots cast with `credentials` count for the rule: all
// of them, or those not of the advisory class B (the last class of `list`
// when the statement has advisory groups). A box whose deciding ballots
// are fewer than its procedure's minimum is never opened.
std::uint64_t DecidingBallots(const crypto::CredentialList& list,
                              const BoxSealedStatement& sealed,
                              const std::vector<crypto::VerifyKey>& credentials);

// Signed when a round is closed: how many ballots, and the board's head.
struct BoxClosedStatement {
  Digest32 template_digest{};
  std::uint64_t cast = 0;
  Digest32 board_head{};
  std::string closed_at;

  crypto::Bytes Encode() const;
  static Result<BoxClosedStatement> Decode(std::span<const std::uint8_t> bytes);
};

// The digest of a signed meeting definition's bytes (tag
// "hall/v1/meeting-definition-digest"), which each box-sealed statement binds.
Digest32 MeetingDefinitionDigest(std::span<const std::uint8_t> definition);

// The context every key ceremony of a meeting binds into its messages and
// its ballot-box key.
crypto::Bytes KeyCeremonyContext(const std::string& installation,
                                 std::uint64_t meeting_id);

// The minutes digest over the minutes and their seal signature (64 bytes).
std::string MinutesDigest(std::span<const std::uint8_t> minutes,
                          std::span<const std::uint8_t, 64> signature);

// How many recipients a meeting definition names at most.
inline constexpr std::uint32_t kMaxMinutesRecipients = 1000;

}  // namespace hall::shared

#endif  // HALL_SHARED_STATEMENTS_H_
