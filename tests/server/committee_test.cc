// The committee's whole flow in-process, on a real SQLCipher database with
// real ballot cryptography: a P1 meeting's steps 2 to 5, sealed and announced
// rounds, refusals out of order and below quorum, and what a hostile operator
// with the database can and cannot read.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "hall/server/ballot_box.h"
#include "hall/server/csv.h"
#include "hall/server/kiosk_service.h"
#include "hall/server/minutes.h"
#include "hall/server/provisioning.h"
#include "hall/server/schema.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

using nlohmann::json;

class CommitteeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    recipient_ = GenerateRecipientKey();
    MeetingSpec spec;
    spec.roll = 9;
    spec.group = "leadership";
    spec.candidates = "name\nAn\nBình\nChâu\n";
    spec.present = 0;  // each test checks in whom it needs
    spec.recipient = &recipient_;
    auto meeting = MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
    shares_ = std::move(meeting->shares);
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    box_ = std::move(box).value();
  }

  std::vector<const crypto::TrusteeShare*> Shares(std::size_t n) {
    std::vector<const crypto::TrusteeShare*> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(&shares_[i]);
    return out;
  }

  // Creates, seals and opens a round; casts one ballot per marks entry.
  std::uint64_t RunRound(
      NewRound r, const std::vector<std::vector<crypto::Mark>>& ballots) {
    r.meeting_id = meeting_;
    auto id = committee_.CreateRound(r, &recipient_);
    HALL_CHECK(id.ok());
    auto sealed = committee_.SealRound(*id, install_.seal());
    HALL_CHECK(sealed.ok());
    HALL_CHECK(committee_.OpenRound(*id).ok());
    for (std::size_t i = 0; i < ballots.size(); ++i) {
      auto receipt = box_->Cast(
          *id, FillBallot(install_.db(), *id, sealed->codes[i], ballots[i]));
      EXPECT_TRUE(receipt.ok()) << receipt.message();
    }
    HALL_CHECK(committee_.CloseRound(*id, install_.seal()).ok());
    return *id;
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  std::uint64_t meeting_ = 0;
  RecipientKey recipient_;
  std::vector<crypto::TrusteeShare> shares_;
  std::unique_ptr<BallotBox> box_;
};

TEST_F(CommitteeTest, RefusesToSealOrOpenBelowQuorum) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5"}).ok());
  NewRound r;
  r.meeting_id = meeting_;
  r.step = "2";
  r.persons = {"An", "Bình", "Châu"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok()) << id.message();
  auto sealed = committee_.SealRound(*id, install_.seal());
  ASSERT_FALSE(sealed.ok());
  EXPECT_NE(
      sealed.message().find(
          "5 of 9 convened are present, 6 required; 1 more must check in"),
      std::string::npos)
      << sealed.message();
  EXPECT_FALSE(committee_.OpenRound(*id).ok());
}

TEST_F(CommitteeTest, RefusesEveryStepOutOfOrder) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.meeting_id = meeting_;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok());
  EXPECT_NE(committee_.OpenRound(*id).message().find("seal it first"),
            std::string::npos);
  EXPECT_FALSE(committee_.CloseRound(*id, install_.seal()).ok());
  auto early = committee_.RehearseTally(*id, Shares(2), install_.seal());
  ASSERT_FALSE(early.ok());
  EXPECT_NE(early.message().find("only a closed round can be tallied"),
            std::string::npos);
  ASSERT_TRUE(committee_.SealRound(*id, install_.seal()).ok());
  EXPECT_FALSE(committee_.SealRound(*id, install_.seal()).ok());
  ASSERT_TRUE(committee_.OpenRound(*id).ok());
  auto open_tally = committee_.RehearseTally(*id, Shares(2), install_.seal());
  EXPECT_NE(open_tally.message().find("close it first"), std::string::npos);
  EXPECT_FALSE(
      committee_.ImportRoll(meeting_, "person_id,name,group\np99,Late,x\n")
          .ok());
  EXPECT_FALSE(committee_.CheckIn(meeting_, {"nobody"}).ok());
  auto second = committee_.CreateRound(r);
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(committee_.SealRound(*second, install_.seal()).ok());
  const Status both_open = committee_.OpenRound(*second);
  EXPECT_NE(both_open.message().find("is still open; close it first"),
            std::string::npos)
      << both_open.message();
}

