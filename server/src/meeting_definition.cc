#include "hall/server/meeting_definition.h"

#include <algorithm>

#include "hall/crypto/seal.h"
#include "hall/server/round_store.h"
#include "hall/shared/rules.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

Status Altered(const std::string& what) {
  return Status::Corruption(what + "; the database was altered");
}

}  // namespace

RoundTerms ReadRoundTerms(Database& db, std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT coalesce(previous_round, 0), coalesce(head_nominee, '') FROM "
      "rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  RoundTerms t;
  if (q.Step()) {
    t.compared_round = static_cast<std::uint64_t>(q.Int(0));
    t.head_nominee = q.Text(1);
  }
  return t;
}

Result<bool> SealSigned(Database& db, crypto::SignatureType type,
                        std::span<const std::uint8_t> bytes,
                        std::span<const std::uint8_t> signature) {
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  auto sig = crypto::Signature::FromBytes(signature);
  return sig.ok() && crypto::Verify(*seal, type, bytes, *sig).ok();
}

Result<shared::MeetingDefinition> LoadMeetingDefinition(
    Database& db, std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT definition, definition_sig FROM meetings WHERE id = ? AND "
      "definition IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  if (!q.Step()) {
    if (!q.status().ok()) return q.status();
    if (MeetingHasSealedRounds(db, meeting_id)) {
      return Altered("meeting " + Num(meeting_id) +
                     ": its signed definition is missing though rounds of it "
                     "are sealed");
    }
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) +
        " has no signed definition yet: none of its rounds is sealed");
  }
  const crypto::Bytes bytes = q.Blob(0);
  const std::string what =
      "meeting " + Num(meeting_id) + ": the signed meeting definition ";
  auto signed_by_seal = SealSigned(db, crypto::SignatureType::kMeetingDefinition,
                                   bytes, q.Blob(1));
  if (!signed_by_seal.ok()) return signed_by_seal.status();
  if (!*signed_by_seal) return Altered(what + "does not carry the seal");
  auto def = shared::MeetingDefinition::Decode(bytes);
  if (!def.ok()) return Altered(what + "cannot be read");
  if (def->installation != Installation(db) || def->meeting_id != meeting_id)
    return Altered(what + "is another meeting's");
  return def;
}

Status CheckRollMatchesDefinition(Database& db,
                                  const shared::MeetingDefinition& def) {
  const std::string what = "meeting " + Num(def.meeting_id) + ": ";
  auto m = db.Prepare("SELECT members FROM meetings WHERE id = ?");
  m.Bind(1, static_cast<std::int64_t>(def.meeting_id));
  if (!m.Step() || static_cast<std::uint64_t>(m.Int(0)) != def.members)
    return Altered(what + "the member count is not the signed one");
  auto roll = db.Prepare(
      "SELECT person_id, name, grp FROM roll WHERE meeting_id = ? ORDER BY "
      "person_id");
  roll.Bind(1, static_cast<std::int64_t>(def.meeting_id));
  std::size_t i = 0;
  for (; roll.Step(); ++i) {
    if (i >= def.roll.size() || roll.Text(0) != def.roll[i].person_id ||
        roll.Text(1) != def.roll[i].name || roll.Text(2) != def.roll[i].group)
      return Altered(what + "the roll is not the signed one");
  }
  if (!roll.status().ok()) return roll.status();
  if (i != def.roll.size())
    return Altered(what + "the roll is not the signed one");
  return Status::Ok();
}

Status CheckSealedRoundMatches(Database& db, const RoundInfo& round,
                               const shared::VerifiedSealedRound& sealed,
                               const rules::Procedure& procedure,
                               const shared::MeetingDefinition& def) {
  const std::string what = "round " + Num(round.id) + ": ";
  const shared::BallotTemplate& t = sealed.ballot_template;
  const rules::Step* step = procedure.FindStep(t.step);
  if (t.procedure != def.procedure || procedure.id != def.procedure ||
      t.step != round.step || !step ||
      t.disclosure != rules::DisclosureName(step->disclosure)) {
    return Altered(what + "the stored step is not the one its ballot was "
                          "sealed for");
  }
  if (sealed.box_key.digest() != def.box_key_digest)
    return Altered(what + "the ballot-box key is not the meeting's");
  auto q = db.Prepare(
      "SELECT sealed_statement, sealed_sig FROM rounds WHERE id = ? AND "
      "sealed_statement IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round.id));
  if (!q.Step()) return Altered(what + "the box-sealed statement is missing");
  const crypto::Bytes statement = q.Blob(0);
  auto signed_by_seal =
      SealSigned(db, crypto::SignatureType::kBoxSealed, statement, q.Blob(1));
  if (!signed_by_seal.ok()) return signed_by_seal.status();
  if (!*signed_by_seal)
    return Altered(what + "the box-sealed statement does not carry the seal");
  auto box_sealed = shared::BoxSealedStatement::Decode(statement);
  const RoundTerms terms = ReadRoundTerms(db, round.id);
  if (!box_sealed.ok() || box_sealed->template_digest != t.Digest() ||
      box_sealed->credential_list_digest != t.credential_list_digest ||
      box_sealed->issued != round.issued ||
      box_sealed->issued != sealed.credentials.keys().size() ||
      box_sealed->definition_digest !=
          shared::MeetingDefinitionDigest(def.Encode()) ||
      box_sealed->slots != round.slots || box_sealed->groups != round.groups ||
      box_sealed->tally_by_group != round.tally_by_group ||
      box_sealed->advisory_groups != round.advisory_groups ||
      box_sealed->compared_round != terms.compared_round ||
      box_sealed->head_nominee != terms.head_nominee ||
      box_sealed->convened != shared::ConvenedOver(def, round.groups)) {
    return Altered(what + "the stored round is not the one the box was "
                          "sealed with");
  }
  if (Status s = shared::CheckAttendance(*box_sealed, def); !s.ok())
    return Altered(what + s.message());
  return Status::Ok();
}

Result<shared::VerifiedSealedRound> LoadCheckedSealedRound(
    Database& db, const RoundInfo& round) {
  auto def = LoadMeetingDefinition(db, round.meeting_id);
  if (!def.ok()) return def.status();
  if (Status s = CheckRollMatchesDefinition(db, *def); !s.ok()) return s;
  auto procedure = MeetingProcedure(db, round.meeting_id);
  if (!procedure.ok()) return procedure.status();
  auto sealed = LoadSealedRound(db, round.id);
  if (!sealed.ok()) return sealed.status();
  if (Status s = CheckSealedRoundMatches(db, round, *sealed, **procedure, *def);
      !s.ok())
    return s;
  return sealed;
}

bool MeetingHasSealedRounds(Database& db, std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT 1 FROM rounds r WHERE meeting_id = ? AND (template IS NOT NULL "
      "OR credential_list IS NOT NULL OR state != 'draft' OR EXISTS (SELECT 1 "
      "FROM ballots WHERE round_id = r.id)) LIMIT 1");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  return q.Step();
}

}  // namespace hall::server
