// P1 step 3's report_divergence flag tells about step 2's sealed result
// (issue 8, finding 6): through the committee and the kiosk service, an
// announced step-3 round's minutes and the hall status carry no divergence
// flag, flagged or not, while the competent authority opens it from the
// round's divergence note (minutes.h DivergenceNote), one size either way.
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
  Result<json> note = Status::Internal("not run");
  Result<json> stranger_note = Status::Internal("not run");
  std::size_t note_size = 0;
  std::string status;  // the first outcome's candidate=status
};

// Step 2 (sealed) carries An and Bình forward; step 3 (announced, compared
// with it) gives `winner` 3 of 5.
StepThree RunStepThree(crypto::Mark winner) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = committee.CreateMeeting("Bổ nhiệm Phó Giám đốc", "P1", 5);
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
    auto id = committee.CreateRound(r, &recipient);
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
  HALL_CHECK(committee.TallyRound(r2, two, install.seal()).ok());
  NewRound s3;
  s3.step = "3";
  s3.persons = {"An", "Bình", "Châu"};
  s3.compare_with = r2;
  const crypto::Mark other = winner == an ? binh : an;
  const std::uint64_t r3 = run(s3, {winner, winner, winner, other, other});
  auto t3 = committee.TallyRound(r3, two, install.seal(), &recipient);
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
  out.note = DivergenceNote(install.db(), r3, recipient);
  out.stranger_note =
      DivergenceNote(install.db(), r3, GenerateRecipientKey());
  auto q = install.db().Prepare("SELECT sealed_minutes FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(r3));
  HALL_CHECK(q.Step());
  out.note_size = q.Blob(0).size();
  (*box)->Stop();
  return out;
}

void ExpectNothingAnnounced(const StepThree& s) {
  EXPECT_EQ(s.hall_round_state, "announced");
  EXPECT_FALSE(s.hall_outcome.empty());
  for (const std::string* text : {&s.public_minutes, &s.hall_outcome}) {
    EXPECT_EQ(text->find("divergence"), std::string::npos) << *text;
    EXPECT_EQ(json::parse(*text).contains("outcome")
                  ? json::parse(*text)["outcome"]["flags"]
                  : json::parse(*text)["flags"],
              json::array());
  }
}

TEST(DivergenceNoteTest, AFlaggedStepThreeAnnouncesNoFlagAndTheAuthorityHasIt) {
  const StepThree s = RunStepThree(2);  // Châu: not in step 2's list
  EXPECT_EQ(s.status, "Châu=selected");
  ExpectNothingAnnounced(s);
  ASSERT_TRUE(s.note.ok()) << s.note.message();
  EXPECT_EQ((*s.note)["report_divergence"], true);
  EXPECT_EQ(s.stranger_note.code(), StatusCode::kNotFound);
}

TEST(DivergenceNoteTest, AnUnflaggedStepThreeLooksTheSameFromTheHall) {
  const StepThree flagged = RunStepThree(2);
  const StepThree plain = RunStepThree(1);  // Bình: within step 2's list
  EXPECT_EQ(plain.status, "Bình=selected");
  ExpectNothingAnnounced(plain);
  ASSERT_TRUE(plain.note.ok()) << plain.note.message();
  EXPECT_EQ((*plain.note)["report_divergence"], false);
  EXPECT_EQ(plain.note_size, flagged.note_size);
}

}  // namespace
}  // namespace hall::server::testing