TEST_F(CommitteeTest, WholeP1MeetingStepsTwoToFive) {
  ASSERT_TRUE(
      committee_
          .CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"})
          .ok());
  // Step 2 (sealed): 8 ballots; An 4, Bình 3, blank 1 -> nobody over half of
  // the 9 convened, An and Bình carried forward.
  NewRound s2;
  s2.step = "2";
  s2.persons = {"An", "Bình", "Châu"};
  const crypto::Mark an = 0, binh = 1, blank = std::nullopt;
  const std::uint64_t r2 =
      RunRound(s2, {{an}, {an}, {an}, {an}, {binh}, {binh}, {binh}, {blank}});
  auto t2 = committee_.RehearseTally(r2, Shares(2), install_.seal());
  ASSERT_TRUE(t2.ok()) << t2.message();
  EXPECT_TRUE(t2->sealed);
  EXPECT_TRUE(t2->minutes_json.empty());  // nothing readable in the hall
  EXPECT_FALSE(committee_.AnnounceRound(r2).ok());
  EXPECT_FALSE(committee_.Minutes(r2, nullptr).ok());
  auto m2 = committee_.Minutes(r2, &recipient_);
  ASSERT_TRUE(m2.ok()) << m2.message();
  json j2 = json::parse(*m2);
  EXPECT_EQ(j2["counts"]["An"], 4);
  EXPECT_EQ(j2["counts"]["Bình"], 3);
  EXPECT_EQ(j2["counts"]["Châu"], 0);
  EXPECT_EQ(j2["ballots"]["blank"], 1);
  EXPECT_EQ(j2["outcome"]["outcomes"][0]["status"], "carried_forward");
  EXPECT_EQ(j2["outcome"]["outcomes"][1]["status"], "carried_forward");
  EXPECT_EQ(j2["disclosure"], "sealed");
  // A stranger's key opens nothing.
  RecipientKey stranger = GenerateRecipientKey();
  EXPECT_FALSE(committee_.Minutes(r2, &stranger).ok());

  // Step 3 (announced): the collective (5 members) picks Bình with 3 ->
  // selected, within step 2's list: no divergence.
  NewRound s3;
  s3.step = "3";
  s3.persons = {"An", "Bình", "Châu"};
  s3.compare_with = r2;
  const std::uint64_t r3 = RunRound(s3, {{binh}, {binh}, {binh}, {an}, {an}});
  auto t3 = committee_.RehearseTally(r3, Shares(2), install_.seal());
  ASSERT_TRUE(t3.ok()) << t3.message();
  json j3 = json::parse(t3->minutes_json);
  EXPECT_EQ(j3["outcome"]["outcomes"][0]["candidate"], "Bình");
  EXPECT_EQ(j3["outcome"]["outcomes"][0]["status"], "selected");
  EXPECT_EQ(j3["outcome"]["flags"], json::array());
  ASSERT_TRUE(committee_.AnnounceRound(r3).ok());

  // Step 4 (sealed confidence vote) on the person step 3 selected.
  NewRound s4;
  s4.step = "4";
  s4.carry_from = r3;
  const crypto::Mark agree = 0, disagree = 1;
  const std::uint64_t r4 = RunRound(s4, {{agree}, {agree}, {disagree}});
  auto t4 = committee_.RehearseTally(r4, Shares(2), install_.seal());
  ASSERT_TRUE(t4.ok()) << t4.message();
  json j4 = json::parse(*committee_.Minutes(r4, &recipient_));
  EXPECT_EQ(j4["counts"]["Bình"]["agree"], 2);
  EXPECT_EQ(j4["counts"]["Bình"]["disagree"], 1);
  EXPECT_EQ(j4["outcome"]["outcomes"][0]["status"], "carried_forward");

  // Step 5 (announced): 3 of 5 members agree -> appointed.
  NewRound s5;
  s5.step = "5";
  s5.carry_from = r4;
  const crypto::Mark abstain = 2;
  const std::uint64_t r5 =
      RunRound(s5, {{agree}, {agree}, {agree}, {disagree}, {abstain}});
  auto t5 = committee_.RehearseTally(r5, {&shares_[1], &shares_[2]},
                                  install_.seal());
  ASSERT_TRUE(t5.ok()) << t5.message();
  json j5 = json::parse(t5->minutes_json);
  EXPECT_EQ(j5["outcome"]["outcomes"][0]["candidate"], "Bình");
  EXPECT_EQ(j5["outcome"]["outcomes"][0]["status"], "selected");
  EXPECT_EQ(j5["counts"]["Bình"]["abstain"], 1);
  EXPECT_EQ(j5["counting_board"]["trustees"], json::parse(R"(["T2", "T3"])"));
  ASSERT_TRUE(committee_.AnnounceRound(r5).ok());

  // Steps run in order: once step 5 is announced, step 2 cannot open again.
  NewRound again;
  again.meeting_id = meeting_;
  again.step = "2";
  again.persons = {"An", "Bình"};
  auto late = committee_.CreateRound(again, &recipient_);
  ASSERT_TRUE(late.ok()) << late.message();
  ASSERT_TRUE(committee_.SealRound(*late, install_.seal()).ok());
  const Status refused = committee_.OpenRound(*late);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.IsFailedPrecondition());
  EXPECT_NE(refused.message().find("which comes after step 2, is already "
                                   "announced; the steps of P1 run in order"),
            std::string::npos)
      << refused.message();
  EXPECT_EQ(committee_.Round(*late)->state, RoundState::kSealed);

  // Step 3's minutes, validly sealed, copied into step 5's row: refused,
  // because they name another round.
  auto copy = install_.db().Prepare(
      "UPDATE rounds SET minutes = (SELECT minutes FROM rounds WHERE id = ?1), "
      "minutes_sig = (SELECT minutes_sig FROM rounds WHERE id = ?1), "
      "minutes_digest = (SELECT minutes_digest FROM rounds WHERE id = ?1) "
      "WHERE id = ?2");
  copy.Bind(1, static_cast<std::int64_t>(r3));
  copy.Bind(2, static_cast<std::int64_t>(r5));
  ASSERT_TRUE(copy.Run().ok());
  auto swapped = MinutesText(install_.db(), r5, nullptr);
  ASSERT_FALSE(swapped.ok());
  EXPECT_EQ(swapped.code(), StatusCode::kCorruption);
  EXPECT_EQ(swapped.message(), "the minutes stored for round " +
                                   std::to_string(r5) +
                                   " are not this round's: the database was "
                                   "altered");
  EXPECT_TRUE(MinutesText(install_.db(), r3, nullptr).ok());
}

