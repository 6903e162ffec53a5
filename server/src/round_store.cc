#include "hall/server/round_store.h"

#include <algorithm>
#include <optional>
#include <cctype>
#include <string_view>
#include <nlohmann/json.hpp>
#include <thread>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/encoding.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/seal.h"
#include "hall/server/meeting_definition.h"
#include "hall/shared/catalog.h"
#include "hall/shared/json_input.h"
#include "hall/shared/round_verifier.h"
#include "hall/shared/rules.h"
#include "hall/shared/statements.h"

namespace hall::server {
namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

// A JSON array of strings as the committee stored it; nullopt for anything
// else (the row was altered), never an exception.
std::optional<std::vector<std::string>> StringList(const std::string& text) {
  const auto parsed = shared::ParseJsonInput(text, "the list");
  if (!parsed.ok() || !parsed->is_array()) return std::nullopt;
  const nlohmann::json& j = parsed.value();
  std::vector<std::string> out;
  for (const auto& item : j) {
    if (!item.is_string()) return std::nullopt;
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

std::string Hex(std::span<const std::uint8_t> bytes) {
  return crypto::ToHex(bytes);
}

std::string Installation(Database& db) {
  auto q = db.Prepare("SELECT value FROM meta WHERE key = 'installation'");
  return q.Step() ? q.Text(0) : std::string();
}

Result<crypto::VerifyKey> SealPublicKey(Database& db) {
  auto q = db.Prepare("SELECT value FROM meta WHERE key = 'seal_public_key'");
  if (!q.Step())
    return Status::FailedPrecondition(
        "database: the installation has no seal key recorded");
  return crypto::VerifyKey::FromBytes(q.Blob(0));
}

Status CheckSealKey(Database& db, const crypto::SigningKey& seal) {
  auto pub = SealPublicKey(db);
  if (!pub.ok()) return pub.status();
  if (!(*pub == seal.verify_key())) {
    return Status::PermissionDenied(
        "this seal key is not the seal of this installation");
  }
  return Status::Ok();
}

namespace {

// quorum_required by rules::CheckQuorum for `step` ("" = the procedure's).
void SetQuorum(Database& db, MeetingInfo& m, const std::string& step) {
  auto procedure = MeetingProcedure(db, m.id);
  if (!procedure.ok()) return;
  const rules::Procedure* p = procedure->get();
  const rules::Step* s = step.empty() ? nullptr : p->FindStep(step);
  const rules::QuorumCheck q = rules::CheckQuorum(
      *p, s,
      rules::Attendance{static_cast<std::int64_t>(m.members),
                        static_cast<std::int64_t>(m.convened),
                        static_cast<std::int64_t>(m.present)});
  m.quorum_required = static_cast<std::uint64_t>(q.required);
}

}  // namespace

Result<MeetingInfo> LoadMeeting(Database& db, std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT id, title, procedure, members, trustees_k, "
      "(SELECT count(*) FROM roll WHERE meeting_id = m.id), "
      "(SELECT count(*) FROM roll WHERE meeting_id = m.id AND present = 1), "
      "(SELECT count(*) FROM trustees WHERE meeting_id = m.id), rehearsal, "
      "coalesce(date, '') FROM meetings m WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  if (!q.Step()) {
    return Status::NotFound("there is no meeting " + Num(meeting_id) +
                            " (hall-admin meeting list shows the meetings)");
  }
  MeetingInfo m;
  m.id = static_cast<std::uint64_t>(q.Int(0));
  m.title = q.Text(1);
  m.procedure = q.Text(2);
  m.members = static_cast<std::uint64_t>(q.Int(3));
  if (!q.IsNull(4)) m.trustees_k = static_cast<std::uint32_t>(q.Int(4));
  m.convened = static_cast<std::uint64_t>(q.Int(5));
  m.present = static_cast<std::uint64_t>(q.Int(6));
  m.trustees_n = static_cast<std::uint32_t>(q.Int(7));
  m.mode = q.Int(8) != 0 ? MeetingMode::kRehearsal : MeetingMode::kReal;
  m.date = q.Text(9);
  SetQuorum(db, m, "");
  return m;
}

Result<MeetingInfo> LoadElectorate(Database& db, std::uint64_t meeting_id,
                                   const std::vector<std::string>& groups,
                                   const std::string& step) {
  auto m = LoadMeeting(db, meeting_id);
  if (!m.ok()) return m;
  if (groups.empty()) {
    SetQuorum(db, *m, step);
    return m;
  }
  m->convened = 0;
  m->present = 0;
  auto q = db.Prepare("SELECT grp, present FROM roll WHERE meeting_id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (q.Step()) {
    if (std::find(groups.begin(), groups.end(), q.Text(0)) == groups.end())
      continue;
    ++m->convened;
    if (q.Int(1)) ++m->present;
  }
  SetQuorum(db, *m, step);
  return m;
}

std::vector<std::string> PresentPersons(Database& db, std::uint64_t meeting_id,
                                        const std::vector<std::string>& groups) {
  std::vector<std::string> out;
  auto q = db.Prepare(
      "SELECT person_id, grp FROM roll WHERE meeting_id = ? AND present = 1 "
      "ORDER BY person_id");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (q.Step()) {
    if (!groups.empty() &&
        std::find(groups.begin(), groups.end(), q.Text(1)) == groups.end())
      continue;
    out.push_back(q.Text(0));
  }
  return out;
}

std::vector<RollPerson> Roll(Database& db, std::uint64_t meeting_id) {
  std::vector<RollPerson> out;
  auto q = db.Prepare(
      "SELECT person_id, name, grp, present FROM roll WHERE meeting_id = ? "
      "ORDER BY person_id");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (q.Step()) out.push_back({q.Text(0), q.Text(1), q.Text(2), q.Int(3) != 0});
  // As people count: "p2" before "p10".
  auto natural_less = [](const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
      const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
      if (da && db) {
        std::size_t ei = i, ej = j;
        while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
        while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
        std::string_view na(a.data() + i, ei - i), nb(b.data() + j, ej - j);
        while (na.size() > 1 && na[0] == '0') na.remove_prefix(1);
        while (nb.size() > 1 && nb[0] == '0') nb.remove_prefix(1);
        if (na.size() != nb.size()) return na.size() < nb.size();
        if (na != nb) return na < nb;
        i = ei;
        j = ej;
      } else {
        if (a[i] != b[j]) return a[i] < b[j];
        ++i;
        ++j;
      }
    }
    return a.size() - i < b.size() - j || (a.size() - i == b.size() - j && a < b);
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const RollPerson& x, const RollPerson& y) {
                     return natural_less(x.id, y.id);
                   });
  return out;
}

