// crypto_bench: timings of the ballot cryptography, each next to its bound.
//
// For every operation the program counts the group operations it performs
// (per-thread counters in group.h, taken over one run of the operation), and
// measures in the same run the cost of one variable-base scalar
// multiplication (crypto_scalarmult_ristretto255), one fixed-base one
// (crypto_scalarmult_ristretto255_base) and one group addition
// (crypto_core_ristretto255_add). Then
//   bound = var_mul x cost(var) + base_mul x cost(base)
//   ratio = measured / bound
// (for aggregation, which needs no multiplications, the bound counts
// additions instead). A summary with the targets is printed at the end.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/group.h"
#include "hall/crypto/init.h"
#include "hall/crypto/signing_key.h"
#include "hall/crypto/tally.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto {
namespace {

using Clock = std::chrono::steady_clock;

DeterministicRandom Rng(std::uint8_t tag) {
  std::array<std::uint8_t, 32> seed{};
  seed.fill(tag);
  return DeterministicRandom(seed);
}

Bytes Ctx() {
  const std::string s = "bench/meeting/round/template";
  return Bytes(s.begin(), s.end());
}

// The casting credential every benchmark ballot is bound to.
const VerifyKey& Cred() {
  static const VerifyKey cred = [] {
    auto rng = Rng(2);
    return SigningKey::Generate(rng).verify_key();
  }();
  return cred;
}

// ------------------------------------------------------------ unit costs

struct Costs {
  double var_us = 0, base_us = 0, add_us = 0;
};

Costs Calibrate() {
  return [] {
    InitOrDie();
    auto rng = Rng(1);
    Scalar s = Scalar::Random(rng);
    Point p = Point::BaseMul(Scalar::Random(rng));
    Point q = Point::BaseMul(Scalar::Random(rng));
    // Median of 25 batches of 200: robust to other work on the machine.
    auto time = [](auto&& f) {
      for (int i = 0; i < 200; ++i) f();
      std::vector<double> batches;
      for (int b = 0; b < 25; ++b) {
        const auto t0 = Clock::now();
        for (int i = 0; i < 200; ++i) f();
        batches.push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0)
                .count() /
            200);
      }
      std::sort(batches.begin(), batches.end());
      return batches[batches.size() / 2];
    };
    Costs c;
    c.var_us = time([&] { benchmark::DoNotOptimize(p = p.Mul(s)); });
    c.base_us = time([&] { benchmark::DoNotOptimize(q = Point::BaseMul(s)); });
    c.add_us = time([&] { benchmark::DoNotOptimize(p = p + q); });
    return c;
  }();
}

// The unit costs: calibrated at first use and again before the summary;
// each is the lower of the two medians (so other work on the machine cannot
// inflate the bound and flatter the ratio).
Costs& UnitCostsMutable() {
  static Costs costs = Calibrate();
  return costs;
}
const Costs& UnitCosts() { return UnitCostsMutable(); }
void Recalibrate() {
  const Costs again = Calibrate();
  Costs& c = UnitCostsMutable();
  c.var_us = std::min(c.var_us, again.var_us);
  c.base_us = std::min(c.base_us, again.base_us);
  c.add_us = std::min(c.add_us, again.add_us);
}

// ---------------------------------------------------------------- report

struct Row {
  double mean_us = 0;
  double median_us = 0;
  GroupOpCounts ops;
  double target_us = 0;       // 0: no time target
  bool ratio_target = false;  // the ratio < 1.5 target applies
};
std::map<std::string, Row>& Rows() {
  static std::map<std::string, Row> rows;
  return rows;
}

GroupOpCounts Delta(const GroupOpCounts& a, const GroupOpCounts& b) {
  return {b.var_mul - a.var_mul, b.base_mul - a.base_mul, b.add - a.add,
          b.decode - a.decode};
}

// The bound of the brief: scalar multiplications only.
double MulBound(const Row& r) {
  const Costs& c = UnitCosts();
  return r.ops.var_mul * c.var_us + r.ops.base_mul * c.base_us;
}
// The same plus group additions (what aggregation and dlog consist of).
double FullBound(const Row& r) {
  return MulBound(r) + r.ops.add * UnitCosts().add_us;
}

// Runs `op` once to count its group operations, then times it in the
// benchmark loop.
template <typename Op>
void Measure(benchmark::State& state, const std::string& name, Op&& op,
             double target_us, bool ratio_target) {
  UnitCosts();
  const GroupOpCounts before = ThreadGroupOpCounts();
  op();
  Row row;
  row.ops = Delta(before, ThreadGroupOpCounts());
  row.target_us = target_us;
  row.ratio_target = ratio_target;
  std::vector<double> times;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    op();
    times.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  double sum = 0;
  for (double t : times) sum += t;
  row.mean_us = sum / times.size();
  std::sort(times.begin(), times.end());
  row.median_us = times[times.size() / 2];
  state.counters["var_mul"] = static_cast<double>(row.ops.var_mul);
  state.counters["base_mul"] = static_cast<double>(row.ops.base_mul);
  state.counters["adds"] = static_cast<double>(row.ops.add);
  state.counters["bound_us"] = MulBound(row);
  state.counters["ratio"] =
      MulBound(row) > 0 ? row.median_us / MulBound(row) : 0;
  Rows()[name] = row;
}