TEST_F(CommitteeTest, ARoundCountsOnlyItsElectorateGroups) {
  ASSERT_TRUE(committee_.ImportCandidates(meeting_, "name\nDũng\n").ok());
  // A second meeting whose roll has the leadership and the unit heads.
  auto id = committee_.CreateMeeting("Extended", "P1", 3, MeetingMode::kRehearsal);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(
      committee_
          .ImportRoll(*id,
                      "person_id,name,group\nL1,A,leadership\nL2,B,leadership\n"
                      "L3,C,leadership\nU1,D,unit_heads\nU2,E,unit_heads\n")
          .ok());
  ASSERT_TRUE(committee_.ImportCandidates(*id, "name\nAn\nBình\n").ok());
  ASSERT_TRUE(committee_.RunKeyCeremony(*id, {"T1", "T2"}, 2).ok());
  ASSERT_TRUE(committee_.CheckIn(*id, {"L1", "L2", "U1"}).ok());
  NewRound r;
  r.meeting_id = *id;
  r.step = "3";
  r.persons = {"An", "Bình"};
  r.groups = {"leadership"};
  NewRound step2 = r;
  step2.step = "2";
  step2.groups = {};
  auto prev = committee_.CreateRound(step2);
  ASSERT_TRUE(prev.ok());
  r.compare_with = *prev;
  auto round = committee_.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee_.SealRound(*round, install_.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  EXPECT_EQ(sealed->codes.size(),
            2u);  // the two leaders present, not the unit head
  r.groups = {"nobody"};
  auto bad = committee_.CreateRound(r);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("in the group \"nobody\""), std::string::npos);
}

TEST_F(CommitteeTest, KMinusOneTrusteesCannotOpenTheBox) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.step = "2";
  r.persons = {"An", "Bình"};
  const std::uint64_t id = RunRound(r, {{0}, {1}, {0}});
  auto t = committee_.RehearseTally(id, Shares(1), install_.seal());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.message().find("needs 2 of 3 trustees"), std::string::npos)
      << t.message();
}

TEST_F(CommitteeTest, ALoneBallotIsNeverDecrypted) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.step = "2";
  r.persons = {"An", "Bình"};
  const std::uint64_t id = RunRound(r, {{0}});
  auto t = committee_.RehearseTally(id, Shares(2), install_.seal());
  ASSERT_FALSE(t.ok());
}

TEST_F(CommitteeTest, SealedRoundStatusAndDatabaseRevealNoCounts) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.step = "2";
  r.persons = {"An", "Bình"};
  const std::uint64_t id = RunRound(r, {{0}, {0}, {1}, {0}});
  ASSERT_TRUE(committee_.RehearseTally(id, Shares(2), install_.seal()).ok());
  auto db = OpenInstallation(install_.paths(), install_.key());
  ASSERT_TRUE(db.ok());
  KioskService service(*box_, std::move(db).value());
  shared::StatusResponse status = service.CurrentStatus();
  ASSERT_TRUE(status.round.has_value());
  EXPECT_EQ(status.round->state, "minutes_sealed");
  EXPECT_EQ(status.round->cast, 4u);
  EXPECT_TRUE(status.round->announced_outcome.empty());
  EXPECT_EQ(status.round->minutes_digest.size(), 64u);
  // The operator with the database finds no minutes, partials or outcome in the
  // clear.
  auto q = install_.db().Prepare(
      "SELECT minutes IS NULL, partials IS NULL, sealed_minutes IS NOT NULL "
      "FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(id));
  ASSERT_TRUE(q.Step());
  EXPECT_EQ(q.Int(0), 1);
  EXPECT_EQ(q.Int(1), 1);
  EXPECT_EQ(q.Int(2), 1);
}