std::set<std::string> RollGroups(Database& db, std::uint64_t meeting_id) {
  std::set<std::string> out;
  auto q = db.Prepare("SELECT DISTINCT grp FROM roll WHERE meeting_id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (q.Step()) out.insert(q.Text(0));
  return out;
}

std::optional<std::uint64_t> CurrentMeeting(Database& db) {
  // The meeting with an open round, else the newest.
  auto open =
      db.Prepare("SELECT meeting_id FROM rounds WHERE state = 'open' LIMIT 1");
  if (open.Step()) return static_cast<std::uint64_t>(open.Int(0));
  auto q = db.Prepare("SELECT max(id) FROM meetings");
  if (q.Step() && !q.IsNull(0)) return static_cast<std::uint64_t>(q.Int(0));
  return std::nullopt;
}

bool MeetingFrozen(Database& db, std::uint64_t meeting_id) {
  auto q =
      db.Prepare("SELECT definition IS NOT NULL FROM meetings WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  return q.Step() && q.Int(0) != 0;
}

Result<crypto::Bytes> MeetingDefinitionToSign(Database& db,
                                              std::uint64_t meeting_id,
                                              const rules::Catalog& catalog) {
  auto m = LoadMeeting(db, meeting_id);
  if (!m.ok()) return m.status();
  auto procedure = MeetingProcedure(db, meeting_id);
  if (!procedure.ok()) return procedure.status();
  const rules::Procedure* known = catalog.Find((*procedure)->id);
  if (!known || known->file_text != (*procedure)->file_text) {
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) + ": its stored procedure file is not " +
        "the committee's " + (*procedure)->id +
        "; the seal signs only a procedure the committee holds (for an "
        "adapted procedure, give the folder the meeting was created with: "
        "--procedures DIR)");
  }
  shared::MeetingDefinition def;
  def.installation = Installation(db);
  def.meeting_id = meeting_id;
  def.title = m->title;
  def.procedure = m->procedure;
  def.procedure_digest = shared::ProcedureFileDigest((*procedure)->file_text);
  def.members = m->members;
  auto roll = db.Prepare(
      "SELECT person_id, name, grp FROM roll WHERE meeting_id = ? ORDER BY "
      "person_id");
  roll.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (roll.Step())
    def.roll.push_back({roll.Text(0), roll.Text(1), roll.Text(2)});
  if (!roll.status().ok()) return roll.status();
  auto key = LoadBoxKey(db, meeting_id);
  if (!key.ok()) return key.status();
  def.box_key_digest = key->digest();
  auto recipients = LoadRecipients(db, meeting_id);
  if (!recipients.ok()) return recipients.status();
  def.recipients = std::move(recipients).value();
  std::set<std::uint32_t> all;
  for (std::uint32_t i = 1; i <= key->n(); ++i) all.insert(i);
  def.trustees = TrusteeNames(db, meeting_id, all);
  def.rehearsal = m->mode == MeetingMode::kRehearsal;
  def.version = 3;
  def.date = m->date;
  return def.Encode();
}

