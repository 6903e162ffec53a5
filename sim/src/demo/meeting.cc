#include "hall/sim/demo/meeting.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <tuple>

#include "hall/base/folder.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/fingerprint.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/admin/slips.h"
#include "hall/server/committee.h"
#include "hall/server/installation.h"
#include "hall/server/minutes.h"
#include "hall/server/provisioning.h"
#include "hall/server/round_store.h"
#include "hall/shared/catalog.h"
#include "hall/shared/client/voting_client.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules_text.h"
#include "hall/sim/demo/procedure_script.h"
#include "hall/sim/demo/record_audit.h"
#include "hall/sim/loadgen/marks.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::sim::demo {
namespace {

using crypto::Mark;
using nlohmann::json;

constexpr char kPassphrase[] = "demo seal passphrase";

std::string Hex8(const std::string& hex) { return hex.substr(0, 16); }

void PrintHall(std::ostream& out, const shared::StatusResponse& s) {
  out << "  hall display: " << s.present << " of " << s.convened << " present";
  if (s.round) {
    const auto& r = *s.round;
    out << "; round " << r.round_id << " (step " << r.step << ") " << r.state
        << ", " << r.cast << " of " << r.issued << " ballots cast";
    if (!r.minutes_digest.empty())
      out << ", minutes digest " << Hex8(r.minutes_digest) << "…";
    if (!r.announced_outcome.empty()) {
      out << "\n  announced: ";
      const json outcome = json::parse(r.announced_outcome);
      for (const auto& o : outcome["outcomes"]) {
        out << o["candidate"].get<std::string>() << " "
            << o["status"].get<std::string>() << "; ";
      }
    } else if (r.disclosure == "sealed") {
      out << "\n  (sealed round: no count and no outcome is shown in the hall)";
    }
  }
  out << "\n";
}

void PrintMinutes(std::ostream& out, const std::string& minutes_json) {
  const auto m = nlohmann::ordered_json::parse(minutes_json);
  out << "    counts: " << m["counts"].dump() << "\n";
  const auto decoded = rules::ParseRoundResult(m["outcome"].dump());
  const auto& outcomes = m["outcome"]["outcomes"];
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    out << "    " << o["candidate"].get<std::string>() << ": "
        << o["status"].get<std::string>() << " — "
        << (decoded.ok() ? rules::RenderReason(decoded->outcomes[i].reason,
                                               rules::Language::kEn)
                         : o["reason"].get<std::string>())
        << "\n";
  }
  if (!m["outcome"]["flags"].empty())
    out << "    flags: " << m["outcome"]["flags"].dump() << "\n";
}

class Meeting {
 public:
  Meeting(const DemoOptions& options, const ProcedureScript& script,
          std::ostream& out)
      : options_(options), script_(script), out_(out) {}

  Result<DemoReport> Run();

 private:
  // The trustees' and the recipient's key files, each in its own folder.
  Status SaveRoleKeys();
  Status Setup();
  // Runs one script step as a round; a step that cannot be held is
  // narrated and returns nullopt.
  Result<std::optional<DemoRound>> RunStep(const ScriptStep& step,
                                           std::size_t index);
  Status DeferRound(const server::NewRound& spec, const ScriptStep& step,
                    std::size_t index);
  Result<DemoRound> RunRound(server::NewRound spec, const ScriptStep& step,
                             std::size_t index);
  // The marks of `voters` delegates on `ballot`.
  std::vector<std::vector<Mark>> MarksFor(const ScriptStep& step,
                                          std::size_t index,
                                          const shared::BallotTemplate& ballot,
                                          std::size_t voters) const;
  // Convened and present of the roll groups `groups` (empty: everyone).
  std::pair<std::uint64_t, std::uint64_t> Electorate(
      const std::vector<std::string>& groups) const;
  const DemoRound* RoundOf(const std::string& step) const;
  void Skip(const std::string& line);
  // Records a step without a ballot as the committee would: its notes as
  // the text, the dates it asks for, signed by the seal.
  Status RecordStep(const rules::Step& step);
  // The slips the committee console would print for a sealed round, as
  // committee/slips-round-R.pdf (the codes the demo's delegates type).
  Status PrintSlips(std::uint64_t round, const server::SealedRound& sealed);
  Result<client::VotingClient> Connect(const std::string& kiosk);

