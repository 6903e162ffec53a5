#include "hall/server/hall_status.h"

#include <nlohmann/json.hpp>

#include "hall/server/alert_store.h"
#include "hall/server/minutes.h"
#include "hall/server/round_store.h"
#include "hall/server/spoiled_store.h"
#include "hall/shared/json_input.h"
#include "hall/shared/rules.h"

namespace hall::server {
namespace {

// What CheckQuorum counts a quorum over ("present" for a quorum over
// ballots, counted over those present before anyone votes).
std::string QuorumBaseName(rules::Base base) {
  switch (base) {
    case rules::Base::kMembers:
      return "members";
    case rules::Base::kConvened:
      return "convened";
    case rules::Base::kPresent:
    case rules::Base::kCast:
    case rules::Base::kValid:
      return "present";
  }
  return "present";
}

shared::QuorumRule QuorumOf(const rules::Procedure& procedure,
                            const rules::Step* step, const MeetingInfo& m) {
  const rules::Threshold& t = rules::QuorumThreshold(procedure, step);
  const rules::QuorumCheck q = rules::CheckQuorum(
      procedure, step,
      rules::Attendance{static_cast<std::int64_t>(m.members),
                        static_cast<std::int64_t>(m.convened),
                        static_cast<std::int64_t>(m.present)});
  shared::QuorumRule rule;
  rule.compare = rules::ComparisonText(t.compare);
  rule.num = static_cast<std::uint64_t>(t.fraction.num);
  rule.den = static_cast<std::uint64_t>(t.fraction.den);
  rule.of = QuorumBaseName(q.of);
  rule.base = static_cast<std::uint64_t>(q.base);
  rule.met = q.met;
  return rule;
}

std::uint64_t UnixOr0(Statement& q, int column) {
  if (q.IsNull(column)) return 0;
  return UnixSeconds(q.Text(column)).value_or(0);
}

void AddAlerts(Database& db, std::uint64_t meeting_id,
               shared::StatusResponse& s) {
  s.alerts = AlertTotal(db, meeting_id);
  auto latest = ListAlerts(db, meeting_id, shared::kMaxStatusAlerts);
  if (!latest.ok()) return;
  for (const StoredAlert& a : *latest) {
    s.latest_alerts.push_back(
        {a.kind, a.kiosk, a.round_id, UnixSeconds(a.received_at).value_or(0)});
  }
}

}  // namespace

shared::StatusResponse HallStatus(Database& db, const Clock& clock) {
  shared::StatusResponse s;
  s.installation = Installation(db);
  s.server_time_unix = UnixSeconds(clock()).value_or(0);
  auto meeting_id = CurrentMeeting(db);
  if (!meeting_id) return s;
  auto m = LoadMeeting(db, *meeting_id);
  if (!m.ok()) return s;
  s.meeting_id = m->id;
  s.meeting_title = m->title;
  s.procedure = m->procedure;
  s.convened = m->convened;
  s.present = m->present;
  s.quorum_required = m->quorum_required;
  AddAlerts(db, m->id, s);
  auto procedure = MeetingProcedure(db, m->id);
  if (procedure.ok()) {
    s.procedure_titles = shared::TitlesOf((*procedure)->title);
    s.quorum = QuorumOf(**procedure, nullptr, *m);
  }
  // The open round, else the latest round past its draft.
  auto q = db.Prepare(
      "SELECT id, opened_at, closed_at FROM rounds WHERE meeting_id = ? AND "
      "state != 'draft' ORDER BY (state = 'open') DESC, id DESC LIMIT 1");
  q.Bind(1, static_cast<std::int64_t>(m->id));
  if (!q.Step()) return s;
  const auto round_id = static_cast<std::uint64_t>(q.Int(0));
  const std::uint64_t opened_at = UnixOr0(q, 1);
  const std::uint64_t closed_at = UnixOr0(q, 2);
  q.Reset();
  auto r = LoadRound(db, round_id);
  auto t = LoadTemplate(db, round_id);
  if (!r.ok() || !t.ok()) return s;
  // Turnout and quorum of this round's electorate and step: exactly what
  // the committee enforced when it sealed and opened it.
  if (auto e = LoadElectorate(db, m->id, r->groups, r->step); e.ok()) {
    s.convened = e->convened;
    s.present = e->present;
    s.quorum_required = e->quorum_required;
    if (procedure.ok())
      s.quorum = QuorumOf(**procedure, (*procedure)->FindStep(r->step), *e);
  }
  shared::RoundStatus rs;
  rs.round_id = r->id;
  rs.step = r->step;
  rs.step_titles = t->step_titles;
  rs.state = std::string(RoundStateName(r->state));
  rs.disclosure = r->disclosure;
  rs.issued = r->issued;
  rs.cast = r->cast;
  rs.spoiled = CountSpoiled(db, r->id);
  rs.opened_at_unix = opened_at;
  rs.closed_at_unix = closed_at;
  rs.board_head = BoardHead(db, r->id, t->Digest());
  rs.minutes_digest = r->minutes_digest;
  // Only what the seal signed as announced is ever shown in the hall.
  if (r->state == RoundState::kAnnounced && r->disclosure == "announced" &&
      t->disclosure == "announced") {
    auto minutes = MinutesText(db, r->id, nullptr);
    auto doc = minutes.ok() ? shared::ParseJsonInput(*minutes, "the minutes")
                            : Result<nlohmann::json>(minutes.status());
    if (doc.ok() && doc->is_object() && doc->contains("outcome"))
      rs.announced_outcome = (*doc)["outcome"].dump();
  }
  s.round = rs;
  return s;
}

}  // namespace hall::server
