// hall-admin record export: the election record of a meeting for auditors
// (layout: docs/record.md). Sealed rounds contribute only their sealed
// tally (the trustees' partials boxed to the recipients) and its digest,
// never counts.

#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "hall/base/folder.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/fingerprint.h"
#include "hall/server/admin/admin.h"
#include "hall/server/round_store.h"
#include "hall/server/spoiled_store.h"
#include "hall/server/tally.h"
#include "hall/shared/record_format.h"

namespace hall::server::admin {
namespace {

namespace fs = std::filesystem;
namespace record = shared::record;
using nlohmann::ordered_json;

struct RecordArgs {
  CommonOptions common;
  std::uint64_t meeting = 0;
  std::string out;
};

std::string Blake2bHex(std::span<const std::uint8_t> bytes) {
  return crypto::ToHex(crypto::Blake2b256(bytes));
}

// Writes files under the record folder and lists them with their digests.
class RecordWriter {
 public:
  explicit RecordWriter(fs::path root) : root_(std::move(root)) {}
  // Writes `bytes` to root/rel and returns rel.
  std::string Put(const std::string& rel, std::span<const std::uint8_t> b) {
    const fs::path full = root_ / rel;
    Take(MakeFolder(full.parent_path()));
    WriteNewFile(full, std::string_view(reinterpret_cast<const char*>(b.data()),
                                        b.size()));
    files_[rel] = Blake2bHex(b);
    return rel;
  }
  std::string PutText(const std::string& rel, const std::string& text) {
    return Put(rel, std::span<const std::uint8_t>(
                        reinterpret_cast<const std::uint8_t*>(text.data()),
                        text.size()));
  }
  const ordered_json& files() const { return files_; }