  const DemoOptions& options_;
  const ProcedureScript& script_;
  const rules::Procedure* procedure_ = nullptr;
  std::ostream& out_;
  server::InstallationPaths paths_;
  std::optional<server::DatabaseKey> key_;
  std::optional<server::Database> db_;
  std::optional<server::Committee> committee_;
  std::optional<crypto::SigningKey> seal_;
  std::uint64_t meeting_ = 0;
  server::RecipientKey authority_ = server::GenerateRecipientKey();
  std::vector<crypto::TrusteeShare> shares_;
  std::unique_ptr<loadgen::ServerProcess> server_;
  std::vector<client::VotingClient> kiosks_;
  DemoReport report_;
};

Status Meeting::SaveRoleKeys() {
  namespace fs = std::filesystem;
  const std::string installation = server::Installation(*db_);
  auto box_key = committee_->BoxKey(meeting_);
  if (!box_key.ok()) return box_key.status();
  const auto box_key_digest = box_key->digest();
  for (std::size_t i = 0; i < shares_.size(); ++i) {
    const fs::path dir = options_.work_dir / "trustees" / std::to_string(i + 1);
    if (auto made = MakeFolder(dir); !made.ok()) return made.status();
    server::admin::TrusteeKeyLabel label;
    label.installation = installation;
    label.meeting_id = meeting_;
    label.trustee = shares_[i].trustee();
    label.name = "Trustee " + std::to_string(i + 1);
    label.box_key_digest = box_key_digest;
    auto file = server::admin::EncryptTrusteeKey(label, shares_[i], kPassphrase,
                                                 options_.seal_cost);
    if (!file.ok()) return file.status();
    if (Status s = crypto::WriteKeyFileBytes(
            dir / ("trustee-" + std::to_string(i + 1) + ".key"), *file);
        !s.ok()) {
      return s;
    }
  }
  const fs::path dir = options_.work_dir / "recipients" / "1";
  if (auto made = MakeFolder(dir); !made.ok()) return made.status();
  server::admin::RecipientKeyLabel label;
  label.installation = installation;
  label.meeting_id = meeting_;
  label.name = "competent authority";
  label.public_key = authority_.public_key();
  auto file = server::admin::EncryptRecipientKey(label, authority_, kPassphrase,
                                                 options_.seal_cost);
  if (!file.ok()) return file.status();
  return crypto::WriteKeyFileBytes(dir / "authority.key", *file);
}

