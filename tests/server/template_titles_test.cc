// The step title the server seals into a round's ballot template is the
// procedure file's, in every language it has: a P7 round (a Chinese
// procedure) carries its Chinese title, which the kiosk draws and the minutes
// repeat.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hall/server/kiosk_service.h"
#include "hall/shared/catalog.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using rules::Language;
using testing::FillBallot;
using testing::PersonIds;
using testing::RollCsv;
using testing::TempInstallation;

const rules::Step& P7Step(const std::string& id) {
  const rules::Procedure* p = rules::Catalog::Builtin().Find("P7");
  HALL_CHECK(p != nullptr);
  const rules::Step* step = p->FindStep(id);
  HALL_CHECK(step != nullptr);
  return *step;
}

TEST(TemplateTitlesTest, AP7RoundSealsItsChineseTitleAndTheMinutesRepeatIt) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = committee.CreateMeeting("县委常委会", "P7", 9, MeetingMode::kRehearsal);
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  ASSERT_TRUE(committee.ImportRoll(*meeting, RollCsv(9, "delegates")).ok());
  ASSERT_TRUE(committee.ImportCandidates(*meeting, "name\n王芳\n李明\n").ok());
  ASSERT_TRUE(committee.CheckIn(*meeting, PersonIds(1, 9)).ok());
  const RecipientKey authority = GenerateRecipientKey();
  ASSERT_TRUE(
      committee.AddRecipient(*meeting, "组织部", authority.public_key()).ok());
  auto shares = committee.RunKeyCeremony(*meeting, {"T1", "T2", "T3"}, 2);
  ASSERT_TRUE(shares.ok()) << shares.message();
  NewRound r;
  r.meeting_id = *meeting;
  r.step = "1";
  r.persons = {"王芳", "李明"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee.SealRound(*round, install.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();

  const rules::Text& title = P7Step("1").title;
  ASSERT_EQ(title.Get("zh"), "民主推荐");  // the procedure file's
  auto signed_template = LoadSignedTemplate(install.db(), *round);
  ASSERT_TRUE(signed_template.ok()) << signed_template.message();
  auto t =
      shared::VerifyTemplate(*signed_template, install.seal().verify_key());
  ASSERT_TRUE(t.ok()) << t.message();
  EXPECT_EQ(t->version, shared::kTemplateVersion);
  EXPECT_EQ(t->step_titles.at(Language::kZh), title.Get("zh"));
  EXPECT_EQ(t->step_titles.at(Language::kVi), title.Get("vi"));
  EXPECT_EQ(t->step_titles.at(Language::kEn), title.Get("en"));
  EXPECT_EQ(t->StepTitle(Language::kZh), "民主推荐");

  // The hall display's status keeps its English and Vietnamese titles.
  auto box = BallotBox::Open(install.paths().db(), install.key());
  ASSERT_TRUE(box.ok()) << box.message();
  {
    auto db = OpenInstallation(install.paths(), install.key());
    ASSERT_TRUE(db.ok());
    KioskService kiosk(**box, std::move(db).value());
    const shared::StatusResponse shown = kiosk.CurrentStatus();
    ASSERT_TRUE(shown.round.has_value());
    EXPECT_EQ(shown.round->StepTitle(Language::kEn), title.Get("en"));
    EXPECT_EQ(shown.round->StepTitle(Language::kVi), title.Get("vi"));
  }

  // The minutes (sealed to the recipient) carry the title in Chinese too.
  ASSERT_TRUE(committee.OpenRound(*round).ok());
  for (std::size_t i = 0; i < 5; ++i) {
    auto receipt = (*box)->Cast(
        *round, FillBallot(install.db(), *round, sealed->codes[i], {0}));
    ASSERT_TRUE(receipt.ok()) << receipt.message();
  }
  ASSERT_TRUE(committee.CloseRound(*round, install.seal()).ok());
  auto tally = committee.RehearseTally(*round, {&(*shares)[0], &(*shares)[1]},
                                    install.seal());
  ASSERT_TRUE(tally.ok()) << tally.message();
  auto opened = committee.Minutes(*round, &authority);
  ASSERT_TRUE(opened.ok()) << opened.message();
  const auto minutes = nlohmann::json::parse(*opened);
  EXPECT_EQ(minutes["step"]["title_zh"], "民主推荐");
  EXPECT_EQ(minutes["step"]["title_vi"], title.Get("vi"));
  EXPECT_EQ(minutes["step"]["title"], title.Get("en"));
  (*box)->Stop();
}

// A P1 round: no Chinese title in the procedure file, none in the template
// (one map entry per language the file has); Chinese falls back to English.
TEST(TemplateTitlesTest, AP1RoundSealsItsVietnameseAndEnglishTitles) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = committee.CreateMeeting("Bổ nhiệm Phó Giám đốc", "P1", 5, MeetingMode::kRehearsal);
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  ASSERT_TRUE(committee.ImportRoll(*meeting, RollCsv(9, "delegates")).ok());
  ASSERT_TRUE(committee.ImportCandidates(*meeting, "name\nAn\nBình\n").ok());
  ASSERT_TRUE(committee.CheckIn(*meeting, PersonIds(1, 9)).ok());
  ASSERT_TRUE(committee
                  .AddRecipient(*meeting, "competent authority",
                                GenerateRecipientKey().public_key())
                  .ok());
  ASSERT_TRUE(committee.RunKeyCeremony(*meeting, {"T1", "T2", "T3"}, 2).ok());
  NewRound r;
  r.meeting_id = *meeting;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  auto sealed = committee.SealRound(*round, install.seal());
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  auto t = LoadTemplate(install.db(), *round);
  ASSERT_TRUE(t.ok()) << t.message();
  const rules::Procedure* p1 = rules::Catalog::Builtin().Find("P1");
  ASSERT_NE(p1, nullptr);
  EXPECT_EQ(t->step_titles, shared::TitlesOf(p1->FindStep("2")->title));
  EXPECT_EQ(t->step_titles.size(), 2u);
  EXPECT_FALSE(t->step_titles.contains(Language::kZh));
  EXPECT_EQ(t->StepTitle(Language::kZh), p1->FindStep("2")->title.Get("en"));
}

}  // namespace
}  // namespace hall::server
