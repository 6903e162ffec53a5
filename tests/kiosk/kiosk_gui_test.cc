// The real hall-kiosk in a real window (Xvfb, Mesa llvmpipe) against the
// real hall-server, driven by real X input events (xdotool): a delegate
// votes every ballot kind in each language, challenges a ballot, checks
// that the ballot is in the box; the hall display follows a P1 meeting
// through a sealed round and an announced one. Every screen is saved and
// checked: drawn, no missing glyph, and the display of a sealed round
// shows no name and no count.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "gui_harness.h"
#include "hall/crypto/credential.h"
#include "hall/shared/client/voting_client.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::kiosk::gui {
namespace {

namespace lg = sim::loadgen;

const std::vector<std::string> kNames = {
    "Nguyễn Văn An", "Trần Thị Bích Ngọc", "李明华", "Lê Hoàng Cường",
    "Phạm Thu Dung", "王芳", "Đỗ Quang Huy", "Võ Thị Lan", "张伟", "Bùi Minh Tú"};

// An installation, its server, and kiosk folders made by hall-admin.
struct Hall {
  lg::TempDir tmp{"hall-kiosk-gui"};
  std::unique_ptr<lg::Election> election;
  std::unique_ptr<lg::ServerProcess> server;

  explicit Hall(const std::string& procedure, const std::string& title) {
    lg::ElectionOptions o;
    o.people = 6;
    o.kiosks = 0;
    o.procedure = procedure;
    o.title = title;
    o.candidate_names = kNames;
    auto e = lg::Election::Create(tmp.path() / "inst", o);
    HALL_CHECK(e.ok());
    election = std::move(e).value();
    server = std::make_unique<lg::ServerProcess>(
        HALL_SERVER_BINARY, tmp.path() / "inst", tmp.path() / "server.log");
    Status s = server->Start();
    if (!s.ok()) ADD_FAILURE() << s.message();
  }

  // `hall-admin kiosk enrol NAME`, as the committee would run it.
  fs::path Enrol(const std::string& name) {
    const fs::path out = tmp.path() / ("bundle-" + name);
    auto r = testing::RunCommand(
        std::string(HALL_ADMIN_BINARY) + " kiosk enrol " + name + " --dir " +
        testing::Quote((tmp.path() / "inst").string()) +
        " --server-address 127.0.0.1:" + std::to_string(server->port()) +
        " --out " + testing::Quote(out.string()));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return out;
  }

  lg::ElectionRound Round(const std::string& step,
                          std::optional<std::uint64_t> compare_with = {}) {
    auto r = election->AddRound(step, /*open=*/true, {}, compare_with);
    if (!r.ok()) ADD_FAILURE() << r.message();
    return r.ok() ? std::move(r).value() : lg::ElectionRound{};
  }