Status Meeting::Setup() {
  // Each role in its own folder: what each machine would hold.
  namespace fs = std::filesystem;
  const fs::path committee_dir = options_.work_dir / "committee";
  if (auto made = MakeFolder(committee_dir); !made.ok()) return made.status();
  // The committee console makes the seal; the hall server gets its public
  // key only.
  seal_.emplace(crypto::SigningKey::Generate());
  if (Status s = crypto::SaveSigningKey(*seal_, committee_dir / "seal.key",
                                        kPassphrase, options_.seal_cost);
      !s.ok()) {
    return s;
  }
  paths_.dir = options_.work_dir / "server";
  server::InitOptions init;
  init.name = "hall demo";
  init.seal_public_key = seal_->verify_key();
  auto made = server::InitInstallation(paths_, init);
  if (!made.ok()) return made.status();
  report_.seal_fingerprint = made->seal_fingerprint;
  out_ << "Hall server folder " << paths_.dir.string()
       << "; committee console folder " << committee_dir.string()
       << " (the seal)\n  seal fingerprint " << made->seal_fingerprint
       << " (read aloud and recorded in the minutes)\n";
  auto key = server::InstallationDbKey(paths_, std::nullopt);
  if (!key.ok()) return key.status();
  key_.emplace(std::move(key).value());
  auto db = server::OpenInstallation(paths_, *key_);
  if (!db.ok()) return db.status();
  db_.emplace(std::move(db).value());
  committee_.emplace(*db_);

  auto meeting = committee_->CreateMeeting(script_.meeting_title, script_.code,
                                           script_.members);
  if (!meeting.ok()) return meeting.status();
  meeting_ = *meeting;
  if (!script_.date.empty()) {
    if (Status s = committee_->SetMeetingDate(meeting_, script_.date, false);
        !s.ok())
      return s;
  }
  std::string roll = "person_id,name,group\n";
  std::set<std::string> groups;
  for (const auto& p : script_.roll) {
    roll += p.id + "," + p.name + "," + p.group + "\n";
    groups.insert(p.group);
  }
  if (auto n = committee_->ImportRoll(meeting_, roll); !n.ok())
    return n.status();
  std::string candidates = "name\n";
  for (const auto& name : script_.candidates) candidates += name + "\n";
  if (auto n = committee_->ImportCandidates(meeting_, candidates); !n.ok())
    return n.status();
  if (Status s = committee_->AddRecipient(meeting_, "competent authority",
                                          authority_.public_key());
      !s.ok()) {
    return s;
  }
  // The five trustees' devices run the key ceremony among themselves
  // (hall-trustee announce / deal / finish); the committee records only
  // the public box key. Simulated here in one process.
  auto ceremony = crypto::RunCeremonyInProcess(
      5, 3, shared::KeyCeremonyContext(server::Installation(*db_), meeting_),
      crypto::DefaultRandom());
  if (!ceremony.ok()) return ceremony.status();
  if (auto recorded = committee_->RecordBoxKey(
          meeting_,
          {"Trustee 1", "Trustee 2", "Trustee 3", "Trustee 4", "Trustee 5"}, 3,
          ceremony->commitments);
      !recorded.ok()) {
    return recorded.status();
  }
  shares_ = std::move(ceremony->shares);
  if (Status s = SaveRoleKeys(); !s.ok()) return s;
  out_ << "Meeting " << meeting_ << " (" << script_.code << " "
       << procedure_->id << "): " << script_.roll.size() << " convened in "
       << groups.size() << (groups.size() == 1 ? " group, " : " groups, ")
       << script_.members << " in the leadership collective; key ceremony 3 "
       << "of 5 trustees done\n";
  std::vector<std::string> ids;
  for (const auto& p : script_.roll)
    if (p.present) ids.push_back(p.id);
  auto present = committee_->CheckIn(meeting_, ids);
  if (!present.ok()) return present.status();
  report_.convened = script_.roll.size();
  report_.present = *present;
  out_ << "Check-in: " << *present << " of " << script_.roll.size()
       << " present\n";
  for (const char* kiosk : {"kiosk-01", "kiosk-02"}) {
    auto serial = server::EnrolKiosk(paths_, *db_, kiosk);
    if (!serial.ok()) return serial.status();
  }
  server_ = std::make_unique<loadgen::ServerProcess>(
      options_.server_binary, paths_.dir, options_.work_dir / "server.log");
  if (Status s = server_->Start(); !s.ok()) return s;
  out_ << "hall-server listening on 127.0.0.1:" << server_->port()
       << " (mutual TLS 1.3); kiosks kiosk-01 and kiosk-02 enrolled and "
          "connected\n";
  for (const char* kiosk : {"kiosk-01", "kiosk-02"}) {
    auto c = Connect(kiosk);
    if (!c.ok()) return c.status();
    kiosks_.push_back(std::move(c).value());
  }
  return Status::Ok();
}

Result<client::VotingClient> Meeting::Connect(const std::string& kiosk) {
  net::TlsClientConfig tls;
  tls.ca_cert_pem_path = (paths_.kiosk_dir(kiosk) / "ca.crt").string();
  tls.cert_path = (paths_.kiosk_dir(kiosk) / "kiosk.crt").string();
  tls.key_path = (paths_.kiosk_dir(kiosk) / "kiosk.key").string();
  return client::VotingClient::Connect("127.0.0.1", server_->port(), tls,
                                       seal_->verify_key());
}

std::pair<std::uint64_t, std::uint64_t> Meeting::Electorate(
    const std::vector<std::string>& groups) const {
  std::uint64_t convened = 0, present = 0;
  for (const auto& p : script_.roll) {
    if (!groups.empty() &&
        std::find(groups.begin(), groups.end(), p.group) == groups.end())
      continue;
    ++convened;
    present += p.present ? 1 : 0;
  }
  return {convened, present};
}

const DemoRound* Meeting::RoundOf(const std::string& step) const {
  for (const auto& r : report_.rounds)
    if (r.step == step) return &r;
  return nullptr;
}

void Meeting::Skip(const std::string& line) {
  out_ << "\nStep " << line << "\n";
  report_.skipped.push_back("step " + line);
}

