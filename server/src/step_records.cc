// The committee's records of steps (committee.h): text, dates and attached
// documents, hashed into a step-record statement the seal signs
// (shared/committee_records.h). A request's record waits unsigned in
// step_records until its answer is stored.
#include <algorithm>
#include <set>

#include "hall/server/committee.h"
#include "hall/server/round_store.h"
#include "hall/shared/committee_records.h"
#include "hall/shared/printable_text.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

constexpr std::size_t kMaxDocumentBytes = 16u << 20;

Result<shared::SealRequest> RecordRequest(Database& db,
                                          std::uint64_t meeting_id,
                                          crypto::Bytes statement) {
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  shared::SealRequest req;
  req.action = shared::SealAction::kSignStatement;
  req.installation = Installation(db);
  req.meeting_id = meeting_id;
  req.round_id = 0;
  std::copy(seal->bytes().begin(), seal->bytes().end(),
            req.seal_public_key.begin());
  req.statement_type = crypto::SignatureType::kStepRecord;
  req.statement = std::move(statement);
  return req;
}

bool HasSignedRecord(Database& db, std::uint64_t meeting_id,
                     const std::string& step) {
  auto q = db.Prepare(
      "SELECT 1 FROM step_records WHERE meeting_id = ? AND step = ? AND "
      "signature IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(meeting_id)).Bind(2, step);
  return q.Step();
}

}  // namespace