TEST_F(CommitteeTest,
       ASecondBallotOnOneCodeIsRefusedAndARetryGetsTheSameReceipt) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.meeting_id = meeting_;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok());
  auto sealed = committee_.SealRound(*id, install_.seal());
  ASSERT_TRUE(sealed.ok());
  const auto ballot = FillBallot(install_.db(), *id, sealed->codes[0], {0});
  auto closed = box_->Cast(*id, ballot);
  EXPECT_FALSE(closed.ok());  // sealed, not open yet
  ASSERT_TRUE(committee_.OpenRound(*id).ok());
  auto first = box_->Cast(*id, ballot);
  ASSERT_TRUE(first.ok()) << first.message();
  auto retry = box_->Cast(*id, ballot);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->tracking_code, first->tracking_code);
  auto second =
      box_->Cast(*id, FillBallot(install_.db(), *id, sealed->codes[0], {1}));
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.message().find("already been used"), std::string::npos);
  auto stranger = box_->Cast(
      *id,
      FillBallot(install_.db(), *id, crypto::CredentialCode::Generate(), {1}));
  ASSERT_FALSE(stranger.ok());
  EXPECT_NE(stranger.message().find("not valid for this round"),
            std::string::npos);
  auto inclusion = box_->Inclusion(*id, first->tracking_code);
  EXPECT_TRUE(inclusion.ok()) << inclusion.message();
}

}  // namespace
}  // namespace hall::server::testing

namespace hall::server::testing {
namespace {

// A hostile operator with the database key alters what was sealed or what
// was cast: the server and the tally refuse, naming the alteration.
TEST_F(CommitteeTest, AnAlteredCredentialListIsRefused) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.meeting_id = meeting_;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(committee_.SealRound(*id, install_.seal()).ok());
  ASSERT_TRUE(committee_.OpenRound(*id).ok());
  // Stuff three codes of the operator's own into the list.
  std::vector<crypto::CredentialCode> stuffed;
  std::vector<crypto::VerifyKey> keys;
  auto list = LoadCredentialList(install_.db(), *id);
  ASSERT_TRUE(list.ok());
  keys = list->keys();
  for (int i = 0; i < 3; ++i) {
    stuffed.push_back(crypto::CredentialCode::Generate());
    keys.push_back(stuffed.back().DeriveKey().verify_key());
  }
  auto forged = crypto::CredentialList::Create(list->context(), keys);
  ASSERT_TRUE(forged.ok());
  auto upd = install_.db().Prepare(
      "UPDATE rounds SET credential_list = ? WHERE id = ?");
  ASSERT_TRUE(upd.Bind(1, forged->Encode())
                  .Bind(2, static_cast<std::int64_t>(*id))
                  .Run()
                  .ok());
  auto cast = box_->Cast(*id, FillBallot(install_.db(), *id, stuffed[0], {0}));
  ASSERT_FALSE(cast.ok());
  EXPECT_NE(cast.message().find("does not match what was sealed"),
            std::string::npos)
      << cast.message();
}

TEST_F(CommitteeTest, ADeletedBallotIsNoticedAtTheTally) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.step = "2";
  r.persons = {"An", "Bình"};
  const std::uint64_t id = RunRound(r, {{0}, {1}, {1}});
  auto del = install_.db().Prepare(
      "DELETE FROM ballots WHERE round_id = ? AND idx = 1");
  ASSERT_TRUE(del.Bind(1, static_cast<std::int64_t>(id)).Run().ok());
  auto t = committee_.RehearseTally(id, Shares(2), install_.seal());
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.message().find("not the ones the box was closed with"),
            std::string::npos)
      << t.message();
}

}  // namespace
}  // namespace hall::server::testing