Status StoreMeetingDefinition(Database& db, std::uint64_t meeting_id,
                              std::span<const std::uint8_t> definition,
                              std::span<const std::uint8_t, 64> signature) {
  auto upd = db.Prepare(
      "UPDATE meetings SET definition = ?, definition_sig = ? WHERE id = ? "
      "AND definition IS NULL");
  upd.Bind(1, crypto::Bytes(definition.begin(), definition.end()))
      .Bind(2, crypto::Bytes(signature.begin(), signature.end()))
      .Bind(3, static_cast<std::int64_t>(meeting_id));
  if (Status s = upd.Run(); !s.ok()) return s;
  if (db.Changes() != 1) {
    return Status::FailedPrecondition("meeting " + Num(meeting_id) +
                                      " was defined meanwhile");
  }
  return Status::Ok();
}

std::set<std::string> Candidates(Database& db, std::uint64_t meeting_id) {
  std::set<std::string> out;
  auto q = db.Prepare("SELECT name FROM candidates WHERE meeting_id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (q.Step()) out.insert(q.Text(0));
  return out;
}

Result<crypto::BallotBoxKey> LoadBoxKey(Database& db,
                                        std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT box_key FROM meetings WHERE id = ? AND box_key IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  if (!q.Step()) {
    return Status::FailedPrecondition(
        "meeting " + Num(meeting_id) +
        " has no ballot-box key yet: run the key ceremony first");
  }
  return crypto::BallotBoxKey::Decode(q.Blob(0));
}

Result<std::vector<shared::DefinedRecipient>> LoadRecipients(
    Database& db, std::uint64_t meeting_id) {
  auto q = db.Prepare(
      "SELECT name, public_key FROM recipients WHERE meeting_id = ? ORDER BY "
      "name");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  std::vector<shared::DefinedRecipient> out;
  while (q.Step()) {
    shared::DefinedRecipient r;
    r.name = q.Text(0);
    const auto b = q.Blob(1);
    if (b.size() != r.public_key.size()) {
      return Status::Corruption("meeting " + Num(meeting_id) +
                                ": the stored key of recipient \"" + r.name +
                                "\" is damaged; the database was altered");
    }
    std::copy(b.begin(), b.end(), r.public_key.begin());
    out.push_back(std::move(r));
  }
  if (!q.status().ok()) return q.status();
  return out;
}

std::vector<std::string> TrusteeNames(Database& db, std::uint64_t meeting_id,
                                      const std::set<std::uint32_t>& indices) {
  std::vector<std::string> out;
  auto q = db.Prepare(
      "SELECT idx, name FROM trustees WHERE meeting_id = ? ORDER BY idx");
  q.Bind(1, static_cast<std::int64_t>(meeting_id));
  while (q.Step()) {
    if (indices.count(static_cast<std::uint32_t>(q.Int(0))))
      out.push_back(q.Text(1));
  }
  return out;
}

Result<RoundInfo> LoadRound(Database& db, std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT id, meeting_id, step, state, persons, slots, coalesce(issued, "
      "0), "
      "(SELECT count(*) FROM ballots WHERE round_id = r.id), "
      "coalesce(minutes_digest, ''), groups, coalesce(cancelled_reason, ''), "
      "tally_by_group, advisory_groups "
      "FROM rounds r WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) {
    return Status::NotFound(
        "there is no round " + Num(round_id) +
        " (hall-admin round list shows a meeting's rounds)");
  }
  RoundInfo r;
  r.id = static_cast<std::uint64_t>(q.Int(0));
  r.meeting_id = static_cast<std::uint64_t>(q.Int(1));
  r.step = q.Text(2);
  auto state = ParseRoundState(q.Text(3));
  if (!state.ok()) return state.status();
  r.state = *state;
  auto persons = StringList(q.Text(4));
  auto groups = StringList(q.Text(9));
  auto advisory = StringList(q.Text(12));
  if (!persons || !groups || !advisory) {
    return Status::Corruption("round " + Num(round_id) +
                              ": the stored persons or groups cannot be "
                              "read; the database was altered");
  }
  r.persons = std::move(*persons);
  r.slots = static_cast<std::uint64_t>(q.Int(5));
  r.issued = static_cast<std::uint64_t>(q.Int(6));
  r.cast = static_cast<std::uint64_t>(q.Int(7));
  r.cancelled_reason = q.Text(10);
  r.minutes_digest = q.Text(8);
  r.groups = std::move(*groups);
  r.tally_by_group = q.Int(11) != 0;
  r.advisory_groups = std::move(*advisory);
  auto m = LoadMeeting(db, r.meeting_id);
  if (m.ok()) {
    auto p = MeetingProcedure(db, r.meeting_id);
    const rules::Step* s = p.ok() ? (*p)->FindStep(r.step) : nullptr;
    if (s) r.disclosure = rules::DisclosureName(s->disclosure);
  }
  return r;
}

std::optional<std::uint64_t> PreviousRound(Database& db,
                                           std::uint64_t round_id) {
  auto q = db.Prepare("SELECT previous_round FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (q.Step() && !q.IsNull(0)) return static_cast<std::uint64_t>(q.Int(0));
  return std::nullopt;
}

Result<shared::SignedTemplate> LoadSignedTemplate(Database& db,
                                                  std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT template, template_sig FROM rounds WHERE id = ? AND template IS "
      "NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " has no sealed ballot yet");
  }
  shared::SignedTemplate t;
  t.template_bytes = q.Blob(0);
  const auto sig = q.Blob(1);
  if (sig.size() != t.signature.size())
    return Status::Corruption("round: damaged template signature");
  std::copy(sig.begin(), sig.end(), t.signature.begin());
  return t;
}

Result<shared::BallotTemplate> LoadTemplate(Database& db,
                                            std::uint64_t round_id) {
  auto signed_template = LoadSignedTemplate(db, round_id);
  if (!signed_template.ok()) return signed_template.status();
  return shared::BallotTemplate::Decode(signed_template->template_bytes);
}

Result<crypto::CredentialList> LoadCredentialList(Database& db,
                                                  std::uint64_t round_id) {
  auto q = db.Prepare(
      "SELECT credential_list FROM rounds WHERE id = ? AND credential_list IS "
      "NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step())
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " has no credential list yet");
  return crypto::CredentialList::Decode(q.Blob(0));
}

std::array<std::uint8_t, 32> BoardHead(
    Database& db, std::uint64_t round_id,
    const shared::Digest32& template_digest) {
  auto q = db.Prepare(
      "SELECT entry_hash FROM ballots WHERE round_id = ? ORDER BY idx DESC "
      "LIMIT 1");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  std::array<std::uint8_t, 32> head{};
  if (q.Step()) {
    const auto b = q.Blob(0);
    std::copy_n(b.begin(), std::min<std::size_t>(b.size(), 32), head.begin());
  } else {
    head = crypto::BoardGenesis(template_digest);
  }
  return head;
}

namespace {

// Each issued receipt of a round from index `from` on, with the entry hash
// of the ballot stored at its index (NULL when none is).
constexpr char kReceiptRows[] =
    "SELECT r.idx, r.tracking_code, r.head, b.entry_hash FROM "
    "issued_receipts r LEFT JOIN ballots b ON b.round_id = r.round_id AND "
    "b.idx = r.idx WHERE r.round_id = ? AND r.idx >= ? ORDER BY r.idx";

// The head a row of kReceiptRows named, when its ballot is still stored at
// index `expected` with that entry hash; nullopt when it is gone or changed.
std::optional<std::array<std::uint8_t, 32>> KeptHead(const Statement& row,
                                                     std::uint64_t expected) {
  const auto head = row.Blob(2);
  if (row.IsNull(3) || row.Blob(3) != head || head.size() != 32 ||
      static_cast<std::uint64_t>(row.Int(0)) != expected)
    return std::nullopt;
  std::array<std::uint8_t, 32> h{};
  std::copy(head.begin(), head.end(), h.begin());
  return h;
}

}  // namespace

Result<CommittedBoard> CheckBoardKeepsReceipts(Database& db,
                                               std::uint64_t round_id) {
  auto q = db.Prepare(kReceiptRows);
  q.Bind(1, static_cast<std::int64_t>(round_id)).Bind(2, std::int64_t{0});
  CommittedBoard board;
  std::vector<std::string> missing;
  std::uint64_t expected_index = 0;
  while (q.Step()) {
    const auto kept = KeptHead(q, expected_index++);
    if (!kept) {
      missing.push_back(q.Text(1));
      continue;
    }
    board.head = kept;
  }
  if (!q.status().ok()) return q.status();
  board.size = expected_index;
  auto count = db.Prepare("SELECT count(*) FROM ballots WHERE round_id = ?");
  count.Bind(1, static_cast<std::int64_t>(round_id));
  if (!count.Step()) return count.status();
  const auto stored = static_cast<std::uint64_t>(count.Int(0));
  if (missing.empty() && stored == board.size) return board;
  std::string what = "the ballot box of round " + Num(round_id) +
                     " was altered: ";
  if (!missing.empty()) {
    what += Num(missing.size()) + " of the " + Num(board.size) +
            " receipts the server gave out name a ballot that is no longer "
            "stored (tracking codes";
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < missing.size() && i < kShown; ++i)
      what += (i == 0 ? " " : ", ") + missing[i];
    if (missing.size() > kShown)
      what += " and " + Num(missing.size() - kShown) + " more";
    what += ")";
  }
  if (stored + missing.size() > board.size) {
    if (!missing.empty()) what += "; ";
    const std::uint64_t extra = stored + missing.size() - board.size;
    what += Num(extra) + (extra == 1 ? " stored ballot has" : " stored ballots have") +
            " no receipt";
  }
  return Status::Corruption(what +
                            "; do not close or tally it: tell the committee "
                            "and the auditors, and keep the database as it is");
}

