#include "hall/sim/soak/soak_round.h"

#include <thread>

namespace hall::sim::soak {
namespace {

// A kiosk's connection, tried again for a few seconds as a kiosk would:
// right after a restart the server may still be dropping the connections
// of the process it replaced.
Result<client::VotingClient> ConnectKiosk(loadgen::Election& election,
                                          std::uint16_t port,
                                          std::uint32_t kiosk,
                                          std::uint64_t* attempts) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    ++*attempts;
    auto client = client::VotingClient::Connect(
        "127.0.0.1", port, election.KioskTls(kiosk), election.seal_public());
    if (client.ok() || std::chrono::steady_clock::now() > deadline)
      return client;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

Result<std::unique_ptr<SoakRound>> SoakRound::SetUp(
    const SoakRoundOptions& options) {
  std::unique_ptr<SoakRound> r(new SoakRound());
  r->tmp_ = std::make_unique<loadgen::TempDir>("hall-soak");
  if (!r->tmp_->ok())
    return Status::Internal("cannot create a temporary folder");
  const auto server_binary = loadgen::FindServerBinary(options.server_binary);
  if (server_binary.empty()) {
    return Status::NotFound(
        "hall-server not found next to this program; give its path");
  }
  r->install_dir_ = r->tmp_->path() / "installation";
  if (options.before_install) {
    std::error_code ec;
    std::filesystem::create_directory(r->install_dir_, ec);
    if (ec)
      return Status::Internal(r->install_dir_.string() + ": " + ec.message());
    if (Status s = options.before_install(r->install_dir_); !s.ok()) return s;
    r->after_stop_ = options.after_stop;
  }
  loadgen::ElectionOptions eo = options.election;
  eo.people = options.ballots;
  eo.kiosks = options.kiosks;
  eo.ballot_persons = options.persons;
  auto election = loadgen::Election::Create(r->install_dir_, eo);
  if (!election.ok()) return election.status().WithContext("setting up");
  r->election_ = std::move(election).value();
  r->server_ = std::make_unique<loadgen::ServerProcess>(
      server_binary, r->install_dir_,
      options.server_log.empty() ? r->tmp_->path() / "server.log"
                                 : options.server_log);
  if (Status s = r->server_->Start(); !s.ok()) return s;
  auto round = r->election_->AddRound("2", true);
  if (!round.ok()) return round.status().WithContext("setting up the round");
  r->round_ = std::move(round).value();
  auto client = client::VotingClient::Connect("127.0.0.1", r->server_->port(),
                                              r->election_->KioskTls(0),
                                              r->election_->seal_public());
  if (!client.ok()) return client.status();
  auto t = client->FetchBallot(r->round_.id);
  if (!t.ok()) return t.status();
  r->template_ = std::move(t).value();
  const auto spec = r->template_->Spec();
  r->marks_ =
      loadgen::DrawMarks(spec, loadgen::RandomDistribution(spec, options.seed),
                         r->round_.codes.size(), options.seed);
  auto prepared = loadgen::PrepareBallots(
      *r->template_, r->round_.codes, r->marks_,
      std::max(1u, std::thread::hardware_concurrency()));
  if (!prepared.ok()) return prepared.status();
  r->ballots_ = std::move(prepared).value();
  return r;
}

SoakRound::~SoakRound() {
  server_.reset();
  election_.reset();
  if (after_stop_) after_stop_(install_dir_);
  tmp_.reset();
}

loadgen::LoadOptions SoakRound::Load() const {
  loadgen::LoadOptions o;
  o.port = server_->port();
  for (std::uint32_t i = 0; i < election_->kiosks(); ++i)
    o.kiosks.push_back(election_->KioskTls(i));
  return o;
}

Status SoakRound::Settle(loadgen::LoadResult& load, SoakVerdict& verdict) {
  if (!server_->running()) {
    if (Status s = server_->Start(); !s.ok()) return s;
  }
  auto client =
      ConnectKiosk(*election_, server_->port(), 0, &verdict.connect_attempts);
  if (!client.ok()) return client.status();
  load.receipts.resize(ballots_.size());
  load.attempted.resize(ballots_.size());
  for (std::size_t i = 0; i < ballots_.size(); ++i) {
    if (!load.attempted[i] || load.receipts[i]) continue;
    auto receipt = client->Cast(ballots_[i]);
    if (receipt.ok()) {
      load.receipts[i] = std::move(receipt).value();
      ++verdict.settled;
    } else {
      ++verdict.refused;
      if (verdict.errors.size() < 5) {
        verdict.errors.push_back("ballot " + std::to_string(i + 1) +
                                 " refused when settled: " + receipt.message());
      }
    }
  }
  return Status::Ok();
}

Result<SoakVerdict> SoakRound::Verify(loadgen::LoadResult& load) {
  SoakVerdict verdict;
  if (Status s = Settle(load, verdict); !s.ok()) return s;
  auto client =
      ConnectKiosk(*election_, server_->port(), 0, &verdict.connect_attempts);
  if (!client.ok()) return client.status();
  std::vector<loadgen::BallotMarks> receipted;
  for (std::size_t i = 0; i < ballots_.size(); ++i) {
    if (!load.receipts[i]) continue;
    ++verdict.receipts;
    receipted.push_back(marks_[i]);
    auto included = client->CheckInclusion(*load.receipts[i], ballots_[i]);
    if (!included.ok()) {
      ++verdict.not_included;
      if (verdict.errors.size() < 5) {
        verdict.errors.push_back(
            "the receipt of ballot " + std::to_string(i + 1) +
            " is not proven on the board: " + included.message());
      }
    }
  }
  if (Status s = server_->Stop(); !s.ok()) return s;
  auto tally = election_->CloseAndTally(round_.id);
  if (!tally.ok()) return tally.status().WithContext("tallying");
  const auto cast =
      loadgen::CountMarks(template_->Spec(), round_.persons, receipted);
  verdict.tally_cast = tally->cast;
  verdict.counts_match = tally->option_counts == cast.counts &&
                         tally->cast == cast.cast && tally->blank == cast.blank;
  return verdict;
}

}  // namespace hall::sim::soak