  nlohmann::json Tally(std::uint64_t round) {
    auto t = election->CloseAndTally(round);
    if (!t.ok()) {
      ADD_FAILURE() << t.message();
      return nlohmann::json::object();
    }
    return nlohmann::json::parse(t->minutes_json);
  }
};

struct Walk {
  std::string lang;  // "vi", "zh", "en"
  std::string code;
  std::vector<std::pair<int, int>> marks;  // person, level
  bool blank = false;                      // nominate: the blank ballot
  bool challenge = false;                  // check the kiosk first
};

// One delegate at the kiosk, from the idle screen back to it.
void Vote(KioskWindow& k, const Walk& w) {
  k.WaitScreen("idle");
  k.Click("lang-" + w.lang);
  k.Click("start");
  k.WaitScreen("code_entry");
  k.Type(w.code);  // as a USB scanner types it
  k.Key("Return");
  k.WaitScreen("ballot");
  for (int round = 0; round < (w.challenge ? 2 : 1); ++round) {
    if (round == 0) {
      for (const auto& [p, l] : w.marks) {
        k.Click("mark-" + std::to_string(p) + "-" + std::to_string(l));
      }
      if (w.blank) k.Click("blank");
    }
    k.Click("review");
    k.WaitFor(
        [](const json& l) {
          if (l["screen"] != "review") return false;
          for (const json& b : l["buttons"]) {
            if (b["id"] == "cast") return b["enabled"].get<bool>();
          }
          return false;
        },
        &k.seen(), "a prepared ballot");
    if (w.challenge && round == 0) {
      k.Click("challenge");
      json verdict = k.WaitFor(
          [](const json& l) {
            return l["screen"] == "challenge" && l["challenge"] != "busy";
          },
          &k.seen(), "the challenge's verdict");
      EXPECT_EQ(verdict["challenge"], "verified");
      k.Click("mark-again");
      k.WaitScreen("ballot");
    }
  }
  k.Click("cast");
  k.WaitScreen("receipt");
  k.Click("check-inclusion");
  json proven = k.WaitFor(
      [](const json& l) {
        return l["screen"] == "receipt" && l["inclusion"] != "none";
      },
      &k.seen(), "the inclusion check");
  EXPECT_EQ(proven["inclusion"], "proven");
  k.Click("done");
  k.WaitScreen("idle");
}

// Every recorded screen has every glyph it needs, and every screenshot is
// drawn. With HALL_SCREENS_OUT set, one picture of each screen is copied
// there (the screen as it last looked, e.g. the ballot as marked).
void CheckScreens(KioskWindow& k, const fs::path& record,
                  const std::string& copy_prefix) {
  k.Stop();  // writes the last screen's final picture
  for (const json& line : k.Lines()) {
    EXPECT_EQ(line["missing_glyphs"], 0) << line["screen"];
  }
  std::vector<fs::path> pngs;
  for (const auto& e : fs::directory_iterator(record)) {
    if (e.path().extension() == ".png") pngs.push_back(e.path());
  }
  std::sort(pngs.begin(), pngs.end());
  EXPECT_FALSE(pngs.empty());
  std::map<std::string, fs::path> pick;
  for (const fs::path& png : pngs) {
    ExpectDrawn(png.string());
    std::string screen = png.stem().string().substr(5);  // after "NNNN-"
    const bool final = screen.size() > 6 &&
                       screen.substr(screen.size() - 6) == "-final";
    if (final) screen.resize(screen.size() - 6);
    if (final || !pick.count(screen)) pick[screen] = png;
  }
  if (const char* out = std::getenv("HALL_SCREENS_OUT")) {
    for (const auto& [screen, png] : pick) {
      fs::copy_file(png, fs::path(out) / (copy_prefix + screen + ".png"),
                    fs::copy_options::overwrite_existing);
    }
  }
}

std::string AllTexts(const json& line) {
  std::string all;
  for (const json& t : line.value("texts", json::array())) {
    all += t.get<std::string>() + "\n";
  }
  return all;
}

// A sealed round on the hall display: no name, and no number but the
// attendance, the quorum, the turnout and the step.
void ExpectNothingSealedShown(const json& line, std::uint64_t cast,
                              const std::string& title) {
  const std::string texts = AllTexts(line);
  for (const std::string& name : kNames) {
    EXPECT_EQ(texts.find(name), std::string::npos) << name << "\n" << texts;
  }
  const std::set<std::string> allowed = {"2", "3", "4", "6", "38",
                                         std::to_string(cast)};
  for (const json& t : line["texts"]) {
    const std::string s = t.get<std::string>();
    // Hex digests and the board head are no counts.
    if (s == title || s.find("Mã băm") != std::string::npos ||
        s.find("Hòm phiếu mở được") != std::string::npos ||
        s.find("Đầu sổ") != std::string::npos ||
        s.find("P1 ·") != std::string::npos) {
      continue;
    }
    std::smatch m;
    std::string rest = s;
    while (std::regex_search(rest, m, std::regex("[0-9]+"))) {
      EXPECT_TRUE(allowed.count(m.str())) << m.str() << " in " << s;
      rest = m.suffix();
    }
  }
}

class KioskGuiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    x_ = std::make_unique<Xvfb>(tmp_.path() / "xvfb.log");
    ASSERT_TRUE(x_->ok()) << testing::Slurp(tmp_.path() / "xvfb.log");
  }
  lg::TempDir tmp_{"hall-kiosk-gui-x"};
  std::unique_ptr<Xvfb> x_;
};

TEST_F(KioskGuiTest, P1NominationInEachLanguageWithTheHallDisplay) {
  const std::string title = "Hội nghị cán bộ chủ chốt – nhiệm kỳ 2026–2031";
  Hall hall("vn-138-appointment", title);
  KioskWindow display(*x_, hall.Enrol("display-1"), tmp_.path() / "display",
                      /*display=*/true);
  display.WaitScreen("display");
  auto round2 = hall.Round("2");
  KioskWindow kiosk(*x_, hall.Enrol("kiosk-01"), tmp_.path() / "kiosk", false);
  std::size_t d = 0;
  json open = display.WaitFor(
      [](const json& l) { return AllTexts(l).find("Đang bỏ phiếu") != std::string::npos; },
      &d, "round 2 open on the display");
  ExpectNothingSealedShown(open, 0, title);

  Vote(kiosk, {"vi", round2.codes[0], {{0, 0}}});
  Vote(kiosk, {"zh", round2.codes[1], {{2, 0}}, false, /*challenge=*/true});
  Vote(kiosk, {"en", round2.codes[2], {}, /*blank=*/true});

  json cast = display.WaitFor(
      [](const json& l) { return AllTexts(l).find("Đã bỏ 3 / 6") != std::string::npos; },
      &d, "three ballots on the display");
  ExpectNothingSealedShown(cast, 3, title);
  json minutes = hall.Tally(round2.id);
  EXPECT_EQ(minutes["ballots"]["cast"], 3);
  EXPECT_EQ(minutes["ballots"]["blank"], 1);
  EXPECT_EQ(minutes["counts"][round2.persons[0]], 1);
  EXPECT_EQ(minutes["counts"][round2.persons[2]], 1);
  json sealed = display.WaitFor(
      [](const json& l) {
        return AllTexts(l).find("Biên bản đã niêm phong") != std::string::npos;
      },
      &d, "the sealed minutes on the display");
  ExpectNothingSealedShown(sealed, 3, title);

  // Step 3 is announced: the display shows the counts once tallied.
  auto round3 = hall.Round("3", round2.id);
  for (int i = 0; i < 3; ++i) {
    Vote(kiosk, {"vi", round3.codes[static_cast<std::size_t>(i)], {{i % 2, 0}}});
  }
  json tally3 = hall.Tally(round3.id);
  // The chair announces it (hall-admin round announce).
  ASSERT_TRUE(hall.election->committee().AnnounceRound(round3.id).ok());
  json announced = display.WaitFor(
      [](const json& l) {
        return AllTexts(l).find("Đã công bố kết quả") != std::string::npos;
      },
      &d, "the announced result on the display");
  const std::string texts = AllTexts(announced);
  EXPECT_NE(texts.find(round3.persons[0]), std::string::npos) << texts;
  EXPECT_NE(texts.find("\n2\n"), std::string::npos) << texts;  // 2 votes

  EXPECT_EQ(kiosk.Stop(), 0) << kiosk.Log();
  EXPECT_EQ(display.Stop(), 0) << display.Log();
  CheckScreens(kiosk, tmp_.path() / "kiosk", "p1-kiosk-");
  CheckScreens(display, tmp_.path() / "display", "p1-display-");
}

