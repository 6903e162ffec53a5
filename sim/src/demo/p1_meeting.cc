#include "hall/sim/demo/p1_meeting.h"

#include <nlohmann/json.hpp>
#include <ostream>

#include "hall/crypto/fingerprint.h"
#include "hall/crypto/ceremony.h"
#include "hall/server/admin/key_files.h"
#include "hall/server/committee.h"
#include "hall/server/installation.h"
#include "hall/server/minutes.h"
#include "hall/server/provisioning.h"
#include "hall/server/round_store.h"
#include "hall/shared/client/voting_client.h"
#include "hall/shared/round_json.h"
#include "hall/shared/rules_text.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::sim::demo {
namespace {

using crypto::Mark;
using nlohmann::json;

constexpr char kPassphrase[] = "demo seal passphrase";

// The roll: 30 convened in five groups; 7 form the leadership collective.
struct Person {
  const char* id;
  const char* name;
  const char* group;
};
constexpr Person kRoll[] = {
    {"L1", "Nguyễn Văn Hùng", "leadership"},
    {"L2", "Trần Thị Lan", "leadership"},
    {"L3", "Lê Quang Minh", "leadership"},
    {"L4", "Phạm Thu Hương", "leadership"},
    {"L5", "Hoàng Văn Nam", "leadership"},
    {"L6", "Vũ Thị Ngọc", "leadership"},
    {"L7", "Đặng Minh Tuấn", "leadership"},
    {"C1", "Bùi Văn Khoa", "party_committee"},
    {"C2", "Đỗ Thị Hạnh", "party_committee"},
    {"C3", "Hồ Văn Phúc", "party_committee"},
    {"C4", "Ngô Thị Mai", "party_committee"},
    {"C5", "Dương Văn Tài", "party_committee"},
    {"U1", "Lý Thị Thu", "unit_heads"},
    {"U2", "Trịnh Văn Sơn", "unit_heads"},
    {"U3", "Mai Thị Yến", "unit_heads"},
    {"U4", "Tô Văn Bảo", "unit_heads"},
    {"U5", "Cao Thị Nhung", "unit_heads"},
    {"U6", "Lương Văn Đức", "unit_heads"},
    {"U7", "Phan Thị Hoa", "unit_heads"},
    {"U8", "Võ Văn Thắng", "unit_heads"},
    {"D1", "Trương Thị Kim", "unit_deputies"},
    {"D2", "Đinh Văn Lộc", "unit_deputies"},
    {"D3", "Hà Thị Vân", "unit_deputies"},
    {"D4", "Kiều Văn Toàn", "unit_deputies"},
    {"D5", "Quách Thị Liên", "unit_deputies"},
    {"D6", "Lâm Văn Hải", "unit_deputies"},
    {"S1", "Tạ Thị Phương", "mass_organisations"},
    {"S2", "Mạc Văn Cường", "mass_organisations"},
    {"S3", "Châu Thị Diệp", "mass_organisations"},
    {"S4", "Khúc Văn Thành", "mass_organisations"},
};
// Checked in: everyone but U8 and D6.
constexpr const char* kAbsent[] = {"U8", "D6"};

// `n` copies of `mark`.
std::vector<std::vector<Mark>> Repeat(std::size_t n, std::vector<Mark> marks) {
  return std::vector<std::vector<Mark>>(n, marks);
}
void Append(std::vector<std::vector<Mark>>& to,
            const std::vector<std::vector<Mark>>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

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
  Meeting(const DemoOptions& options, std::ostream& out)
      : options_(options), out_(out) {}

  Result<DemoReport> Run();

 private:
  // The trustees' and the recipient's key files, each in its own folder.
  Status SaveRoleKeys();
  Status Setup();
  Result<DemoRound> RunRound(server::NewRound spec, const std::string& title,
                             const std::vector<std::vector<Mark>>& choices);
  Result<client::VotingClient> Connect(const std::string& kiosk);

  const DemoOptions& options_;
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
    const fs::path dir =
        options_.work_dir / "trustees" / std::to_string(i + 1);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::Internal(dir.string() + ": " + ec.message());
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
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Internal(dir.string() + ": " + ec.message());
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
  std::error_code ec;
  fs::create_directories(committee_dir, ec);
  if (ec) return Status::Internal(committee_dir.string() + ": " + ec.message());
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

  auto meeting = committee_->CreateMeeting(
      "Bổ nhiệm Phó Giám đốc Sở (demo) — appointment of a deputy director",
      "P1", 7);
  if (!meeting.ok()) return meeting.status();
  meeting_ = *meeting;
  std::string roll = "person_id,name,group\n";
  for (const auto& p : kRoll)
    roll += std::string(p.id) + "," + p.name + "," + p.group + "\n";
  if (auto n = committee_->ImportRoll(meeting_, roll); !n.ok())
    return n.status();
  if (auto n = committee_->ImportCandidates(
          meeting_,
          "name\nNguyễn Thị An\nTrần Văn Bình\nLê Thị Châu\nPhạm Văn Dũng\n");
      !n.ok()) {
    return n.status();
  }
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
  if (Status s = committee_->RecordBoxKey(
          meeting_,
          {"Trustee 1", "Trustee 2", "Trustee 3", "Trustee 4", "Trustee 5"}, 3,
          ceremony->key);
      !s.ok()) {
    return s;
  }
  shares_ = std::move(ceremony->shares);
  if (Status s = SaveRoleKeys(); !s.ok()) return s;
  out_ << "Meeting " << meeting_
       << " (P1 vn-138-appointment): 30 convened in five groups, "
       << "7 in the leadership collective; key ceremony 3 of 5 trustees done\n";
  std::vector<std::string> ids;
  for (const auto& p : kRoll) {
    if (std::find(std::begin(kAbsent), std::end(kAbsent), std::string(p.id)) ==
        std::end(kAbsent)) {
      ids.push_back(p.id);
    }
  }
  auto present = committee_->CheckIn(meeting_, ids);
  if (!present.ok()) return present.status();
  report_.convened = std::size(kRoll);
  report_.present = *present;
  out_ << "Check-in: " << *present << " of " << std::size(kRoll)
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

Result<DemoRound> Meeting::RunRound(
    server::NewRound spec, const std::string& title,
    const std::vector<std::vector<Mark>>& choices) {
  spec.meeting_id = meeting_;
  auto id = committee_->CreateRound(spec);
  if (!id.ok()) return id.status();
  auto sealed = committee_->SealRound(*id, *seal_);
  if (!sealed.ok()) return sealed.status();
  if (Status s = committee_->OpenRound(*id); !s.ok()) return s;
  auto info = committee_->Round(*id);
  if (!info.ok()) return info.status();
  DemoRound round;
  round.id = *id;
  round.step = spec.step;
  round.disclosure = info->disclosure;
  round.persons = info->persons;
  round.choices = choices;
  out_ << "\nStep " << spec.step << ": " << title << " — round " << *id << ", "
       << info->persons.size() << " on the ballot, " << sealed->codes.size()
       << " ballot codes issued, box sealed and opened\n";
  if (choices.size() > sealed->codes.size()) {
    return Status::InvalidArgument("demo script: more choices than ballot codes");
  }
  for (std::size_t i = 0; i < choices.size(); ++i) {
    auto& kiosk = kiosks_[i % kiosks_.size()];
    auto ballot = kiosk.FetchBallot(*id);  // the kiosk checks the seal first
    if (!ballot.ok()) return ballot.status();
    auto prepared =
        client::PrepareBallot(*ballot, sealed->codes[i].ToString(), choices[i]);
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
  const bool sealed_step = info->disclosure == "sealed";
  auto tally = committee_->TallyRound(*id, partials,
                                      sealed_step ? nullptr : &*seal_);
  if (!tally.ok()) return tally.status();
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
    if (!opened.ok()) return opened.status();
    text = opened->minutes;
  } else {
    auto signed_minutes = committee_->Minutes(*id, nullptr);
    if (!signed_minutes.ok()) return signed_minutes.status();
    text = *signed_minutes;
  }
  const auto* minutes = &text;
  round.minutes_json = *minutes;
  if (tally->sealed) {
    out_ << "  outside the hall, the competent authority opens the sealed "
            "minutes from the record with its key:\n";
  } else if (compared) {
    out_ << "  the minutes, as the competent authority reads them with the "
            "comparison with the sealed round made:\n";
  } else {
    out_ << "  the minutes:\n";
  }
  PrintMinutes(out_, *minutes);
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

Result<DemoReport> Meeting::Run() {
  if (Status s = Setup(); !s.ok()) return s;
  const Mark an = 0, binh = 1, chau = 2, blank = std::nullopt;
  // Step 2: the extended conference (leadership, party committee, unit heads:
  // 20 convened, 19 present). An 9, Bình 6, Châu 3, one blank: nobody has more
  // than half of the 20, so An and Bình go forward. Sealed.
  server::NewRound s2;
  s2.step = "2";
  s2.persons = {"Nguyễn Thị An", "Trần Văn Bình", "Lê Thị Châu",
                "Phạm Văn Dũng"};
  s2.groups = {"leadership", "party_committee", "unit_heads"};
  std::vector<std::vector<Mark>> c2 = Repeat(9, {an});
  Append(c2, Repeat(6, {binh}));
  Append(c2, Repeat(3, {chau}));
  Append(c2, Repeat(1, {blank}));
  auto r2 = RunRound(s2, "extended conference nominates", c2);
  if (!r2.ok()) return r2.status();
  report_.rounds.push_back(*r2);
  // Step 3: the leadership collective (7): Bình 4, An 3 -> Bình selected
  // (4 of 7 is more than half), from step 2's list: no divergence. Announced.
  server::NewRound s3 = s2;
  s3.step = "3";
  s3.groups = {"leadership"};
  s3.compare_with = r2->id;
  std::vector<std::vector<Mark>> c3 = Repeat(4, {binh});
  Append(c3, Repeat(3, {an}));
  auto r3 = RunRound(s3, "leadership collective nominates", c3);
  if (!r3.ok()) return r3.status();
  report_.rounds.push_back(*r3);
  // Step 4: the key officials conference (all 28 present): confidence vote on
  // Bình, 21 agree, 5 disagree, 2 leave it unmarked. Sealed.
  server::NewRound s4;
  s4.step = "4";
  s4.carry_from = r3->id;
  const Mark agree = 0, disagree = 1, abstain = 2;
  std::vector<std::vector<Mark>> c4 = Repeat(21, {agree});
  Append(c4, Repeat(5, {disagree}));
  Append(c4, Repeat(2, {std::nullopt}));
  auto r4 = RunRound(s4, "key officials conference: confidence vote", c4);
  if (!r4.ok()) return r4.status();
  report_.rounds.push_back(*r4);
  // Step 5: the leadership collective decides: 5 agree, 1 disagree, 1 abstain.
  // Step 5 votes on the persons of step 4's (public) ballot; the hall
  // server cannot read step 4's sealed result, nor needs to.
  server::NewRound s5;
  s5.step = "5";
  s5.persons = r4->persons;
  s5.groups = {"leadership"};
  std::vector<std::vector<Mark>> c5 = Repeat(5, {agree});
  Append(c5, Repeat(1, {disagree}));
  Append(c5, Repeat(1, {abstain}));
  auto r5 = RunRound(s5, "leadership collective votes on the appointment", c5);
  if (!r5.ok()) return r5.status();
  report_.rounds.push_back(*r5);
  out_ << "\nThe meeting is over: 4 rounds, every ballot verified, counted "
          "only as an "
          "aggregate, every outcome decided by the procedure's rules.\n";
  return report_;
}

}  // namespace

Result<DemoReport> RunP1Meeting(const DemoOptions& options, std::ostream& out) {
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
    Meeting meeting(resolved, out);
    report = meeting.Run();
  }
  if (temporary) {
    std::error_code ec;
    std::filesystem::remove_all(resolved.work_dir, ec);
  }
  return report;
}

}  // namespace hall::sim::demo
