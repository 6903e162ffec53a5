// The tally's stages (tally.h) run one by one on a real closed round: each
// gives what the next needs, nothing is stored before StoreTally, and a
// second store of the same round is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hall/server/minutes.h"
#include "hall/server/tally.h"
#include "hall/shared/round_verifier.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

class TallyStagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto id = committee_.CreateMeeting("Bổ nhiệm Phó Giám đốc", "P1", 5);
    ASSERT_TRUE(id.ok()) << id.message();
    meeting_ = *id;
    std::string roll = "person_id,name,group\n";
    for (int i = 1; i <= 5; ++i)
      roll += "p" + std::to_string(i) + ",Person " + std::to_string(i) + ",x\n";
    ASSERT_TRUE(committee_.ImportRoll(meeting_, roll).ok());
    ASSERT_TRUE(committee_.ImportCandidates(meeting_, "name\nAn\nBình\n").ok());
    ASSERT_TRUE(
        committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5"}).ok());
    ASSERT_TRUE(committee_
                    .AddRecipient(meeting_, "competent authority",
                                  recipient_.public_key())
                    .ok());
    auto shares = committee_.RunKeyCeremony(meeting_, {"T1", "T2", "T3"}, 2);
    ASSERT_TRUE(shares.ok()) << shares.message();
    shares_ = std::move(shares).value();
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "2";
    r.persons = {"An", "Bình"};
    auto round = committee_.CreateRound(r);
    ASSERT_TRUE(round.ok()) << round.message();
    round_ = *round;
    auto sealed = committee_.SealRound(round_, install_.seal());
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    ASSERT_TRUE(committee_.OpenRound(round_).ok());
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    // An 3, Bình 1, one blank.
    const std::vector<crypto::Mark> marks = {0, 0, 0, 1, std::nullopt};
    for (std::size_t i = 0; i < marks.size(); ++i) {
      auto receipt = (*box)->Cast(
          round_, FillBallot(install_.db(), round_, sealed->codes[i],
                             {marks[i]}));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
    }
    (*box)->Stop();
    ASSERT_TRUE(committee_.CloseRound(round_, install_.seal()).ok());
  }

  std::vector<const crypto::TrusteeShare*> Shares(std::size_t n) {
    std::vector<const crypto::TrusteeShare*> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(&shares_[i]);
    return out;
  }

  RoundState State() { return committee_.Round(round_)->state; }

  TempInstallation install_;
  Committee committee_{install_.db()};
  RecipientKey recipient_ = GenerateRecipientKey();
  std::uint64_t meeting_ = 0;
  std::uint64_t round_ = 0;
  std::vector<crypto::TrusteeShare> shares_;
};

TEST_F(TallyStagesTest, GatherRefusesFewerThanKTrusteesBeforeAnyBallot) {
  auto in = GatherTally(install_.db(), round_, Shares(1), install_.seal(),
                        nullptr);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(in.message(), "round " + std::to_string(round_) +
                              " needs 2 of 3 trustees to open the box; 1 given");
  // The same share twice is one trustee.
  auto twice = GatherTally(install_.db(), round_, {&shares_[0], &shares_[0]},
                           install_.seal(), nullptr);
  EXPECT_EQ(twice.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(State(), RoundState::kClosed);
}

TEST_F(TallyStagesTest, EachStageGivesTheNextWhatItNeedsAndOnlyStoreStores) {
  auto in = GatherTally(install_.db(), round_, Shares(2), install_.seal(),
                        nullptr);
  ASSERT_TRUE(in.ok()) << in.message();
  EXPECT_TRUE(in->sealed_step());
  ASSERT_EQ(in->recipients.size(), 1u);
  EXPECT_EQ(in->electorate.present, 5u);

  auto box = OpenBox(install_.db(), *in, Shares(2), crypto::DefaultRandom());
  ASSERT_TRUE(box.ok()) << box.message();
  EXPECT_EQ(box->cast, 5u);
  EXPECT_EQ(box->counts, (std::vector<std::uint64_t>{3, 1}));
  EXPECT_EQ(box->trustees, (std::set<std::uint32_t>{1, 2}));
  EXPECT_EQ(box->partials.size(), 2u);

  auto evaluated = EvaluateTally(*in, *box);
  ASSERT_TRUE(evaluated.ok()) << evaluated.message();
  EXPECT_EQ(evaluated->input.blank, 1);
  ASSERT_EQ(evaluated->outcome.outcomes.size(), 2u);
  EXPECT_EQ(evaluated->outcome.outcomes[0].candidate, "An");
  // 3 of 5 convened is more than half: An is chosen.
  EXPECT_EQ(evaluated->outcome.outcomes[0].status,
            rules::OutcomeStatus::kSelected);

  const SignedTally signed_tally =
      SignMinutes(install_.db(), *in, *box, *evaluated, install_.seal(),
                  "2026-12-02T10:00:00Z", std::string(64, '0'));
  EXPECT_EQ(signed_tally.digest,
            shared::MinutesDigest(
                crypto::Bytes(signed_tally.minutes.begin(),
                              signed_tally.minutes.end()),
                signed_tally.signature));
  EXPECT_EQ(State(), RoundState::kClosed);  // nothing stored yet

  ASSERT_TRUE(StoreTally(install_.db(), *in, signed_tally,
                         "2026-12-02T10:00:00Z", crypto::DefaultRandom())
                  .ok());
  EXPECT_EQ(State(), RoundState::kMinutesSealed);
  auto text = MinutesText(install_.db(), round_, &recipient_);
  ASSERT_TRUE(text.ok()) << text.message();
  EXPECT_EQ(*text, signed_tally.minutes);
  EXPECT_EQ(nlohmann::json::parse(*text)["counts"]["An"], 3);

  const Status again = StoreTally(install_.db(), *in, signed_tally,
                                  "2026-12-02T10:00:01Z",
                                  crypto::DefaultRandom());
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("was tallied meanwhile"), std::string::npos);
}

