#include "hall/shared/statements.h"

#include <algorithm>
#include <set>

#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/shared/round.h"

namespace hall::shared {
namespace {

Status DamagedStatement(const char* what) {
  return Status::Corruption(std::string("the ") + what +
                            " is damaged (not what hall writes); export the "
                            "record again from the installation");
}

constexpr std::uint32_t kMaxRoll = 1000000;
constexpr std::uint32_t kMaxDefinedRecipients = kMaxMinutesRecipients;

}  // namespace

crypto::Bytes CredentialListContext(const std::string& installation,
                                    std::uint64_t meeting_id,
                                    std::uint64_t round_id) {
  return crypto::Encoder()
      .Str("hall/v1/credential-context")
      .Str(installation)
      .U64(meeting_id)
      .U64(round_id)
      .Take();
}

Digest32 ProcedureFileDigest(std::string_view file_text) {
  return crypto::Blake2b256(crypto::Encoder()
                                .Str("hall/v1/procedure-file")
                                .Str(file_text)
                                .Take());
}

Digest32 MeetingDefinitionDigest(std::span<const std::uint8_t> definition) {
  return crypto::Blake2b256(crypto::Encoder()
                                .Str("hall/v1/meeting-definition-digest")
                                .Var(definition)
                                .Take());
}

crypto::Bytes MeetingDefinition::Encode() const {
  HALL_CHECK(version >= 1 && version <= 3);
  HALL_CHECK(version >= 2 || (trustees.empty() && !rehearsal));
  HALL_CHECK(version == 3 || date.empty());
  crypto::Encoder e;
  e.Str(version == 1   ? "hall/v1/meeting-definition"
        : version == 2 ? "hall/v2/meeting-definition"
                       : "hall/v3/meeting-definition");
  e.Str(installation).U64(meeting_id);
  e.Str(title).Str(procedure).Fixed(procedure_digest).U64(members);
  e.U32(static_cast<std::uint32_t>(roll.size()));
  for (const RollEntry& p : roll) e.Str(p.person_id).Str(p.name).Str(p.group);
  e.Fixed(box_key_digest);
  e.U32(static_cast<std::uint32_t>(recipients.size()));
  for (const DefinedRecipient& r : recipients) e.Str(r.name).Fixed(r.public_key);
  if (version >= 2) {
    e.U32(static_cast<std::uint32_t>(trustees.size()));
    for (const std::string& t : trustees) e.Str(t);
    e.U8(rehearsal ? 1 : 0);
  }
  if (version == 3) e.Str(date);
  return e.Take();
}

Result<MeetingDefinition> MeetingDefinition::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  MeetingDefinition m;
  std::string tag;
  std::uint32_t n = 0;
  if (!d.Str(tag) ||
      (tag != "hall/v1/meeting-definition" &&
       tag != "hall/v2/meeting-definition" &&
       tag != "hall/v3/meeting-definition") ||
      !d.Str(m.installation) || !d.U64(m.meeting_id) || !d.Str(m.title) ||
      !d.Str(m.procedure) || !d.Fixed(m.procedure_digest) ||
      !d.U64(m.members) || !d.U32(n) || n > kMaxRoll) {
    return DamagedStatement("meeting definition");
  }
  m.version = tag == "hall/v1/meeting-definition"   ? 1
              : tag == "hall/v2/meeting-definition" ? 2
                                                    : 3;
  for (std::uint32_t i = 0; i < n; ++i) {  // grows only with real entries
    RollEntry p;
    if (!d.Str(p.person_id) || !d.Str(p.name) || !d.Str(p.group))
      return DamagedStatement("meeting definition");
    m.roll.push_back(std::move(p));
  }
  if (!d.Fixed(m.box_key_digest) || !d.U32(n) || n > kMaxDefinedRecipients)
    return DamagedStatement("meeting definition");
  for (std::uint32_t i = 0; i < n; ++i) {
    DefinedRecipient r;
    if (!d.Str(r.name) || !d.Fixed(r.public_key))
      return DamagedStatement("meeting definition");
    m.recipients.push_back(std::move(r));
  }
  if (m.version >= 2) {
    std::uint8_t rehearsal = 0;
    if (!d.U32(n) || n > kMaxDefinedTrustees)
      return DamagedStatement("meeting definition");
    for (std::uint32_t i = 0; i < n; ++i) {
      std::string name;
      if (!d.Str(name)) return DamagedStatement("meeting definition");
      m.trustees.push_back(std::move(name));
    }
    if (!d.U8(rehearsal) || rehearsal > 1)
      return DamagedStatement("meeting definition");
    m.rehearsal = rehearsal == 1;
  }
  if (m.version == 3) {
    rules::Date parsed;
    if (!d.Str(m.date) ||
        (!m.date.empty() && !rules::ParseDate(m.date, parsed)))
      return DamagedStatement("meeting definition");
  }
  if (!d.Done()) return DamagedStatement("meeting definition");
  return m;
}

