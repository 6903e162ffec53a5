// The committee's round lifecycle: create, seal (codes, credential list,
// signed template, box-sealed statement), open, close (box-closed
// statement), announce, and reading the minutes back. The tally is tally.cc.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "committee_checks.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/seal.h"
#include "hall/server/committee.h"
#include "hall/server/meeting_definition.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/seal_work.h"
#include "hall/shared/statements.h"
#include "hall/shared/tally_request.h"

namespace hall::server {
namespace {

using nlohmann::ordered_json;

std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

Result<std::uint64_t> Committee::CreateRound(const NewRound& typed,
                                             const RecipientKey* recipient) {
  // Names as they were stored (NFC), however they were typed here.
  NewRound r = typed;
  for (auto* names : {&r.persons, &r.groups, &r.advisory_groups}) {
    for (std::string& name : *names) {
      auto clean = shared::HumanText(name, "the name", shared::kMaxNameBytes);
      if (!clean.ok()) return clean.status();
      name = std::move(clean).value();
    }
  }
  if (r.head_nominee) {
    auto clean = shared::HumanText(*r.head_nominee, "the head's nominee",
                                   shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    r.head_nominee = std::move(clean).value();
  }
  auto m = LoadMeeting(db_, r.meeting_id);
  if (!m.ok()) return m.status();
  auto procedure = MeetingProcedure(db_, m->id);
  if (!procedure.ok()) return procedure.status();
  const rules::Procedure* p = procedure->get();
  const rules::Step* step = p->FindStep(r.step);
  if (!step) {
    std::string ids;
    for (const auto& s : p->steps) ids += (ids.empty() ? "" : ", ") + s.id;
    return Status::NotFound("step \"" + r.step + "\" is not a step of " + p->id +
                         " (steps: " + ids + ")");
  }
  if (!step->ballot) {
    return Status::InvalidArgument(
        "step " + r.step + " of " + p->id +
        " has no ballot: record it in the minutes, no round is needed");
  }
  if (!m->trustees_k) {
    return Status::FailedPrecondition(
        "meeting " + Num(r.meeting_id) +
        " has no ballot-box key yet: run the key ceremony first "
        "(hall-admin ceremony run)");
  }
  if (r.slots < 1) return Status::InvalidArgument("slots must be at least 1");
  std::vector<std::string> persons;
  auto add = [&](const std::string& name) {
    if (std::find(persons.begin(), persons.end(), name) == persons.end()) {
      persons.push_back(name);
    }
  };
  if (r.carry_from) {
    auto from = LoadRound(db_, *r.carry_from);
    if (!from.ok()) return from.status();
    if (from->state == RoundState::kMinutesSealed && !recipient) {
      return Status::FailedPrecondition(
          "round " + Num(*r.carry_from) +
          " is sealed: the hall server cannot read whom it carried forward. "
          "Name them with --person as its minutes list them (its recipients "
          "open them: hall-recipient open)");
    }
    auto previous = OutcomeOf(db_, *r.carry_from, r.meeting_id, recipient);
    if (!previous.ok()) return previous.status();
    auto previous_round = LoadRound(db_, *r.carry_from);
    if (!previous_round.ok()) return previous_round.status();
    auto selection = shared::GoingOnIn(*previous);
    if (!selection.ok()) {
      return Status::Corruption("round " + Num(*r.carry_from) +
                                ": its minutes " + selection.message());
    }
    const std::set<std::string> going_on(selection->begin(), selection->end());
    // In the previous ballot's order, never the outcome's (sorted by votes):
    // the next ballot must not reveal a sealed round's ranking.
    for (const auto& name : previous_round->persons) {
      if (going_on.count(name)) add(name);
    }
  }
  for (const auto& name : r.persons) add(name);
  if (persons.empty()) {
    return Status::InvalidArgument(
        "the round has nobody on its ballot: name persons or carry them "
        "forward from a previous round");
  }
  auto pool = Candidates(db_, r.meeting_id);
  for (const auto& name : persons) {
    if (!pool.count(name)) {
      return Status::NotFound(
          "\"" + name + "\" is not among the candidates of meeting " +
          Num(r.meeting_id) +
          "; import them first (hall-admin candidates import)");
    }
  }
  const auto groups = RollGroups(db_, r.meeting_id);
  for (const auto& g : r.groups) {
    if (!groups.count(g)) {
      return Status::NotFound("no one on the roll of meeting " +
                           Num(r.meeting_id) + " is in the group \"" + g +
                           "\"");
    }
  }
  for (const auto& g : r.advisory_groups) {
    if (!groups.count(g)) {
      return Status::NotFound("no one on the roll of meeting " +
                              Num(r.meeting_id) + " is in the group \"" + g +
                              "\"");
    }
    if (std::find(r.groups.begin(), r.groups.end(), g) != r.groups.end()) {
      return Status::InvalidArgument(
          "the group \"" + g +
          "\" cannot both decide (--group) and only advise "
          "(--advisory-group)");
    }
  }
  {
    shared::BoxSealedStatement classes;
    classes.tally_by_group = r.tally_by_group;
    classes.advisory_groups = r.advisory_groups;
    if (Status s = shared::CheckClassesAllowed(classes, *step); !s.ok())
      return Status::InvalidArgument(
          s.message() + "; --tally-by-group is for P7 step 1, "
          "--advisory-group for P7 step 3");
  }
  if (!r.advisory_groups.empty() && r.groups.empty()) {
    return Status::InvalidArgument(
        "a round with advisory voters (--advisory-group) must name the "
        "groups that decide (--group)");
  }
  if (r.tally_by_group) {
    // Each voting group is a class, named as the roll names it.
    std::vector<std::string> voting(r.groups.begin(), r.groups.end());
    if (voting.empty()) voting.assign(groups.begin(), groups.end());
    for (const auto& g : voting) {
      if (g.empty()) {
        return Status::InvalidArgument(
            "people on the roll without a group cannot be tallied by group: "
            "give them one (hall-admin roll correct ID --group G)");
      }
      if (g == "B" && !r.advisory_groups.empty()) {
        return Status::InvalidArgument(
            "a voting group named \"B\" would be confused with the B "
            "ballots of the advisory voters: rename the group");
      }
    }
    const std::size_t n = voting.size();
    if (n + (r.advisory_groups.empty() ? 0 : 1) >
        crypto::CredentialList::kMaxClasses) {
      return Status::InvalidArgument(
          "a round is tallied in at most " +
          Num(crypto::CredentialList::kMaxClasses) +
          " voter classes; this electorate has " + Num(n) + " groups");
    }
  }
  if (r.head_nominee && std::find(persons.begin(), persons.end(),
                                  *r.head_nominee) == persons.end()) {
    return Status::InvalidArgument("the head's nominee \"" + *r.head_nominee +
                         "\" is not on the ballot");
  }
  if (r.compare_with) {
    auto other = LoadRound(db_, *r.compare_with);
    if (!other.ok()) return other.status();
    if (other->meeting_id != r.meeting_id) {
      return Status::InvalidArgument("round " + Num(*r.compare_with) +
                           " belongs to another meeting");
    }
  } else if (step->rule->params.check_divergence) {
    return Status::InvalidArgument(
        "step " + r.step + " of " + p->id +
        " is compared with the previous step's result: give the round to "
        "compare with (--compare-with)");
  }
  ordered_json persons_json = persons;
  auto ins = db_.Prepare(
      "INSERT INTO rounds(meeting_id, step, state, slots, head_nominee, "
      "previous_round, persons, date, groups, tally_by_group, "
      "advisory_groups) "
      "VALUES(?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)");
  ins.Bind(1, static_cast<std::int64_t>(r.meeting_id)).Bind(2, r.step);
  ins.Bind(3, static_cast<std::int64_t>(r.slots));
  if (r.head_nominee)
    ins.Bind(4, *r.head_nominee);
  else
    ins.BindNull(4);
  if (r.compare_with)
    ins.Bind(5, static_cast<std::int64_t>(*r.compare_with));
  else
    ins.BindNull(5);
  ins.Bind(6, persons_json.dump()).Bind(7, clock_().substr(0, 10));
  ins.Bind(8, nlohmann::ordered_json(r.groups).dump());
  ins.Bind(9, std::int64_t{r.tally_by_group ? 1 : 0});
  std::set<std::string> advisory(r.advisory_groups.begin(),
                                 r.advisory_groups.end());  // one encoding
  ins.Bind(10, nlohmann::ordered_json(std::vector<std::string>(
                                          advisory.begin(), advisory.end()))
                   .dump());
  if (Status s = ins.Run(); !s.ok()) return s;
  return static_cast<std::uint64_t>(db_.LastInsertId());
}

Result<RoundInfo> Committee::Round(std::uint64_t round_id) {
  return LoadRound(db_, round_id);
}

Result<std::vector<RoundInfo>> Committee::Rounds(std::uint64_t meeting_id) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  std::vector<RoundInfo> out;
  auto q =
      db_.Prepare("SELECT id FROM rounds WHERE meeting_id = ? ORDER BY id");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  std::vector<std::uint64_t> ids;
  while (q.Step()) ids.push_back(static_cast<std::uint64_t>(q.Int(0)));
  for (auto id : ids) {
    auto r = LoadRound(db_, id);
    if (!r.ok()) return r.status();
    out.push_back(std::move(r).value());
  }
  return out;
}

Result<shared::SealRequest> Committee::SealRequestOf(std::uint64_t round_id) {
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kSeal); !s.ok())
    return s;
  auto es = LoadElectorateAndStep(db_, *r);
  if (!es.ok()) return es.status();
  const MeetingInfo* m = &es->electorate;
  const rules::Procedure* p = es->procedure.get();
  const rules::Step* step = es->step;
  if (Status s = CheckStepQuorum(*p, *step, *m); !s.ok()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " cannot be sealed: " + s.message());
  }
  if (step->rule->params.candidates_must_outnumber_slots &&
      r->persons.size() <= r->slots) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) + " cannot be sealed: " + p->code + " step " +
        r->step + " needs more persons than posts (" + Num(r->persons.size()) +
        " persons for " + Num(r->slots) + " posts); add persons");
  }
  {
    auto rounds = Rounds(r->meeting_id);
    if (!rounds.ok()) return rounds.status();
    if (Status s = CheckSittingPersons(*p, *step, *r, *rounds); !s.ok())
      return s;
  }
  if (p->season) {
    auto meeting = LoadMeeting(db_, r->meeting_id);
    if (!meeting.ok()) return meeting.status();
    if (meeting->date.empty() && MeetingFrozen(db_, r->meeting_id)) {
      return Status::FailedPrecondition(
          "round " + Num(round_id) + " cannot be sealed: " + p->code +
          " checks the date of its sitting, and meeting " +
          Num(r->meeting_id) +
          "'s definition was signed without one; create a new meeting with "
          "hall-admin meeting create --date YYYY-MM-DD for this round");
    }
    if (meeting->date.empty()) {
      return Status::FailedPrecondition(
          "round " + Num(round_id) + " cannot be sealed: " + p->code +
          " checks the date of its sitting and meeting " +
          Num(r->meeting_id) + " has none; set it with hall-admin meeting "
          "date --meeting " + Num(r->meeting_id) + " --date YYYY-MM-DD");
    }
  }
  if (step->disclosure == rules::Disclosure::kSealed) {
    auto recipients = LoadRecipients(db_, r->meeting_id);
    if (!recipients.ok()) return recipients.status();
    if (recipients->empty()) {
      return Status::FailedPrecondition(
          "round " + Num(round_id) + " cannot be sealed: step " + r->step +
          " of " + p->code +
          " is sealed, its minutes go only to their recipients, and meeting " +
          Num(r->meeting_id) + " has none yet (hall-admin recipient add)");
    }
  }
  auto box_key = LoadBoxKey(db_, r->meeting_id);
  if (!box_key.ok()) return box_key.status();
  auto seal = SealPublicKey(db_);
  if (!seal.ok()) return seal.status();

  shared::SealRequest req;
  req.action = shared::SealAction::kSealRound;
  req.installation = Installation(db_);
  req.meeting_id = r->meeting_id;
  req.round_id = round_id;
  std::copy(seal->bytes().begin(), seal->bytes().end(),
            req.seal_public_key.begin());
  if (MeetingFrozen(db_, r->meeting_id)) {
    auto q = db_.Prepare(
        "SELECT definition, definition_sig FROM meetings WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(r->meeting_id));
    if (!q.Step()) return Status::NotFound("there is no meeting " + Num(r->meeting_id));
    req.definition = q.Blob(0);
    req.definition_signature = q.Blob(1);
  } else if (MeetingHasSealedRounds(db_, r->meeting_id)) {
    // Deleted though rounds are sealed: signing anew would bless the change.
    return LoadMeetingDefinition(db_, r->meeting_id).status();
  } else {
    auto def = MeetingDefinitionToSign(db_, r->meeting_id, catalog_);
    if (!def.ok()) return def.status();
    req.definition = std::move(def).value();
  }
  auto def = shared::MeetingDefinition::Decode(req.definition);
  if (!def.ok()) return def.status();
  req.procedure_file = p->file_text;

  shared::BallotTemplate& t = req.ballot_template;
  t.installation = req.installation;
  t.meeting_id = r->meeting_id;
  t.meeting_title = m->title;
  t.round_id = round_id;
  t.procedure = p->id;
  t.step = r->step;
  t.step_titles = shared::TitlesOf(step->title);
  t.disclosure = rules::DisclosureName(step->disclosure);
  // CreateRound refuses steps without a ballot: no round has one.
  HALL_CHECK(step->ballot.has_value());
  t.kind = *step->ballot;
  if (step->max_agree)
    t.max_agree = static_cast<std::uint32_t>(*step->max_agree);
  t.persons = r->persons;
  t.box_key = box_key->Encode();

  const RoundTerms terms = ReadRoundTerms(db_, round_id);
  shared::BoxSealedStatement& box_sealed = req.box_sealed;
  box_sealed.issued = m->present;
  box_sealed.definition_digest = shared::MeetingDefinitionDigest(req.definition);
  box_sealed.convened = m->convened;
  box_sealed.slots = r->slots;
  box_sealed.groups = r->groups;
  box_sealed.compared_round = terms.compared_round;
  box_sealed.head_nominee = terms.head_nominee;
  box_sealed.present = PresentPersons(db_, r->meeting_id, r->groups);
  box_sealed.tally_by_group = r->tally_by_group;
  box_sealed.advisory_groups = r->advisory_groups;
  if (!r->advisory_groups.empty()) {
    box_sealed.advisory_present =
        PresentPersons(db_, r->meeting_id, r->advisory_groups);
    box_sealed.issued += box_sealed.advisory_present.size();
  }
  if (Status s = shared::CheckAttendance(box_sealed, *def); !s.ok()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " cannot be sealed: " + s.message());
  }
  std::vector<std::string> everyone = box_sealed.present;
  everyone.insert(everyone.end(), box_sealed.advisory_present.begin(),
                  box_sealed.advisory_present.end());
  for (const auto& id : everyone) {
    auto it = std::find_if(def->roll.begin(), def->roll.end(),
                           [&](const shared::RollEntry& e) {
                             return e.person_id == id;
                           });
    req.present.push_back({id, it->name});  // CheckAttendance: on the roll
  }
  return req;
}