Status Meeting::RecordStep(const rules::Step& step) {
  server::NewStepRecord record;
  record.meeting_id = meeting_;
  record.step = step.id;
  const std::string language = script_.code == "P7" ? "zh" : "vi";
  record.text = step.notes.Get(language);
  if (record.text.empty()) record.text = step.title.Get(language);
  if (step.record_dates != rules::RecordDates::kNone) {
    for (const auto& [name, date] : script_.record_dates)
      record.dates.push_back({name, date});
  }
  auto rec = committee_->RecordStep(record, *seal_);
  if (!rec.ok()) return rec.status();
  out_ << "\nStep " << step.id << ": no ballot; the committee's record, signed "
       << "by the seal (hall-admin step record):\n    " << record.text << "\n";
  for (const auto& d : rec->statement.dates)
    out_ << "    " << d.name << ": " << d.date << "\n";
  report_.recorded.push_back(step.id);
  return Status::Ok();
}

std::vector<std::vector<Mark>> Meeting::MarksFor(
    const ScriptStep& step, std::size_t index,
    const shared::BallotTemplate& ballot, std::size_t voters) const {
  if (!options_.seed && !step.scripted.empty()) return step.scripted;
  // Each step its own stream, all of them fixed by the meeting's seed.
  const std::uint64_t seed =
      options_.seed.value_or(1) * 1'000'003ULL + 7919ULL * (index + 1);
  const auto spec = ballot.Spec();
  return loadgen::DrawMarks(spec, loadgen::RandomDistribution(spec, seed),
                            voters, seed);
}

Result<std::optional<DemoRound>> Meeting::RunStep(const ScriptStep& step,
                                                  std::size_t index) {
  server::NewRound spec;
  spec.meeting_id = meeting_;
  spec.step = step.step;
  spec.groups = step.groups;
  spec.tally_by_group = step.tally_by_group;
  spec.advisory_groups = step.advisory_groups;
  spec.slots = step.slots;
  spec.head_nominee = step.head_nominee;
  spec.persons = step.persons;
  if (!step.persons_of.empty()) {
    const DemoRound* of = RoundOf(step.persons_of);
    if (!of) {
      Skip(step.step + ": not held, step " + step.persons_of +
           " (whose persons it votes on) was not held");
      return std::optional<DemoRound>();
    }
    spec.persons = of->persons;
  }
  if (!step.carry_from.empty()) {
    const DemoRound* from = RoundOf(step.carry_from);
    if (!from || !from->tally_error.empty()) {
      Skip(step.step + ": not held, step " + step.carry_from +
           " (whose outcome heads its ballot) was not counted");
      return std::optional<DemoRound>();
    }
    spec.carry_from = from->id;
  }
  if (!step.compare_with.empty()) {
    const DemoRound* with = RoundOf(step.compare_with);
    if (!with) {
      Skip(step.step + ": not held, step " + step.compare_with +
           " (which it is compared with) was not held");
      return std::optional<DemoRound>();
    }
    spec.compare_with = with->id;
  }
  if (!step.note.empty())
    out_ << "\n(demo note, step " << step.step << ": " << step.note << ")";
  if (!step.deferred_first.empty()) {
    if (Status s = DeferRound(spec, step, index); !s.ok()) return s;
  }
  auto round = RunRound(spec, step, index);
  if (!round.ok() && round.status().code() == StatusCode::kCancelled)
    return std::optional<DemoRound>();  // narrated by RunRound
  if (!round.ok() && spec.carry_from && spec.persons.empty() &&
      round.status().code() == StatusCode::kInvalidArgument) {
    Skip(step.step + ": not held, nobody goes on from step " + step.carry_from +
         " (" + round.message() + ")");
    return std::optional<DemoRound>();
  }
  if (!round.ok()) return round.status();
  return std::optional<DemoRound>(std::move(round).value());
}