namespace hall::server::testing {
namespace {

TEST_F(CommitteeTest, CarryingForwardKeepsTheBallotOrderNotTheSealedRanking) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  // Steps 2 and 3 come first (the steps of P1 run in order).
  const crypto::Mark an = 0;
  NewRound s2;
  s2.step = "2";
  s2.persons = {"An", "Bình", "Châu"};
  const std::uint64_t r2 = RunRound(s2, {{an}, {an}, {an}});
  ASSERT_TRUE(committee_.RehearseTally(r2, Shares(2), install_.seal()).ok());
  NewRound s3;
  s3.step = "3";
  s3.persons = {"An", "Bình", "Châu"};
  s3.compare_with = r2;
  const std::uint64_t r3 = RunRound(s3, {{an}, {an}, {an}});
  ASSERT_TRUE(committee_.RehearseTally(r3, Shares(2), install_.seal())
                  .ok());
  // Step 4 (sealed) on An, Bình, Châu: Châu gets the most agrees.
  NewRound s4;
  s4.step = "4";
  s4.persons = {"An", "Bình", "Châu"};
  const crypto::Mark agree = 0, disagree = 1;
  const std::uint64_t r4 = RunRound(s4, {{disagree, agree, agree},
                                         {disagree, disagree, agree},
                                         {disagree, agree, agree}});
  ASSERT_TRUE(committee_.RehearseTally(r4, Shares(2), install_.seal()).ok());
  NewRound s5;
  s5.meeting_id = meeting_;
  s5.step = "5";
  s5.carry_from = r4;
  auto r5 = committee_.CreateRound(s5, &recipient_);
  ASSERT_TRUE(r5.ok()) << r5.message();
  auto info = committee_.Round(*r5);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->persons, (std::vector<std::string>{"An", "Bình", "Châu"}));
}

TEST_F(CommitteeTest, ASealedStepCannotBeSealedWithoutRecipients) {
  auto id = committee_.CreateMeeting("No recipients", "P1", 3, MeetingMode::kRehearsal);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(
      committee_.ImportRoll(*id, "person_id,name,group\nA,A,g\nB,B,g\nC,C,g\n")
          .ok());
  ASSERT_TRUE(committee_.ImportCandidates(*id, "name\nAn\nBình\n").ok());
  ASSERT_TRUE(committee_.RunKeyCeremony(*id, {"T1", "T2"}, 2).ok());
  ASSERT_TRUE(committee_.CheckIn(*id, {"A", "B", "C"}).ok());
  NewRound r;
  r.meeting_id = *id;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = committee_.CreateRound(r);
  ASSERT_TRUE(round.ok());
  auto sealed = committee_.SealRound(*round, install_.seal());
  ASSERT_FALSE(sealed.ok());
  EXPECT_NE(sealed.message().find("hall-admin recipient add"),
            std::string::npos);
  // Nothing was frozen: a recipient can still be added, then sealing works.
  ASSERT_TRUE(
      committee_.AddRecipient(*id, "authority", recipient_.public_key()).ok());
  EXPECT_TRUE(committee_.SealRound(*round, install_.seal()).ok());
}

}  // namespace
}  // namespace hall::server::testing

namespace hall::server::testing {
namespace {

TEST(Csv, QuotedFieldsWithWindowsLineEndings) {
  auto rows =
      ParseCsv("person_id,name,group\r\n\"p1\",\"An, Nguyễn\",\"g\"\r\n",
               {"person_id", "name", "group"}, "roll");
  ASSERT_TRUE(rows.ok()) << rows.message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].fields[1], "An, Nguyễn");
  EXPECT_EQ((*rows)[0].fields[2], "g");
  auto bad = ParseCsv("name\n\"An\"x\n", {"name"}, "candidates");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.message(),
            "candidates line 2: text after a closing quote; put the whole "
            "field in quotes");
}

// Old Mac and Excel end lines with a lone CR: read like any other.
TEST(Csv, LinesEndedByACarriageReturnAlone) {
  auto rows = ParseCsv("person_id,name,group\rp1,An,g\rp2,\"Bình\",g\r",
                       {"person_id", "name", "group"}, "roll");
  ASSERT_TRUE(rows.ok()) << rows.message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].fields[1], "Bình");
  EXPECT_EQ((*rows)[1].line, 3);
}

