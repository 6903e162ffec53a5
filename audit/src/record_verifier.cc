#include "hall/audit/record_verifier.h"

#include <algorithm>
#include <set>

#include "auditor.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/seal.h"
#include "hall/shared/printable_text.h"
#include "hall/shared/procedure_loader.h"
#include "hall/shared/record_format.h"

namespace hall::audit {
namespace record = shared::record;
using nlohmann::json;

std::string_view CheckKindName(CheckKind kind) {
  switch (kind) {
    case CheckKind::kSealKey: return "seal key";
    case CheckKind::kFiles: return "file digests";
    case CheckKind::kDefinition: return "meeting definition";
    case CheckKind::kKeyCeremony: return "key ceremony";
    case CheckKind::kTemplate: return "ballot template";
    case CheckKind::kCredentialList: return "credential list";
    case CheckKind::kBoxSealed: return "box sealed";
    case CheckKind::kBallots: return "ballots";
    case CheckKind::kBoard: return "bulletin board";
    case CheckKind::kTallyRequest: return "tally request";
    case CheckKind::kPartials: return "partial decryptions";
    case CheckKind::kCounts: return "counts";
    case CheckKind::kOutcome: return "outcome";
    case CheckKind::kMinutes: return "minutes";
    case CheckKind::kSpoiled: return "spoiled ballots";
    case CheckKind::kCancellation: return "cancellation";
    case CheckKind::kStepRecords: return "step records";
    case CheckKind::kRoundState: return "round state";
  }
  return "?";
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk: return "ok";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kNotApplicable: return "not applicable";
    case Outcome::kNotChecked: return "not checked";
  }
  return "?";
}

bool AuditReport::ok() const {
  return !checks.empty() &&
         std::none_of(checks.begin(), checks.end(), [](const Check& c) {
           return c.outcome == Outcome::kFailed ||
                  c.outcome == Outcome::kNotChecked;
         });
}

std::size_t AuditReport::Count(Outcome outcome) const {
  return static_cast<std::size_t>(
      std::count_if(checks.begin(), checks.end(),
                    [outcome](const Check& c) { return c.outcome == outcome; }));
}

const Check* AuditReport::Find(CheckKind kind, std::string_view subject) const {
  for (const Check& c : checks)
    if (c.kind == kind && c.subject == subject) return &c;
  return nullptr;
}

Auditor::Open Auditor::Begin(CheckKind kind, const std::string& subject) {
  report_.checks.push_back({kind, subject, Outcome::kNotChecked, "", ""});
  return {this, report_.checks.size() - 1};
}
bool Auditor::Open::Ok(std::string covered) const {
  get().outcome = Outcome::kOk;
  get().covered = std::move(covered);
  return true;
}
bool Auditor::Open::Fail(std::string problem) const {
  get().outcome = Outcome::kFailed;
  get().problem = std::move(problem);
  return false;
}
bool Auditor::Open::NotApplicable(std::string why) const {
  get().outcome = Outcome::kNotApplicable;
  get().covered = std::move(why);
  return true;
}
bool Auditor::Open::NotChecked(std::string why) const {
  get().outcome = Outcome::kNotChecked;
  get().problem = std::move(why);
  return false;
}

namespace {

std::string Num(std::uint64_t n) { return std::to_string(n); }

}  // namespace

bool SignedBy(const crypto::VerifyKey& key, crypto::SignatureType type,
              const crypto::Bytes& message, const crypto::Bytes& signature) {
  auto sig = crypto::Signature::FromBytes(signature);
  return sig.ok() && crypto::Verify(key, type, message, *sig).ok();
}

std::optional<crypto::Bytes> Auditor::ReadRoundFile(
    std::uint64_t round, std::string_view name) const {
  return files_.Read(record::RoundFile(round, name));
}

bool Auditor::CheckSealKey() {
  Open c = Begin(CheckKind::kSealKey, "meeting");
  auto bytes = files_.Read(record::kSealPublicKey);
  if (!bytes) return c.Fail(std::string(record::kSealPublicKey) + " is missing");
  auto key = crypto::VerifyKey::FromBytes(*bytes);
  if (!key.ok())
    return c.Fail(std::string(record::kSealPublicKey) +
                  " is not an Ed25519 public key");
  const std::string fingerprint = crypto::Fingerprint(*key);
  report_.fingerprint = fingerprint;
  if (!crypto::FingerprintMatches(options_.seal_fingerprint, fingerprint)) {
    return c.Fail("the record's seal has fingerprint " + fingerprint +
                  ", not " + options_.seal_fingerprint +
                  " (the one read aloud): nothing in this record is the "
                  "committee's");
  }
  seal_ = *key;
  return c.Ok("the record's seal key has the fingerprint read aloud, " +
              fingerprint);
}