Status Meeting::DeferRound(const server::NewRound& spec, const ScriptStep& step,
                           std::size_t index) {
  auto id = committee_->CreateRound(spec, &authority_);
  if (!id.ok()) return id.status();
  auto sealed = committee_->SealRound(*id, *seal_);
  if (!sealed.ok()) return sealed.status();
  if (Status s = PrintSlips(*id, *sealed); !s.ok()) return s;
  if (Status s = committee_->OpenRound(*id); !s.ok()) return s;
  DeferredRound d;
  d.id = *id;
  d.step = step.step;
  d.reason = step.deferred_first;
  const std::size_t voters = sealed->codes.size() / 2;
  std::vector<std::vector<Mark>> choices;
  for (std::size_t i = 0; i < voters; ++i) {
    auto& kiosk = kiosks_[i % kiosks_.size()];
    auto fetched = kiosk.FetchBallot(*id);
    if (!fetched.ok()) return fetched.status();
    if (choices.empty()) choices = MarksFor(step, index, *fetched, voters);
    if (i >= choices.size()) break;
    auto prepared = client::PrepareBallot(*fetched, sealed->codes[i].ToString(),
                                          choices[i]);
    if (!prepared.ok()) return prepared.status();
    auto receipt = kiosk.Cast(*prepared);
    if (!receipt.ok()) return receipt.status();
    ++d.ballots_in_box;
  }
  if (Status s = committee_->CancelRound(*id, d.reason, *seal_); !s.ok())
    return s;
  out_ << "\nStep " << step.step << ": round " << *id << " opened, "
       << d.ballots_in_box << " of " << sealed->codes.size()
       << " delegates voted, then the committee deferred the vote (暂缓表决): \""
       << d.reason
       << "\"; the round is cancelled, signed by the seal, and its ballots "
          "are never counted; the step is held again\n";
  report_.deferred.push_back(std::move(d));
  return Status::Ok();
}

Status Meeting::PrintSlips(std::uint64_t round,
                           const server::SealedRound& sealed) {
  auto t = server::LoadTemplate(*db_, round);
  if (!t.ok()) return t.status();
  auto meeting = committee_->Meeting(meeting_);
  if (!meeting.ok()) return meeting.status();
  auto procedure = server::MeetingProcedure(*db_, meeting_);
  paper::SlipSheet sheet = server::admin::SheetOf(
      *t, procedure.ok() ? procedure->get() : nullptr, meeting->procedure,
      seal_->verify_key(), meeting->date,
      meeting->mode == server::MeetingMode::kRehearsal, server::SystemClock()());
  sheet.code_classes = sealed.code_classes;
  const std::filesystem::path path = options_.work_dir / "committee" /
                                     ("slips-round-" + std::to_string(round) +
                                      ".pdf");
  try {
    server::admin::NewFile slips(path);
    return server::admin::WriteSlips(sheet, sealed.codes, slips, nullptr);
  } catch (const server::admin::Failure& f) {
    return Status::Make(f.code, f.message);
  }
}

