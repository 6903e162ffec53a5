// The ballot box when storage fails at COMMIT (Database::SetCommitVeto, a
// real SQLite commit refused and rolled back): no receipt goes out for a
// ballot that is not stored, nothing already receipted is lost, and the
// kiosk's retry of the same envelope succeeds once the disk is back.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>
#include <thread>

#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::FillBallot;
using testing::TempInstallation;

class BallotBoxCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const RecipientKey recipient = GenerateRecipientKey();
    testing::MeetingSpec spec;
    spec.group = "leadership";
    spec.recipient = &recipient;
    auto meeting = testing::MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "2";
    r.persons = {"An", "Bình"};
    auto round = committee_.CreateRound(r);
    ASSERT_TRUE(round.ok()) << round.message();
    round_ = *round;
    auto sealed = committee_.SealRound(round_, install_.seal());
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    codes_ = std::move(sealed->codes);
    ASSERT_TRUE(committee_.OpenRound(round_).ok());
    BallotBoxOptions options;
    options.commit_veto = [this] { return Veto(); };
    options.log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    options.storage_log_interval = std::chrono::milliseconds(200);
    auto box = BallotBox::Open(install_.paths().db(), install_.key(),
                               std::move(options));
    ASSERT_TRUE(box.ok()) << box.message();
    box_ = std::move(box).value();
  }

  // The storage seam: called at every COMMIT; true makes it fail. While
  // `hold_` is set the writer waits here, so the test can queue ballots
  // that then form one batch.
  bool Veto() {
    in_veto_ = true;
    while (hold_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    in_veto_ = false;
    return disk_full_.load();
  }

  crypto::Bytes Ballot(std::size_t code) {
    return FillBallot(install_.db(), round_, codes_[code], {crypto::Mark(0)});
  }

  std::int64_t StoredBallots() {
    auto q = install_.db().Prepare(
        "SELECT count(*) FROM ballots WHERE round_id = ?");
    q.Bind(1, static_cast<std::int64_t>(round_));
    HALL_CHECK(q.Step());
    return q.Int(0);
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  std::uint64_t meeting_ = 0;
  std::uint64_t round_ = 0;
  std::vector<crypto::CredentialCode> codes_;
  std::atomic<bool> disk_full_{false};
  std::atomic<bool> hold_{false};
  std::atomic<bool> in_veto_{false};
  std::unique_ptr<BallotBox> box_;
  std::mutex log_mu_;
  std::vector<std::string> log_;

  std::vector<std::string> Log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }
};

TEST_F(BallotBoxCommitTest,
       AFailedCommitLosesNoReceiptedBallotAndTheRetrySucceeds) {
  const crypto::Bytes first = Ballot(0);
  auto receipted = box_->Cast(round_, first);
  ASSERT_TRUE(receipted.ok()) << receipted.message();
  EXPECT_EQ(receipted->index, 0u);

  disk_full_ = true;
  const crypto::Bytes second = Ballot(1);
  auto refused = box_->Cast(round_, second);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable);
  EXPECT_EQ(refused.message(), "the ballot was not stored; cast it again");
  EXPECT_EQ(StoredBallots(), 1);

  // The receipted ballot is still in the box and provably included.
  auto included = box_->Inclusion(round_, receipted->tracking_code);
  ASSERT_TRUE(included.ok()) << included.message();

  disk_full_ = false;
  auto retried = box_->Cast(round_, second);
  ASSERT_TRUE(retried.ok()) << retried.message();
  EXPECT_EQ(retried->index, 1u);  // the failed append left no gap
  EXPECT_EQ(StoredBallots(), 2);
  // The first ballot's retry still gets its original receipt.
  auto again = box_->Cast(round_, first);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->tracking_code, receipted->tracking_code);
  EXPECT_EQ(StoredBallots(), 2);

  // The board the box answers from chains over exactly the stored ballots:
  // closing the round (which checks the box-closed statement against the
  // stored board) succeeds.
  box_->Stop();
  EXPECT_TRUE(committee_.CloseRound(round_, install_.seal()).ok());
}