Result<CommittedBoard> CheckBoardKeepsNewReceipts(Database& db,
                                                  std::uint64_t round_id,
                                                  const CommittedBoard& known) {
  if (known.size == 0 || !known.head)
    return CheckBoardKeepsReceipts(db, round_id);
  auto counts = db.Prepare(
      "SELECT (SELECT count(*) FROM ballots WHERE round_id = ?1), "
      "(SELECT count(*) FROM issued_receipts WHERE round_id = ?1), "
      "(SELECT entry_hash FROM ballots WHERE round_id = ?1 AND idx = ?2)");
  counts.Bind(1, static_cast<std::int64_t>(round_id));
  counts.Bind(2, static_cast<std::int64_t>(known.size - 1));
  if (!counts.Step()) {
    if (!counts.status().ok()) return counts.status();
    return CheckBoardKeepsReceipts(db, round_id);
  }
  const auto stored = static_cast<std::uint64_t>(counts.Int(0));
  const auto issued = static_cast<std::uint64_t>(counts.Int(1));
  const auto last = counts.IsNull(2) ? crypto::Bytes() : counts.Blob(2);
  const bool head_kept = std::equal(known.head->begin(), known.head->end(),
                                    last.begin(), last.end());
  if (stored != issued || issued < known.size || !head_kept)
    return CheckBoardKeepsReceipts(db, round_id);
  auto q = db.Prepare(kReceiptRows);
  q.Bind(1, static_cast<std::int64_t>(round_id));
  q.Bind(2, static_cast<std::int64_t>(known.size));
  CommittedBoard board = known;
  while (q.Step()) {
    const auto kept = KeptHead(q, board.size);
    if (!kept) return CheckBoardKeepsReceipts(db, round_id);
    board.head = kept;
    ++board.size;
  }
  if (!q.status().ok()) return q.status();
  if (board.size != issued) return CheckBoardKeepsReceipts(db, round_id);
  return board;
}