void Auditor::CheckFiles() {
  Open c = Begin(CheckKind::kFiles, "meeting");
  const json& index = files_.index();
  if (!index.contains("files") || !index["files"].is_object()) {
    c.Fail("record.json lists no files");
    return;
  }
  std::set<std::string> listed;
  std::vector<std::string> problems;
  for (const auto& [rel, digest] : index["files"].items()) {
    listed.insert(rel);
    if (!IsRecordPath(rel)) {
      problems.push_back(rel + " is not a path inside the record");
      continue;
    }
    auto bytes = files_.Read(rel);
    if (!bytes) {
      problems.push_back(rel + " is missing");
      continue;
    }
    if (!digest.is_string() ||
        crypto::ToHex(crypto::Blake2b256(*bytes)) != digest.get<std::string>())
      problems.push_back(rel + " does not have the digest record.json gives");
  }
  for (const auto& rel : files_.ListFiles())
    if (!listed.contains(rel))
      problems.push_back(rel + " is in the folder but not in record.json");
  // Every round folder is of a round record.json lists.
  std::set<std::string> rounds;
  for (const json& r : index.value("rounds", json::array()))
    if (r.is_object() && r.contains("id") && r["id"].is_number_unsigned())
      rounds.insert("rounds/" + Num(r["id"].get<std::uint64_t>()) + "/");
  for (const auto& rel : listed) {
    if (rel.rfind("rounds/", 0) != 0) continue;
    const auto slash = rel.find('/', 7);
    if (slash == std::string::npos || !rounds.contains(rel.substr(0, slash + 1)))
      problems.push_back(rel + " is of no round record.json lists");
  }
  if (!problems.empty()) {
    std::string text = problems.front();
    if (problems.size() > 1)
      text += " (and " + Num(problems.size() - 1) + " more: " +
              problems[1] + (problems.size() > 2 ? ", ..." : "") + ")";
    c.Fail(text);
    return;
  }
  c.Ok(Num(listed.size()) + " files, each with its BLAKE2b-256 digest");
}

bool Auditor::CheckDefinition() {
  Open c = Begin(CheckKind::kDefinition, "meeting");
  if (!seal_) return c.NotChecked("the seal key did not check out");
  auto def = files_.Read(record::kMeetingDefinition);
  auto sig = files_.Read(record::kMeetingDefinitionSig);
  if (!def || !sig) {
    const json& rounds = files_.index().value("rounds", json::array());
    bool sealed_any = false;
    for (const auto& r : rounds)
      sealed_any |= r.value("state", "draft") != "draft";
    if (!sealed_any)
      return c.NotApplicable("no round was sealed: the definition is not "
                             "signed yet");
    return c.Fail(std::string(record::kMeetingDefinition) +
                  " or its signature is missing");
  }
  if (!SignedBy(*seal_, crypto::SignatureType::kMeetingDefinition, *def, *sig))
    return c.Fail("the meeting definition does not carry the seal's "
                  "meeting-definition signature");
  auto decoded = shared::MeetingDefinition::Decode(*def);
  if (!decoded.ok())
    return c.Fail("the meeting definition does not decode: " +
                  decoded.message());
  auto procedure = files_.Read(record::kProcedure);
  if (!procedure) return c.Fail(std::string(record::kProcedure) + " is missing");
  const std::string text = Text(*procedure);
  if (shared::ProcedureFileDigest(text) != decoded->procedure_digest)
    return c.Fail("meeting/procedure.json is not the procedure file the "
                  "definition signs");
  auto parsed = rules::ParseProcedure(text, "meeting/procedure.json");
  if (!parsed.ok())
    return c.Fail("the signed procedure file does not parse: " +
                  parsed.message());
  if (parsed->id != decoded->procedure)
    return c.Fail("the signed procedure file is " + parsed->id +
                  ", the definition names " + decoded->procedure);
  auto box = files_.Read(record::kBoxKey);
  if (!box) return c.Fail(std::string(record::kBoxKey) + " is missing");
  auto key = crypto::BallotBoxKey::Decode(*box);
  if (!key.ok())
    return c.Fail("meeting/box-key.bin does not decode: " + key.message());
  if (key->digest() != decoded->box_key_digest ||
      key->context() !=
          shared::KeyCeremonyContext(decoded->installation,
                                     decoded->meeting_id))
    return c.Fail("meeting/box-key.bin is not the ballot-box key the "
                  "definition signs");
  if (!decoded->trustees.empty() && decoded->trustees.size() != key->n())
    return c.Fail("the definition names " + Num(decoded->trustees.size()) +
                  " trustees; the box key has " + Num(key->n()));
  const json& index = files_.index();
  if (index.value("installation", "") != decoded->installation ||
      index.value("meeting", json::object()).value("id", 0ull) !=
          decoded->meeting_id)
    return c.Fail("record.json names another installation or meeting than "
                  "the signed definition");
  definition_bytes_ = *def;
  std::copy_n(sig->begin(), std::min<std::size_t>(sig->size(), 64),
              definition_signature_.begin());
  procedure_text_ = text;
  definition_ = std::move(decoded).value();
  procedure_ = std::make_shared<const rules::Procedure>(std::move(parsed).value());
  box_key_ = std::move(key).value();
  std::string covered =
      "signed by the seal; meeting " + Num(definition_->meeting_id) + " \"" +
      definition_->title + "\", procedure " + procedure_->code + " (" +
      procedure_->id + ", the file's digest signed), " +
      Num(definition_->roll.size()) + " on the roll, box key " +
      Num(box_key_->k()) + " of " + Num(box_key_->n()) + " (digest signed)";
  if (definition_->rehearsal) covered += "; a REHEARSAL, not a real meeting";
  return c.Ok(covered);
}

