// The committee's meeting set-up: the meeting and its procedure, the roll,
// the candidates, check-in and the recipients of sealed minutes.
#include <algorithm>
#include <map>
#include <set>

#include "hall/server/committee.h"
#include "hall/server/csv.h"
#include "hall/server/round_store.h"
#include "hall/shared/fraction.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/round.h"
#include "hall/shared/statements.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

// A name is printed on the slips and the minutes; nobody's is longer.
constexpr std::size_t kMaxRecipientName = 200;

// The roll may be corrected until the seal signs it with the first round.
Status RollCorrectable(Database& db, std::uint64_t meeting_id) {
  auto m = LoadMeeting(db, meeting_id);
  if (!m.ok()) return m.status();
  if (MeetingFrozen(db, meeting_id))
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) +
        ": the roll is fixed since the first round was sealed (the seal "
        "signed it); record the correction in the minutes instead");
  return Status::Ok();
}

Status NotOnRoll(std::uint64_t meeting_id, const std::string& id) {
  return Status::NotFound("\"" + id + "\" is not on the roll of meeting " +
                          Num(meeting_id) + " (hall-admin roll list)");
}

}  // namespace

Result<std::uint64_t> Committee::CreateMeeting(const std::string& typed_title,
                                               const std::string& procedure,
                                               std::uint64_t members,
                                               MeetingMode mode) {
  const rules::Procedure* p = catalog_.Find(procedure);
  if (!p) {
    return Status::NotFound("unknown procedure \"" + procedure +
                            "\"; known: " + catalog_.KnownIds());
  }
  if (typed_title.empty())
    return Status::InvalidArgument("the meeting needs a title");
  auto clean_title = shared::HumanText(typed_title, "the meeting's title",
                                       shared::kMaxTitleBytes);
  if (!clean_title.ok()) return clean_title.status();
  const std::string& title = *clean_title;
  if (members < 1 || members > static_cast<std::uint64_t>(rules::kMaxCount)) {
    return Status::InvalidArgument(
        "members (the size of the leadership collective) must be a whole "
        "number from 1 to " + std::to_string(rules::kMaxCount));
  }
  auto ins = db_.Prepare(
      "INSERT INTO meetings(title, procedure, procedure_file, members, "
      "created_at, rehearsal) VALUES(?, ?, ?, ?, ?, ?)");
  ins.Bind(1, title).Bind(2, p->id);
  ins.Bind(3, std::span<const std::uint8_t>(
                  reinterpret_cast<const std::uint8_t*>(p->file_text.data()),
                  p->file_text.size()));
  ins.Bind(4, static_cast<std::int64_t>(members)).Bind(5, clock_());
  ins.Bind(6, std::int64_t{mode == MeetingMode::kRehearsal ? 1 : 0});
  if (Status s = ins.Run(); !s.ok()) return s;
  return static_cast<std::uint64_t>(db_.LastInsertId());
}

Result<MeetingInfo> Committee::Meeting(std::uint64_t meeting_id) {
  return LoadMeeting(db_, meeting_id);
}

Status Committee::SetMeetingDate(std::uint64_t meeting_id,
                                 const std::string& date,
                                 bool outside_season_confirmed) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  rules::Date d;
  if (!rules::ParseDate(date, d)) {
    return Status::InvalidArgument("the date \"" + date +
                                   "\" is not a calendar date YYYY-MM-DD "
                                   "(e.g. 2027-02-10)");
  }
  if (MeetingFrozen(db_, meeting_id)) {
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) +
        ": the date is fixed once the first round is sealed (it is signed in "
        "the meeting definition)");
  }
  auto procedure = MeetingProcedure(db_, meeting_id);
  if (!procedure.ok()) return procedure.status();
  if (const auto& season = (*procedure)->season; season) {
    const bool inside = std::find(season->months.begin(), season->months.end(),
                                  d.month) != season->months.end();
    if (!inside && !outside_season_confirmed) {
      std::string months;
      for (int month : season->months)
        months += (months.empty() ? "" : ", ") + std::to_string(month);
      return Status::FailedPrecondition(
          (*procedure)->code + " is held in months " + months + " only, and " +
          date +
          " is outside them; if the meeting really sits then, confirm with "
          "--outside-season (its minutes will carry the flag outside_q1)");
    }
  }
  auto upd = db_.Prepare("UPDATE meetings SET date = ? WHERE id = ?");
  upd.Bind(1, date).Bind(2, static_cast<std::int64_t>(meeting_id));
  return upd.Run();
}

