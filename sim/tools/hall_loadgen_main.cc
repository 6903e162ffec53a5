// hall-loadgen: N simulated kiosks casting M ballots over mutual TLS on
// loopback; prints throughput and latency percentiles.
//
// Default (self-contained): builds a throwaway installation in a temporary
// folder (meeting of M present people, a round of --persons persons of the
// step --kind names or of --procedure/--step, default a 5-person P1 step 2
// nominate round, N kiosks, key ceremony 3 of 5, seal, open), starts the
// real hall-server as a child process, draws every ballot's marks
// (marks.h: --seed, --marks) and prepares the ballots BEFORE the timed
// phase, casts them, then closes and tallies the round with 3 of 5 trustees
// and checks the minutes' counts, per person per option, against the marks
// cast. With --record-out DIR, exports the meeting's election record to DIR
// with the real hall-admin next to hall-loadgen (hall-admin record export;
// a round of an announced step announced first) and prints the seal
// fingerprint hall-audit verify needs. Removes the
// folder and stops the child at the end.
//
// Against an existing installation: --dir D --round R --codes FILE --port P
// (a running server; kiosk certificates from D/kiosks/*; no tally).
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "hall/crypto/fingerprint.h"
#include "hall/server/installation.h"
#include "hall/server/round_store.h"
#include "hall/shared/client/voting_client.h"
#include "hall/sim/loadgen/earlier_steps.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/load.h"
#include "hall/sim/loadgen/marks.h"
#include "hall/sim/loadgen/server_process.h"