void Auditor::CheckKeyCeremony() {
  Open c = Begin(CheckKind::kKeyCeremony, "meeting");
  if (!box_key_) {
    c.NotChecked("the meeting definition did not check out");
    return;
  }
  const auto transcript = files_.Read(record::kCeremony);
  if (!transcript) {
    c.Fail(std::string(record::kCeremony) +
           " is missing: nothing shows the box key was made by the trustees' "
           "ceremony");
    return;
  }
  if (Status s = crypto::VerifyCeremonyTranscript(*box_key_, *transcript);
      !s.ok()) {
    c.Fail(s.message());
    return;
  }
  c.Ok(Num(box_key_->n()) + " dealers' commitments, each with its proofs of "
       "knowledge, give the joint key and all " + Num(box_key_->n()) +
       " verification keys of the box key the definition signs (" +
       Num(box_key_->k()) + " of " + Num(box_key_->n()) + " open it)");
}

void Auditor::Guarded(CheckKind kind, const std::string& subject,
                      const std::function<void()>& checks) {
  const std::size_t before = report_.checks.size();
  try {
    checks();
  } catch (const nlohmann::json::exception& e) {
    // A field of the wrong type or out of range in a file the record's
    // digests vouch for: what was being checked fails, naming the error.
    const std::string problem =
        "the record holds a value of the wrong type or range (" +
        shared::EscapeForLog(e.what(), 200) +
        "): it is not a record hall wrote, or it was altered";
    bool settled = false;
    for (std::size_t i = before; i < report_.checks.size(); ++i) {
      if (report_.checks[i].outcome == Outcome::kNotChecked) {
        report_.checks[i].outcome = Outcome::kFailed;
        report_.checks[i].problem = problem;
        settled = true;
      }
    }
    if (!settled) Begin(kind, subject).Fail(problem);
  }
}

AuditReport Auditor::Run() {
  Guarded(CheckKind::kSealKey, "meeting", [&] { CheckSealKey(); });
  Guarded(CheckKind::kFiles, "meeting", [&] { CheckFiles(); });
  Guarded(CheckKind::kDefinition, "meeting", [&] { CheckDefinition(); });
  Guarded(CheckKind::kKeyCeremony, "meeting", [&] { CheckKeyCeremony(); });
  const json& index = files_.index();
  if (index.contains("rounds") && index["rounds"].is_array()) {
    // In id order, so that compared rounds come before those compared.
    std::vector<json> rounds(index["rounds"].begin(), index["rounds"].end());
    const auto id_of = [](const json& r) {
      return r.is_object() && r.contains("id") && r["id"].is_number_unsigned()
                 ? r["id"].get<std::uint64_t>()
                 : 0;
    };
    std::sort(rounds.begin(), rounds.end(), [&](const json& a, const json& b) {
      return id_of(a) < id_of(b);
    });
    std::set<std::uint64_t> seen;
    for (const json& r : rounds) {
      const std::string subject =
          "round " + (r.contains("id") ? shared::EscapeForLog(r["id"].dump(), 40)
                                       : std::string("?"));
      Guarded(CheckKind::kRoundState, subject, [&] { CheckRound(r); });
      Guarded(CheckKind::kRoundState, subject,
              [&] { CheckRoundState(r, seen); });
    }
  }
  Guarded(CheckKind::kStepRecords, "meeting", [&] { CheckStepRecords(); });
  return std::move(report_);
}

Result<AuditReport> VerifyRecord(const std::filesystem::path& record_dir,
                                 const VerifyOptions& options) {
  auto files = RecordFiles::Open(record_dir);
  if (!files.ok()) return files.status();
  return Auditor(*files, options).Run();
}

}  // namespace hall::audit