Result<std::size_t> Committee::ImportRoll(std::uint64_t meeting_id,
                                          const std::string& csv) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  if (MeetingFrozen(db_, meeting_id)) {
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) +
        ": the roll is fixed once the first round is sealed");
  }
  auto rows = ParseCsv(csv, {"person_id", "name", "group"}, "roll");
  if (!rows.ok()) return rows.status();
  if (rows->empty())
    return Status::InvalidArgument("roll: the file has its header but nobody under it");
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto ins = db_.Prepare(
      "INSERT OR IGNORE INTO roll(meeting_id, person_id, name, grp) VALUES(?, "
      "?, ?, ?)");
  std::map<std::string, int> seen;  // person_id -> its line
  for (auto& r : *rows) {
    static const char* const kField[] = {"person_id", "name", "group"};
    for (std::size_t f = 0; f < 3; ++f) {
      auto clean = shared::HumanText(
          r.fields[f], "roll line " + std::to_string(r.line) + ": " + kField[f],
          f == 1 ? shared::kMaxNameBytes : 64);
      if (!clean.ok())
        return Status::InvalidArgument(clean.message() + "; nothing was imported");
      r.fields[f] = std::move(clean).value();
    }
    if (auto [it, fresh] = seen.emplace(r.fields[0], r.line); !fresh) {
      return Status::InvalidArgument(
          "roll line " + std::to_string(r.line) + ": person_id \"" +
          r.fields[0] + "\" appears twice (first on line " +
          std::to_string(it->second) + "); nothing was imported");
    }
    ins.Bind(1, static_cast<std::int64_t>(meeting_id))
        .Bind(2, r.fields[0])
        .Bind(3, r.fields[1]);
    ins.Bind(4, r.fields[2]);
    if (Status s = ins.Run(); !s.ok()) return s;
    if (db_.Changes() == 0) {
      return Status::AlreadyExists("roll line " + std::to_string(r.line) +
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
  if (rows->empty())
    return Status::InvalidArgument(
        "candidates: the file has its header but no name under it");
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto ins = db_.Prepare(
      "INSERT OR IGNORE INTO candidates(meeting_id, name) VALUES(?, ?)");
  std::map<std::string, int> seen;  // name -> its line
  std::size_t added = 0;  // not in the pool before
  for (auto& r : *rows) {
    auto clean = shared::HumanText(
        r.fields[0], "candidates line " + std::to_string(r.line) + ": name",
        shared::kMaxNameBytes);
    if (!clean.ok())
      return Status::InvalidArgument(clean.message() + "; nothing was imported");
    r.fields[0] = std::move(clean).value();
    if (auto [it, fresh] = seen.emplace(r.fields[0], r.line); !fresh) {
      return Status::InvalidArgument(
          "candidates line " + std::to_string(r.line) + ": \"" + r.fields[0] +
          "\" appears twice (first on line " + std::to_string(it->second) +
          "); nothing was imported");
    }
    ins.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, r.fields[0]);
    if (Status s = ins.Run(); !s.ok()) return s;
    added += static_cast<std::size_t>(db_.Changes());
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  return added;
}

Status Committee::CorrectRollEntry(std::uint64_t meeting_id,
                                   const std::string& id,
                                   const std::optional<std::string>& typed_name,
                                   const std::optional<std::string>& typed_group) {
  if (Status s = RollCorrectable(db_, meeting_id); !s.ok()) return s;
  std::optional<std::string> name;
  std::optional<std::string> group;
  if (typed_name) {
    auto clean = shared::HumanText(*typed_name, "the name", shared::kMaxNameBytes);
    if (!clean.ok()) return clean.status();
    name = std::move(clean).value();
  }
  if (typed_group) {
    auto clean = shared::HumanText(*typed_group, "the group", 64);
    if (!clean.ok()) return clean.status();
    group = std::move(clean).value();
  }
  if (!name && !group)
    return Status::InvalidArgument("give --name or --group to correct");
  auto upd = db_.Prepare(
      "UPDATE roll SET name = coalesce(?, name), grp = coalesce(?, grp) "
      "WHERE meeting_id = ? AND person_id = ?");
  if (name) upd.Bind(1, *name); else upd.BindNull(1);
  if (group) upd.Bind(2, *group); else upd.BindNull(2);
  upd.Bind(3, static_cast<std::int64_t>(meeting_id)).Bind(4, id);
  if (Status s = upd.Run(); !s.ok()) return s;
  return db_.Changes() == 0 ? NotOnRoll(meeting_id, id) : Status::Ok();
}

Status Committee::RemoveRollEntry(std::uint64_t meeting_id,
                                  const std::string& id) {
  if (Status s = RollCorrectable(db_, meeting_id); !s.ok()) return s;
  auto del = db_.Prepare("DELETE FROM roll WHERE meeting_id = ? AND person_id = ?");
  del.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, id);
  if (Status s = del.Run(); !s.ok()) return s;
  return db_.Changes() == 0 ? NotOnRoll(meeting_id, id) : Status::Ok();
}

Status Committee::RemoveCandidate(std::uint64_t meeting_id,
                                  const std::string& typed_name) {
  auto clean = shared::HumanText(typed_name, "the name", shared::kMaxNameBytes);
  if (!clean.ok()) return clean.status();
  const std::string& name = *clean;
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  // The pool is not in the signed definition: a name on no ballot may go.
  auto rounds = Rounds(meeting_id);
  if (!rounds.ok()) return rounds.status();
  for (const RoundInfo& r : *rounds) {
    if (r.state == RoundState::kCancelled) continue;
    if (std::find(r.persons.begin(), r.persons.end(), name) != r.persons.end())
      return Status::FailedPrecondition(
          "\"" + name + "\" is on the ballot of round " + Num(r.id) +
          "; cancel or correct that round first");
  }
  auto del = db_.Prepare("DELETE FROM candidates WHERE meeting_id = ? AND name = ?");
  del.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, name);
  if (Status s = del.Run(); !s.ok()) return s;
  if (db_.Changes() == 0)
    return Status::NotFound("\"" + name + "\" is not a candidate of meeting " +
                            Num(meeting_id) + " (hall-admin candidates list)");
  return Status::Ok();
}

