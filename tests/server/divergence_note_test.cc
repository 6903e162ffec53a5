// P1 step 3's report_divergence flag tells about step 2's sealed result
// (issue 8, finding 6). The hall server cannot read step 2's result, so it
// cannot make the comparison at all: through the committee and the kiosk
// service, an announced step-3 round's minutes and the hall status carry no
// divergence flag, flagged or not, and the competent authority makes the
// comparison when it opens the rounds with its key (RecipientMinutes, the
// same as hall-recipient open from the record).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hall/server/ballot_box.h"
#include "hall/server/kiosk_service.h"
#include "hall/server/minutes.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

using nlohmann::json;

struct StepThree {
  std::string public_minutes;
  std::string hall_outcome;
  std::string hall_round_state;
  Result<shared::OpenedRound> authority = Status::Internal("not run");
  StatusCode stranger = StatusCode::kOk;
  std::string status;  // the first outcome's candidate=status
};

// Step 2 (sealed) carries An and Bình forward; step 3 (announced, compared
// with it) gives `winner` 3 of 5.
StepThree RunStepThree(crypto::Mark winner) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = committee.CreateMeeting("Bổ nhiệm Phó Giám đốc", "P1", 5, MeetingMode::kRehearsal);
  HALL_CHECK(meeting.ok());
  std::string roll = "person_id,name,group\n";
  for (int i = 1; i <= 9; ++i)
    roll += "p" + std::to_string(i) + ",Person " + std::to_string(i) +
            ",leadership\n";
  HALL_CHECK(committee.ImportRoll(*meeting, roll).ok());
  HALL_CHECK(
      committee.ImportCandidates(*meeting, "name\nAn\nBình\nChâu\n").ok());
  const RecipientKey recipient = GenerateRecipientKey();
  HALL_CHECK(committee
                 .AddRecipient(*meeting, "competent authority",
                               recipient.public_key())
                 .ok());
  auto shares = committee.RunKeyCeremony(*meeting, {"T1", "T2", "T3"}, 2);
  HALL_CHECK(shares.ok());
  HALL_CHECK(
      testing::RecordStepsWithoutBallot(committee, *meeting, install.seal()).ok());
  const std::vector<const crypto::TrusteeShare*> two = {&(*shares)[0],
                                                        &(*shares)[1]};
  auto box = BallotBox::Open(install.paths().db(), install.key());
  HALL_CHECK(box.ok());
  HALL_CHECK(committee
                 .CheckIn(*meeting,
                          {"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"})
                 .ok());
  const auto run = [&](NewRound r,
                       const std::vector<crypto::Mark>& marks) {
    r.meeting_id = *meeting;
    auto id = committee.CreateRound(r);
    HALL_CHECK(id.ok());
    auto sealed = committee.SealRound(*id, install.seal());
    HALL_CHECK(sealed.ok());
    HALL_CHECK(committee.OpenRound(*id).ok());
    for (std::size_t i = 0; i < marks.size(); ++i) {
      auto receipt = (*box)->Cast(
          *id, FillBallot(install.db(), *id, sealed->codes[i], {marks[i]}));
      HALL_CHECK(receipt.ok());
    }
    HALL_CHECK(committee.CloseRound(*id, install.seal()).ok());
    return *id;
  };
  const crypto::Mark an = 0, binh = 1, blank = std::nullopt;
  NewRound s2;
  s2.step = "2";
  s2.persons = {"An", "Bình", "Châu"};
  const std::uint64_t r2 =
      run(s2, {an, an, an, an, binh, binh, binh, blank});
  HALL_CHECK(committee.RehearseTally(r2, two, install.seal()).ok());
  NewRound s3;
  s3.step = "3";
  s3.persons = {"An", "Bình", "Châu"};
  s3.compare_with = r2;
  const crypto::Mark other = winner == an ? binh : an;
  const std::uint64_t r3 = run(s3, {winner, winner, winner, other, other});
  auto t3 = committee.RehearseTally(r3, two, install.seal());
  HALL_CHECK(t3.ok());
  HALL_CHECK(committee.AnnounceRound(r3).ok());
  StepThree out;
  auto minutes = committee.Minutes(r3, nullptr);
  HALL_CHECK(minutes.ok());
  out.public_minutes = *minutes;
  const json j = json::parse(*minutes);
  out.status = j["outcome"]["outcomes"][0]["candidate"].get<std::string>() +
               "=" + j["outcome"]["outcomes"][0]["status"].get<std::string>();
  auto db = OpenInstallation(install.paths(), install.key());
  HALL_CHECK(db.ok());
  KioskService service(**box, std::move(db).value());
  const shared::StatusResponse status = service.CurrentStatus();
  HALL_CHECK(status.round.has_value());
  out.hall_outcome = status.round->announced_outcome;
  out.hall_round_state = status.round->state;
  out.authority = RecipientMinutes(install.db(), r3, recipient);
  out.stranger =
      RecipientMinutes(install.db(), r3, GenerateRecipientKey()).code();
  (*box)->Stop();
  return out;
}

void ExpectNothingAnnounced(const StepThree& s) {
  EXPECT_EQ(s.hall_round_state, "announced");
  EXPECT_FALSE(s.hall_outcome.empty());
  for (const std::string* text : {&s.public_minutes, &s.hall_outcome}) {
    EXPECT_EQ(text->find("report_divergence"), std::string::npos) << *text;
    EXPECT_EQ(json::parse(*text).contains("outcome")
                  ? json::parse(*text)["outcome"]["flags"]
                  : json::parse(*text)["flags"],
              json::array());
  }
}

bool Diverges(const shared::OpenedRound& opened) {
  const auto& flags = opened.outcome.flags;
  return std::find(flags.begin(), flags.end(),
                   rules::Flag::kReportDivergence) != flags.end();
}

TEST(DivergenceNoteTest, AFlaggedStepThreeAnnouncesNoFlagAndTheAuthorityHasIt) {
  const StepThree s = RunStepThree(2);  // Châu: not in step 2's list
  EXPECT_EQ(s.status, "Châu=selected");
  ExpectNothingAnnounced(s);
  ASSERT_TRUE(s.authority.ok()) << s.authority.message();
  EXPECT_TRUE(Diverges(*s.authority));
  EXPECT_EQ(s.stranger, StatusCode::kNotFound);
}

TEST(DivergenceNoteTest, AnUnflaggedStepThreeLooksTheSameFromTheHall) {
  const StepThree flagged = RunStepThree(2);
  const StepThree plain = RunStepThree(1);  // Bình: within step 2's list
  EXPECT_EQ(plain.status, "Bình=selected");
  ExpectNothingAnnounced(plain);
  ASSERT_TRUE(plain.authority.ok()) << plain.authority.message();
  EXPECT_FALSE(Diverges(*plain.authority));
  // The public minutes differ only in the result itself, never in what
  // they say about the comparison.
  const json a = json::parse(flagged.public_minutes);
  const json b = json::parse(plain.public_minutes);
  EXPECT_EQ(a["divergence"], b["divergence"]);
  EXPECT_EQ(a.contains("divergence"), true);
}

}  // namespace
}  // namespace hall::server::testing
