// MeetingProcedure (round_store.h): the procedure file a meeting stored when
// it was created, parsed once per process for each distinct file, and once
// the meeting is frozen checked against the digest its signed definition
// binds.
#include <map>
#include <mutex>

#include "hall/server/meeting_definition.h"
#include "hall/server/round_store.h"
#include "hall/shared/procedure_loader.h"

namespace hall::server {

Result<std::shared_ptr<const rules::Procedure>> MeetingProcedure(
    Database& db, std::uint64_t meeting_id) {
  auto q = db.Prepare("SELECT procedure_file FROM meetings WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  if (!q.Step()) {
    return Status::NotFound("there is no meeting " +
                            std::to_string(meeting_id) +
                            " (hall-admin meeting list shows the meetings)");
  }
  const auto bytes = q.Blob(0);
  std::string text(bytes.begin(), bytes.end());
  if (MeetingFrozen(db, meeting_id)) {
    auto def = LoadMeetingDefinition(db, meeting_id);
    if (!def.ok()) return def.status();
    if (shared::ProcedureFileDigest(text) != def->procedure_digest) {
      return Status::Corruption(
          "meeting " + std::to_string(meeting_id) +
          ": the stored procedure is not the one its signed definition "
          "binds; the database was altered");
    }
  }
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const rules::Procedure>> parsed;
  std::lock_guard lock(mutex);
  auto it = parsed.find(text);
  if (it != parsed.end()) return it->second;
  auto procedure = rules::ParseProcedure(
      text, "the procedure of meeting " + std::to_string(meeting_id));
  if (!procedure.ok()) {
    // It parsed when the meeting was created: the row was altered.
    return Status::Corruption(procedure.message());
  }
  auto shared = std::make_shared<const rules::Procedure>(
      std::move(procedure).value());
  // A process sees a handful of procedure files; an altered database must
  // not grow this without bound.
  constexpr std::size_t kMaxParsed = 32;
  if (parsed.size() >= kMaxParsed) parsed.clear();
  parsed.emplace(std::move(text), shared);
  return shared;
}

}  // namespace hall::server