Result<SealedRound> Committee::StoreSealAnswer(
    std::uint64_t round_id, const shared::SealAnswer& answer,
    std::vector<crypto::CredentialCode> codes, const DeliverCodes& deliver,
    std::vector<std::string> code_classes) {
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  // The request the server would write now: an answer to an older one (the
  // round or its attendance changed since) is refused.
  auto req = SealRequestOf(round_id);
  if (!req.ok()) return req.status();
  auto accepted = shared::CheckSealAnswer(*req, answer);
  if (!accepted.ok()) {
    return Status::Make(accepted.code(), "round " + Num(round_id) +
                                             " was not sealed: " +
                                             accepted.message());
  }
  if (accepted->definition) {
    if (Status s = StoreMeetingDefinition(db_, req->meeting_id,
                                          accepted->definition->statement,
                                          accepted->definition->signature);
        !s.ok())
      return s;
  }
  const std::uint64_t issued = accepted->box_sealed_statement.issued;
  auto upd = db_.Prepare(
      "UPDATE rounds SET state = 'sealed', issued = ?, present_at_seal = ?, "
      "template = ?, "
      "template_sig = ?, credential_list = ?, credential_list_sig = ?, "
      "sealed_statement = ?, "
      "sealed_sig = ?, sealed_at = ? WHERE id = ? AND state = 'draft'");
  upd.Bind(1, static_cast<std::int64_t>(issued))
      .Bind(2, static_cast<std::int64_t>(issued));
  upd.Bind(3, accepted->signed_template.template_bytes)
      .Bind(4, accepted->signed_template.signature);
  upd.Bind(5, accepted->credential_list)
      .Bind(6, accepted->credential_list_signature)
      .Bind(7, accepted->box_sealed);
  upd.Bind(8, accepted->box_sealed_signature)
      .Bind(9, accepted->box_sealed_statement.sealed_at)
      .Bind(10, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  if (db_.Changes() != 1)
    return Status::FailedPrecondition("round " + Num(round_id) + " changed meanwhile");
  // The stored round must now pass every check a later command makes.
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (auto checked = LoadCheckedSealedRound(db_, *r); !checked.ok())
    return checked.status();
  SealedRound sealed;
  sealed.codes = std::move(codes);
  sealed.code_classes = std::move(code_classes);
  sealed.template_digest_hex =
      Hex(accepted->box_sealed_statement.template_digest);
  if (deliver) {
    if (Status s = deliver(sealed); !s.ok()) {
      return Status::Make(s.code(), "round " + Num(round_id) +
                           " was not sealed: " + s.message());
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return sealed;
}

Result<SealedRound> Committee::SealRound(std::uint64_t round_id,
                                         const crypto::SigningKey& seal,
                                         const DeliverCodes& deliver) {
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  auto req = SealRequestOf(round_id);
  if (!req.ok()) return req.status();
  auto signed_seal = shared::SignSealWork(*req, seal, clock_(), rng_);
  if (!signed_seal.ok()) return signed_seal.status();
  return StoreSealAnswer(round_id, signed_seal->answer,
                         std::move(signed_seal->codes), deliver,
                         std::move(signed_seal->code_classes));
}

Status Committee::OpenRound(std::uint64_t round_id) {
  // Everything is checked inside the transaction that opens the round, so
  // no other command can open or tally a round in between.
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kOpen); !s.ok())
    return s;
  auto es = LoadElectorateAndStep(db_, *r);
  if (!es.ok()) return es.status();
  const MeetingInfo* m = &es->electorate;
  const rules::Procedure* p = es->procedure.get();
  const rules::Step* step = es->step;
  if (auto sealed = LoadCheckedSealedRound(db_, *r); !sealed.ok())
    return sealed.status();
  if (Status s = CheckStepQuorum(*p, *step, *m); !s.ok()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " cannot be opened: " + s.message());
  }
  auto rounds = Rounds(r->meeting_id);
  if (!rounds.ok()) return rounds.status();
  if (Status s = CheckStepOrder(*p, *r, *rounds); !s.ok()) return s;
  if (Status s = CheckEarlierStagesTallied(*p, *r, *rounds, "opened"); !s.ok())
    return s;
  if (Status s = CheckEarlierStepsRecorded(db_, *p, *r); !s.ok()) return s;
  // Only one round of a meeting is open at a time: a delegate's slip and the
  // kiosk's ballot must never be ambiguous.
  for (const RoundInfo& other : *rounds) {
    if (other.id != round_id && other.state == RoundState::kOpen) {
      return Status::FailedPrecondition(
          "round " + Num(round_id) + " cannot be opened: round " +
          Num(other.id) + " of this meeting is still open; close it first");
    }
  }
  auto open = db_.Prepare(
      "UPDATE rounds SET state = 'open', opened_at = ? WHERE id = ? AND state "
      "= 'sealed'");
  open.Bind(1, clock_()).Bind(2, static_cast<std::int64_t>(round_id));
  if (Status s = open.Run(); !s.ok()) return s;
  if (db_.Changes() != 1) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " changed meanwhile");
  }
  return tx.Commit();
}

