#include "committee_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "hall/server/round_store.h"
#include "hall/shared/rules.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

Result<ElectorateAndStep> LoadElectorateAndStep(Database& db,
                                                const RoundInfo& r) {
  auto m = LoadElectorate(db, r.meeting_id, r.groups, r.step);
  if (!m.ok()) return m.status();
  auto procedure = MeetingProcedure(db, r.meeting_id);
  if (!procedure.ok()) return procedure.status();
  const rules::Step* step = (*procedure)->FindStep(r.step);
  if (!step) {
    return Status::Corruption("round " + Num(r.id) + ": step " + r.step +
                              " is not a step of the meeting's procedure; "
                              "the database was altered");
  }
  if (!step->ballot || !step->rule) {
    return Status::Corruption("round " + Num(r.id) + ": step " + r.step +
                              " has no ballot; the database was altered");
  }
  return ElectorateAndStep{std::move(m).value(), std::move(procedure).value(),
                           step};
}

Status CheckStepQuorum(const rules::Procedure& p, const rules::Step& s,
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

Status CheckEarlierStepsRecorded(Database& db, const rules::Procedure& p,
                                 const RoundInfo& r) {
  const int mine = rules::StageOf(r.step);
  for (const rules::Step& earlier : p.steps) {
    if (earlier.ballot || rules::StageOf(earlier.id) >= mine) continue;
    auto q = db.Prepare(
        "SELECT 1 FROM step_records WHERE meeting_id = ? AND step = ? AND "
        "signature IS NOT NULL");
    q.Bind(1, static_cast<std::int64_t>(r.meeting_id)).Bind(2, earlier.id);
    if (q.Step()) continue;
    if (!q.status().ok()) return q.status();
    return Status::FailedPrecondition(
        "round " + Num(r.id) + " (" + p.code + " step " + r.step +
        ") cannot be opened: step " + earlier.id +
        " (no ballot) comes first and has no record; the committee records "
        "it: hall-admin step record --meeting " + Num(r.meeting_id) +
        " --step " + earlier.id + " --text ...");
  }
  return Status::Ok();
}

Status CheckEarlierStagesTallied(const rules::Procedure& p, const RoundInfo& r,
                                 const std::vector<RoundInfo>& rounds,
                                 const std::string& verb) {
  const int mine = rules::StageOf(r.step);
  std::map<int, std::vector<std::string>> needed;  // stage -> its steps
  for (const rules::Step& earlier : p.steps) {
    const int stage = rules::StageOf(earlier.id);
    if (stage < mine && earlier.ballot.has_value())
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

Status CheckSittingPersons(const rules::Procedure& p, const rules::Step& s,
                           const RoundInfo& r,
                           const std::vector<RoundInfo>& rounds) {
  // The limit is the sitting's: the largest any step of the stage sets (P7
  // step 3 sets it, and its reconsideration 3r sits with it).
  int limit = 0;
  for (const rules::Step& other : p.steps) {
    if (other.rule && rules::StageOf(other.id) == rules::StageOf(s.id))
      limit = std::max(limit, other.rule->params.max_persons_per_sitting);
  }
  if (limit <= 0) return Status::Ok();
  std::set<std::string> persons(r.persons.begin(), r.persons.end());
  // A cancelled (deferred) round's persons were studied at the sitting too.
  for (const RoundInfo& o : rounds) {
    if (o.id == r.id || o.state == RoundState::kDraft ||
        rules::StageOf(o.step) != rules::StageOf(r.step)) {
      continue;
    }
    persons.insert(o.persons.begin(), o.persons.end());
  }
  if (persons.size() <= static_cast<std::size_t>(limit)) return Status::Ok();
  return Status::FailedPrecondition(
      "round " + Num(r.id) + " cannot be sealed: " + p.code + " step " +
      r.step + " studies at most " + std::to_string(limit) +
      " persons at one sitting, and this ballot with the sitting's other "
      "ballots puts " +
      std::to_string(persons.size()) +
      "; move some persons to another meeting (hall-admin meeting create)");
}

}  // namespace hall::server
