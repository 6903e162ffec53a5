// A board that lost ballots after their receipts went out (finding 5 of
// issue 8): an operator deletes committed ballots from the database before
// close. Close refuses, naming the receipts whose ballots are gone; the
// server's inclusion answers come from what is committed and refuse too,
// and nothing is proven from what the server still holds in memory.
#include <gtest/gtest.h>

#include "hall/crypto/bulletin_board.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::FillBallot;
using testing::TempInstallation;

class BoardShrinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MeetingSpec spec;
    spec.recipient = &recipient_;
    spec.roll = 6;
    spec.present = 6;
    spec.members = 6;
    auto meeting = testing::MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    auto sealed = testing::CreateSealAndOpen(committee_, install_.seal(),
                                             meeting->id, "2", {"An", "Bình"});
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    round_ = sealed->id;
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    box_ = std::move(box).value();
    for (std::size_t i = 0; i < 5; ++i) {
      auto receipt = box_->Cast(
          round_, FillBallot(install_.db(), round_, sealed->codes[i],
                             {crypto::Mark(i % 2)}));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
      receipts_.push_back(*receipt);
    }
  }

  void DeleteFrom(std::uint64_t index) {
    auto del = install_.db().Prepare(
        "DELETE FROM ballots WHERE round_id = ? AND idx >= ?");
    del.Bind(1, static_cast<std::int64_t>(round_));
    del.Bind(2, static_cast<std::int64_t>(index));
    ASSERT_TRUE(del.Run().ok());
  }

  const RecipientKey recipient_ = GenerateRecipientKey();
  TempInstallation install_;
  Committee committee_{install_.db()};
  std::uint64_t round_ = 0;
  std::unique_ptr<BallotBox> box_;
  std::vector<shared::Receipt> receipts_;
};

TEST_F(BoardShrinkTest, InclusionIsProvenAgainstTheCommittedBoard) {
  auto answer = box_->Inclusion(round_, receipts_[1].tracking_code);
  ASSERT_TRUE(answer.ok()) << answer.message();
  EXPECT_EQ(answer->head, receipts_.back().head);
  auto proof = crypto::InclusionProof::Decode(answer->proof);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(crypto::VerifyInclusion(*proof, receipts_[1].tracking_code,
                                      receipts_.back().head)
                  .ok());
  // The head a receipt named is extended by the closed board.
  auto closed = committee_.CloseRound(round_, install_.seal());
  ASSERT_TRUE(closed.ok()) << closed.message();
  EXPECT_EQ(*closed, RoundState::kClosed);
}

TEST_F(BoardShrinkTest, DeletingTheTailBeforeCloseIsRefusedNamingReceipts) {
  DeleteFrom(3);  // ballots 3 and 4: the chain of 0..2 is still whole
  auto closed = committee_.CloseRound(round_, install_.seal());
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.code(), StatusCode::kCorruption);
  EXPECT_NE(closed.message().find("cannot be closed"), std::string::npos)
      << closed.message();
  EXPECT_NE(closed.message().find("2 of the 5 receipts"), std::string::npos)
      << closed.message();
  EXPECT_NE(closed.message().find(receipts_[3].tracking_code),
            std::string::npos);
  EXPECT_NE(closed.message().find(receipts_[4].tracking_code),
            std::string::npos);
  EXPECT_EQ(closed.message().find(receipts_[2].tracking_code),
            std::string::npos);
  // Nothing was signed: the round is still open.
  auto info = committee_.Round(round_);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, RoundState::kOpen);

  // The server still holds the deleted ballots in memory; it proves none
  // of them, and no other either, while the box is not whole.
  for (const auto& receipt : {receipts_[4], receipts_[0]}) {
    auto answer = box_->Inclusion(round_, receipt.tracking_code);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.code(), StatusCode::kCorruption);
    EXPECT_NE(answer.message().find("was altered"), std::string::npos)
        << answer.message();
  }
}

TEST_F(BoardShrinkTest, TheRunningServerReportsATailDeletedWithItsReceipts) {
  // Root deletes the ballots and their receipts: the database agrees with
  // itself, but the server that stored them answers no inclusion query
  // as if nothing had happened.
  DeleteFrom(3);
  auto drop = install_.db().Prepare(
      "DELETE FROM issued_receipts WHERE round_id = ? AND idx >= 3");
  drop.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(drop.Run().ok());
  for (const auto& receipt : {receipts_[4], receipts_[0]}) {
    auto answer = box_->Inclusion(round_, receipt.tracking_code);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.code(), StatusCode::kCorruption);
    EXPECT_NE(answer.message().find("2 ballots this server stored"),
              std::string::npos)
        << answer.message();
  }
}

// After inclusion requests have been answered (the server then reads only
// what is new), a ballot deleted from the middle, or one swapped for
// another, is still caught by the next request.
TEST_F(BoardShrinkTest, AnAnsweredBoardAlteredLaterIsStillCaught) {
  for (const auto& receipt : receipts_)
    ASSERT_TRUE(box_->Inclusion(round_, receipt.tracking_code).ok());
  auto del = install_.db().Prepare(
      "DELETE FROM ballots WHERE round_id = ? AND idx = 1");
  del.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(del.Run().ok());
  auto answer = box_->Inclusion(round_, receipts_[0].tracking_code);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.code(), StatusCode::kCorruption);
  EXPECT_NE(answer.message().find(receipts_[1].tracking_code), std::string::npos)
      << answer.message();
}

TEST_F(BoardShrinkTest, TheLastAnsweredBallotChangedIsCaught) {
  ASSERT_TRUE(box_->Inclusion(round_, receipts_[4].tracking_code).ok());
  auto change = install_.db().Prepare(
      "UPDATE ballots SET entry_hash = zeroblob(32) WHERE round_id = ? AND "
      "idx = 4");
  change.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(change.Run().ok());
  auto answer = box_->Inclusion(round_, receipts_[2].tracking_code);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.code(), StatusCode::kCorruption) << answer.message();
}

TEST_F(BoardShrinkTest, AStoredBallotWithoutAReceiptIsRefusedAtClose) {
  auto drop = install_.db().Prepare(
      "DELETE FROM issued_receipts WHERE round_id = ? AND idx = 4");
  drop.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(drop.Run().ok());
  auto closed = committee_.CloseRound(round_, install_.seal());
  ASSERT_FALSE(closed.ok());
  EXPECT_NE(closed.message().find("1 stored ballot has no receipt"),
            std::string::npos)
      << closed.message();
}

}  // namespace
}  // namespace hall::server