TEST_F(BallotBoxCommitTest,
       EveryBallotOfAFailedBatchIsAskedAgainNoneReceipted) {
  disk_full_ = true;
  std::vector<std::thread> kiosks;
  std::vector<Result<shared::Receipt>> answers(4, Status::Internal("not cast"));
  std::vector<crypto::Bytes> ballots;
  for (std::size_t i = 0; i < answers.size(); ++i) ballots.push_back(Ballot(i));
  for (std::size_t i = 0; i < answers.size(); ++i) {
    kiosks.emplace_back(
        [&, i] { answers[i] = box_->Cast(round_, ballots[i]); });
  }
  for (auto& k : kiosks) k.join();
  for (const auto& a : answers) {
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.code(), StatusCode::kUnavailable);
  }
  EXPECT_EQ(StoredBallots(), 0);
  disk_full_ = false;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    auto a = box_->Cast(round_, ballots[i]);
    ASSERT_TRUE(a.ok()) << a.message();
  }
  EXPECT_EQ(StoredBallots(), 4);
}

// A full disk is said once in the server's log with what to do, summarised
// while it lasts (not one line per cast), and its end is said once; no line
// names a ballot or its tracking code.
TEST_F(BallotBoxCommitTest, AStorageFailureIsLoggedOnceWithWhatToDo) {
  auto receipted = box_->Cast(round_, Ballot(0));
  ASSERT_TRUE(receipted.ok()) << receipted.message();
  EXPECT_TRUE(Log().empty());
  disk_full_ = true;
  for (std::size_t i = 1; i <= 3; ++i)
    ASSERT_FALSE(box_->Cast(round_, Ballot(i)).ok());
  auto lines = Log();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("cannot store ballots"), std::string::npos);
  EXPECT_NE(lines[0].find("Free space on the disk that holds " +
                          install_.paths().dir.string()),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find("kiosks are asked to cast again"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  auto again = box_->Cast(round_, Ballot(1));
  ASSERT_EQ(again.code(), StatusCode::kUnavailable) << again.message();
  lines = Log();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("still cannot store ballots: 3 casts refused"),
            std::string::npos)
      << lines[1];
  disk_full_ = false;
  ASSERT_TRUE(box_->Cast(round_, Ballot(2)).ok());
  ASSERT_TRUE(box_->Cast(round_, Ballot(3)).ok());
  lines = Log();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[2].find("ballots are stored again (4 casts were refused"),
            std::string::npos)
      << lines[2];
  for (const std::string& line : lines)
    EXPECT_EQ(line.find(receipted->tracking_code), std::string::npos) << line;
}

// Two different ballots cast with one code land in the same batch and the
// batch fails: the second was refused as "already used" only because of the
// first, which is not stored. Both are asked again, and the code then
// counts exactly one of them.
TEST_F(BallotBoxCommitTest, ARefusalLeaningOnAnUnstoredBallotIsAskedAgain) {
  disk_full_ = true;
  hold_ = true;
  Result<shared::Receipt> blocker = Status::Internal("not cast");
  std::thread first([&] { blocker = box_->Cast(round_, Ballot(0)); });
  while (!in_veto_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // The writer now holds the first batch at its COMMIT; these two queue.
  const crypto::Bytes one = Ballot(1);
  const crypto::Bytes other = Ballot(1);
  ASSERT_NE(one, other);
  Result<shared::Receipt> a = Status::Internal("not cast");
  Result<shared::Receipt> b = Status::Internal("not cast");
  std::thread ta([&] { a = box_->Cast(round_, one); });
  std::thread tb([&] { b = box_->Cast(round_, other); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  hold_ = false;
  first.join();
  ta.join();
  tb.join();
  EXPECT_EQ(blocker.code(), StatusCode::kUnavailable);
  EXPECT_EQ(a.code(), StatusCode::kUnavailable) << a.message();
  EXPECT_EQ(b.code(), StatusCode::kUnavailable) << b.message();
  EXPECT_EQ(StoredBallots(), 0);

  disk_full_ = false;
  auto stored = box_->Cast(round_, other);
  ASSERT_TRUE(stored.ok()) << stored.message();
  auto refused = box_->Cast(round_, one);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(StoredBallots(), 1);
}

}  // namespace
}  // namespace hall::server
