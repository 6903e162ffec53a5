// A committee cancels a round with a reason (hall-admin round cancel): from
// draft, sealed, open or closed; the box takes no more ballots; the ballots
// in it are never counted; the seal signs what was cancelled, and the
// console path (request, answer) stores exactly what was signed.
#include <gtest/gtest.h>

#include "hall/crypto/seal.h"
#include "hall/server/ballot_box.h"
#include "hall/shared/committee_records.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::CreateSealAndOpen;
using testing::FillBallot;
using testing::MakeMeeting;
using testing::MeetingSpec;
using testing::TempInstallation;

class RoundCancelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MeetingSpec spec;
    spec.roll = 8;
    spec.present = 8;
    spec.members = 8;
    spec.procedure = "P4";
    auto m = MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(m.ok()) << m.message();
    meeting_ = std::move(m).value();
  }

  // Casts `n` ballots into an open round.
  void Cast(const testing::OpenTestRound& round, std::size_t n) {
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    for (std::size_t i = 0; i < n; ++i) {
      auto receipt = (*box)->Cast(
          round.id, FillBallot(install_.db(), round.id, round.codes[i], {0u, 1u}));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
    }
    (*box)->Stop();
  }

  shared::RoundCancelledStatement SignedCancellation(std::uint64_t round) {
    auto q = install_.db().Prepare(
        "SELECT cancellation, cancellation_sig FROM rounds WHERE id = ?");
    q.Bind(1, static_cast<std::int64_t>(round));
    EXPECT_TRUE(q.Step());
    const crypto::Bytes statement = q.Blob(0), sig = q.Blob(1);
    auto signature = crypto::Signature::FromBytes(sig);
    EXPECT_TRUE(signature.ok());
    EXPECT_TRUE(crypto::Verify(install_.seal().verify_key(),
                               crypto::SignatureType::kRoundCancelled,
                               statement, *signature)
                    .ok())
        << "the cancellation must carry the seal's signature";
    auto c = shared::RoundCancelledStatement::Decode(statement);
    EXPECT_TRUE(c.ok()) << c.message();
    return *c;
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  testing::ReadyMeeting meeting_;
};

TEST_F(RoundCancelTest, AnOpenRoundIsCancelledItsBallotsAreNeverCounted) {
  auto round = CreateSealAndOpen(committee_, install_.seal(), meeting_.id, "4",
                                 {"An", "Bình"});
  ASSERT_TRUE(round.ok()) << round.message();
  Cast(*round, 5);
  const std::string reason = "暂缓表决: the committee defers the vote";
  ASSERT_TRUE(committee_.CancelRound(round->id, reason, install_.seal()).ok());

  auto r = committee_.Round(round->id);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state, RoundState::kCancelled);
  EXPECT_EQ(r->cancelled_reason, reason);
  const auto c = SignedCancellation(round->id);
  EXPECT_EQ(c.round_id, round->id);
  EXPECT_EQ(c.meeting_id, meeting_.id);
  EXPECT_EQ(c.step, "4");
  EXPECT_EQ(c.state, "open");
  EXPECT_EQ(c.cast, 5u);
  EXPECT_EQ(c.reason, reason);
  auto t = LoadTemplate(install_.db(), round->id);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(c.template_digest, t->Digest());
  EXPECT_EQ(c.board_head, BoardHead(install_.db(), round->id, t->Digest()));

  // No more ballots, and nothing is counted.
  auto box = BallotBox::Open(install_.paths().db(), install_.key());
  ASSERT_TRUE(box.ok());
  auto late = (*box)->Cast(
      round->id, FillBallot(install_.db(), round->id, round->codes[6], {0u, 1u}));
  EXPECT_FALSE(late.ok());
  (*box)->Stop();
  EXPECT_FALSE(committee_.TallyRequestOf(round->id).ok());
  auto tally = committee_.RehearseTally(
      round->id, {&meeting_.shares[0], &meeting_.shares[1]}, install_.seal());
  ASSERT_FALSE(tally.ok());
  EXPECT_NE(tally.message().find("cancelled"), std::string::npos)
      << tally.message();
  auto again = committee_.CancelRound(round->id, reason, install_.seal());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.message().find("cancelled already"), std::string::npos);
}

