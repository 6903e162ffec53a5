// The short forms of hall-soak's scenarios (docs/soak.md), against the real
// hall-server binary over real mutual TLS: a kill storm, the hostile flood
// while kiosks cast, a full disk and a clock jump. Speeds are printed,
// never asserted; what is asserted is that no receipted ballot is lost and
// nothing else is counted.
#include "hall/sim/soak/storm.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "hall/sim/soak/clock_jump.h"
#include "hall/sim/soak/disk_full.h"

namespace hall::sim::soak {
namespace {

SoakRoundOptions Round(std::uint32_t kiosks, std::uint64_t ballots) {
  SoakRoundOptions o;
  o.kiosks = kiosks;
  o.ballots = ballots;
  o.server_binary = HALL_SERVER_BINARY;
  return o;
}

void ExpectNothingLost(const SoakVerdict& v) {
  EXPECT_GT(v.receipts, 0u);
  EXPECT_EQ(v.lost(), 0u) << "receipted ballots lost";
  EXPECT_EQ(v.not_included, 0u);
  EXPECT_EQ(v.extra(), 0u) << "ballots counted without a receipt";
  EXPECT_EQ(v.refused, 0u);
  EXPECT_TRUE(v.counts_match)
      << "the minutes' counts differ from the marks of the receipted ballots";
  for (const auto& e : v.errors) ADD_FAILURE() << e;
}

// 20 kiosks cast 400 ballots, 40 a second, while hall-server is SIGKILLed and
// restarted about every 300 ms: every receipt is proven on the board and
// the tally is exactly the receipted ballots' marks.
TEST(SoakStorm, EveryReceiptSurvivesASigkillStorm) {
  StormOptions o;
  o.round = Round(20, 400);
  o.rate = 40;  // about 10 s of casting; 60 s at most on a slow machine
  o.seconds = std::chrono::seconds(60);
  o.kill_every = std::chrono::milliseconds(300);
  auto r = RunStorm(o);
  ASSERT_TRUE(r.ok()) << r.message();
  std::printf(
      "storm: %llu kills, %llu offered, %llu receipted while casting, %llu "
      "recast, p99 %.1f ms; %llu receipts in all, %llu lost\n",
      static_cast<unsigned long long>(r->kills),
      static_cast<unsigned long long>(r->offered),
      static_cast<unsigned long long>(r->receipts_in_storm),
      static_cast<unsigned long long>(r->recasts), r->p99_ms,
      static_cast<unsigned long long>(r->verdict.receipts),
      static_cast<unsigned long long>(r->verdict.lost()));
  EXPECT_GT(r->kills, 0u) << "no kill happened: the storm tested nothing";
  EXPECT_GT(r->offered, 0u);
  EXPECT_EQ(r->verdict.receipts, r->offered)
      << "every ballot sent ends with a receipt once settled";
  ExpectNothingLost(r->verdict);
}

// Hostile connections churn while kiosks cast: casts still get receipts
// (the success rate and p99 are printed) and the tally is right.
TEST(SoakStorm, KiosksCastThroughAHostileFlood) {
  StormOptions o;
  o.round = Round(10, 100);
  o.rate = 20;
  o.seconds = std::chrono::seconds(20);
  o.kill_every = std::chrono::milliseconds(0);
  o.flood = 300;
  auto r = RunStorm(o);
  ASSERT_TRUE(r.ok()) << r.message();
  std::printf(
      "flood: %llu hostile connections opened; %.2f%% of %llu casts "
      "receipted while casting, p99 %.1f ms\n",
      static_cast<unsigned long long>(r->flood_opened),
      100.0 * r->success_rate(), static_cast<unsigned long long>(r->offered),
      r->p99_ms);
  EXPECT_GE(r->flood_opened, 300u);
  EXPECT_EQ(r->kills, 0u);
  ExpectNothingLost(r->verdict);
}

void ExpectDiskFullHandled(const DiskFullReport& r) {
  EXPECT_GT(r.before, 0u);
  EXPECT_GT(r.while_full_offered, 0u);
  EXPECT_EQ(r.while_full_receipts, 0u)
      << "a receipt came back for a ballot the server could not store";
  EXPECT_FALSE(r.server_died);
  EXPECT_EQ(r.after_receipts, r.after_offered)
      << "casting did not recover once space returned";
  ExpectNothingLost(r.verdict);
}

// As root: the installation on a small tmpfs, filled to its last block.
TEST(SoakDiskFull, NoReceiptWhileTheDiskIsFullAndCastingResumes) {
  if (::geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root";
  auto r = RunDiskFull(Round(5, 60), StorageFault::kFullDisk);
  ASSERT_TRUE(r.ok()) << r.message();
  if (r->fault != StorageFault::kFullDisk)
    GTEST_SKIP() << "this machine does not let root mount a tmpfs";
  ExpectDiskFullHandled(*r);
}

// Anyone: every write of the server fails (its file size limit at 0).
TEST(SoakDiskFull, NoReceiptWhileWritesFailAndCastingResumes) {
  auto r = RunDiskFull(Round(5, 60), StorageFault::kFailingWrites);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->fault, StorageFault::kFailingWrites);
  ExpectDiskFullHandled(*r);
}

// The committee's clock jumps back before the seal while kiosks cast, then
// a year forward for the close and tally: nothing is lost and the record
// still verifies.
TEST(SoakClockJump, ARoundSurvivesTheCommitteeClockJumping) {
  ClockJumpOptions o;
  o.round = Round(5, 60);
  o.tools_dir = std::filesystem::path(HALL_SERVER_BINARY).parent_path();
  auto r = RunClockJump(o);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_EQ(r->first_half_receipts + r->second_half_receipts, 60u);
  ASSERT_TRUE(r->closed) << r->close_error;
  ExpectNothingLost(r->verdict);
  EXPECT_EQ(r->audit_exit, 0) << r->audit_summary;
}

// A close while the committee's clock reads a time before the seal is
// refused and leaves the round open (it once left it closed with a request
// the console refuses to sign, for good); once the clock is right, the
// round closes and tallies.
TEST(SoakClockJump, ACloseBeforeTheSealTimeIsRefusedAndTheRoundStaysOpen) {
  ClockJumpOptions o;
  o.round = Round(5, 30);
  o.close_while_back = true;
  o.audit = false;
  auto r = RunClockJump(o);
  ASSERT_TRUE(r.ok()) << r.message();
  EXPECT_FALSE(r->closed_back);
  EXPECT_NE(r->close_back_error.find("set the clock right"), std::string::npos)
      << r->close_back_error;
  ASSERT_TRUE(r->closed) << r->close_error;
  ExpectNothingLost(r->verdict);
}

}  // namespace
}  // namespace hall::sim::soak