crypto::Bytes BoxSealedStatement::Encode() const {
  crypto::Encoder e;
  e.Str("hall/v3/box-sealed")
      .Fixed(template_digest)
      .Fixed(credential_list_digest)
      .Fixed(board_genesis)
      .U64(issued)
      .Fixed(definition_digest)
      .U64(convened)
      .U64(slots)
      .U32(static_cast<std::uint32_t>(groups.size()));
  for (const auto& g : groups) e.Str(g);
  e.U64(compared_round).Str(head_nominee).Str(sealed_at);
  e.U32(static_cast<std::uint32_t>(present.size()));
  for (const auto& id : present) e.Str(id);
  if (has_classes()) {
    e.Str("hall/v1/voter-classes").U8(tally_by_group ? 1 : 0);
    e.U32(static_cast<std::uint32_t>(advisory_groups.size()));
    for (const auto& g : advisory_groups) e.Str(g);
    e.U32(static_cast<std::uint32_t>(advisory_present.size()));
    for (const auto& id : advisory_present) e.Str(id);
  }
  return e.Take();
}

Result<BoxSealedStatement> BoxSealedStatement::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  BoxSealedStatement s;
  std::string tag;
  std::uint32_t n = 0;
  if (!d.Str(tag) || tag != "hall/v3/box-sealed" ||
      !d.Fixed(s.template_digest) || !d.Fixed(s.credential_list_digest) ||
      !d.Fixed(s.board_genesis) || !d.U64(s.issued) ||
      !d.Fixed(s.definition_digest) || !d.U64(s.convened) ||
      !d.U64(s.slots) || !d.U32(n) || n > kMaxRoundGroups) {
    return DamagedStatement("box-sealed statement");
  }
  for (std::uint32_t i = 0; i < n; ++i) {  // grows only with real entries
    std::string g;
    if (!d.Str(g)) return DamagedStatement("box-sealed statement");
    s.groups.push_back(std::move(g));
  }
  if (!d.U64(s.compared_round) || !d.Str(s.head_nominee) ||
      !d.Str(s.sealed_at) || !d.U32(n) || n > kMaxRoll) {
    return DamagedStatement("box-sealed statement");
  }
  for (std::uint32_t i = 0; i < n; ++i) {  // grows only with real entries
    std::string id;
    if (!d.Str(id)) return DamagedStatement("box-sealed statement");
    s.present.push_back(std::move(id));
  }
  if (d.Done()) return s;
  std::uint8_t by_group = 0;
  if (!d.Str(tag, 64) || tag != "hall/v1/voter-classes" || !d.U8(by_group) ||
      by_group > 1 || !d.U32(n) || n > kMaxRoundGroups) {
    return DamagedStatement("box-sealed statement");
  }
  s.tally_by_group = by_group == 1;
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string g;
    // Strictly sorted: one encoding of one set of groups.
    if (!d.Str(g) || (!s.advisory_groups.empty() && !(s.advisory_groups.back() < g)))
      return DamagedStatement("box-sealed statement");
    s.advisory_groups.push_back(std::move(g));
  }
  if (!d.U32(n) || n > kMaxRoll) return DamagedStatement("box-sealed statement");
  for (std::uint32_t i = 0; i < n; ++i) {
    std::string id;
    if (!d.Str(id)) return DamagedStatement("box-sealed statement");
    s.advisory_present.push_back(std::move(id));
  }
  // Without classes the section is absent: one encoding per statement.
  if (!d.Done() || !s.has_classes())
    return DamagedStatement("box-sealed statement");
  return s;
}

std::uint64_t ConvenedOver(const MeetingDefinition& definition,
                           const std::vector<std::string>& groups) {
  std::uint64_t n = 0;
  for (const auto& p : definition.roll) {
    if (groups.empty() ||
        std::find(groups.begin(), groups.end(), p.group) != groups.end())
      ++n;
  }
  return n;
}