namespace {

// The close request of a round closed to ballots whose box-closed
// statement waits for the seal.
Result<shared::SealRequest> StoredCloseRequest(Database& db,
                                               std::uint64_t round_id) {
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  auto r = LoadRound(db, round_id);
  if (!r.ok()) return r.status();
  auto q = db.Prepare(
      "SELECT template, template_sig, sealed_statement, sealed_sig, "
      "closed_statement FROM rounds WHERE id = ? AND closed_statement IS NOT "
      "NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " is not closed");
  }
  shared::SealRequest req;
  req.action = shared::SealAction::kCloseRound;
  req.installation = Installation(db);
  req.meeting_id = r->meeting_id;
  req.round_id = round_id;
  std::copy(seal->bytes().begin(), seal->bytes().end(),
            req.seal_public_key.begin());
  const auto tsig = q.Blob(1), ssig = q.Blob(3);
  if (tsig.size() != 64 || ssig.size() != 64) {
    return Status::Corruption("round " + Num(round_id) +
                              ": its seal signatures are damaged; the "
                              "database was altered");
  }
  req.signed_template.template_bytes = q.Blob(0);
  std::copy(tsig.begin(), tsig.end(), req.signed_template.signature.begin());
  req.box_sealed_bytes = q.Blob(2);
  std::copy(ssig.begin(), ssig.end(), req.box_sealed_signature.begin());
  req.box_closed = q.Blob(4);
  return req;
}

bool CloseSigned(Database& db, std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT 1 FROM rounds WHERE id = ? AND closed_sig IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  return q.Step();
}

}  // namespace