// The round verifier is a function of bytes: what the record export writes
// is all it needs, and every alteration is named.
TEST_F(TallyStagesTest, TheRoundVerifierChecksTheRoundFromItsBytesAlone) {
  Database& db = install_.db();
  auto seal = SealPublicKey(db);
  ASSERT_TRUE(seal.ok());
  auto signed_template = LoadSignedTemplate(db, round_);
  ASSERT_TRUE(signed_template.ok());
  auto q = db.Prepare(
      "SELECT credential_list, credential_list_sig FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(q.Step());
  const crypto::Bytes list = q.Blob(0);
  const crypto::Bytes list_sig = q.Blob(1);
  std::vector<crypto::Bytes> envelopes;
  auto b = db.Prepare("SELECT envelope FROM ballots WHERE round_id = ? ORDER BY idx");
  b.Bind(1, static_cast<std::int64_t>(round_));
  while (b.Step()) envelopes.push_back(b.Blob(0));
  ASSERT_EQ(envelopes.size(), 5u);

  auto sealed = shared::VerifySealedRound(*seal, *signed_template, list, list_sig);
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  auto board = shared::VerifyBallots(*sealed, envelopes, 2);
  ASSERT_TRUE(board.ok()) << board.message();
  EXPECT_EQ(board->count, 5u);
  EXPECT_EQ(board->head,
            BoardHead(db, round_, sealed->ballot_template.Digest()));

  // Another seal's key.
  const crypto::SigningKey stranger = crypto::SigningKey::Generate();
  auto foreign = shared::VerifySealedRound(stranger.verify_key(),
                                           *signed_template, list, list_sig);
  EXPECT_EQ(foreign.code(), StatusCode::kCorruption);
  EXPECT_EQ(foreign.message(),
            "the stored ballot template or credential list does not carry the "
            "seal");
  // A credential list signed for another round is not this one's.
  crypto::Bytes other_list = list;
  other_list[other_list.size() / 2] ^= 1;
  EXPECT_EQ(
      shared::VerifySealedRound(*seal, *signed_template, other_list, list_sig)
          .message(),
      "the stored ballot template or credential list does not match what was "
      "sealed");
  // One envelope altered.
  std::vector<crypto::Bytes> altered = envelopes;
  altered[2][altered[2].size() - 10] ^= 1;
  auto bad = shared::VerifyBallots(*sealed, altered, 2);
  EXPECT_EQ(bad.code(), StatusCode::kCorruption);
  EXPECT_EQ(bad.message().rfind("stored ballot 2 does not verify (", 0), 0u)
      << bad.message();
  // One envelope twice.
  std::vector<crypto::Bytes> repeated = envelopes;
  repeated.push_back(envelopes[0]);
  EXPECT_EQ(shared::VerifyBallots(*sealed, repeated).message(),
            "the stored ballots repeat one another");
}

}  // namespace
}  // namespace hall::server::testing