Result<SealedRoundData> LoadSealedRound(Database& db, std::uint64_t round_id) {
  auto seal = SealPublicKey(db);
  if (!seal.ok()) return seal.status();
  auto signed_template = LoadSignedTemplate(db, round_id);
  if (!signed_template.ok()) return signed_template.status();
  auto q = db.Prepare(
      "SELECT credential_list, credential_list_sig FROM rounds WHERE id = ? "
      "AND credential_list IS NOT NULL");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  if (!q.Step()) {
    return Status::FailedPrecondition("round " + Num(round_id) +
                                      " has no credential list yet");
  }
  auto meeting = db.Prepare("SELECT meeting_id FROM rounds WHERE id = ?");
  meeting.Bind(1, static_cast<std::int64_t>(round_id));
  if (!meeting.Step()) {
    if (!meeting.status().ok()) return meeting.status();
    return Status::NotFound("there is no round " + Num(round_id));
  }
  const shared::RoundAddress expected{
      Installation(db), static_cast<std::uint64_t>(meeting.Int(0)), round_id};
  auto sealed = shared::VerifySealedRound(*seal, expected, *signed_template,
                                          q.Blob(0), q.Blob(1));
  if (!sealed.ok() && sealed.code() == StatusCode::kCorruption) {
    return Status::Corruption("round " + Num(round_id) + ": " +
                              sealed.message() + ": the database was altered");
  }
  return sealed;
}

Result<VerifiedRound> LoadVerifiedBallots(Database& db, std::uint64_t round_id,
                                          const SealedRoundData& sealed) {
  std::vector<crypto::Bytes> envelopes;
  auto q = db.Prepare(
      "SELECT envelope FROM ballots WHERE round_id = ? ORDER BY idx");
  q.Bind(1, static_cast<std::int64_t>(round_id));
  while (q.Step()) envelopes.push_back(q.Blob(0));
  if (!q.status().ok()) return q.status();
  auto board = shared::VerifyBallots(
      sealed, envelopes,
      std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
  if (!board.ok() && board.code() == StatusCode::kCorruption) {
    return Status::Corruption("round " + Num(round_id) + ": " +
                              board.message() + "; the database was altered");
  }
  return board;
}

}  // namespace hall::server