// ------------------------------------------------------------ benchmarks

void BM_VarMul(benchmark::State& state) {
  auto rng = Rng(2);
  const Scalar s = Scalar::Random(rng);
  Point p = Point::BaseMul(Scalar::Random(rng));
  for (auto _ : state) benchmark::DoNotOptimize(p = p.Mul(s));
}
BENCHMARK(BM_VarMul)->Unit(benchmark::kMicrosecond);

void BM_BaseMul(benchmark::State& state) {
  auto rng = Rng(3);
  Scalar s = Scalar::Random(rng);
  for (auto _ : state) benchmark::DoNotOptimize(Point::BaseMul(s));
}
BENCHMARK(BM_BaseMul)->Unit(benchmark::kMicrosecond);

void BM_Add(benchmark::State& state) {
  auto rng = Rng(4);
  Point p = Point::BaseMul(Scalar::Random(rng));
  const Point q = Point::BaseMul(Scalar::Random(rng));
  for (auto _ : state) benchmark::DoNotOptimize(p = p + q);
}
BENCHMARK(BM_Add)->Unit(benchmark::kMicrosecond);

struct BallotCase {
  const char* name;
  BallotSpec spec;
  std::vector<Mark> marks;
};

BallotCase Nominate5() {
  return {"nominate-5", {BallotKind::kNominate, 5, {}}, {2u}};
}
BallotCase Approve50() {
  // 25 persons x (agree, disagree) = 50 options, at most 3 agrees.
  std::vector<Mark> marks(25, std::nullopt);
  marks[0] = 0u;
  marks[3] = 0u;
  marks[7] = 1u;
  marks[9] = 1u;
  return {"approve-50", {BallotKind::kApprove, 25, 3}, marks};
}

void EncryptBench(benchmark::State& state, const BallotCase& c,
                  double target_us) {
  auto rng = Rng(5);
  auto key = *JointPublicKey::FromPoint(Point::BaseMul(Scalar::Random(rng)));
  const BallotShape shape = *ShapeFor(c.spec);
  const auto plain = *MarksToPlaintext(c.spec, c.marks);
  const Bytes ctx = Ctx();
  Measure(
      state, std::string(c.name) + " encrypt+prove",
      [&] {
        auto r = EncryptBallot(key, shape, plain, ctx, Cred(), rng);
        benchmark::DoNotOptimize(r);
      },
      target_us, target_us > 0);
}

void VerifyBench(benchmark::State& state, const BallotCase& c,
                 double target_us) {
  auto rng = Rng(6);
  auto key = *JointPublicKey::FromPoint(Point::BaseMul(Scalar::Random(rng)));
  const BallotShape shape = *ShapeFor(c.spec);
  const auto plain = *MarksToPlaintext(c.spec, c.marks);
  const Bytes ctx = Ctx();
  const Bytes bytes = EncryptBallot(key, shape, plain, ctx, Cred(), rng)
                          .value()
                          .ballot.Encode();
  Measure(
      state, std::string(c.name) + " decode+verify",
      [&] {
        auto b = EncryptedBallot::Decode(bytes);
        Status s = VerifyBallot(key, shape, ctx, Cred(), *b);
        if (!s.ok()) state.SkipWithError(s.message().c_str());
      },
      target_us, target_us > 0);
}

void BM_EncryptNominate5(benchmark::State& s) {
  EncryptBench(s, Nominate5(), 3000);
}
void BM_VerifyNominate5(benchmark::State& s) {
  VerifyBench(s, Nominate5(), 3000);
}
void BM_EncryptApprove50(benchmark::State& s) {
  EncryptBench(s, Approve50(), 0);
}
void BM_VerifyApprove50(benchmark::State& s) { VerifyBench(s, Approve50(), 0); }
BENCHMARK(BM_EncryptNominate5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_VerifyNominate5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EncryptApprove50)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_VerifyApprove50)->Unit(benchmark::kMillisecond);

// A round of 3,000 verified 5-option nominate ballots and a 3-of-5 box key,
// built once (on both cores) and shared by the box-opening benchmarks.
struct Round {
  std::optional<InProcessCeremony> ceremony;
  std::vector<VerifiedBallot> ballots;
  std::vector<std::uint64_t> expected;
};