Result<DemoRound> Meeting::RunRound(server::NewRound spec,
                                    const ScriptStep& step, std::size_t index) {
  // Carrying forward from a sealed step: the leadership receives its
  // minutes from the recipient; here the recipient's key reads them.
  auto id = committee_->CreateRound(spec, &authority_);
  if (!id.ok()) return id.status();
  auto sealed = committee_->SealRound(*id, *seal_);
  if (!sealed.ok()) return sealed.status();
  if (Status s = PrintSlips(*id, *sealed); !s.ok()) return s;
  if (Status s = committee_->OpenRound(*id); !s.ok()) {
    // An earlier step the demo could not count holds the procedure up.
    const bool held_up =
        std::any_of(report_.rounds.begin(), report_.rounds.end(),
                    [](const DemoRound& r) { return !r.tally_error.empty(); });
    if (s.code() != StatusCode::kFailedPrecondition || !held_up) return s;
    Skip(spec.step + ": not held (its round " + std::to_string(*id) +
         " stays sealed): " + s.message());
    return Status::Make(StatusCode::kCancelled, "held up");
  }
  auto info = committee_->Round(*id);
  if (!info.ok()) return info.status();
  DemoRound round;
  round.id = *id;
  round.step = spec.step;
  round.disclosure = info->disclosure;
  round.persons = info->persons;
  std::tie(round.convened, round.present) = Electorate(spec.groups);
  round.members = script_.members;
  round.slots = spec.slots;
  round.head_nominee = spec.head_nominee;
  round.compared_step = step.compare_with;
  out_ << "\nStep " << spec.step << ": " << step.title << " — round " << *id
       << ", " << info->persons.size() << " on the ballot, "
       << sealed->codes.size()
       << " ballot codes issued, box sealed and opened\n";
  std::optional<shared::BallotTemplate> ballot;
  for (std::size_t i = 0; i < sealed->codes.size(); ++i) {
    auto& kiosk = kiosks_[i % kiosks_.size()];
    auto fetched = kiosk.FetchBallot(*id);  // the kiosk checks the seal first
    if (!fetched.ok()) return fetched.status();
    if (!ballot) {
      ballot = *fetched;
      round.kind = ballot->kind;
      round.choices = MarksFor(step, index, *ballot, sealed->codes.size());
      if (round.choices.size() > sealed->codes.size()) {
        return Status::InvalidArgument(
            "demo script: more choices than ballot codes");
      }
    }
    if (i >= round.choices.size()) break;
    if (i < sealed->code_classes.size())
      round.choice_classes.push_back(sealed->code_classes[i]);
    auto prepared = client::PrepareBallot(*fetched, sealed->codes[i].ToString(),
                                          round.choices[i]);
    if (!prepared.ok()) return prepared.status();
    auto receipt = kiosk.Cast(*prepared);
    if (!receipt.ok()) return receipt.status();
    ++round.receipts;
    if (i % 5 == 0) {
      auto inclusion = kiosk.CheckInclusion(*receipt, *prepared);
      if (!inclusion.ok()) return inclusion.status();
      ++round.inclusion_proofs_checked;
    }
  }
  out_ << "  " << round.receipts
       << " delegates voted at the kiosks and kept their tracking codes; "
       << round.inclusion_proofs_checked
       << " checked their ballot is in the box\n";
  if (auto s = committee_->CloseRound(*id, *seal_); !s.ok()) return s.status();
  // The committee hands the round's public tally request to the trustees;
  // trustees 1, 3 and 5 each verify it on their own device and return a
  // partial decryption (hall-trustee decrypt), boxed to the recipients for
  // a sealed step. Simulated here in one process.
  auto request = committee_->TallyRequestOf(*id);
  if (!request.ok()) return request.status();
  std::vector<shared::PartialFile> partials;
  for (std::size_t trustee : {0u, 2u, 4u}) {
    auto verified =
        shared::VerifyTallyRequest(*request, report_.seal_fingerprint);
    if (!verified.ok()) return verified.status();
    auto file = shared::MakePartialFile(*verified, shares_[trustee],
                                        crypto::DefaultRandom());
    if (!file.ok()) return file.status();
    partials.push_back(std::move(file).value());
  }
  // A round the rules engine refuses to evaluate (a P6 round without the
  // date of its sitting) is reported and the meeting goes on: its box stays
  // closed.
  auto refused = [&](const Status& s) -> Result<DemoRound> {
    if (s.message().find("date: missing") == std::string::npos) return s;
    round.tally_error = s.message();
    out_ << "  the count is REFUSED by the rules engine: " << s.message()
         << "\n  (" << script_.code
         << " rounds need the date of their sitting: hall-admin meeting "
            "create --date. The round's ballots stay uncounted; the demo goes "
            "on.)\n";
    auto status = kiosks_[0].Status();
    if (status.ok()) round.hall_status = *status;
    return round;
  };
  const bool sealed_step = info->disclosure == "sealed";
  auto tally =
      committee_->TallyRound(*id, partials, sealed_step ? nullptr : &*seal_);
  if (!tally.ok()) return refused(tally.status());
  out_ << "  box closed; trustees 1, 3 and 5 verified the round and "
          "decrypted its aggregate on their own devices"
       << (tally->sealed ? ", sealed to the competent authority: the hall "
                           "server cannot read the result\n"
                         : "; the minutes are signed with the seal\n");
  if (!tally->sealed) {
    if (Status s = committee_->AnnounceRound(*id); !s.ok()) return s;
  }
  auto status = kiosks_[0].Status();
  if (!status.ok()) return status.status();
  round.hall_status = *status;
  PrintHall(out_, *status);
  // What the competent authority reads from the record with its key: a
  // sealed round's minutes, or an announced round compared with a sealed
  // one with the comparison made (hall-recipient open).
  const bool compared = spec.compare_with.has_value();
  std::string text;
  if (tally->sealed || compared) {
    auto opened = server::RecipientMinutes(*db_, *id, authority_);
    if (!opened.ok()) return refused(opened.status());
    text = opened->minutes;
  } else {
    auto signed_minutes = committee_->Minutes(*id, nullptr);
    if (!signed_minutes.ok()) return signed_minutes.status();
    text = *signed_minutes;
  }
  round.minutes_json = text;
  if (tally->sealed) {
    out_ << "  outside the hall, the competent authority opens the sealed "
            "minutes from the record with its key:\n";
  } else if (compared) {
    out_ << "  the minutes, as the competent authority reads them with the "
            "comparison with the sealed round made:\n";
  } else {
    out_ << "  the minutes:\n";
  }
  PrintMinutes(out_, text);
  if (options_.after_round) {
    RoundCheckpoint checkpoint;
    checkpoint.server_pid = static_cast<int>(server_->pid());
    checkpoint.round = *id;
    for (const auto& code : sealed->codes)
      checkpoint.codes.push_back(code.ToString());
    options_.after_round(checkpoint);
  }
  return round;
}