// The roll as a committee has it: a spreadsheet's export with a byte
// order mark, semicolons, Vietnamese or Chinese headers in its own order.
TEST(Csv, TheCommitteesOwnSpreadsheet) {
  const std::vector<std::string> cols = {"person_id", "name", "group"};
  auto vi = ParseCsv(
      "\xEF\xBB\xBFHọ và tên;Mã;Nhóm\r\n\"Nguyễn Văn An; Jr\";p1;lãnh đạo\r\n"
      "Trần Thị Bình;p2;mở rộng\r\n",
      cols, "roll");
  ASSERT_TRUE(vi.ok()) << vi.message();
  ASSERT_EQ(vi->size(), 2u);
  EXPECT_EQ((*vi)[0].fields,
            (std::vector<std::string>{"p1", "Nguyễn Văn An; Jr", "lãnh đạo"}));
  EXPECT_EQ((*vi)[1].line, 3);
  EXPECT_EQ((*vi)[1].fields[0], "p2");
  auto zh = ParseCsv("编号,姓名,组别\nc1,王伟,常委\n", cols, "roll");
  ASSERT_TRUE(zh.ok()) << zh.message();
  EXPECT_EQ((*zh)[0].fields, (std::vector<std::string>{"c1", "王伟", "常委"}));
  auto unknown = ParseCsv("Mã;Họ và tên;Chức vụ\np1;An;x\n", cols, "roll");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.message().find("\"Chức vụ\", which is not a column"),
            std::string::npos) << unknown.message();
  auto missing = ParseCsv("Mã;Họ và tên\np1;An\n", cols, "roll");
  EXPECT_NE(missing.message().find("the header has no group column"),
            std::string::npos) << missing.message();
  auto twice = ParseCsv("name,tên,group\n", cols, "roll");
  EXPECT_NE(twice.message().find("names name twice"), std::string::npos)
      << twice.message();
  auto short_row = ParseCsv("Mã;Họ và tên;Nhóm\np1;An\n", cols, "roll");
  EXPECT_NE(short_row.message().find("roll line 2: expected 3 fields"),
            std::string::npos) << short_row.message();
}

TEST(Kiosks, ARevokedKioskCanBeEnrolledAgain) {
  TempInstallation install;
  auto first = EnrolKiosk(install.paths(), install.db(), "kiosk-07");
  ASSERT_TRUE(first.ok()) << first.message();
  EXPECT_FALSE(EnrolKiosk(install.paths(), install.db(), "kiosk-07").ok());
  ASSERT_TRUE(RevokeKiosk(install.paths(), install.db(), "kiosk-07").ok());
  auto second = EnrolKiosk(install.paths(), install.db(), "kiosk-07");
  ASSERT_TRUE(second.ok()) << second.message();
  EXPECT_NE(*first, *second);
}

}  // namespace
}  // namespace hall::server::testing

namespace hall::server::testing {
namespace {

TEST_F(CommitteeTest, ACodeDeliveryFailureLeavesTheRoundADraft) {
  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.meeting_id = meeting_;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok());
  auto failed =
      committee_.SealRound(*id, install_.seal(), [](const SealedRound&) {
        return Status::Internal("slips.pdf: no space left on the device");
      });
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("was not sealed: slips.pdf: no space"),
            std::string::npos);
  auto info = committee_.Round(*id);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, RoundState::kDraft);
  std::size_t delivered = 0;
  auto sealed =
      committee_.SealRound(*id, install_.seal(), [&](const SealedRound& s) {
        delivered = s.codes.size();
        return Status::Ok();
      });
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  EXPECT_EQ(delivered, 6u);
}

// The stages of a procedure run in order: P5 step 4 (the collective's vote)
// cannot open before the confidence vote of stage 2 (step 2 or 2r) has a
// tallied round, and the refusal says what comes first.
TEST(CommitteeStepOrderTest, P5Step4IsRefusedUntilStage2IsTallied) {
  TempInstallation install;
  Committee committee(install.db());
  auto id = committee.CreateMeeting("Bổ nhiệm lại Trưởng phòng", "P5", 4, MeetingMode::kRehearsal);
  ASSERT_TRUE(id.ok()) << id.message();
  ASSERT_TRUE(committee
                  .ImportRoll(*id,
                              "person_id,name,group\np1,A,g\np2,B,g\np3,C,g\n"
                              "p4,D,g\n")
                  .ok());
  ASSERT_TRUE(committee.ImportCandidates(*id, "name\nAn\nBình\n").ok());
  ASSERT_TRUE(committee.CheckIn(*id, {"p1", "p2", "p3", "p4"}).ok());
  RecipientKey authority = GenerateRecipientKey();
  ASSERT_TRUE(
      committee.AddRecipient(*id, "authority", authority.public_key()).ok());
  auto shares = committee.RunKeyCeremony(*id, {"T1", "T2"}, 2);
  ASSERT_TRUE(shares.ok()) << shares.message();
  ASSERT_TRUE(RecordStepsWithoutBallot(committee, *id, install.seal()).ok());

  NewRound s4;
  s4.meeting_id = *id;
  s4.step = "4";
  s4.persons = {"An"};
  auto r4 = committee.CreateRound(s4);
  ASSERT_TRUE(r4.ok()) << r4.message();
  // Sealing in advance (printing the codes) is allowed; opening is not.
  ASSERT_TRUE(committee.SealRound(*r4, install.seal()).ok());
  auto early = committee.OpenRound(*r4);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.message().find("(P5 step 4) cannot be opened: step 2 or 2r "
                                 "comes first and has no tallied round"),
            std::string::npos)
      << early.message();
  EXPECT_EQ(committee.Round(*r4)->state, RoundState::kSealed);

  // Stage 2 as a re-appointment (step 2r), tallied: now step 4 may open.
  NewRound s2r;
  s2r.meeting_id = *id;
  s2r.step = "2r";
  s2r.persons = {"An"};
  auto r2r = committee.CreateRound(s2r);
  ASSERT_TRUE(r2r.ok()) << r2r.message();
  auto sealed = committee.SealRound(*r2r, install.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  ASSERT_TRUE(committee.OpenRound(*r2r).ok());
  auto box = BallotBox::Open(install.paths().db(), install.key());
  ASSERT_TRUE(box.ok());
  for (const auto& code : sealed->codes) {
    auto receipt = (*box)->Cast(
        *r2r, FillBallot(install.db(), *r2r, code, {crypto::Mark(0)}));
    ASSERT_TRUE(receipt.ok()) << receipt.message();
  }
  (*box)->Stop();
  ASSERT_TRUE(committee.CloseRound(*r2r, install.seal()).ok());
  std::vector<const crypto::TrusteeShare*> two = {&(*shares)[0], &(*shares)[1]};
  auto tally = committee.RehearseTally(*r2r, two, install.seal());
  ASSERT_TRUE(tally.ok()) << tally.message();
  EXPECT_TRUE(committee.OpenRound(*r4).ok());
}

}  // namespace
}  // namespace hall::server::testing