Result<shared::SealRequest> Committee::StepRecordRequestOf(
    const NewStepRecord& in) {
  auto m = LoadMeeting(db_, in.meeting_id);
  if (!m.ok()) return m.status();
  auto procedure = MeetingProcedure(db_, in.meeting_id);
  if (!procedure.ok()) return procedure.status();
  const rules::Procedure& p = **procedure;
  const rules::Step* step = p.FindStep(in.step);
  if (!step) {
    std::string ids;
    for (const auto& s : p.steps) ids += (ids.empty() ? "" : ", ") + s.id;
    return Status::NotFound("step \"" + in.step + "\" is not a step of " +
                            p.code + " (steps: " + ids + ")");
  }
  if (in.text.empty() && in.documents.empty() && in.dates.empty()) {
    return Status::InvalidArgument(
        "the record is empty: give its text (--text or --text-file), a "
        "document (--document FILE) or the step's dates (--date)");
  }
  if (in.text.size() > shared::kMaxRecordTextBytes) {
    return Status::InvalidArgument(
        "the record's text is longer than " +
        Num(shared::kMaxRecordTextBytes) +
        " bytes; attach it as a document (--document FILE)");
  }
  if (in.documents.size() > shared::kMaxRecordDocuments) {
    return Status::InvalidArgument("a record attaches at most " +
                                   Num(shared::kMaxRecordDocuments) +
                                   " documents");
  }
  if (in.dates.size() > shared::kMaxRecordDates) {
    return Status::InvalidArgument("too many dates for one record");
  }
  shared::StepRecordStatement st;
  st.installation = Installation(db_);
  st.meeting_id = in.meeting_id;
  st.procedure = p.id;
  st.step = in.step;
  if (!in.text.empty()) {
    auto clean = shared::HumanText(in.text, "the record's text",
                                   shared::kMaxRecordTextBytes,
                                   shared::TextShape::kLines);
    if (!clean.ok()) return clean.status();
    st.text = std::move(clean).value();
  }
  st.dates = in.dates;
  std::sort(st.dates.begin(), st.dates.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  const bool first = !HasSignedRecord(db_, in.meeting_id, in.step);
  if (!st.dates.empty() || (first && step->record_dates != rules::RecordDates::kNone)) {
    if (step->record_dates == rules::RecordDates::kNone) {
      return Status::InvalidArgument("step " + in.step + " of " + p.code +
                                     " records no dates; leave out --date");
    }
    if (Status s = shared::CheckStepRecordDates(step->record_dates, st.dates);
        !s.ok()) {
      return Status::InvalidArgument("step " + in.step + " of " + p.code +
                                     ": " + s.message());
    }
  }
  std::set<std::string> names;
  for (const auto& doc : in.documents) {
    if (doc.name.empty() || doc.name.size() > 255) {
      return Status::InvalidArgument("a document needs a name of 1 to 255 bytes");
    }
    if (!names.insert(doc.name).second) {
      return Status::InvalidArgument("the document \"" + doc.name +
                                     "\" is attached twice");
    }
    if (doc.bytes.size() > kMaxDocumentBytes) {
      return Status::InvalidArgument("the document \"" + doc.name +
                                     "\" is larger than 16 MiB");
    }
    st.documents.push_back(
        {doc.name, doc.bytes.size(), shared::DocumentDigest(doc.bytes)});
  }
  st.recorded_at = clock_();

  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  // A new request replaces the one waiting for the seal.
  {
    auto waiting = db_.Prepare(
        "SELECT idx FROM step_records WHERE meeting_id = ? AND step = ? AND "
        "signature IS NULL");
    waiting.Bind(1, static_cast<std::int64_t>(in.meeting_id)).Bind(2, in.step);
    std::vector<std::int64_t> stale;
    while (waiting.Step()) stale.push_back(waiting.Int(0));
    waiting.Reset();
    for (const std::int64_t idx : stale) {
      for (const char* sql :
           {"DELETE FROM step_documents WHERE meeting_id = ? AND step = ? AND "
            "idx = ?",
            "DELETE FROM step_records WHERE meeting_id = ? AND step = ? AND "
            "idx = ?"}) {
        auto del = db_.Prepare(sql);
        del.Bind(1, static_cast<std::int64_t>(in.meeting_id))
            .Bind(2, in.step)
            .Bind(3, idx);
        if (Status s = del.Run(); !s.ok()) return s;
      }
    }
  }
  auto next = db_.Prepare(
      "SELECT coalesce(max(idx), 0) + 1 FROM step_records WHERE meeting_id = "
      "? AND step = ?");
  next.Bind(1, static_cast<std::int64_t>(in.meeting_id)).Bind(2, in.step);
  if (!next.Step()) return next.status();
  st.index = static_cast<std::uint32_t>(next.Int(0));
  const crypto::Bytes statement = st.Encode();
  auto ins = db_.Prepare(
      "INSERT INTO step_records(meeting_id, step, idx, statement) VALUES(?, "
      "?, ?, ?)");
  ins.Bind(1, static_cast<std::int64_t>(in.meeting_id))
      .Bind(2, in.step)
      .Bind(3, static_cast<std::int64_t>(st.index))
      .Bind(4, statement);
  if (Status s = ins.Run(); !s.ok()) return s;
  for (std::size_t i = 0; i < in.documents.size(); ++i) {
    auto doc = db_.Prepare(
        "INSERT INTO step_documents(meeting_id, step, idx, position, content) "
        "VALUES(?, ?, ?, ?, ?)");
    doc.Bind(1, static_cast<std::int64_t>(in.meeting_id))
        .Bind(2, in.step)
        .Bind(3, static_cast<std::int64_t>(st.index))
        .Bind(4, static_cast<std::int64_t>(i))
        .Bind(5, in.documents[i].bytes);
    if (Status s = doc.Run(); !s.ok()) return s;
  }
  auto req = RecordRequest(db_, in.meeting_id, statement);
  if (!req.ok()) return req.status();
  if (Status s = tx.Commit(); !s.ok()) return s;
  return req;
}

Result<StepRecord> Committee::StoreStepRecordAnswer(
    std::uint64_t meeting_id, const shared::SealAnswer& answer) {
  Database::Transaction tx(db_);
  if (!tx.status().ok()) return tx.status();
  auto q = db_.Prepare(
      "SELECT step, idx, statement FROM step_records WHERE meeting_id = ? "
      "AND signature IS NULL");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  struct Waiting {
    std::string step;
    std::int64_t idx;
    crypto::Bytes statement;
  };
  std::vector<Waiting> waiting;
  while (q.Step()) waiting.push_back({q.Text(0), q.Int(1), q.Blob(2)});
  if (!q.status().ok()) return q.status();
  q.Reset();
  for (auto& [step, idx, statement] : waiting) {
    auto req = RecordRequest(db_, meeting_id, statement);
    if (!req.ok()) return req.status();
    if (shared::SealRequestDigest(req->Encode()) != answer.request_digest)
      continue;
    auto sig = shared::CheckStatementAnswer(*req, answer);
    if (!sig.ok()) return sig.status();
    auto upd = db_.Prepare(
        "UPDATE step_records SET signature = ? WHERE meeting_id = ? AND step "
        "= ? AND idx = ? AND signature IS NULL");
    upd.Bind(1, *sig)
        .Bind(2, static_cast<std::int64_t>(meeting_id))
        .Bind(3, step)
        .Bind(4, idx);
    if (Status s = upd.Run(); !s.ok()) return s;
    auto st = shared::StepRecordStatement::Decode(req->statement);
    if (!st.ok()) return st.status();
    if (Status s = tx.Commit(); !s.ok()) return s;
    return StepRecord{std::move(st).value(), *sig};
  }
  return Status::FailedPrecondition(
      "the seal answer answers no record of meeting " + Num(meeting_id) +
      " that waits for the seal (a newer request for the step replaced it, "
      "or it was stored already); write the request again with hall-admin "
      "step record ... --request-out");
}

Result<StepRecord> Committee::RecordStep(const NewStepRecord& record,
                                         const crypto::SigningKey& seal) {
  if (Status s = CheckSealKey(db_, seal); !s.ok()) return s;
  auto req = StepRecordRequestOf(record);
  if (!req.ok()) return req.status();
  auto answer = shared::SignStatementWork(*req, seal);
  if (!answer.ok()) return answer.status();
  return StoreStepRecordAnswer(record.meeting_id, *answer);
}

Result<std::vector<StepRecord>> Committee::StepRecords(
    std::uint64_t meeting_id) {
  auto m = LoadMeeting(db_, meeting_id);
  if (!m.ok()) return m.status();
  auto q = db_.Prepare(
      "SELECT statement, signature FROM step_records WHERE meeting_id = ? AND "
      "signature IS NOT NULL ORDER BY step, idx");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  std::vector<StepRecord> out;
  while (q.Step()) {
    auto st = shared::StepRecordStatement::Decode(q.Blob(0));
    if (!st.ok()) return st.status();
    const auto sig = q.Blob(1);
    if (sig.size() != 64) {
      return Status::Corruption("a step record's signature is damaged; the "
                                "database was altered");
    }
    StepRecord rec{std::move(st).value(), {}};
    std::copy(sig.begin(), sig.end(), rec.signature.begin());
    out.push_back(std::move(rec));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

Result<std::vector<std::uint8_t>> Committee::StepDocument(
    std::uint64_t meeting_id, const std::string& step, std::uint32_t index,
    std::uint32_t position) {
  auto q = db_.Prepare(
      "SELECT content FROM step_documents WHERE meeting_id = ? AND step = ? "
      "AND idx = ? AND position = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id))
      .Bind(2, step)
      .Bind(3, static_cast<std::int64_t>(index))
      .Bind(4, static_cast<std::int64_t>(position));
  if (!q.Step()) {
    return Status::NotFound("meeting " + Num(meeting_id) + " step " + step +
                            " record " + Num(index) + " has no document " +
                            Num(position + 1));
  }
  return q.Blob(0);
}

}  // namespace hall::server