namespace {

namespace lg = hall::sim::loadgen;
using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

struct Args {
  std::uint32_t kiosks = 100;
  std::uint64_t ballots = 1000;
  std::uint64_t people = 0;
  std::uint32_t persons = 5;
  double rate = 0;
  std::uint32_t max_seconds = 300;
  unsigned prepare_threads = 0;
  std::string server;
  std::string server_log;
  std::string record_out;
  // External mode.
  std::string dir;
  std::uint64_t round = 0;
  std::string codes_file;
  std::uint64_t max_external = 0;  // --ballots if given, else every code
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  // The ballot and its marks.
  std::string kind = "nominate";
  std::string procedure;
  std::string step;
  std::uint64_t seed = 1;
  std::string marks;
};

// The step each kind is measured on when --procedure/--step are not given.
struct KindStep {
  const char* kind;
  const char* procedure;
  const char* step;
};
constexpr KindStep kKindSteps[] = {
    {"nominate", "vn-138-appointment", "2"},
    {"approve", "vn-planning-next-term", "2"},
    {"yesno_abstain", "vn-planning-annual-review", "1a"},
    {"rate3", "vn-confidence-vote", "2r"},
    {"rate4", "cn-cadre-selection", "2"},
};

void PrintLoad(const Args& a, const lg::LoadResult& r) {
  std::printf(
      "cast: %llu offered, %llu stored (receipts), %llu failed, "
      "%llu client retries, in %.2f s\n",
      static_cast<unsigned long long>(r.offered),
      static_cast<unsigned long long>(r.stored),
      static_cast<unsigned long long>(r.failed),
      static_cast<unsigned long long>(r.retries), r.seconds);
  std::printf("throughput: %.1f ballots/s verified and durably stored%s\n",
              r.throughput(),
              a.rate > 0 ? " (open-loop, bounded by the offered rate)" : "");
  std::printf("cast latency ms%s: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n",
              a.rate > 0 ? " (from each ballot's due time)" : "",
              r.Percentile(50), r.Percentile(90), r.Percentile(99),
              r.latency_ms.empty() ? 0.0 : r.latency_ms.back());
  for (const auto& e : r.errors) std::printf("  failure: %s\n", e.c_str());
}

hall::Result<std::vector<hall::client::PreparedBallot>> Prepare(
    const Args& a, const hall::shared::BallotTemplate& t,
    std::span<const std::string> codes, std::vector<lg::BallotMarks>& marks) {
  const auto spec = t.Spec();
  auto distribution = a.marks.empty()
                          ? hall::Result<lg::MarkDistribution>(
                                lg::RandomDistribution(spec, a.seed))
                          : lg::ParseMarks(a.marks, spec, a.seed);
  if (!distribution.ok()) return distribution.status();
  marks = lg::DrawMarks(spec, *distribution, codes.size(), a.seed);
  std::printf(
      "marks: %s ballot of %zu persons%s, %s, seed %llu\n",
      std::string(hall::crypto::BallotKindName(t.kind)).c_str(),
      t.persons.size(),
      t.max_agree
          ? (", at most " + std::to_string(*t.max_agree) + " agrees").c_str()
          : "",
      a.marks.empty() ? "random weights" : "weights of --marks",
      static_cast<unsigned long long>(a.seed));
  const unsigned threads =
      a.prepare_threads ? a.prepare_threads
                        : std::max(1u, std::thread::hardware_concurrency());
  const auto start = Clock::now();
  auto prepared = lg::PrepareBallots(t, codes, marks, threads);
  if (prepared.ok()) {
    std::printf(
        "prepared %zu ballots (encryption + proofs, the kiosks' work) in "
        "%.2f s on %u threads, BEFORE the timed phase\n",
        prepared->size(), Since(start), threads);
  }
  return prepared;
}

lg::LoadOptions LoadSettings(const Args& a) {
  lg::LoadOptions o;
  o.host = a.host;
  o.rate = a.rate;
  o.max_duration = std::chrono::seconds(a.max_seconds);
  return o;
}

int RunExternal(const Args& a) {
  namespace fs = std::filesystem;
  hall::server::InstallationPaths paths{a.dir};
  auto key = hall::server::InstallationDbKeyFromEnv(paths);
  if (!key.ok()) {
    std::cerr << "hall-loadgen: " << key.message() << "\n";
    return 1;
  }
  auto db = hall::server::OpenInstallation(paths, *key);
  if (!db.ok()) {
    std::cerr << "hall-loadgen: " << db.message() << "\n";
    return 1;
  }
  auto seal = hall::server::SealPublicKey(*db);
  if (!seal.ok()) {
    std::cerr << "hall-loadgen: " << seal.message() << "\n";
    return 1;
  }
  std::vector<std::string> codes;
  {
    std::ifstream in(a.codes_file);
    if (!in) {
      std::cerr << "hall-loadgen: " << a.codes_file << ": cannot read\n";
      return 1;
    }
    std::string line;
    while (std::getline(in, line) && codes.size() < a.max_external) {
      if (!line.empty() && line[0] != '#') codes.push_back(line);
    }
  }
  lg::LoadOptions o = LoadSettings(a);
  o.port = a.port;
  std::error_code ec;
  std::vector<fs::path> kiosk_dirs;
  for (const auto& entry : fs::directory_iterator(a.dir + "/kiosks", ec))
    kiosk_dirs.push_back(entry.path());
  std::sort(kiosk_dirs.begin(), kiosk_dirs.end());
  if (kiosk_dirs.empty()) {
    std::cerr << "hall-loadgen: " << a.dir
              << "/kiosks holds no enrolled kiosk (hall-admin kiosk enrol)\n";
    return 1;
  }
  for (std::uint32_t i = 0; i < a.kiosks; ++i) {
    const auto& d = kiosk_dirs[i % kiosk_dirs.size()];
    hall::net::TlsClientConfig c;
    c.ca_cert_pem_path = (d / "ca.crt").string();
    c.cert_path = (d / "kiosk.crt").string();
    c.key_path = (d / "kiosk.key").string();
    o.kiosks.push_back(c);
  }
  auto client =
      hall::client::VotingClient::Connect(a.host, a.port, o.kiosks[0], *seal);
  if (!client.ok()) {
    std::cerr << "hall-loadgen: " << client.message() << "\n";
    return 1;
  }
  auto t = client->FetchBallot(a.round);
  if (!t.ok()) {
    std::cerr << "hall-loadgen: " << t.message() << "\n";
    return 1;
  }
  if (codes.empty()) {
    std::cerr << "hall-loadgen: " << a.codes_file << " holds no ballot code\n";
    return 1;
  }
  std::printf(
      "hall-loadgen: %u kiosks, %zu ballots into round %llu at %s:%u%s\n",
      a.kiosks, codes.size(), static_cast<unsigned long long>(a.round),
      a.host.c_str(), a.port, a.rate > 0 ? "" : ", full speed");
  std::vector<lg::BallotMarks> marks;
  auto prepared = Prepare(a, *t, codes, marks);
  if (!prepared.ok()) {
    std::cerr << "hall-loadgen: " << prepared.message() << "\n";
    return prepared.status().code() == hall::StatusCode::kInvalidArgument ? 2
                                                                          : 1;
  }
  auto r = lg::RunLoad(o, *seal, *prepared);
  if (!r.ok()) {
    std::cerr << "hall-loadgen: " << r.message() << "\n";
    return 1;
  }
  PrintLoad(a, *r);
  return r->failed == 0 ? 0 : 1;
}

// The election record of the meeting, written by the real hall-admin as
// `hall-admin record export --dir DIR --meeting M --out OUT` (it finds the
// throwaway installation's database key in the folder). A round of an
// announced step is announced first (`hall-admin round announce R`), as the
// committee would: only then do its minutes and partial decryptions join
// the record.
hall::Status ExportRecord(const std::filesystem::path& admin_binary,
                          const std::filesystem::path& dir,
                          std::uint64_t meeting, std::uint64_t round,
                          bool announce, const std::string& out,
                          const hall::crypto::VerifyKey& seal) {
  const auto start = Clock::now();
  if (announce) {
    if (hall::Status s = lg::RunProgram(
            admin_binary, {"round", "announce", std::to_string(round),
                           "--dir", dir.string()});
        !s.ok()) {
      return s.WithContext("announcing round " + std::to_string(round));
    }
  }
  if (hall::Status s = lg::RunProgram(
          admin_binary, {"record", "export", "--dir", dir.string(),
                         "--meeting", std::to_string(meeting), "--out", out});
      !s.ok()) {
    return s.WithContext("exporting the election record to " + out);
  }
  std::printf("record export (hall-admin) in %.2f s\n", Since(start));
  const std::string fingerprint = hall::crypto::Fingerprint(seal);
  std::printf("seal fingerprint: %s\n", fingerprint.c_str());
  std::printf("verify with: hall-audit verify %s --seal %s\n", out.c_str(),
              fingerprint.c_str());
  return hall::Status::Ok();
}

int RunSelfContained(const Args& a) {
  const std::uint64_t people = a.people ? a.people : a.ballots;
  if (people < a.ballots) {
    std::cerr << "hall-loadgen: --people must be at least --ballots (one "
                 "code per person present)\n";
    return 2;
  }
  const auto server_binary = lg::FindServerBinary(a.server);
  if (server_binary.empty()) {
    std::cerr << "hall-loadgen: hall-server not found next to hall-loadgen; "
                 "give its path with --server\n";
    return 1;
  }
  std::filesystem::path admin_binary;
  if (!a.record_out.empty()) {
    admin_binary = lg::FindSiblingBinary("hall-admin", {});
    if (admin_binary.empty()) {
      std::cerr << "hall-loadgen: --record-out needs hall-admin next to "
                   "hall-loadgen (build it: ninja hall-admin)\n";
      return 1;
    }
    std::error_code ec;
    if (std::filesystem::exists(a.record_out, ec) &&
        !std::filesystem::is_empty(a.record_out, ec)) {
      std::cerr << "hall-loadgen: " << a.record_out
                << " already exists and is not empty; --record-out needs a "
                   "new folder\n";
      return 2;
    }
  }
  lg::TempDir tmp_dir("hall-loadgen");
  lg::TempDir* tmp = &tmp_dir;
  if (!tmp->ok()) {
    std::cerr << "hall-loadgen: cannot create a temporary folder\n";
    return 1;
  }
  const auto dir = tmp->path() / "installation";
  std::printf(
      "hall-loadgen: %u kiosks, %llu ballots, %u-person ballot of %s step "
      "%s, meeting of %llu present, %s\n",
      a.kiosks, static_cast<unsigned long long>(a.ballots), a.persons,
      a.procedure.c_str(), a.step.c_str(),
      static_cast<unsigned long long>(people),
      a.rate > 0 ? ("offered " + std::to_string(a.rate) + " ballots/s").c_str()
                 : "full speed");
  auto start = Clock::now();
  lg::ElectionOptions eo;
  eo.people = people;
  eo.ballot_persons = a.persons;
  eo.kiosks = a.kiosks;
  eo.procedure = a.procedure;
  auto election = lg::Election::Create(dir, eo);
  if (!election.ok()) {
    std::cerr << "hall-loadgen: setting up: " << election.message() << "\n";
    return 1;
  }
  lg::ServerProcess server(server_binary, dir,
                           a.server_log.empty()
                               ? tmp->path() / "server.log"
                               : std::filesystem::path(a.server_log));
  if (hall::Status s = server.Start(); !s.ok()) {
    std::cerr << "hall-loadgen: " << s.message() << "\n";
    return 1;
  }
  lg::LoadOptions o = LoadSettings(a);
  o.port = server.port();
  for (std::uint32_t i = 0; i < a.kiosks; ++i)
    o.kiosks.push_back((*election)->KioskTls(i));
  const auto& seal = (*election)->seal_public();
  auto client =
      hall::client::VotingClient::Connect(o.host, o.port, o.kiosks[0], seal);
  if (!client.ok()) {
    std::cerr << "hall-loadgen: " << client.message() << "\n";
    return 1;
  }
  // The steps that must be tallied first, with a few ballots each.
  auto earlier = lg::RunEarlierSteps(**election, a.step, *client, 5, a.seed);
  if (!earlier.ok()) {
    std::cerr << "hall-loadgen: setting up the earlier steps: "
              << earlier.message() << "\n";
    return 1;
  }
  auto round = (*election)->AddRound(a.step, true);
  if (!round.ok()) {
    std::cerr << "hall-loadgen: setting up the round: " << round.message()
              << "\n";
    return round.status().code() == hall::StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::printf(
      "setup: installation, roll, %u kiosks, key ceremony 3 of 5, %zu "
      "earlier round(s) of 5 ballots tallied, round %llu sealed (%zu codes) "
      "and opened in %.2f s\n",
      a.kiosks, earlier->size(), static_cast<unsigned long long>(round->id),
      round->codes.size(), Since(start));
  std::printf("hall-server pid %d on 127.0.0.1:%u\n", server.pid(),
              server.port());
  auto t = client->FetchBallot(round->id);
  if (!t.ok()) {
    std::cerr << "hall-loadgen: " << t.message() << "\n";
    return 1;
  }
  std::vector<std::string> codes(round->codes.begin(),
                                 round->codes.begin() + a.ballots);
  std::vector<lg::BallotMarks> marks;
  auto prepared = Prepare(a, *t, codes, marks);
  if (!prepared.ok()) {
    std::cerr << "hall-loadgen: " << prepared.message() << "\n";
    return prepared.status().code() == hall::StatusCode::kInvalidArgument ? 2
                                                                          : 1;
  }
  const auto rss_before = server.PeakRssKb();
  const auto cpu_before = server.CpuSeconds();
  auto r = lg::RunLoad(o, seal, *prepared);
  if (!r.ok()) {
    std::cerr << "hall-loadgen: " << r.message() << "\n";
    return 1;
  }
  PrintLoad(a, *r);
  const auto rss = server.PeakRssKb();
  const auto cpu = server.CpuSeconds();
  if (cpu && cpu_before && r->stored > 0) {
    std::printf(
        "server CPU during the load: %.2f s (%.2f ms per stored "
        "ballot; 2 cores give %.2f s of CPU in %.2f s)\n",
        *cpu - *cpu_before, (*cpu - *cpu_before) * 1000 / r->stored,
        2 * r->seconds, r->seconds);
  }
  if (rss) {
    std::printf("server peak RSS (VmHWM): %.1f MB (%.1f MB before the load)\n",
                *rss / 1024.0, rss_before ? *rss_before / 1024.0 : 0.0);
  }
  if (hall::Status s = server.Stop(); !s.ok())
    std::cerr << "hall-loadgen: " << s.message() << "\n";

  // Close and open the box with 3 of 5 trustees; compare with the choices.
  start = Clock::now();
  const double tally_cpu_before = ProcessCpuSeconds();
  auto tally = (*election)->CloseAndTally(round->id);
  const double tally_cpu = ProcessCpuSeconds() - tally_cpu_before;
  if (!tally.ok()) {
    std::cerr << "hall-loadgen: tallying: " << tally.message() << "\n";
    return 1;
  }
  std::printf(
      "close + tally (3 of 5 trustees, %llu ballots re-verified, "
      "aggregate decrypted, minutes signed and sealed): tally %.2f s, "
      "close + tally %.2f s (%.2f s of CPU); close %.2f s, the recipient "
      "opening the minutes %.2f s\n",
      static_cast<unsigned long long>(tally->cast), tally->seconds,
      Since(start), tally_cpu, tally->close_seconds, tally->open_seconds);
  // What was cast: the marks of every ballot that got a receipt.
  std::vector<lg::BallotMarks> stored;
  for (std::size_t i = 0; i < marks.size(); ++i)
    if (r->receipts[i]) stored.push_back(marks[i]);
  const auto cast = lg::CountMarks(t->Spec(), round->persons, stored);
  const bool match = tally->option_counts == cast.counts &&
                     tally->cast == cast.cast &&
                     (t->kind != hall::crypto::BallotKind::kNominate ||
                      tally->blank == cast.blank);
  std::printf("minutes' counts %s the marks cast:",
              match ? "match" : "DO NOT match");
  for (const auto& [name, options] : tally->option_counts) {
    std::printf(" %s", name.c_str());
    for (const auto& [option, n] : options)
      std::printf(" %s %llu", option.c_str(),
                  static_cast<unsigned long long>(n));
    std::printf(";");
  }
  if (t->kind == hall::crypto::BallotKind::kNominate)
    std::printf(" blank %llu;", static_cast<unsigned long long>(tally->blank));
  std::printf(" cast %llu\n", static_cast<unsigned long long>(tally->cast));
  if (!a.record_out.empty()) {
    if (hall::Status s = ExportRecord(
            admin_binary, dir, (*election)->meeting_id(), round->id,
            t->disclosure == "announced", a.record_out, seal);
        !s.ok()) {
      std::cerr << "hall-loadgen: " << s.message() << "\n";
      return 1;
    }
  }
  return (match && r->failed == 0) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows through pipes
  CLI::App app{
      "hall-loadgen: N simulated kiosks casting M ballots over mutual TLS on "
      "127.0.0.1; prints throughput and latency percentiles. By default it "
      "builds a throwaway installation, runs the real hall-server as a child, "
      "and tallies the round with 3 of 5 trustees afterwards."};
  Args a;
  app.add_option("--kiosks,-n", a.kiosks,
                 "Simulated kiosks (threads); 10 with --dir")
      ->check(CLI::Range(1u, 500u))
      ->capture_default_str();
  app.add_option("--ballots,-m", a.ballots,
                 "Ballots cast in total; with --dir, at most this many codes "
                 "(default: every code)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100000}))
      ->capture_default_str();
  app.add_option("--rate", a.rate,
                 "Offered ballots/s (open-loop schedule); 0: full speed")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  app.add_option("--people", a.people,
                 "People convened and present (default: --ballots)")
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100000}));
  app.add_option("--persons", a.persons, "Persons on the ballot")
      ->check(CLI::Range(2u, 50u))
      ->capture_default_str();
  app.add_option("--kind", a.kind,
                 "Ballot kind, measured on a step of that kind: nominate (P1 "
                 "step 2), approve (P2 step 2), yesno_abstain (P3 step 1a), "
                 "rate3 (P5 step 2r), rate4 (P7 step 2)")
      ->check(CLI::IsMember(
          {"nominate", "approve", "yesno_abstain", "rate3", "rate4"}))
      ->capture_default_str();
  auto* procedure = app.add_option(
      "--procedure", a.procedure,
      "Procedure of the meeting (P1..P7 or its id), with --step; instead of "
      "--kind");
  app.add_option("--step", a.step, "Step of --procedure the round runs")
      ->needs(procedure);
  app.add_option("--seed", a.seed,
                 "Seed of the random marks (and of the random weights when "
                 "--marks is not given)")
      ->capture_default_str();
  app.add_option(
      "--marks", a.marks,
      "Weights of the marks instead of random ones. nominate: "
      "\"1:8,2:5,3:3,blank:1\" (ballot positions from 1, and blank); other "
      "kinds, per position or * (the rest): "
      "\"1=agree:6,disagree:3,none:1;*=agree:1,disagree:1\" with the kind's "
      "options (approve: agree, disagree, none; yesno_abstain: agree, "
      "disagree, abstain; rate3: high, medium, low; rate4: excellent, "
      "competent, basic, incompetent). Relative weights; every person of a "
      "yesno_abstain, rate3 or rate4 ballot is marked");
  app.add_option("--max-seconds", a.max_seconds,
                 "Stop offering ballots after this long")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  app.add_option("--prepare-threads", a.prepare_threads,
                 "Threads preparing ballots before the timed phase "
                 "(default: all cores)");
  app.add_option("--server", a.server,
                 "hall-server binary (default: the one next to hall-loadgen)");
  app.add_option("--server-log", a.server_log,
                 "Append the server's log to this file (default: discarded)");
  app.add_option("--record-out", a.record_out,
                 "After the tally, export the meeting's election record to "
                 "this new folder with hall-admin record export (for "
                 "hall-audit verify; a round of an announced step is announced "
                 "first); prints the seal fingerprint");
  auto* dir = app.add_option(
      "--dir", a.dir,
      "Existing installation: cast into --round of a running server");
  app.add_option("--round", a.round, "Round id (with --dir)")->needs(dir);
  app.add_option("--codes", a.codes_file,
                 "File with one ballot code per line (with --dir)")
      ->needs(dir);
  app.add_option("--host", a.host, "Server address (with --dir)")->needs(dir);
  app.add_option("--port", a.port, "Server port (with --dir)")->needs(dir);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (!a.dir.empty()) {
    if (!a.record_out.empty()) {
      std::cerr << "hall-loadgen: --record-out exports after the tally of a "
                   "self-contained run; with --dir use hall-admin record "
                   "export\n";
      return 2;
    }
    if (!a.round || a.codes_file.empty() || !a.port) {
      std::cerr
          << "hall-loadgen: with --dir give --round, --codes and --port\n";
      return 2;
    }
    a.max_external = app.count("--ballots") ? a.ballots : 100000;
    if (!app.count("--kiosks")) a.kiosks = 10;
    return RunExternal(a);
  }
  if (app.count("--procedure") && a.step.empty()) {
    std::cerr << "hall-loadgen: --procedure needs --step (the step whose "
                 "round is cast into)\n";
    return 2;
  }
  if (a.procedure.empty()) {
    for (const auto& ks : kKindSteps) {
      if (a.kind == ks.kind) {
        a.procedure = ks.procedure;
        a.step = ks.step;
      }
    }
  } else if (app.count("--kind")) {
    std::cerr << "hall-loadgen: give --kind or --procedure/--step, not "
                 "both (the step fixes the ballot kind)\n";
    return 2;
  }
  return RunSelfContained(a);
}
