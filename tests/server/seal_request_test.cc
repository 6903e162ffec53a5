// What the committee console refuses to sign (shared/seal_work.h
// CheckSealRequest): a seal request the hall server's operator changed so
// that the seal would bless something the committee does not see. Each
// request is the server's real one (Committee::SealRequestOf) with one
// field changed.
#include <gtest/gtest.h>

#include "hall/crypto/ceremony.h"
#include "hall/shared/seal_work.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::TempInstallation;

class SealRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MeetingSpec spec;
    spec.recipient = &recipient_;
    auto meeting = testing::MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "2";
    r.persons = {"An", "Bình"};
    auto round = committee_.CreateRound(r);
    ASSERT_TRUE(round.ok()) << round.message();
    auto req = committee_.SealRequestOf(*round);
    ASSERT_TRUE(req.ok()) << req.message();
    request_ = std::move(req).value();
    ASSERT_TRUE(Check(request_).ok()) << Check(request_).message();
  }

  Status Check(const shared::SealRequest& r) {
    return shared::CheckSealRequest(r, install_.seal().verify_key());
  }

  const RecipientKey recipient_ = GenerateRecipientKey();
  TempInstallation install_;
  Committee committee_{install_.db()};
  std::uint64_t meeting_ = 0;
  shared::SealRequest request_;
};

TEST_F(SealRequestTest, BallotsEncryptedToAKeyNotTheTrusteesAreRefused) {
  auto other = crypto::RunCeremonyInProcess(
      1, 1, shared::KeyCeremonyContext(request_.installation, meeting_),
      crypto::DefaultRandom());
  ASSERT_TRUE(other.ok());
  shared::SealRequest r = request_;
  r.ballot_template.box_key = other->key.Encode();
  const Status s = Check(r);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("another key than the trustees'"),
            std::string::npos)
      << s.message();
}

TEST_F(SealRequestTest, ABallotThatIsNotTheStepsIsRefused) {
  std::vector<shared::SealRequest> changed(4, request_);
  changed[0].ballot_template.disclosure = "announced";
  changed[1].ballot_template.kind = crypto::BallotKind::kApprove;
  changed[2].ballot_template.step = "9";
  changed[3].ballot_template.step_titles = {
      {rules::Language::kEn, "A title the operator wrote"}};
  for (const auto& r : changed) {
    const Status s = Check(r);
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
    EXPECT_NE(s.message().find("as its procedure file defines it"),
              std::string::npos)
        << s.message();
  }
}

TEST_F(SealRequestTest, AStatementNotAccountingForItsCodesIsRefused) {
  shared::SealRequest r = request_;
  r.box_sealed.present.pop_back();
  r.present.pop_back();
  EXPECT_NE(Check(r).message().find("does not account for its ballot codes"),
            std::string::npos);
  r = request_;
  r.box_sealed.convened -= 1;  // lowers every threshold
  EXPECT_NE(Check(r).message().find("convened"), std::string::npos)
      << Check(r).message();
}

// P6 runs in the first quarter: the console refuses to seal one of its
// rounds under a definition that carries no date of the sitting (the hall
// server would refuse too; the console does not rely on it).
TEST(SealRequestSeasonTest, AP6RoundUnderADefinitionWithoutADateIsRefused) {
  TempInstallation install;
  Committee committee(install.db());
  testing::MeetingSpec spec;
  spec.procedure = "P6";
  spec.candidates = "name\nAn\nBình\nChâu\n";
  auto meeting = testing::MakeMeeting(committee, spec, install.seal());
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  ASSERT_TRUE(committee.SetMeetingDate(meeting->id, "2027-02-10", false).ok());
  NewRound r;
  r.meeting_id = meeting->id;
  r.step = "1";
  r.persons = {"An", "Bình"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  auto req = committee.SealRequestOf(*round);
  ASSERT_TRUE(req.ok()) << req.message();
  ASSERT_TRUE(shared::CheckSealRequest(*req, install.seal().verify_key()).ok());
  auto def = shared::MeetingDefinition::Decode(req->definition);
  ASSERT_TRUE(def.ok());
  def->date.clear();
  req->definition = def->Encode();
  req->box_sealed.definition_digest =
      shared::MeetingDefinitionDigest(req->definition);
  const Status s = shared::CheckSealRequest(*req, install.seal().verify_key());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("without one"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace hall::server