Result<std::uint64_t> Committee::CheckOut(std::uint64_t meeting_id,
                                          const std::vector<std::string>& ids) {
  return MarkPresent(meeting_id, ids, false);
}

Result<std::uint64_t> Committee::CheckIn(std::uint64_t meeting_id,
                                         const std::vector<std::string>& ids) {
  return MarkPresent(meeting_id, ids, true);
}

Result<std::uint64_t> Committee::MarkPresent(std::uint64_t meeting_id,
                                             const std::vector<std::string>& ids,
                                             bool present) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto upd = db_.Prepare(
      present
          ? "UPDATE roll SET present = 1 WHERE meeting_id = ? AND person_id = ?"
          : "UPDATE roll SET present = 0 WHERE meeting_id = ? AND person_id = ?");
  for (const auto& id : ids) {
    upd.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, id);
    if (Status s = upd.Run(); !s.ok()) return s;
    if (db_.Changes() == 0) {
      return Status::NotFound(
          "\"" + id + "\" is not on the roll of meeting " + Num(meeting_id) +
          (present ? "; nobody was checked in (check the id, or import the roll)"
                   : "; nobody was checked out (check the id)"));
    }
  }
  if (Status s = tx.Commit(); !s.ok()) return s;
  auto again = LoadMeeting(db_, meeting_id);
  if (!again.ok()) return again.status();
  return again->present;
}

Status Committee::AddRecipient(std::uint64_t meeting_id,
                               const std::string& typed_name,
                               const std::array<std::uint8_t, 32>& public_key) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  if (typed_name.empty())
    return Status::InvalidArgument("the recipient needs a name");
  auto clean = shared::HumanText(typed_name, "the recipient's name",
                                 kMaxRecipientName);
  if (!clean.ok()) return clean.status();
  const std::string& name = *clean;
  if (MeetingFrozen(db_, meeting_id)) {
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) +
        ": the recipients are fixed (and signed) once the first round is "
        "sealed");
  }
  auto recipients = LoadRecipients(db_, meeting_id);
  if (!recipients.ok()) return recipients.status();
  if (recipients->size() >= shared::kMaxMinutesRecipients) {
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) + " already has " +
        Num(shared::kMaxMinutesRecipients) +
        " recipients, as many as sealed minutes can hold");
  }
  auto ins = db_.Prepare(
      "INSERT OR IGNORE INTO recipients(meeting_id, name, public_key) "
      "VALUES(?, ?, ?)");
  ins.Bind(1, static_cast<std::int64_t>(meeting_id))
      .Bind(2, name)
      .Bind(3, public_key);
  if (Status s = ins.Run(); !s.ok()) return s;
  if (db_.Changes() == 0) {
    return Status::AlreadyExists("meeting " + Num(meeting_id) +
                                 " already has a recipient named \"" + name +
                                 "\"");
  }
  return Status::Ok();
}

}  // namespace hall::server