Result<shared::SealRequest> Committee::CloseRequestOf(std::uint64_t round_id) {
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  // Closed already, its statement still to be signed: the same request.
  if ((r->state == RoundState::kClosed || r->state == RoundState::kCancelled) &&
      !CloseSigned(db_, round_id)) {
    return StoredCloseRequest(db_, round_id);
  }
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kClose); !s.ok())
    return s;
  auto sealed = LoadCheckedSealedRound(db_, *r);
  if (!sealed.ok()) return sealed.status();
  // The seal signs only a board that still holds every ballot a receipt
  // went out for.
  if (auto kept = CheckBoardKeepsReceipts(db_, round_id); !kept.ok()) {
    return Status::Make(kept.code(), "round " + Num(round_id) +
                                         " cannot be closed: " +
                                         kept.message());
  }
  const shared::Digest32 digest = sealed->ballot_template.Digest();
  const auto head = BoardHead(db_, round_id, digest);
  const std::string now = clock_();
  // The console signs no closing time before the seal's; stored, such a
  // request would hold the round closed and unsigned for good.
  {
    auto q = db_.Prepare("SELECT sealed_statement FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(round_id));
    auto statement = q.Step()
                         ? shared::BoxSealedStatement::Decode(q.Blob(0))
                         : Result<shared::BoxSealedStatement>(
                               Status::Corruption("no box-sealed statement"));
    if (!statement.ok()) return statement.status();
    if (now < statement->sealed_at) {
      return Status::FailedPrecondition(
          "this machine's clock reads " + now + ", before round " +
          Num(round_id) + "'s box was sealed at " + statement->sealed_at +
          ": set the clock right, then close the round again (it stays open "
          "until then)");
    }
  }
  shared::BoxClosedStatement box_closed;
  box_closed.template_digest = digest;
  box_closed.cast = r->cast;
  box_closed.board_head = head;
  box_closed.closed_at = now;
  const crypto::Bytes statement = box_closed.Encode();
  // Too few ballots to open without coming close to single votes: the
  // round is cancelled unopened, never left waiting for a tally that the
  // trustees would refuse.
  auto procedure = MeetingProcedure(db_, r->meeting_id);
  if (!procedure.ok()) return procedure.status();
  const std::uint64_t min_ballots = shared::MinBallotsToOpen(**procedure);
  // With B ballots (advisory voters) only the deciding ones count.
  std::uint64_t deciding = r->cast;
  {
    auto q = db_.Prepare("SELECT sealed_statement FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(round_id));
    auto statement = q.Step() ? shared::BoxSealedStatement::Decode(q.Blob(0))
                              : Result<shared::BoxSealedStatement>(
                                    Status::Corruption("no box-sealed statement"));
    if (!statement.ok()) return statement.status();  // checked just above
    if (!statement->advisory_groups.empty()) {
      std::vector<crypto::VerifyKey> credentials;
      auto c = db_.Prepare("SELECT credential FROM ballots WHERE round_id = ?");
      c.Bind(1, static_cast<std::int64_t>(round_id));
      while (c.Step()) {
        auto key = crypto::VerifyKey::FromBytes(c.Blob(0));
        if (!key.ok()) return Status::Corruption("round " + Num(round_id) +
                                                 ": a stored credential is damaged");
        credentials.push_back(*key);
      }
      deciding = shared::DecidingBallots(sealed->credentials, *statement,
                                         credentials);
    }
  }
  const bool cancel = deciding < min_ballots;
  const RoundState next = cancel ? RoundState::kCancelled : RoundState::kClosed;
  auto upd = db_.Prepare(
      "UPDATE rounds SET state = ?, closed_statement = ?, closed_sig = NULL, "
      "closed_at = ?, cancelled_reason = ? WHERE id = ? AND state = 'open'");
  upd.Bind(1, std::string(RoundStateName(next)))
      .Bind(2, statement)
      .Bind(3, now);
  if (cancel) {
    upd.Bind(4, (deciding == r->cast
                     ? Num(r->cast) + " ballots were cast"
                     : Num(deciding) + " ballots of voters who decide were cast (and " +
                           Num(r->cast - deciding) + " B ballots)") +
                    "; a box is opened only with at least " + Num(min_ballots) +
                    ", so that no count comes close to a single vote");
  } else {
    upd.BindNull(4);
  }
  upd.Bind(5, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  auto req = StoredCloseRequest(db_, round_id);
  if (!req.ok()) return req.status();
  if (Status s = tx.Commit(); !s.ok()) return s;
  return req;
}

Result<RoundState> Committee::StoreCloseAnswer(
    std::uint64_t round_id, const shared::SealAnswer& answer) {
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if ((r->state != RoundState::kClosed && r->state != RoundState::kCancelled) ||
      CloseSigned(db_, round_id)) {
    return Status::FailedPrecondition(
        "round " + Num(round_id) +
        " has no box-closed statement waiting for the seal");
  }
  auto req = StoredCloseRequest(db_, round_id);
  if (!req.ok()) return req.status();
  auto sig = shared::CheckCloseAnswer(*req, answer);
  if (!sig.ok()) {
    return Status::Make(sig.code(), "round " + Num(round_id) + ": " +
                                        sig.message());
  }
  auto upd = db_.Prepare(
      "UPDATE rounds SET closed_sig = ? WHERE id = ? AND closed_sig IS NULL");
  upd.Bind(1, *sig).Bind(2, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return r->state;
}

Result<RoundState> Committee::CloseRound(std::uint64_t round_id,
                                         const crypto::SigningKey& seal) {
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  auto req = CloseRequestOf(round_id);
  if (!req.ok()) return req.status();
  auto answer = shared::SignCloseWork(*req, seal);
  if (!answer.ok()) return answer.status();
  return StoreCloseAnswer(round_id, *answer);
}

Status Committee::AnnounceRound(std::uint64_t round_id) {
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kAnnounce);
      !s.ok())
    return s;
  auto upd = db_.Prepare(
      "UPDATE rounds SET state = 'announced' WHERE id = ? AND state = "
      "'tallied'");
  upd.Bind(1, static_cast<std::int64_t>(round_id));
  return upd.Run();
}

Result<std::string> Committee::Minutes(std::uint64_t round_id,
                                       const RecipientKey* recipient) {
  return MinutesText(db_, round_id, recipient);
}

}  // namespace hall::server
