#include "hall/sim/loadgen/election.h"

#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "hall/crypto/key_file.h"
#include "hall/server/provisioning.h"
#include "hall/server/round_store.h"

namespace hall::sim::loadgen {
namespace {

constexpr const char* kSealPassphrase = "hall-loadgen-seal";

std::string Num(std::uint64_t n) { return std::to_string(n); }

std::string Padded(std::uint64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width,
                static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace

TempDir::TempDir(const std::string& prefix) {
  std::string tmpl =
      (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Election::Election(server::InstallationPaths paths, server::Database db,
                   crypto::SigningKey seal, server::Clock clock)
    : paths_(std::move(paths)), db_(std::move(db)), seal_(std::move(seal)) {
  committee_ = std::make_unique<server::Committee>(
      db_, clock ? std::move(clock) : server::SystemClock());
}

std::string Election::KioskName(std::uint32_t i) {
  return "kiosk-" + Padded(i + 1, 3);
}

net::TlsClientConfig Election::KioskTls(std::uint32_t i) const {
  const auto dir = paths_.kiosk_dir(KioskName(i));
  net::TlsClientConfig c;
  c.ca_cert_pem_path = (dir / "ca.crt").string();
  c.cert_path = (dir / "kiosk.crt").string();
  c.key_path = (dir / "kiosk.key").string();
  return c;
}

Result<std::unique_ptr<Election>> Election::Create(
    const std::filesystem::path& dir, const ElectionOptions& options) {
  if (options.people < 1)
    return Status::InvalidArgument("people must be at least 1");
  if (options.ballot_persons < 2)
    return Status::InvalidArgument("a ballot needs at least 2 persons");
  server::InstallationPaths paths{dir};
  server::InitOptions init;
  init.name = "hall-loadgen";
  init.seal_passphrase = kSealPassphrase;
  init.seal_cost = crypto::KeyFileCost::kMin;  // a throwaway installation
  if (auto r = server::InitInstallation(paths, init); !r.ok())
    return r.status();
  auto key = server::InstallationDbKey(paths, std::nullopt);
  if (!key.ok()) return key.status();
  auto db = server::OpenInstallation(paths, *key);
  if (!db.ok()) return db.status();
  auto seal = crypto::LoadSigningKey(paths.seal_key(), kSealPassphrase);
  if (!seal.ok()) return seal.status();
  std::unique_ptr<Election> e(new Election(
      paths, std::move(db).value(), std::move(seal).value(), options.clock));
  e->ballot_persons_ = options.ballot_persons;
  e->procedure_ = options.procedure;
  e->threshold_ = options.threshold;
  server::Committee& c = *e->committee_;

  // A throwaway installation with every share at hand: a rehearsal.
  auto meeting =
      c.CreateMeeting(options.title, options.procedure, options.people,
                      server::MeetingMode::kRehearsal);
  if (!meeting.ok()) return meeting.status();
  e->meeting_id_ = *meeting;

  std::string roll = "person_id,name,group\n";
  std::vector<std::string> ids;
  ids.reserve(options.people);
  for (std::uint64_t i = 1; i <= options.people; ++i) {
    ids.push_back("P" + Padded(i, 5));
    roll += ids.back() + ",Delegate " + Num(i) + ",delegates\n";
  }
  if (auto r = c.ImportRoll(*meeting, roll); !r.ok()) return r.status();
  // Enough candidates for a few rounds with different ballots.
  std::string candidates = "name\n";
  for (std::uint32_t i = 0; i < options.ballot_persons * 2; ++i) {
    e->candidates_.push_back("Candidate " + Padded(i + 1, 2));
  }
  if (!options.candidate_names.empty())
    e->candidates_ = options.candidate_names;
  for (const std::string& name : e->candidates_) candidates += name + "\n";
  if (auto r = c.ImportCandidates(*meeting, candidates); !r.ok())
    return r.status();
  if (auto r = c.CheckIn(*meeting, ids); !r.ok()) return r.status();
  e->recipient_ = server::GenerateRecipientKey();
  if (Status s = c.AddRecipient(*meeting, "Competent authority",
                                e->recipient_.public_key());
      !s.ok()) {
    return s;
  }
  for (std::uint32_t i = 0; i < options.kiosks; ++i) {
    if (auto r = server::EnrolKiosk(paths, e->db_, KioskName(i)); !r.ok())
      return r.status();
  }
  e->kiosks_ = options.kiosks;
  std::vector<std::string> trustees;
  for (std::uint32_t i = 1; i <= options.trustees; ++i)
    trustees.push_back("Trustee " + Num(i));
  auto shares = c.RunKeyCeremony(*meeting, trustees, options.threshold);
  if (!shares.ok()) return shares.status();
  e->shares_ = std::move(shares).value();
  // The committee's records of the steps without a ballot, so that any
  // balloted step may open (hall-admin step record).
  auto procedure = server::MeetingProcedure(e->db_, *meeting);
  if (!procedure.ok()) return procedure.status();
  for (const rules::Step& step : (*procedure)->steps) {
    if (step.ballot) continue;
    server::NewStepRecord record;
    record.meeting_id = *meeting;
    record.step = step.id;
    record.text = "step " + step.id + " held as the procedure says (simulated)";
    if (step.record_dates != rules::RecordDates::kNone) {
      record.dates = {{"publicity_start", "2027-02-15"},
                      {"publicity_end", "2027-02-21"},
                      {"talk", "2027-02-24"},
                      {"trial_start", "2027-03-01"},
                      {"trial_end", "2028-03-01"}};
    }
    if (auto r = c.RecordStep(record, e->seal_); !r.ok()) return r.status();
  }
  return e;
}

Result<ElectionRound> Election::AddRound(
    const std::string& step, bool open, std::vector<std::string> persons,
    std::optional<std::uint64_t> compare_with) {
  server::NewRound nr;
  nr.step = step;
  nr.persons = std::move(persons);
  nr.compare_with = compare_with;
  return AddRound(std::move(nr), open);
}

Result<ElectionRound> Election::AddRound(server::NewRound nr, bool open) {
  if (nr.persons.empty() && !nr.carry_from) {
    const std::size_t n =
        std::min<std::size_t>(ballot_persons_, candidates_.size());
    nr.persons.assign(candidates_.begin(), candidates_.begin() + n);
  }
  nr.meeting_id = meeting_id_;
  auto id = committee_->CreateRound(nr, &recipient_);
  if (!id.ok()) return id.status();
  auto sealed = committee_->SealRound(*id, seal_);
  if (!sealed.ok()) return sealed.status();
  auto info = committee_->Round(*id);
  if (!info.ok()) return info.status();
  ElectionRound round;
  round.id = *id;
  round.persons = info->persons;
  for (const auto& code : sealed->codes) round.codes.push_back(code.ToString());
  if (open) {
    if (Status s = committee_->OpenRound(*id); !s.ok()) return s;
  }
  return round;
}

Result<TallyReport> Election::CloseAndTally(std::uint64_t round_id,
                                            std::optional<std::uint32_t> k) {
  auto info = committee_->Round(round_id);
  if (!info.ok()) return info.status();
  TallyReport report;
  const auto closing = std::chrono::steady_clock::now();
  if (info->state == server::RoundState::kOpen) {
    if (auto s = committee_->CloseRound(round_id, seal_); !s.ok())
      return s.status();
  }
  report.close_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - closing)
          .count();
  const std::uint32_t use = k.value_or(threshold_);
  std::vector<const crypto::TrusteeShare*> shares;
  for (std::uint32_t i = 0; i < use && i < shares_.size(); ++i)
    shares.push_back(&shares_[i]);
  const auto start = std::chrono::steady_clock::now();
  auto outcome = committee_->RehearseTally(round_id, shares, seal_);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!outcome.ok()) return outcome.status();
  const auto opening = std::chrono::steady_clock::now();
  auto minutes = committee_->Minutes(round_id, &recipient_);
  if (!minutes.ok()) return minutes.status();
  report.open_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - opening)
          .count();
  report.minutes_json = *minutes;
  auto j = nlohmann::json::parse(*minutes, nullptr, false);
  if (j.is_discarded() || !j.contains("counts") || !j.contains("ballots"))
    return Status::Internal("the minutes of round " + Num(round_id) +
                            " are not readable");
  report.cast = j["ballots"].value("cast", std::uint64_t{0});
  report.blank = j["ballots"].value("blank", std::uint64_t{0});
  for (const auto& [name, votes] : j["counts"].items()) {
    if (votes.is_number_unsigned() || votes.is_number_integer()) {
      report.counts[name] = votes.get<std::uint64_t>();
      report.option_counts[name]["votes"] = votes.get<std::uint64_t>();
    } else if (votes.is_object()) {
      for (const auto& [option, n] : votes.items())
        report.option_counts[name][option] = n.get<std::uint64_t>();
    }
  }
  return report;
}

}  // namespace hall::sim::loadgen