namespace {

const RollEntry* RollEntryOf(const MeetingDefinition& definition,
                             const std::string& id) {
  auto it = std::lower_bound(
      definition.roll.begin(), definition.roll.end(), id,
      [](const RollEntry& e, const std::string& v) { return e.person_id < v; });
  if (it == definition.roll.end() || it->person_id != id) return nullptr;
  return &*it;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The electorate's groups, sorted: the named ones, or every group of the roll.
std::vector<std::string> ElectorateGroups(const BoxSealedStatement& sealed,
                                          const MeetingDefinition& definition) {
  std::set<std::string> groups(sealed.groups.begin(), sealed.groups.end());
  if (sealed.groups.empty()) {
    for (const auto& p : definition.roll) groups.insert(p.group);
  }
  return {groups.begin(), groups.end()};
}

Status CheckPeople(const std::vector<std::string>& ids,
                   const MeetingDefinition& definition,
                   const std::vector<std::string>& groups, const char* which) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    if (i > 0 && !(ids[i - 1] < id)) {
      return Status::InvalidArgument(std::string("the signed ") + which +
                                     " is not sorted or names " + id +
                                     " twice");
    }
    const RollEntry* e = RollEntryOf(definition, id);
    if (!e) {
      return Status::InvalidArgument(std::string("the signed ") + which +
                                     " names " + id +
                                     ", who is not on the meeting's roll");
    }
    if (!groups.empty() && !Contains(groups, e->group)) {
      return Status::InvalidArgument(std::string("the signed ") + which +
                                     " names " + id +
                                     ", who is not in the groups voting");
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckAttendance(const BoxSealedStatement& sealed,
                       const MeetingDefinition& definition) {
  const std::uint64_t convened = ConvenedOver(definition, sealed.groups);
  if (sealed.convened != convened) {
    return Status::InvalidArgument(
        "the statement counts " + std::to_string(sealed.convened) +
        " convened but the signed roll has " + std::to_string(convened) +
        " people in the groups voting");
  }
  if (sealed.present.size() + sealed.advisory_present.size() != sealed.issued) {
    return Status::InvalidArgument(
        "the signed attendance names " +
        std::to_string(sealed.present.size() + sealed.advisory_present.size()) +
        " people present but " + std::to_string(sealed.issued) +
        " ballot codes were issued");
  }
  if (Status s = CheckPeople(sealed.present, definition, sealed.groups,
                             "attendance");
      !s.ok())
    return s;
  if (sealed.advisory_groups.empty()) {
    if (!sealed.advisory_present.empty())
      return Status::InvalidArgument(
          "the signed attendance names advisory voters but no advisory group");
    return Status::Ok();
  }
  if (sealed.groups.empty()) {
    return Status::InvalidArgument(
        "a round with advisory voters must name the groups that decide");
  }
  for (const auto& g : sealed.advisory_groups) {
    if (Contains(sealed.groups, g)) {
      return Status::InvalidArgument("the group \"" + g +
                                     "\" both decides and only advises");
    }
  }
  return CheckPeople(sealed.advisory_present, definition,
                     sealed.advisory_groups, "list of advisory voters");
}

std::vector<VoterClass> VoterClassesOf(const BoxSealedStatement& sealed,
                                       const MeetingDefinition& definition) {
  std::vector<VoterClass> classes;
  if (!sealed.has_classes()) return classes;
  if (sealed.tally_by_group) {
    for (const auto& g : ElectorateGroups(sealed, definition))
      classes.push_back({g, VoterRole::kDeciding, 0});
  } else {
    classes.push_back({"A", VoterRole::kDeciding, 0});
  }
  if (!sealed.advisory_groups.empty())
    classes.push_back({"B", VoterRole::kAdvisory, 0});
  for (std::uint8_t c : VoterClassOfEach(sealed, definition)) {
    if (c < classes.size()) ++classes[c].issued;
  }
  return classes;
}

std::vector<std::uint8_t> VoterClassOfEach(const BoxSealedStatement& sealed,
                                           const MeetingDefinition& definition) {
  std::vector<std::uint8_t> out;
  if (!sealed.has_classes()) return out;
  const auto groups = ElectorateGroups(sealed, definition);
  const std::uint8_t advisory = static_cast<std::uint8_t>(
      sealed.tally_by_group ? groups.size() : 1);
  for (const auto& id : sealed.present) {
    std::uint8_t c = 0;
    if (sealed.tally_by_group) {
      const RollEntry* e = RollEntryOf(definition, id);
      auto it = e ? std::lower_bound(groups.begin(), groups.end(), e->group)
                  : groups.end();
      c = it == groups.end() ? 0xff
                             : static_cast<std::uint8_t>(it - groups.begin());
    }
    out.push_back(c);
  }
  for (std::size_t i = 0; i < sealed.advisory_present.size(); ++i)
    out.push_back(advisory);
  return out;
}

Status CheckCredentialClasses(const crypto::CredentialList& list,
                              const BoxSealedStatement& sealed,
                              const MeetingDefinition& definition) {
  const auto classes = VoterClassesOf(sealed, definition);
  if (classes.empty()) {
    if (list.class_names().empty()) return Status::Ok();
    return Status::InvalidArgument(
        "the credential list has voter classes but the round has none");
  }
  const auto sizes = list.ClassSizes();
  if (list.class_names().size() != classes.size()) {
    return Status::InvalidArgument(
        "the credential list's voter classes are not the round's");
  }
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (list.class_names()[i] != classes[i].name ||
        sizes[i] != classes[i].issued) {
      return Status::InvalidArgument(
          "the credential list holds " + std::to_string(sizes[i]) +
          " codes of voter class \"" + list.class_names()[i] + "\" where " +
          std::to_string(classes[i].issued) + " of \"" + classes[i].name +
          "\" are present");
    }
  }
  return Status::Ok();
}

Status CheckClassesAllowed(const BoxSealedStatement& sealed,
                           const rules::Step& step) {
  const bool by_group = step.rule && step.rule->params.tally_by_group;
  const bool b_ballots = step.rule && step.rule->params.has_b_ballots;
  if (sealed.tally_by_group && !by_group) {
    return Status::InvalidArgument(
        "step " + step.id + " is not tallied per voter group: its procedure "
        "file does not say so (tally_by_group)");
  }
  if (!sealed.advisory_groups.empty() && !b_ballots) {
    return Status::InvalidArgument(
        "step " + step.id + " has no B ballots: its procedure file does not "
        "say so (has_b_ballots), so no one votes without deciding");
  }
  return Status::Ok();
}

std::uint64_t DecidingBallots(const crypto::CredentialList& list,
                              const BoxSealedStatement& sealed,
                              const std::vector<crypto::VerifyKey>& credentials) {
  if (sealed.advisory_groups.empty() || list.class_names().empty())
    return credentials.size();
  const int advisory = static_cast<int>(list.class_names().size()) - 1;
  std::uint64_t n = 0;
  for (const auto& key : credentials) {
    if (list.ClassOf(key) != advisory) ++n;
  }
  return n;
}

crypto::Bytes BoxClosedStatement::Encode() const {
  return crypto::Encoder()
      .Str("hall/v1/box-closed")
      .Fixed(template_digest)
      .U64(cast)
      .Fixed(board_head)
      .Str(closed_at)
      .Take();
}

Result<BoxClosedStatement> BoxClosedStatement::Decode(
    std::span<const std::uint8_t> bytes) {
  crypto::Decoder d(bytes);
  BoxClosedStatement s;
  std::string tag;
  if (!d.Str(tag) || tag != "hall/v1/box-closed" ||
      !d.Fixed(s.template_digest) || !d.U64(s.cast) || !d.Fixed(s.board_head) ||
      !d.Str(s.closed_at) || !d.Done()) {
    return DamagedStatement("box-closed statement");
  }
  return s;
}

crypto::Bytes KeyCeremonyContext(const std::string& installation,
                                 std::uint64_t meeting_id) {
  return crypto::Encoder()
      .Str("hall/v1/ceremony")
      .Str(installation)
      .U64(meeting_id)
      .Take();
}

std::string MinutesDigest(std::span<const std::uint8_t> minutes,
                          std::span<const std::uint8_t, 64> signature) {
  const crypto::Bytes input = crypto::Encoder()
                                  .Str("hall/v1/minutes-digest")
                                  .Var(minutes)
                                  .Fixed(signature)
                                  .Take();
  return crypto::ToHex(crypto::Blake2b256(input));
}

}  // namespace hall::shared
