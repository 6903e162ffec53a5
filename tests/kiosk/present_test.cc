// The view-models: what each screen says in each language, that nothing
// secret outlives its screen, and that the hall display never shows a count
// of a sealed round.
#include "present.h"

#include <gtest/gtest.h>

#include "kiosk_test_util.h"
#include "messages.h"

namespace hall::kiosk {
namespace {

using namespace std::chrono_literals;
using crypto::BallotKind;
using testing::Do;
using testing::Type;

PresentContext Context() {
  PresentContext c;
  c.committee = "Ban tổ chức Đại hội";
  c.fingerprint = "AB12-CD34";
  c.persons_per_page = 4;
  return c;
}

TEST(StringsTest, EveryMessageHasEveryLanguage) {
  for (int m = 0; m < static_cast<int>(Msg::kCount); ++m) {
    for (Lang l : kAllLangs) {
      EXPECT_FALSE(Text(static_cast<Msg>(m), l).empty()) << m;
    }
    // The same placeholders in every language.
    for (char k : {'0', '1', '2'}) {
      const std::string ph = std::string("{") + k + "}";
      const bool en = Text(static_cast<Msg>(m), Lang::kEn).find(ph) !=
                      std::string_view::npos;
      EXPECT_EQ(Text(static_cast<Msg>(m), Lang::kVi).find(ph) !=
                    std::string_view::npos,
                en)
          << m;
      EXPECT_EQ(Text(static_cast<Msg>(m), Lang::kZh).find(ph) !=
                    std::string_view::npos,
                en)
          << m;
    }
  }
  EXPECT_EQ(Format(Msg::kPageText, Lang::kEn, {"7", "12", "42"}),
            "Persons 7–12 of 42");
}

class PresentTest : public ::testing::Test {
 protected:
  PresentTest() : machine_(MachineOptions{}) {}
  void Open(const shared::BallotTemplate& t) {
    machine_.OnEvent(StatusArrived{testing::OpenStatus(t.round_id)}, now_);
    machine_.OnEvent(TemplateArrived{t.round_id, t}, now_);
  }
  ViewModel Vm() {
    PresentContext c = Context();
    c.now = now_;
    return Present(machine_.state(), machine_.options(), c);
  }
  Machine machine_;
  Clock::time_point now_ = Clock::time_point() + 1000h;
};

TEST_F(PresentTest, IdleShowsTheRoundTheSealAndTheLanguagesMeetingFirst) {
  Open(testing::MakeTemplate(BallotKind::kNominate, 3));
  ViewModel vm = Vm();
  EXPECT_EQ(vm.screen, Screen::kIdle);
  EXPECT_EQ(vm.chrome.step_title, "Giới thiệu nhân sự");
  EXPECT_EQ(vm.chrome.seal_line,
            "Niêm phong bởi Ban tổ chức Đại hội · dấu AB12-CD34");
  ASSERT_EQ(vm.chrome.languages.size(), 3u);
  EXPECT_EQ(vm.chrome.languages[0].label, "Tiếng Việt");
  EXPECT_TRUE(vm.chrome.languages[0].selected);
  const auto& idle = std::get<IdleVm>(vm.body);
  EXPECT_EQ(idle.body, "Nhập hoặc quét mã trên phiếu của bạn.");
  ASSERT_TRUE(idle.start);
  machine_.OnIntent(Do(Action::kLanguage, 0, static_cast<int>(Lang::kZh)), now_);
  vm = Vm();
  EXPECT_EQ(vm.chrome.step_title, "推荐人选");
  EXPECT_EQ(std::get<IdleVm>(vm.body).body, "请输入或扫描您凭条上的代码。");
}

TEST_F(PresentTest, BallotPagesAndCountsInEachLanguage) {
  Open(testing::MakeTemplate(BallotKind::kApprove, 10, 7, 3));
  machine_.OnIntent(Do(Action::kLanguage, 0, static_cast<int>(Lang::kEn)), now_);
  machine_.OnIntent(Do(Action::kStart), now_);
  for (char c : testing::NewCode()) machine_.OnIntent(Type(c), now_);
  machine_.OnIntent(Do(Action::kSubmitCode), now_);
  machine_.OnIntent(Do(Action::kMark, 0, 0), now_);
  machine_.OnIntent(Do(Action::kMark, 5, 0), now_);
  machine_.OnIntent(Do(Action::kPage, 0, 1), now_);
  ViewModel vm = Vm();
  const auto& b = std::get<BallotVm>(vm.body);
  EXPECT_EQ(b.page_text, "Persons 5–8 of 10");
  EXPECT_EQ(b.counter, "2 of at most 3 agreed");
  ASSERT_EQ(b.rows.size(), 4u);
  EXPECT_EQ(b.rows[1].position, "6 of 10");
  ASSERT_EQ(b.rows[1].options.size(), 2u);
  EXPECT_TRUE(b.rows[1].options[0].selected);
  EXPECT_EQ(b.rows[1].options[0].label, "Agree");
  EXPECT_EQ(b.rows[1].options[0].id, "mark-5-0");
  EXPECT_EQ(b.rows[1].options[1].label, "Disagree");
  EXPECT_TRUE(b.previous_page.enabled);
  EXPECT_TRUE(b.next_page.enabled);
  machine_.OnIntent(Do(Action::kLanguage, 0, static_cast<int>(Lang::kVi)), now_);
  vm = Vm();
  EXPECT_EQ(std::get<BallotVm>(vm.body).counter, "Đã đồng ý 2 người, tối đa 3");
  EXPECT_EQ(std::get<BallotVm>(vm.body).rows[1].options[1].label,
            "Không đồng ý");
}

TEST_F(PresentTest, CodeEntryShowsGroupsAndTheCountdownOverlay) {
  Open(testing::MakeTemplate(BallotKind::kNominate, 3));
  machine_.OnIntent(Do(Action::kStart), now_);
  for (char c : std::string("ABCDEF")) machine_.OnIntent(Type(c), now_);
  ViewModel vm = Vm();
  const auto& c = std::get<CodeEntryVm>(vm.body);
  ASSERT_EQ(c.groups.size(), 7u);
  EXPECT_EQ(c.groups[0], "ABCD");
  EXPECT_EQ(c.groups[1], "EF");
  EXPECT_EQ(c.group_sizes.back(), 3u);
  EXPECT_EQ(c.keys.size(), 32u);
  EXPECT_FALSE(vm.still_voting);
  now_ += 121s;
  machine_.OnTick(now_);
  now_ += 4s;
  vm = Vm();
  ASSERT_TRUE(vm.still_voting);
  EXPECT_EQ(vm.still_voting->seconds_left, 26);
  EXPECT_EQ(vm.still_voting->countdown, "Phiếu sẽ bị xóa sau 26 giây.");
  now_ += 30s;
  machine_.OnTick(now_);
  vm = Vm();
  EXPECT_EQ(vm.screen, Screen::kIdle);
  EXPECT_FALSE(vm.still_voting);
}

TEST(PresentDisplayTest, ASealedRoundShowsTurnoutOnlyNeverACount) {
  Machine m{MachineOptions{}};
  m.BecomeDisplay();
  auto status = testing::OpenStatus(7, "minutes_sealed");
  status.round->cast = 31;
  status.round->minutes_digest = "0123456789abcdef0123456789abcdef";
  // Even if a server sent an outcome for a sealed round, none is shown.
  status.round->announced_outcome =
      R"({"outcomes":[{"candidate":"Nguyễn Văn An","votes":23}]})";
  m.OnEvent(StatusArrived{status}, Clock::time_point());
  PresentContext c = Context();
  c.meeting_language = Lang::kEn;
  ViewModel vm = PresentDisplay(m.state(), c);
  const auto& d = std::get<DisplayVm>(vm.body);
  EXPECT_EQ(d.turnout, "31 of 38 ballots cast");
  EXPECT_EQ(d.state, "Minutes sealed");
  EXPECT_TRUE(d.results.empty());
  EXPECT_FALSE(d.announced);
  EXPECT_NE(d.minutes_digest.find("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(d.attendance, "Present 38 of 40 convened");
  EXPECT_EQ(d.quorum,
            "Quorum: at least 2/3 of the 40 convened, that is 27 present – met");
  EXPECT_EQ(d.step, "Step 2: Nomination");
}

}  // namespace
}  // namespace hall::kiosk