TEST_F(RoundCancelTest, ADraftRoundIsCancelledWithoutABox) {
  NewRound nr;
  nr.meeting_id = meeting_.id;
  nr.step = "4";
  nr.persons = {"An", "Bình"};
  auto round = committee_.CreateRound(nr);
  ASSERT_TRUE(round.ok());
  ASSERT_TRUE(
      committee_.CancelRound(*round, "wrong persons", install_.seal()).ok());
  const auto c = SignedCancellation(*round);
  EXPECT_EQ(c.state, "draft");
  EXPECT_EQ(c.template_digest, shared::Digest32{});
  EXPECT_EQ(c.cast, 0u);
  auto seal = committee_.SealRound(*round, install_.seal());
  ASSERT_FALSE(seal.ok());
  EXPECT_NE(seal.message().find("cancelled"), std::string::npos);
}

TEST_F(RoundCancelTest, AClosedRoundIsCancelledButATalliedOneIsNot) {
  auto round = CreateSealAndOpen(committee_, install_.seal(), meeting_.id, "4",
                                 {"An", "Bình"});
  ASSERT_TRUE(round.ok()) << round.message();
  Cast(*round, 4);
  ASSERT_TRUE(committee_.CloseRound(round->id, install_.seal()).ok());
  ASSERT_TRUE(
      committee_.CancelRound(round->id, "a kiosk was found open to view",
                             install_.seal())
          .ok());
  EXPECT_EQ(SignedCancellation(round->id).state, "closed");
  EXPECT_EQ(SignedCancellation(round->id).cast, 4u);

  auto other = CreateSealAndOpen(committee_, install_.seal(), meeting_.id, "4",
                                 {"An", "Bình"});
  ASSERT_TRUE(other.ok()) << other.message();
  Cast(*other, 4);
  ASSERT_TRUE(committee_.CloseRound(other->id, install_.seal()).ok());
  ASSERT_TRUE(committee_
                  .RehearseTally(other->id,
                                 {&meeting_.shares[0], &meeting_.shares[1]},
                                 install_.seal())
                  .ok());
  auto refused = committee_.CancelRound(other->id, "too late", install_.seal());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("minutes exist"), std::string::npos)
      << refused.message();
}

TEST_F(RoundCancelTest, TheConsoleSignsTheCancellationTheServerWrote) {
  auto round = CreateSealAndOpen(committee_, install_.seal(), meeting_.id, "4",
                                 {"An", "Bình"});
  ASSERT_TRUE(round.ok()) << round.message();
  EXPECT_FALSE(committee_.CancelRequestOf(round->id, "").ok())
      << "a cancellation needs its reason";
  auto req = committee_.CancelRequestOf(round->id, "deferred");
  ASSERT_TRUE(req.ok()) << req.message();
  // The box closed at the request; the same request while it waits.
  EXPECT_EQ(committee_.Round(round->id)->state, RoundState::kCancelled);
  auto same = committee_.CancelRequestOf(round->id, "deferred");
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->Encode(), req->Encode());
  EXPECT_FALSE(committee_.CancelRequestOf(round->id, "another reason").ok());
  // Signed by another key: refused, nothing stored.
  auto other = crypto::SigningKey::Generate();
  shared::SealRequest forged = *req;
  std::copy(other.verify_key().bytes().begin(), other.verify_key().bytes().end(),
            forged.seal_public_key.begin());
  auto bad = shared::SignStatementWork(forged, other);
  ASSERT_TRUE(bad.ok()) << bad.message();
  EXPECT_FALSE(committee_.StoreCancelAnswer(round->id, *bad).ok());
  auto answer = shared::SignStatementWork(*req, install_.seal());
  ASSERT_TRUE(answer.ok()) << answer.message();
  ASSERT_TRUE(committee_.StoreCancelAnswer(round->id, *answer).ok());
  EXPECT_EQ(SignedCancellation(round->id).reason, "deferred");
  auto stored = committee_.Cancellation(round->id);
  ASSERT_TRUE(stored.ok());
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ((*stored)->state, "open");
}

}  // namespace
}  // namespace hall::server