// Indents every line after the first.
std::string ReplaceNewlines(std::string text) {
  for (std::size_t at = text.find('\n'); at != std::string::npos;
       at = text.find('\n', at + 3))
    text.replace(at, 1, "\n  ");
  return text;
}

Result<DemoReport> Meeting::Run() {
  procedure_ = rules::Catalog::Builtin().Find(script_.code);
  if (!procedure_)
    return Status::NotFound("procedure " + script_.code + " is not shipped");
  report_.procedure = procedure_->id;
  if (Status s = Setup(); !s.ok()) return s;
  if (options_.seed) {
    out_ << "Marks drawn at random from seed " << *options_.seed << "\n";
  } else if (script_.code != "P1") {
    out_ << "Marks drawn at random from seed 1 (--seed N for others)\n";
  }
  std::set<std::string> done;
  for (const auto& file_step : procedure_->steps) {
    if (!file_step.ballot) {
      if (Status s = RecordStep(file_step); !s.ok()) {
        return Status::Make(s.code(), "step " + file_step.id + ": " + s.message());
      }
      continue;
    }
    bool scripted = false;
    for (std::size_t i = 0; i < script_.steps.size(); ++i) {
      const ScriptStep& step = script_.steps[i];
      if (step.step != file_step.id) continue;
      scripted = true;
      done.insert(step.step);
      auto round = RunStep(step, i);
      if (!round.ok()) {
        return Status::Make(round.status().code(),
                            "step " + step.step + ": " + round.message());
      }
      if (*round) report_.rounds.push_back(std::move(**round));
    }
    if (!scripted) Skip(file_step.id + ": not in the demo's script");
  }
  for (const auto& step : script_.steps) {
    if (!done.count(step.step)) {
      Skip(step.step + ": not a step of " + procedure_->id +
           " in the shipped procedure file yet; not held");
    }
  }
  std::size_t counted = 0;
  for (const auto& r : report_.rounds) counted += r.tally_error.empty();
  out_ << "\nThe meeting is over: " << report_.rounds.size() << " rounds";
  if (counted < report_.rounds.size())
    out_ << " (" << report_.rounds.size() - counted << " not counted, above)";
  out_ << ", every ballot verified, counted only as an aggregate, every "
          "outcome decided by the procedure's rules.\n";
  // What the committee hands the auditors, and what they find in it.
  auto audited = ExportAndAudit(options_.server_binary.parent_path(), paths_.dir,
                                meeting_, options_.work_dir,
                                report_.seal_fingerprint);
  if (!audited.ok()) return audited.status();
  report_.record = audited->record;
  report_.record_verified = audited->verified;
  report_.audit_summary = audited->summary;
  out_ << "\nThe election record (hall-admin record export): "
       << audited->record.string() << "\nThe auditor's check of it (hall-audit "
          "verify RECORD --seal " << report_.seal_fingerprint << "; every "
          "check in " << audited->report.string() << "):\n  "
       << ReplaceNewlines(audited->summary) << "\n";
  if (!audited->verified)
    return Status::Corruption("hall-audit verify found problems in the "
                              "meeting's own record: see " +
                              audited->report.string());
  return report_;
}

}  // namespace

Result<DemoReport> RunMeeting(const DemoOptions& options, std::ostream& out) {
  const ProcedureScript* script = FindScript(options.procedure);
  if (!script) {
    return Status::InvalidArgument("no demo meeting for procedure \"" +
                                   options.procedure + "\"; give one of " +
                                   ScriptCodes());
  }
  DemoOptions resolved = options;
  bool temporary = false;
  if (resolved.work_dir.empty()) {
    char tmpl[] = "/tmp/hall-demo-XXXXXX";
    if (!mkdtemp(tmpl))
      return Status::Internal("cannot create a temporary folder");
    resolved.work_dir = tmpl;
    temporary = true;
  }
  Result<DemoReport> report = Status::Internal("not run");
  {
    Meeting meeting(resolved, *script, out);
    report = meeting.Run();
  }
  if (temporary) {
    std::error_code ec;
    std::filesystem::remove_all(resolved.work_dir, ec);
  }
  return report;
}

}  // namespace hall::sim::demo