struct KindCase {
  std::string procedure, step, kind;
  int levels;
  std::vector<std::string> options;  // the minutes' option names
};

TEST_F(KioskGuiTest, EveryOtherBallotKindInEachLanguage) {
  const KindCase cases[] = {
      {"vn-planning-next-term", "2", "approve", 2, {"agree", "disagree"}},
      {"vn-planning-annual-review", "1a", "yesno_abstain", 3,
       {"agree", "disagree", "abstain"}},
      {"vn-confidence-vote", "2r", "rate3", 3, {"high", "medium", "low"}},
      {"cn-cadre-selection", "2", "rate4", 4,
       {"excellent", "competent", "basic", "incompetent"}},
  };
  for (const KindCase& c : cases) {
    SCOPED_TRACE(c.kind);
    Hall hall(c.procedure, "Hội nghị – " + c.kind);
    if (c.procedure == "cn-cadre-selection") {
      // Step 1 (nomination) must be tallied first; its ballots come from
      // the headless client.
      auto first = hall.Round("1");
      auto client = client::VotingClient::Connect(
          "127.0.0.1", hall.server->port(),
          [&] {
            net::TlsClientConfig t;
            const fs::path b = hall.Enrol("setup");
            t.ca_cert_pem_path = (b / "ca.crt").string();
            t.cert_path = (b / "kiosk.crt").string();
            t.key_path = (b / "kiosk.key").string();
            return t;
          }(),
          hall.election->seal_public());
      ASSERT_TRUE(client.ok()) << client.message();
      auto t = client->FetchBallot(first.id);
      ASSERT_TRUE(t.ok());
      for (int i = 0; i < 3; ++i) {
        auto b = client->PrepareBallot(*t, first.codes[static_cast<std::size_t>(i)],
                                       std::vector<crypto::Mark>{crypto::Mark(0u)});
        ASSERT_TRUE(b.ok());
        ASSERT_TRUE(client->Cast(*b).ok());
      }
      hall.Tally(first.id);
    }
    auto round = hall.Round(c.step);
    KioskWindow kiosk(*x_, hall.Enrol("kiosk-01"), tmp_.path() / c.kind, false);
    const char* langs[] = {"vi", "zh", "en"};
    const int persons = static_cast<int>(round.persons.size());
    for (int i = 0; i < 3; ++i) {
      Walk w{langs[i], round.codes[static_cast<std::size_t>(i)], {}};
      for (int p = 0; p < persons; ++p) w.marks.push_back({p, (p + i) % c.levels});
      Vote(kiosk, w);
    }
    json minutes = hall.Tally(round.id);
    EXPECT_EQ(minutes["ballots"]["cast"], 3);
    for (int p = 0; p < persons; ++p) {
      for (int l = 0; l < c.levels; ++l) {
        int expected = 0;
        for (int i = 0; i < 3; ++i) expected += (p + i) % c.levels == l;
        EXPECT_EQ(minutes["counts"][round.persons[static_cast<std::size_t>(p)]]
                         [c.options[static_cast<std::size_t>(l)]],
                  expected)
            << round.persons[static_cast<std::size_t>(p)] << " "
            << c.options[static_cast<std::size_t>(l)] << "\n"
            << minutes.dump();
      }
    }
    EXPECT_EQ(kiosk.Stop(), 0) << kiosk.Log();
    CheckScreens(kiosk, tmp_.path() / c.kind, c.kind + "-");
  }
}

}  // namespace
}  // namespace hall::kiosk::gui