namespace hall::server::testing {
namespace {

// What kind of failure each is, for a caller that branches on the code.
TEST(Csv, SyntaxErrorsAreInvalidArgument) {
  const std::vector<std::string> cols = {"name"};
  for (const char* text : {"name\n\"An\"x\n", "name\n\"An\n", "", "nom\nAn\n",
                           "name\nAn,Binh\n", "name,\nAn,\n"}) {
    auto rows = ParseCsv(text, cols, "candidates");
    ASSERT_FALSE(rows.ok()) << text;
    EXPECT_EQ(rows.code(), StatusCode::kInvalidArgument) << rows.message();
  }
  auto empty_field = ParseCsv("person_id,name,group\np1,,g\n",
                              {"person_id", "name", "group"}, "roll");
  EXPECT_EQ(empty_field.code(), StatusCode::kInvalidArgument);
}

TEST(DatabaseCodes, OpeningAndKeyFiles) {
  TempInstallation install;
  const auto& dir = install.paths().dir;
  EXPECT_EQ(Database::Open(dir / "nope.db", install.key(), false).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Database::Open(install.paths().db(), install.key(), true).code(),
            StatusCode::kAlreadyExists);
  auto wrong = Database::Open(install.paths().db(),
                              DatabaseKey::Passphrase("not the key"), false);
  EXPECT_EQ(wrong.code(), StatusCode::kPermissionDenied) << wrong.message();

  EXPECT_EQ(LoadDatabaseKeyFile(dir / "nope.key").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(CreateDatabaseKeyFile(install.paths().db_key()).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(CreateDatabaseKeyFile(dir / "no-such-dir" / "db.key").code(),
            StatusCode::kNotFound);
  std::ofstream(dir / "damaged.key") << "not hex at all\n";
  EXPECT_EQ(LoadDatabaseKeyFile(dir / "damaged.key").code(),
            StatusCode::kCorruption);

  // A fresh database with no schema; a schema of another version.
  auto blank = Database::Open(dir / "blank.db", install.key(), true);
  ASSERT_TRUE(blank.ok()) << blank.message();
  EXPECT_EQ(CheckSchema(*blank).code(), StatusCode::kCorruption);
  ASSERT_TRUE(install.db()
                  .Exec("UPDATE meta SET value = 999 WHERE key = "
                        "'schema_version'")
                  .ok());
  EXPECT_EQ(CheckSchema(install.db()).code(), StatusCode::kFailedPrecondition);
}

TEST(DatabaseCodes, ARowTwiceAndABusyDatabase) {
  TempInstallation install;
  Database& db = install.db();
  ASSERT_TRUE(db.Exec("CREATE TEMP TABLE t(id INTEGER PRIMARY KEY, "
                      "name TEXT UNIQUE)")
                  .ok());
  ASSERT_TRUE(db.Exec("INSERT INTO t VALUES(1, 'a')").ok());
  EXPECT_EQ(db.Exec("INSERT INTO t VALUES(1, 'b')").code(),
            StatusCode::kAlreadyExists);
  auto insert = db.Prepare("INSERT INTO t VALUES(?, ?)");
  EXPECT_EQ(insert.Bind(1, std::int64_t{2}).Bind(2, "a").Run().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(db.Exec("SELEKT 1").code(), StatusCode::kInternal);

  // Another connection holds the write lock: try again later.
  auto other = OpenInstallation(install.paths(), install.key());
  ASSERT_TRUE(other.ok()) << other.message();
  ASSERT_TRUE(other->Exec("PRAGMA busy_timeout = 0").ok());
  Database::Transaction held(db);
  ASSERT_TRUE(held.status().ok()) << held.status().message();
  Database::Transaction blocked(*other);
  EXPECT_EQ(blocked.status().code(), StatusCode::kUnavailable)
      << blocked.status().message();
  EXPECT_EQ(blocked.Commit().code(), StatusCode::kUnavailable);
}

TEST(InstallationCodes, InitKeysAndKiosks) {
  TempInstallation install;
  InitOptions options;
  options.seal_passphrase = kSealPassphrase;
  options.seal_cost = crypto::KeyFileCost::kMin;
  EXPECT_EQ(InitInstallation(install.paths(), options).code(),
            StatusCode::kAlreadyExists);
  InstallationPaths fresh{install.paths().dir.parent_path() / "fresh"};
  options.seal_passphrase = "short";
  EXPECT_EQ(InitInstallation(fresh, options).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(InstallationDbKey(fresh, std::nullopt).code(),
            StatusCode::kInvalidArgument);

  EXPECT_EQ(EnrolKiosk(install.paths(), install.db(), "kiosk 01").code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(EnrolKiosk(install.paths(), install.db(), "kiosk-01").ok());
  EXPECT_EQ(EnrolKiosk(install.paths(), install.db(), "kiosk-01").code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(RevokeKiosk(install.paths(), install.db(), "kiosk-99").code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(RevokeKiosk(install.paths(), install.db(), "kiosk-01").ok());
  EXPECT_EQ(RevokeKiosk(install.paths(), install.db(), "kiosk-01").code(),
            StatusCode::kFailedPrecondition);
}

TEST_F(CommitteeTest, RoundStoreFailuresCarryTheirCode) {
  Database& db = install_.db();
  EXPECT_EQ(LoadMeeting(db, 999).code(), StatusCode::kNotFound);
  EXPECT_EQ(LoadRound(db, 999).code(), StatusCode::kNotFound);
  EXPECT_EQ(CheckSealKey(db, crypto::SigningKey::Generate()).code(),
            StatusCode::kPermissionDenied);
  auto no_ceremony = committee_.CreateMeeting("M2", "P1", 5, MeetingMode::kRehearsal);
  ASSERT_TRUE(no_ceremony.ok());
  EXPECT_EQ(LoadBoxKey(db, *no_ceremony).code(),
            StatusCode::kFailedPrecondition);

  ASSERT_TRUE(
      committee_.CheckIn(meeting_, {"p1", "p2", "p3", "p4", "p5", "p6"}).ok());
  NewRound r;
  r.meeting_id = meeting_;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto id = committee_.CreateRound(r);
  ASSERT_TRUE(id.ok());
  // A draft has nothing sealed yet.
  EXPECT_EQ(LoadSignedTemplate(db, *id).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(LoadCredentialList(db, *id).code(),
            StatusCode::kFailedPrecondition);
  ASSERT_TRUE(committee_.SealRound(*id, install_.seal()).ok());
  ASSERT_TRUE(LoadSealedRound(db, *id).ok());

  // A credential list other than the sealed one: the database was altered.
  auto list = LoadCredentialList(db, *id);
  ASSERT_TRUE(list.ok());
  std::vector<crypto::VerifyKey> keys = list->keys();
  keys.push_back(crypto::CredentialCode::Generate().DeriveKey().verify_key());
  auto forged = crypto::CredentialList::Create(list->context(), keys);
  ASSERT_TRUE(forged.ok());
  auto upd = db.Prepare("UPDATE rounds SET credential_list = ? WHERE id = ?");
  ASSERT_TRUE(upd.Bind(1, forged->Encode())
                  .Bind(2, static_cast<std::int64_t>(*id))
                  .Run()
                  .ok());
  EXPECT_EQ(LoadSealedRound(db, *id).code(), StatusCode::kCorruption);
  // A cut template signature.
  auto cut = db.Prepare("UPDATE rounds SET template_sig = x'00' WHERE id = ?");
  ASSERT_TRUE(cut.Bind(1, static_cast<std::int64_t>(*id)).Run().ok());
  EXPECT_EQ(LoadSignedTemplate(db, *id).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace hall::server::testing