 private:
  fs::path root_;
  ordered_json files_ = ordered_json::object();
};

// Puts a blob column as a file when it is not NULL; returns the path or null.
ordered_json PutColumn(RecordWriter& w, Statement& q, int col,
                       const std::string& rel) {
  if (q.IsNull(col)) return nullptr;
  return w.Put(rel, q.Blob(col));
}

void RunExport(const RecordArgs& a) {
  OpenedInstallation inst = OpenOrFail(a.common);
  Database& db = *inst.db;
  MeetingInfo m = RequireMeeting(db, a.meeting);
  std::error_code ec;
  if (fs::exists(a.out, ec) && !fs::is_empty(a.out, ec)) {
    Fail(StatusCode::kAlreadyExists,
         a.out +
             " already exists and is not empty; hall-admin never "
             "overwrites: name a new folder (a folder left by an export "
             "that was stopped is not a record: hall-audit verify refuses "
             "it; delete it)");
  }
  const bool made = Take(MakeFolder(a.out)).created;
  RecordWriter w(a.out);
  // A record cut short (a full disk, an unreadable row) is not left to pass
  // for one: what was written goes (the folder was empty, or made here).
  struct Unfinished {
    fs::path out;
    bool made;
    bool done = false;
    ~Unfinished() {
      if (done) return;
      std::error_code ec;
      if (made) {
        fs::remove_all(out, ec);
        return;
      }
      for (const auto& child : fs::directory_iterator(out, ec))
        fs::remove_all(child.path(), ec);
    }
  } unfinished{a.out, made};

  ordered_json index;
  index["format"] = std::string(record::kFormat);
  index["exported_at"] = SystemClock()();
  index["installation"] = server::Installation(db);

  const crypto::VerifyKey seal = Take(SealPublicKey(db));
  index["seal"] = {{"public_key", w.Put(std::string(record::kSealPublicKey), seal.bytes())},
                   {"public_key_hex", HexOf(seal.bytes())},
                   {"fingerprint", crypto::Fingerprint(seal)}};

  // The meeting.
  ordered_json meeting;
  meeting["id"] = m.id;
  meeting["title"] = m.title;
  meeting["procedure"] = m.procedure;
  meeting["members"] = m.members;
  meeting["rehearsal"] = m.mode == MeetingMode::kRehearsal;
  meeting["convened"] = m.convened;
  meeting["present"] = m.present;
  {
    auto q = db.Prepare(
        "SELECT definition, definition_sig, box_key, ceremony FROM meetings "
        "WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(m.id));
    if (!q.Step()) {
      Fail(StatusCode::kNotFound, "there is no meeting " + Num(m.id));
    }
    meeting["definition"] =
        PutColumn(w, q, 0, std::string(record::kMeetingDefinition));
    meeting["definition_signature"] =
        PutColumn(w, q, 1, std::string(record::kMeetingDefinitionSig));
    meeting["box_key"] = PutColumn(w, q, 2, std::string(record::kBoxKey));
    meeting["ceremony"] = PutColumn(w, q, 3, std::string(record::kCeremony));
    // Once the seal has signed the definition, the record says what it
    // signed, not what the database column says.
    if (!q.IsNull(0)) {
      if (auto def = shared::MeetingDefinition::Decode(q.Blob(0)); def.ok())
        meeting["rehearsal"] = def->rehearsal;
    }
    // The procedure the meeting runs, as its definition's digest binds it.
    const auto procedure = Take(MeetingProcedure(db, m.id));
    meeting["procedure_file"] =
        w.PutText(std::string(record::kProcedure), procedure->file_text);
  }
  if (auto key = LoadBoxKey(db, m.id); key.ok()) {
    meeting["box_key_digest"] = HexOf(key->digest());
    std::set<std::uint32_t> all;
    for (std::uint32_t i = 1; i <= key->n(); ++i) all.insert(i);
    meeting["trustees"] = {{"k", key->k()},
                           {"n", key->n()},
                           {"names", TrusteeNames(db, m.id, all)}};
  } else {
    meeting["box_key_digest"] = nullptr;
    meeting["trustees"] = nullptr;
  }
  {
    ordered_json recipients = ordered_json::array();
    for (const auto& r : Take(LoadRecipients(db, m.id)))
      recipients.push_back(
          {{"name", r.name}, {"public_key", HexOf(r.public_key)}});
    meeting["recipients"] = recipients;
  }
  index["meeting"] = meeting;

  // The rounds.
  Committee committee(db);
  auto rounds = Take(committee.Rounds(m.id));
  ordered_json rounds_json = ordered_json::array();
  for (const RoundInfo& r : rounds) {
    ordered_json rj;
    rj["id"] = r.id;
    rj["step"] = r.step;
    rj["state"] = std::string(RoundStateName(r.state));
    rj["disclosure"] = r.disclosure;
    rj["persons"] = r.persons;
    rj["groups"] = r.groups;
    rj["slots"] = r.slots;
    rj["issued"] = r.issued;
    rj["cast"] = r.cast;
    auto q = db.Prepare(
        "SELECT template, template_sig, credential_list, "
        "credential_list_sig, sealed_statement, sealed_sig, "
        "closed_statement, closed_sig, sealed_at, opened_at, closed_at, "
        "tallied_at, minutes, minutes_sig, partials, sealed_minutes, "
        "previous_round FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(r.id));
    if (!q.Step()) {
      Fail(StatusCode::kInternal, "round " + Num(r.id) + " vanished");
    }
    if (!q.IsNull(16)) rj["compared_with_round"] = q.Int(16);
    auto text_or_null = [&q](int col) {
      return q.IsNull(col) ? ordered_json() : ordered_json(q.Text(col));
    };
    rj["times"] = {{"sealed_at", text_or_null(8)},
                   {"opened_at", text_or_null(9)},
                   {"closed_at", text_or_null(10)},
                   {"tallied_at", text_or_null(11)}};
    rj["template"] = PutColumn(w, q, 0, record::RoundFile(r.id, record::kTemplate));
    rj["template_signature"] = PutColumn(w, q, 1, record::RoundFile(r.id, record::kTemplateSig));
    rj["credential_list"] = PutColumn(w, q, 2, record::RoundFile(r.id, record::kCredentialList));
    rj["credential_list_signature"] =
        PutColumn(w, q, 3, record::RoundFile(r.id, record::kCredentialListSig));
    rj["box_sealed"] = PutColumn(w, q, 4, record::RoundFile(r.id, record::kBoxSealed));
    rj["box_sealed_signature"] = PutColumn(w, q, 5, record::RoundFile(r.id, record::kBoxSealedSig));
    rj["box_closed"] = PutColumn(w, q, 6, record::RoundFile(r.id, record::kBoxClosed));
    rj["box_closed_signature"] = PutColumn(w, q, 7, record::RoundFile(r.id, record::kBoxClosedSig));

    if (r.state != RoundState::kDraft) {
      // The bulletin board, in board order.
      ordered_json board = ordered_json::array();
      auto b = db.Prepare(
          "SELECT idx, credential, envelope, entry_hash, tracking_code FROM "
          "ballots WHERE round_id = ? ORDER BY idx");
      b.Bind(1, static_cast<std::int64_t>(r.id));
      while (b.Step()) {
        board.push_back({{"index", b.Int(0)},
                         {"credential_key", HexOf(b.Blob(1))},
                         {"envelope", HexOf(b.Blob(2))},
                         {"entry_hash", HexOf(b.Blob(3))},
                         {"tracking_code", b.Text(4)}});
      }
      Check(b.status());
      auto t = Take(LoadTemplate(db, r.id));
      rj["board"] = {
          {"ballots", w.PutText(record::RoundFile(r.id, record::kBoard), board.dump(1) + "\n")},
          {"count", board.size()},
          {"genesis", HexOf(crypto::BoardGenesis(t.Digest()))},
          {"head", HexOf(BoardHead(db, r.id, t.Digest()))}};
      rj["template_digest"] = HexOf(t.Digest());
      // The ballots spoiled to check a kiosk, in the order of their digests
      // (never cast, never counted).
      const auto spoiled = Take(LoadSpoiled(db, r.id));
      if (!spoiled.empty()) {
        ordered_json digests = ordered_json::array();
        for (const auto& entry : spoiled)
          digests.push_back(HexOf(entry.Digest()));
        rj["spoiled"] = {
            {"ballots", w.Put(record::RoundFile(r.id, record::kSpoiled),
                              shared::EncodeSpoiledList(spoiled))},
            {"count", spoiled.size()},
            {"digests", digests}};
      }
    }
    if (r.state == RoundState::kClosed || IsTallied(r.state)) {
      // What the trustees decrypted, and what a recipient or an auditor
      // re-verifies the round from.
      auto request = BuildTallyRequest(db, r.id);
      if (request.ok()) {
        rj["tally_request"] =
            w.Put(record::RoundFile(r.id, record::kTallyRequest), *request);
      } else if (request.code() == StatusCode::kFailedPrecondition) {
        // Closed, its box-closed statement still waiting for the console.
        rj["tally_request"] = nullptr;
        rj["note"] = "the box-closed statement is not signed yet";
      } else {
        Fail(request.status());
      }
    }
    if (r.state == RoundState::kCancelled) {
      rj["cancelled"] = r.cancelled_reason;
      auto c = db.Prepare(
          "SELECT cancellation, cancellation_sig FROM rounds WHERE id = ? AND "
          "cancellation_sig IS NOT NULL");
      c.Bind(1, static_cast<std::int64_t>(r.id));
      if (c.Step()) {
        // The committee cancelled it: what the seal signed.
        rj["cancellation"] =
            w.Put(record::RoundFile(r.id, record::kCancellation), c.Blob(0));
        rj["cancellation_signature"] =
            w.Put(record::RoundFile(r.id, record::kCancellationSig), c.Blob(1));
      }
    }
    if (r.state == RoundState::kAnnounced) {
      rj["minutes"] = PutColumn(w, q, 12, record::RoundFile(r.id, record::kMinutes));
      rj["minutes_signature"] = PutColumn(w, q, 13, record::RoundFile(r.id, record::kMinutesSig));
      rj["partial_decryptions"] = PutColumn(w, q, 14, record::RoundFile(r.id, record::kPartials));
      rj["minutes_digest"] = r.minutes_digest;
    } else if (r.state == RoundState::kMinutesSealed) {
      rj["sealed_tally"] =
          PutColumn(w, q, 15, record::RoundFile(r.id, record::kSealedTally));
      rj["minutes_digest"] = r.minutes_digest;
    } else if (r.state == RoundState::kTallied) {
      rj["minutes_digest"] = r.minutes_digest;
      rj["note"] =
          "tallied but not announced: the minutes join the record once the "
          "round is announced";
    }
    rounds_json.push_back(rj);
  }
  index["rounds"] = rounds_json;

  // The records of steps, each with its signature and attached documents.
  ordered_json steps_json = ordered_json::array();
  for (const StepRecord& rec : Take(committee.StepRecords(m.id))) {
    const auto& st = rec.statement;
    ordered_json sj;
    sj["step"] = st.step;
    sj["index"] = st.index;
    sj["recorded_at"] = st.recorded_at;
    sj["record"] = w.Put(record::StepRecordFile(st.step, st.index, record::kStepRecord),
                         st.Encode());
    sj["record_signature"] = w.Put(
        record::StepRecordFile(st.step, st.index, record::kStepRecordSig),
        rec.signature);
    ordered_json docs = ordered_json::array();
    for (std::uint32_t i = 0; i < st.documents.size(); ++i) {
      const auto bytes = Take(committee.StepDocument(m.id, st.step, st.index, i));
      docs.push_back(
          {{"name", st.documents[i].name},
           {"file", w.Put(record::StepRecordFile(st.step, st.index,
                                                 "document-" + Num(i + 1)),
                          bytes)},
           {"digest", HexOf(st.documents[i].digest)}});
    }
    sj["documents"] = docs;
    steps_json.push_back(sj);
  }
  index["step_records"] = steps_json;
  index["files"] = w.files();
  WriteNewFile(fs::path(a.out) / record::kIndex, index.dump(2) + "\n");
  unfinished.done = true;
  Out() << "election record of meeting " << m.id << " written to " << a.out
            << " (" << rounds.size() << " rounds, " << w.files().size() + 1
            << " files; index record.json)\n";
}

}  // namespace

void RegisterRecord(CLI::App& app, Context& ctx) {
  CLI::App* record =
      app.add_subcommand("record", "The election record for auditors");
  record->require_subcommand(1);
  auto a = std::make_shared<RecordArgs>();
  CLI::App* exp = record->add_subcommand(
      "export",
      "Export a meeting's election record to a new folder: seal public key, "
      "signed meeting definition, per round the signed ballot template, "
      "credential list, box statements, every ballot in board order with "
      "its tracking code, the ballots spoiled to check a kiosk, each closed "
      "round's tally request, and the minutes of announced rounds (sealed "
      "rounds: only the trustees' partial "
      "decryptions boxed to the recipients, and their digest). Layout: "
      "docs/record.md");
  AddCommonOptions(*exp, a->common);
  exp->add_option("--meeting", a->meeting, "Meeting id")->required();
  exp->add_option("--out", a->out, "New (or empty) folder")->required();
  exp->callback([&ctx, a] { ctx.action = [a] { RunExport(*a); }; });
}

}  // namespace hall::server::admin
