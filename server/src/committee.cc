#include "hall/server/committee.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "hall/crypto/ballot.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/tally.h"
#include "hall/server/csv.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/catalog.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules.h"
#include "hall/shared/statements.h"

namespace hall::server {
namespace {

using nlohmann::ordered_json;
namespace rules = hall::rules;

std::string Num(std::uint64_t n) { return std::to_string(n); }

const rules::Procedure* FindProcedure(const std::string& id) {
  return rules::Catalog::Builtin().Find(id);
}

// Stages run in the procedure's order (rules::StageOf): a round may not open
// once a round of a later stage of the same meeting was opened (e.g. P1 step
// 2 after step 5 was announced).
Status CheckStepOrder(const rules::Procedure& p, const RoundInfo& r,
                      const std::vector<RoundInfo>& rounds) {
  const int mine = rules::StageOf(r.step);
  for (const RoundInfo& other : rounds) {
    // A later round sealed in advance (its codes printed) does not block;
    // one that was opened does.
    if (other.id == r.id || other.state == RoundState::kDraft ||
        other.state == RoundState::kSealed)
      continue;
    if (rules::StageOf(other.step) > mine) {
      return Status::FailedPrecondition(
          "round " + Num(r.id) + " (" + p.code + " step " + r.step +
          ") cannot be opened: round " + Num(other.id) + " of step " +
          other.step + ", which comes after step " + r.step + ", is already " +
          std::string(RoundStateName(other.state)) + "; the steps of " +
          p.code + " run in order");
    }
  }
  return Status::Ok();
}

// Every earlier balloted stage has a tallied round (P5 step 4 needs the
// confidence vote of step 2 or 2r first). `verb`: "sealed" or "opened".
Status CheckEarlierStagesTallied(const rules::Procedure& p, const RoundInfo& r,
                                 const std::vector<RoundInfo>& rounds,
                                 const std::string& verb) {
  const int mine = rules::StageOf(r.step);
  std::map<int, std::vector<std::string>> needed;  // stage -> its steps
  for (const rules::Step& earlier : p.steps) {
    const int stage = rules::StageOf(earlier.id);
    if (stage < mine && earlier.ballot != rules::BallotKind::kNone)
      needed[stage].push_back(earlier.id);
  }
  for (const auto& [stage, steps] : needed) {
    const bool done = std::any_of(
        rounds.begin(), rounds.end(), [&, stage = stage](const RoundInfo& o) {
          return rules::StageOf(o.step) == stage &&
                 (o.state == RoundState::kTallied ||
                  o.state == RoundState::kMinutesSealed ||
                  o.state == RoundState::kAnnounced);
        });
    if (done) continue;
    std::string which = "step " + steps[0];
    for (std::size_t i = 1; i < steps.size(); ++i)
      which += (i + 1 == steps.size() ? " or " : ", ") + steps[i];
    return Status::FailedPrecondition(
        "round " + Num(r.id) + " (" + p.code + " step " + r.step +
        ") cannot be " + verb + ": " + which +
        " comes first and has no tallied "
        "round in this meeting; the steps of " +
        p.code + " run in order (hall-admin round list shows the rounds)");
  }
  return Status::Ok();
}

crypto::BallotKind ToCryptoKind(rules::BallotKind kind) {
  switch (kind) {
    case rules::BallotKind::kApprove:
      return crypto::BallotKind::kApprove;
    case rules::BallotKind::kRate3:
      return crypto::BallotKind::kRate3;
    case rules::BallotKind::kRate4:
      return crypto::BallotKind::kRate4;
    case rules::BallotKind::kYesNoAbstain:
      return crypto::BallotKind::kYesNoAbstain;
    default:
      return crypto::BallotKind::kNominate;
  }
}

// "quorum not met: 25 of 40 convened are present, 27 required; 2 more must
// check in"
Status CheckQuorum(const rules::Procedure& p, const rules::Step& s,
                   const MeetingInfo& m) {
  const rules::QuorumCheck q = rules::CheckQuorum(
      p, &s,
      rules::Attendance{static_cast<std::int64_t>(m.members),
                        static_cast<std::int64_t>(m.convened),
                        static_cast<std::int64_t>(m.present)});
  if (q.met) return Status::Ok();
  const auto required = static_cast<std::uint64_t>(q.required);
  return Status::FailedPrecondition(
      "quorum not met: " + Num(m.present) + " of " +
      Num(static_cast<std::uint64_t>(q.base)) + " " + rules::BaseName(q.of) +
      " are present, " + Num(required) + " required; " +
      Num(required - m.present) + " more must check in (hall-admin checkin)");
}

Status TalliedMeanwhile(std::uint64_t round_id) {
  return Status::Error(
      "round " + Num(round_id) +
      " was tallied meanwhile by another command; see hall-admin round show");
}

std::string RandomHex(crypto::RandomSource& rng) {
  std::array<std::uint8_t, 32> nonce{};
  rng.Fill(nonce);
  return Hex(nonce);
}

// The stored ballots must be exactly what the seal-signed box-closed
// statement commits to: the same number and the same board head.
Status CheckBoxClosed(Database& db, std::uint64_t round_id,
                      const shared::Digest32& digest,
                      const VerifiedRound& verified) {
  const std::string altered =
      "round " + Num(round_id) +
      ": the stored ballots are not the ones the box was closed with; "
      "the database was altered";
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  auto q = db.Prepare(
      "SELECT closed_statement, closed_sig FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) return Status::Error(altered);
  const crypto::Bytes statement = q.Blob(0);
  auto sig = crypto::Signature::FromBytes(q.Blob(1));
  if (!sig.ok() ||
      !crypto::Verify(*seal, crypto::SignatureType::kBoxClosed, statement, *sig)
           .ok()) {
    return Status::Error(altered);
  }
  crypto::Decoder d(statement);
  std::string tag, when;
  shared::Digest32 statement_digest{};
  std::uint64_t count = 0;
  std::array<std::uint8_t, 32> head{};
  if (!d.Str(tag) || tag != "hall/v1/box-closed" ||
      !d.Fixed(statement_digest) || !d.U64(count) || !d.Fixed(head) ||
      !d.Str(when) || !d.Done() || statement_digest != digest ||
      count != verified.count || head != verified.head) {
    return Status::Error(altered);
  }
  return Status::Ok();
}

}  // namespace

Clock SystemClock() {
  return [] {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return std::string(buf);
  };
}

Committee::Committee(Database& db, Clock clock, crypto::RandomSource& rng)
    : db_(db), clock_(std::move(clock)), rng_(rng) {}

Result<std::uint64_t> Committee::CreateMeeting(const std::string& title,
                                               const std::string& procedure,
                                               std::uint64_t members) {
  const rules::Procedure* p = FindProcedure(procedure);
  if (!p) {
    return Status::Error("unknown procedure \"" + procedure +
                         "\"; known: " + rules::Catalog::Builtin().KnownIds());
  }
  if (title.empty()) return Status::Error("the meeting needs a title");
  if (members < 1) {
    return Status::Error(
        "members (the size of the leadership collective) must be at least 1");
  }
  auto ins = db_.Prepare(
      "INSERT INTO meetings(title, procedure, members, created_at) VALUES(?, "
      "?, ?, ?)");
  ins.Bind(1, title)
      .Bind(2, p->id)
      .Bind(3, static_cast<std::int64_t>(members))
      .Bind(4, clock_());
  if (Status s = ins.Run(); !s.ok()) return s;
  return static_cast<std::uint64_t>(db_.LastInsertId());
}

Result<MeetingInfo> Committee::Meeting(std::uint64_t meeting_id) {
  return LoadMeeting(db_, meeting_id);
}

Result<std::size_t> Committee::ImportRoll(std::uint64_t meeting_id,
                                          const std::string& csv) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  if (MeetingFrozen(db_, meeting_id)) {
    return Status::Error("meeting " + Num(meeting_id) +
                         ": the roll is fixed once the first round is sealed");
  }
  auto rows = ParseCsv(csv, {"person_id", "name", "group"}, "roll");
  if (!rows.ok()) return rows.status();
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto ins = db_.Prepare(
      "INSERT OR IGNORE INTO roll(meeting_id, person_id, name, grp) VALUES(?, "
      "?, ?, ?)");
  std::set<std::string> seen;
  for (const auto& r : *rows) {
    if (!seen.insert(r.fields[0]).second) {
      return Status::Error("roll line " + std::to_string(r.line) +
                           ": person_id \"" + r.fields[0] + "\" appears twice");
    }
    ins.Bind(1, static_cast<std::int64_t>(meeting_id))
        .Bind(2, r.fields[0])
        .Bind(3, r.fields[1]);
    ins.Bind(4, r.fields[2]);
    if (Status s = ins.Run(); !s.ok()) return s;
    if (db_.Changes() == 0) {
      return Status::Error("roll line " + std::to_string(r.line) +
                           ": person_id \"" + r.fields[0] +
                           "\" is already on the roll of meeting " +
                           Num(meeting_id));
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return rows->size();
}

Result<std::size_t> Committee::ImportCandidates(std::uint64_t meeting_id,
                                                const std::string& csv) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  auto rows = ParseCsv(csv, {"name"}, "candidates");
  if (!rows.ok()) return rows.status();
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto ins = db_.Prepare(
      "INSERT OR IGNORE INTO candidates(meeting_id, name) VALUES(?, ?)");
  for (const auto& r : *rows) {
    ins.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, r.fields[0]);
    if (Status s = ins.Run(); !s.ok()) return s;
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return rows->size();
}

Result<std::uint64_t> Committee::CheckIn(std::uint64_t meeting_id,
                                         const std::vector<std::string>& ids) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto upd = db_.Prepare(
      "UPDATE roll SET present = 1 WHERE meeting_id = ? AND person_id = ?");
  for (const auto& id : ids) {
    upd.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, id);
    if (Status s = upd.Run(); !s.ok()) return s;
    if (db_.Changes() == 0) {
      return Status::Error(
          "\"" + id + "\" is not on the roll of meeting " + Num(meeting_id) +
          "; nobody was checked in (check the id, or import the roll)");
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  auto again = LoadMeeting(db_, meeting_id);
  if (!again.ok()) return again.status();
  return again->present;
}

Status Committee::AddRecipient(std::uint64_t meeting_id,
                               const std::string& name,
                               const std::array<std::uint8_t, 32>& public_key) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  if (name.empty()) return Status::Error("the recipient needs a name");
  if (MeetingFrozen(db_, meeting_id)) {
    return Status::Error("meeting " + Num(meeting_id) +
                         ": the recipients are fixed (and signed) once the "
                         "first round is sealed");
  }
  auto ins = db_.Prepare(
      "INSERT OR IGNORE INTO recipients(meeting_id, name, public_key) "
      "VALUES(?, ?, ?)");
  ins.Bind(1, static_cast<std::int64_t>(meeting_id))
      .Bind(2, name)
      .Bind(3, public_key);
  if (Status s = ins.Run(); !s.ok()) return s;
  if (db_.Changes() == 0) {
    return Status::Error("meeting " + Num(meeting_id) +
                         " already has a recipient named \"" + name + "\"");
  }
  return Status::Ok();
}

namespace {

// What every key ceremony of a meeting must satisfy before it is run or
// recorded: the meeting exists and has no key yet, 1 <= k <= n <= 255, and
// the trustees' names are distinct.
Status CheckNewCeremony(Database& db, std::uint64_t meeting_id,
                        const std::vector<std::string>& names,
                        std::uint32_t k) {
  auto m = LoadMeeting(db, meeting_id);
  if (!m.ok()) return m.status();
  if (m->trustees_k) {
    return Status::Error(
        "meeting " + Num(meeting_id) +
        ": the key ceremony has already been run; its key opens every round");
  }
  const auto n = static_cast<std::uint32_t>(names.size());
  if (n < 1 || n > crypto::kMaxTrustees) {
    return Status::Error("name between 1 and " + Num(crypto::kMaxTrustees) +
                         " trustees");
  }
  if (k < 1 || k > n) {
    return Status::Error(
        "the threshold k must be between 1 and the number of trustees (" +
        Num(n) + ")");
  }
  std::set<std::string> unique(names.begin(), names.end());
  if (unique.size() != names.size())
    return Status::Error("two trustees have the same name");
  return Status::Ok();
}

// Stores the meeting's box key, k and trustees in one transaction;
// `before_commit` runs inside it (its failure records nothing).
Status StoreBoxKey(Database& db, std::uint64_t meeting_id,
                   const std::vector<std::string>& names, std::uint32_t k,
                   const crypto::BallotBoxKey& key,
                   const std::function<Status()>& before_commit) {
  Database::Transaction tx(db);
  if (!tx.status().ok()) return tx.status();
  // Checked again inside the transaction: another command may have recorded
  // a key meanwhile.
  if (Status s = CheckNewCeremony(db, meeting_id, names, k); !s.ok()) return s;
  auto upd = db.Prepare(
      "UPDATE meetings SET trustees_k = ?, box_key = ? WHERE id = ?");
  upd.Bind(1, static_cast<std::int64_t>(k)).Bind(2, key.Encode());
  upd.Bind(3, static_cast<std::int64_t>(meeting_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  auto ins =
      db.Prepare("INSERT INTO trustees(meeting_id, idx, name) VALUES(?, ?, ?)");
  for (std::uint32_t i = 0; i < names.size(); ++i) {
    ins.Bind(1, static_cast<std::int64_t>(meeting_id))
        .Bind(2, std::int64_t{i + 1});
    ins.Bind(3, names[i]);
    if (Status s = ins.Run(); !s.ok()) return s;
  }
  if (before_commit) {
    if (Status s = before_commit(); !s.ok()) {
      return Status::Error("the key ceremony was not recorded: " + s.message());
    }
  }
  return tx.Commit();
}

}  // namespace

Result<std::vector<crypto::TrusteeShare>> Committee::RunKeyCeremony(
    std::uint64_t meeting_id, const std::vector<std::string>& names,
    std::uint32_t k, const DeliverShares& deliver) {
  if (Status s = CheckNewCeremony(db_, meeting_id, names, k); !s.ok()) return s;
  const auto n = static_cast<std::uint32_t>(names.size());
  const crypto::Bytes context =
      shared::KeyCeremonyContext(Installation(db_), meeting_id);
  auto ceremony = crypto::RunCeremonyInProcess(n, k, context, rng_);
  if (!ceremony.ok()) return ceremony.status();
  std::function<Status()> before_commit;
  if (deliver) {
    before_commit = [&] { return deliver(ceremony->key, ceremony->shares); };
  }
  if (Status s =
          StoreBoxKey(db_, meeting_id, names, k, ceremony->key, before_commit);
      !s.ok()) {
    return s;
  }
  return std::move(ceremony->shares);
}

Status Committee::RecordBoxKey(std::uint64_t meeting_id,
                               const std::vector<std::string>& names,
                               std::uint32_t k, const crypto::BallotBoxKey& key,
                               const std::function<Status()>& before_commit) {
  if (Status s = CheckNewCeremony(db_, meeting_id, names, k); !s.ok()) return s;
  if (key.context() !=
      shared::KeyCeremonyContext(Installation(db_), meeting_id)) {
    return Status::Error(
        "the ballot-box key was made for another meeting or "
        "installation, not meeting " +
        Num(meeting_id));
  }
  if (key.n() != names.size() || key.k() != k) {
    return Status::Error("the ballot-box key is " + Num(key.k()) + " of " +
                         Num(key.n()) + " trustees, not " + Num(k) + " of " +
                         Num(names.size()));
  }
  return StoreBoxKey(db_, meeting_id, names, k, key, before_commit);
}

Result<crypto::BallotBoxKey> Committee::BoxKey(std::uint64_t meeting_id) {
  return LoadBoxKey(db_, meeting_id);
}

Result<std::uint64_t> Committee::CreateRound(const NewRound& r,
                                             const RecipientKey* recipient) {
  auto m = LoadMeeting(db_, r.meeting_id);
  if (!m.ok()) return m.status();
  const rules::Procedure* p = FindProcedure(m->procedure);
  const rules::Step* step = p->FindStep(r.step);
  if (!step) {
    std::string ids;
    for (const auto& s : p->steps) ids += (ids.empty() ? "" : ", ") + s.id;
    return Status::Error("step \"" + r.step + "\" is not a step of " + p->id +
                         " (steps: " + ids + ")");
  }
  if (step->ballot == rules::BallotKind::kNone) {
    return Status::Error(
        "step " + r.step + " of " + p->id +
        " has no ballot: record it in the minutes, no round is needed");
  }
  if (!m->trustees_k) {
    return Status::Error(
        "meeting " + Num(r.meeting_id) +
        " has no ballot-box key yet: run the key ceremony first "
        "(hall-admin ceremony run)");
  }
  if (r.slots < 1) return Status::Error("slots must be at least 1");
  std::vector<std::string> persons;
  auto add = [&](const std::string& name) {
    if (std::find(persons.begin(), persons.end(), name) == persons.end()) {
      persons.push_back(name);
    }
  };
  if (r.carry_from) {
    auto previous = OutcomeOf(db_, *r.carry_from, r.meeting_id, recipient);
    if (!previous.ok()) return previous.status();
    auto previous_round = LoadRound(db_, *r.carry_from);
    if (!previous_round.ok()) return previous_round.status();
    std::set<std::string> going_on;
    for (const auto& o : (*previous)["outcomes"]) {
      const std::string status = o["status"];
      if (status == "selected" || status == "carried_forward" ||
          status == "needs_decision") {
        going_on.insert(o["candidate"].get<std::string>());
      }
    }
    // In the previous ballot's order, never the outcome's (sorted by votes):
    // the next ballot must not reveal a sealed round's ranking.
    for (const auto& name : previous_round->persons) {
      if (going_on.count(name)) add(name);
    }
  }
  for (const auto& name : r.persons) add(name);
  if (persons.empty()) {
    return Status::Error(
        "the round has nobody on its ballot: name persons or carry them "
        "forward from a previous round");
  }
  auto pool = Candidates(db_, r.meeting_id);
  for (const auto& name : persons) {
    if (!pool.count(name)) {
      return Status::Error(
          "\"" + name + "\" is not among the candidates of meeting " +
          Num(r.meeting_id) +
          "; import them first (hall-admin candidates import)");
    }
  }
  const auto groups = RollGroups(db_, r.meeting_id);
  for (const auto& g : r.groups) {
    if (!groups.count(g)) {
      return Status::Error("no one on the roll of meeting " +
                           Num(r.meeting_id) + " is in the group \"" + g +
                           "\"");
    }
  }
  if (r.head_nominee && std::find(persons.begin(), persons.end(),
                                  *r.head_nominee) == persons.end()) {
    return Status::Error("the head's nominee \"" + *r.head_nominee +
                         "\" is not on the ballot");
  }
  if (r.compare_with) {
    auto other = LoadRound(db_, *r.compare_with);
    if (!other.ok()) return other.status();
    if (other->meeting_id != r.meeting_id) {
      return Status::Error("round " + Num(*r.compare_with) +
                           " belongs to another meeting");
    }
  } else if (step->rule->params.check_divergence) {
    return Status::Error(
        "step " + r.step + " of " + p->id +
        " is compared with the previous step's result: give the round to "
        "compare with (--compare-with)");
  }
  ordered_json persons_json = persons;
  auto ins = db_.Prepare(
      "INSERT INTO rounds(meeting_id, step, state, slots, head_nominee, "
      "previous_round, persons, date, groups) "
      "VALUES(?, ?, 'draft', ?, ?, ?, ?, ?, ?)");
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

Result<SealedRound> Committee::SealRound(std::uint64_t round_id,
                                         const crypto::SigningKey& seal,
                                         const DeliverCodes& deliver) {
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kSeal); !s.ok())
    return s;
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  auto m = LoadElectorate(db_, r->meeting_id, r->groups, r->step);
  if (!m.ok()) return m.status();
  const rules::Procedure* p = FindProcedure(m->procedure);
  const rules::Step* step = p->FindStep(r->step);
  if (Status s = CheckQuorum(*p, *step, *m); !s.ok()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " cannot be sealed: " + s.message());
  }
  if (step->rule->params.candidates_must_outnumber_slots &&
      r->persons.size() <= r->slots) {
    return Status::Error(
        "round " + Num(round_id) + " cannot be sealed: " + p->code + " step " +
        r->step + " needs more persons than posts (" + Num(r->persons.size()) +
        " persons for " + Num(r->slots) + " posts); add persons");
  }
  if (step->disclosure == rules::Disclosure::kSealed) {
    std::vector<std::string> names;
    std::vector<std::array<std::uint8_t, 32>> keys;
    LoadRecipients(db_, r->meeting_id, names, keys);
    if (names.empty()) {
      return Status::Error(
          "round " + Num(round_id) + " cannot be sealed: step " + r->step +
          " of " + p->code +
          " is sealed, its minutes go only to their recipients, and meeting " +
          Num(r->meeting_id) + " has none yet (hall-admin recipient add)");
    }
  }
  auto box_key = LoadBoxKey(db_, r->meeting_id);
  if (!box_key.ok()) return box_key.status();
  const std::string installation = Installation(db_);
  const std::string now = clock_();