const Round& BigRound() {
  static const Round round = [] {
    constexpr int kBallots = 3000;
    Round r;
    auto rng = Rng(7);
    r.ceremony.emplace(RunCeremonyInProcess(5, 3, Ctx(), rng).value());
    const BallotSpec spec{BallotKind::kNominate, 5, {}};
    const BallotShape shape = *ShapeFor(spec);
    const JointPublicKey& key = r.ceremony->key.joint_key();
    r.expected.assign(5, 0);
    std::vector<std::optional<VerifiedBallot>> slots(kBallots);
    auto work = [&](int from, int to, std::uint8_t seed) {
      auto trng = Rng(seed);
      for (int i = from; i < to; ++i) {
        std::vector<std::uint8_t> plain(5, 0);
        if (i % 6 != 5) plain[(i * 7) % 5] = 1;  // every 6th blank
        // One credential per ballot, as in a real round.
        const VerifyKey cred = SigningKey::Generate(trng).verify_key();
        auto enc = EncryptBallot(key, shape, plain, Ctx(), cred, trng).value();
        slots[i].emplace(
            AcceptBallot(key, shape, Ctx(), cred, enc.ballot).value());
      }
    };
    std::thread t(work, 0, kBallots / 2, 8);
    work(kBallots / 2, kBallots, 9);
    t.join();
    for (int i = 0; i < kBallots; ++i) {
      if (i % 6 != 5) ++r.expected[(i * 7) % 5];
      r.ballots.push_back(std::move(*slots[i]));
    }
    return r;
  }();
  return round;
}

void BM_Aggregate3000(benchmark::State& state) {
  const Round& r = BigRound();
  Measure(
      state, "3000 x 5-option aggregate",
      [&] {
        auto agg = AggregateBallots(r.ballots);
        benchmark::DoNotOptimize(agg);
      },
      0, false);
}
BENCHMARK(BM_Aggregate3000)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Decrypt3of5(benchmark::State& state) {
  const Round& r = BigRound();
  const Aggregate agg = AggregateBallots(r.ballots).value();
  auto rng = Rng(10);
  Measure(
      state, "3000 x 5-option 3-of-5 decrypt",
      [&] {
        std::vector<PartialDecryption> partials;
        for (std::uint32_t j : {1u, 3u, 5u}) {
          partials.push_back(PartialDecrypt(r.ceremony->key, agg,
                                            r.ceremony->shares[j - 1], rng)
                                 .value());
        }
        auto counts = Combine(r.ceremony->key, agg, partials);
        if (!counts.ok() || *counts != r.expected) {
          state.SkipWithError("wrong counts");
        }
      },
      0, false);
}
BENCHMARK(BM_Decrypt3of5)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_OpenBox3000(benchmark::State& state) {
  const Round& r = BigRound();
  auto rng = Rng(11);
  Measure(
      state, "3000 x 5-option open box (aggregate+3-of-5)",
      [&] {
        const Aggregate agg = AggregateBallots(r.ballots).value();
        std::vector<PartialDecryption> partials;
        for (std::uint32_t j : {2u, 3u, 4u}) {
          partials.push_back(PartialDecrypt(r.ceremony->key, agg,
                                            r.ceremony->shares[j - 1], rng)
                                 .value());
        }
        auto counts = Combine(r.ceremony->key, agg, partials);
        if (!counts.ok() || *counts != r.expected) {
          state.SkipWithError("wrong counts");
        }
      },
      2'000'000, false);
}
BENCHMARK(BM_OpenBox3000)->Unit(benchmark::kMillisecond)->Iterations(3);

void PrintSummary() {
  Recalibrate();
  const Costs& c = UnitCosts();
  std::printf(
      "\nUnit costs (this run, lower of two medians): variable-base mult %.2f "
      "us, "
      "fixed-base mult %.2f us, addition %.2f us\n",
      c.var_us, c.base_us, c.add_us);
  std::printf(
      "bound = var x var-cost + base x base-cost; ratio = median / bound; "
      "bound+add also counts additions\n");
  std::printf("%-42s %9s %9s %5s %5s %6s %9s %6s %9s %6s  %s\n", "operation",
              "median", "mean", "var", "base", "adds", "bound", "ratio",
              "bound+add", "ratio", "target");
  for (const auto& [name, r] : Rows()) {
    const double mb = MulBound(r), fb = FullBound(r);
    std::string target = "-";
    if (r.target_us > 0) {
      bool ok = r.median_us < r.target_us;
      if (r.ratio_target) ok = ok && mb > 0 && r.median_us / mb < 1.5;
      char buf[80];
      std::snprintf(buf, sizeof buf, "%s (< %.0f ms%s)", ok ? "met" : "MISSED",
                    r.target_us / 1000, r.ratio_target ? ", ratio < 1.5" : "");
      target = buf;
    }
    std::printf(
        "%-42s %7.3fms %7.3fms %5llu %5llu %6llu %7.3fms %6.2f "
        "%7.3fms %6.2f  %s\n",
        name.c_str(), r.median_us / 1000, r.mean_us / 1000,
        static_cast<unsigned long long>(r.ops.var_mul),
        static_cast<unsigned long long>(r.ops.base_mul),
        static_cast<unsigned long long>(r.ops.add), mb / 1000,
        mb > 0 ? r.median_us / mb : 0.0, fb / 1000,
        fb > 0 ? r.median_us / fb : 0.0, target.c_str());
  }
}

}  // namespace
}  // namespace hall::crypto

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  hall::crypto::PrintSummary();
  return 0;
}