  // One code per person present. Only public keys are kept.
  SealedRound sealed;
  std::vector<crypto::VerifyKey> keys;
  for (std::uint64_t i = 0; i < m->present; ++i) {
    sealed.codes.push_back(crypto::CredentialCode::Generate(rng_));
    keys.push_back(sealed.codes.back().DeriveKey().verify_key());
  }
  const crypto::Bytes list_context = crypto::Encoder()
                                         .Str("hall/v1/credential-context")
                                         .Str(installation)
                                         .U64(r->meeting_id)
                                         .U64(round_id)
                                         .Take();
  auto list = crypto::CredentialList::Create(list_context, std::move(keys));
  if (!list.ok()) return list.status();
  const crypto::Bytes list_bytes = list->Encode();
  const auto list_sig =
      crypto::Sign(seal, crypto::SignatureType::kCredentialList, list_bytes);

  shared::BallotTemplate t;
  t.installation = installation;
  t.meeting_id = r->meeting_id;
  t.meeting_title = m->title;
  t.round_id = round_id;
  t.procedure = p->id;
  t.step = r->step;
  t.step_title_en = step->title.Get("en");
  t.step_title_vi = step->title.Get("vi");
  t.disclosure = rules::DisclosureName(step->disclosure);
  t.kind = ToCryptoKind(step->ballot);
  if (step->max_agree)
    t.max_agree = static_cast<std::uint32_t>(*step->max_agree);
  t.persons = r->persons;
  t.box_key = box_key->Encode();
  t.credential_list_digest = list->digest();
  const shared::SignedTemplate signed_template = shared::SignTemplate(t, seal);
  const shared::Digest32 template_digest = t.Digest();

  const crypto::Bytes sealed_statement =
      crypto::Encoder()
          .Str("hall/v1/box-sealed")
          .Fixed(template_digest)
          .Fixed(list->digest())
          .Fixed(crypto::BoardGenesis(template_digest))
          .U64(m->present)
          .Str(now)
          .Take();
  const auto sealed_sig =
      crypto::Sign(seal, crypto::SignatureType::kBoxSealed, sealed_statement);

  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  if (Status s = FreezeMeeting(db_, r->meeting_id, seal); !s.ok()) return s;
  auto upd = db_.Prepare(
      "UPDATE rounds SET state = 'sealed', issued = ?, present_at_seal = ?, "
      "template = ?, "
      "template_sig = ?, credential_list = ?, credential_list_sig = ?, "
      "sealed_statement = ?, "
      "sealed_sig = ?, sealed_at = ? WHERE id = ? AND state = 'draft'");
  upd.Bind(1, static_cast<std::int64_t>(m->present))
      .Bind(2, static_cast<std::int64_t>(m->present));
  upd.Bind(3, signed_template.template_bytes)
      .Bind(4, signed_template.signature);
  upd.Bind(5, list_bytes).Bind(6, list_sig.bytes()).Bind(7, sealed_statement);
  upd.Bind(8, sealed_sig.bytes())
      .Bind(9, now)
      .Bind(10, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  if (db_.Changes() != 1)
    return Status::Error("round " + Num(round_id) + " changed meanwhile");
  sealed.template_digest_hex = Hex(template_digest);
  if (deliver) {
    if (Status s = deliver(sealed); !s.ok()) {
      return Status::Error("round " + Num(round_id) +
                           " was not sealed: " + s.message());
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  sealed.template_digest_hex = Hex(template_digest);
  return sealed;
}

Status Committee::OpenRound(std::uint64_t round_id) {
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kOpen); !s.ok())
    return s;
  auto m = LoadElectorate(db_, r->meeting_id, r->groups, r->step);
  if (!m.ok()) return m.status();
  const rules::Procedure* p = FindProcedure(m->procedure);
  if (Status s = CheckQuorum(*p, *p->FindStep(r->step), *m); !s.ok()) {
    return Status::Error("round " + Num(round_id) +
                         " cannot be opened: " + s.message());
  }
  auto rounds = Rounds(r->meeting_id);
  if (!rounds.ok()) return rounds.status();
  if (Status s = CheckStepOrder(*p, *r, *rounds); !s.ok()) return s;
  if (Status s = CheckEarlierStagesTallied(*p, *r, *rounds, "opened"); !s.ok())
    return s;
  // Only one round of a meeting is open at a time: a delegate's slip and the
  // kiosk's ballot must never be ambiguous.
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto other = db_.Prepare(
      "SELECT id FROM rounds WHERE meeting_id = ? AND state = 'open' AND id != "
      "?");
  other.Bind(1, static_cast<std::int64_t>(r->meeting_id))
      .Bind(2, static_cast<std::int64_t>(round_id));
  if (other.Step()) {
    return Status::Error("round " + Num(round_id) +
                         " cannot be opened: round " +
                         Num(static_cast<std::uint64_t>(other.Int(0))) +
                         " of this meeting is still open; close it first");
  }
  auto open = db_.Prepare(
      "UPDATE rounds SET state = 'open', opened_at = ? WHERE id = ? AND state "
      "= 'sealed'");
  open.Bind(1, clock_()).Bind(2, static_cast<std::int64_t>(round_id));
  if (Status s = open.Run(); !s.ok()) return s;
  return tx.Commit();
}

Status Committee::CloseRound(std::uint64_t round_id,
                             const crypto::SigningKey& seal) {
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kClose); !s.ok())
    return s;
  auto t = LoadTemplate(db_, round_id);
  if (!t.ok()) return t.status();
  const auto head = BoardHead(db_, round_id, t->Digest());
  const std::string now = clock_();
  const crypto::Bytes statement = crypto::Encoder()
                                      .Str("hall/v1/box-closed")
                                      .Fixed(t->Digest())
                                      .U64(r->cast)
                                      .Fixed(head)
                                      .Str(now)
                                      .Take();
  const auto sig =
      crypto::Sign(seal, crypto::SignatureType::kBoxClosed, statement);
  auto upd = db_.Prepare(
      "UPDATE rounds SET state = 'closed', closed_statement = ?, closed_sig = "
      "?, closed_at = ? "
      "WHERE id = ? AND state = 'open'");
  upd.Bind(1, statement)
      .Bind(2, sig.bytes())
      .Bind(3, now)
      .Bind(4, static_cast<std::int64_t>(round_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  return tx.Commit();
}

Result<TallyOutcome> Committee::TallyRound(
    std::uint64_t round_id,
    const std::vector<const crypto::TrusteeShare*>& shares,
    const crypto::SigningKey& seal, const RecipientKey* recipient) {
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  if (Status s = CheckAllowed(round_id, r->state, RoundAction::kTally); !s.ok())
    return s;
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  auto m = LoadElectorate(db_, r->meeting_id, r->groups, r->step);
  if (!m.ok()) return m.status();
  const rules::Procedure* p = FindProcedure(m->procedure);
  const rules::Step* step = p->FindStep(r->step);
  // Everything below comes from what the seal signed, never from the
  // database alone.
  auto sealed = LoadSealedRound(db_, round_id);
  if (!sealed.ok()) return sealed.status();
  const crypto::BallotBoxKey* box_key = &sealed->box_key;
  const shared::BallotTemplate* t = &sealed->ballot_template;
  std::set<std::uint32_t> trustees;
  for (const auto* share : shares) trustees.insert(share->trustee());
  if (trustees.size() < box_key->k()) {
    return Status::Error("round " + Num(round_id) + " needs " +
                         Num(box_key->k()) + " of " + Num(box_key->n()) +
                         " trustees to open the box; " + Num(trustees.size()) +
                         " given");
  }
  std::vector<std::string> recipients_names;
  std::vector<std::array<std::uint8_t, 32>> recipient_keys;
  LoadRecipients(db_, r->meeting_id, recipients_names, recipient_keys);
  const bool sealed_round = step->disclosure == rules::Disclosure::kSealed;
  if (sealed_round && recipient_keys.empty()) {
    return Status::Error(
        "round " + Num(round_id) +
        " is sealed: its minutes go only to their recipients, and meeting " +
        Num(r->meeting_id) + " has none (hall-admin recipient add)");
  }
  std::optional<std::vector<std::string>> previous_selection;
  auto prev_round = PreviousRound(db_, round_id);
  if (prev_round) {
    auto previous = OutcomeOf(db_, *prev_round, r->meeting_id, recipient);
    if (!previous.ok()) return previous.status();
    previous_selection.emplace();
    for (const auto& o : (*previous)["outcomes"]) {
      const std::string status = o["status"];
      if (status == "selected" || status == "carried_forward" ||
          status == "needs_decision") {
        previous_selection->push_back(o["candidate"]);
      }
    }
  }

  // Re-verify every ballot, aggregate, and decrypt the aggregate only.
  auto verified = LoadVerifiedBallots(db_, round_id, *sealed);
  if (!verified.ok()) return verified.status();
  if (Status s = CheckBoxClosed(db_, round_id, t->Digest(), *verified); !s.ok())
    return s;
  auto aggregate = crypto::AggregateBallots(verified->ballots);
  if (!aggregate.ok()) {
    return Status::Error("round " + Num(round_id) + ": " + aggregate.message());
  }
  std::vector<crypto::PartialDecryption> partials;
  std::set<std::uint32_t> used;
  for (const auto* share : shares) {
    if (!used.insert(share->trustee()).second) continue;
    auto partial = crypto::PartialDecrypt(*box_key, *aggregate, *share, rng_);
    if (!partial.ok()) return partial.status();
    if (Status s = crypto::VerifyPartial(*box_key, *aggregate, *partial);
        !s.ok())
      return s;
    partials.push_back(std::move(partial).value());
  }
  auto counts = crypto::Combine(*box_key, *aggregate, partials);
  if (!counts.ok()) return counts.status();

  // The rules engine decides the outcome from the counts.
  rules::RoundInput in =
      BuildRoundInput(*p, *step, *m, *r, *counts, aggregate->ballot_count(),
                      previous_selection);
  auto outcome = rules::Evaluate(*p, *step, in);
  if (!outcome.ok())
    return Status::Error("the rules engine refused the tally: " +
                         outcome.message());
  const std::string now = clock_();
  std::vector<std::string> trustee_names =
      TrusteeNames(db_, r->meeting_id, used);
  const std::string minutes = BuildMinutes(
      db_, *p, *step, *m, *r, in, *outcome, *t, *box_key, verified->head,
      trustee_names, seal.verify_key(), now, RandomHex(rng_));
  const crypto::Bytes minutes_bytes(minutes.begin(), minutes.end());
  const auto minutes_sig =
      crypto::Sign(seal, crypto::SignatureType::kMinutes, minutes_bytes);
  crypto::Encoder partials_enc;
  partials_enc.U32(static_cast<std::uint32_t>(partials.size()));
  for (const auto& pd : partials) partials_enc.Var(pd.Encode());
  const crypto::Bytes partials_bytes = partials_enc.Take();
  const std::string digest =
      shared::MinutesDigest(minutes_bytes, minutes_sig.bytes());

  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  if (sealed_round) {
    shared::SealedMinutesPackage package;
    package.minutes = minutes_bytes;
    std::copy(minutes_sig.bytes().begin(), minutes_sig.bytes().end(),
              package.signature.begin());
    package.partials = partials_bytes;
    std::vector<shared::MinutesRecipient> to;
    for (std::size_t i = 0; i < recipient_keys.size(); ++i) {
      to.push_back({recipients_names[i], recipient_keys[i]});
    }
    auto boxes = shared::SealMinutes(package, to, rng_);
    if (!boxes.ok()) return boxes.status();
    auto upd = db_.Prepare(
        "UPDATE rounds SET state = 'minutes_sealed', sealed_minutes = ?, "
        "minutes_digest = ?, "
        "tallied_at = ? WHERE id = ? AND state = 'closed'");
    upd.Bind(1, *boxes).Bind(2, digest).Bind(3, now).Bind(
        4, static_cast<std::int64_t>(round_id));
    if (Status s = upd.Run(); !s.ok()) return s;
    if (db_.Changes() != 1) return TalliedMeanwhile(round_id);
  } else {
    auto upd = db_.Prepare(
        "UPDATE rounds SET state = 'tallied', minutes = ?, minutes_sig = ?, "
        "partials = ?, "
        "minutes_digest = ?, tallied_at = ? WHERE id = ? AND state = 'closed'");
    upd.Bind(1, minutes_bytes)
        .Bind(2, minutes_sig.bytes())
        .Bind(3, partials_bytes);
    upd.Bind(4, digest).Bind(5, now).Bind(6,
                                          static_cast<std::int64_t>(round_id));
    if (Status s = upd.Run(); !s.ok()) return s;
    if (db_.Changes() != 1) return TalliedMeanwhile(round_id);
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  TallyOutcome result;
  result.sealed = sealed_round;
  result.minutes_digest = digest;
  if (!sealed_round) result.minutes_json = minutes;
  return result;
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
  auto r = LoadRound(db_, round_id);
  if (!r.ok()) return r.status();
  auto text = MinutesText(db_, round_id, recipient);
  if (!text.ok()) return text.status();
  return text;
}

}  // namespace hall::server
