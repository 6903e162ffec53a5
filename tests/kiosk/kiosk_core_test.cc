// The kiosk core with its worker thread against the REAL hall-server
// process: a delegate's whole vote through intents, a challenge, a refusal,
// and a server killed and restarted in the middle of a cast.
#include "hall/kiosk/kiosk_core.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "hall/shared/client/voting_client.h"
#include "hall/sim/loadgen/election.h"
#include "hall/sim/loadgen/server_process.h"

namespace hall::kiosk {
namespace {

namespace lg = sim::loadgen;
using namespace std::chrono_literals;

class KioskCoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    lg::ElectionOptions o;
    o.people = 6;
    o.kiosks = 1;
    auto e = lg::Election::Create(tmp_.path() / "inst", o);
    ASSERT_TRUE(e.ok()) << e.message();
    election_ = std::move(e).value();
    server_ = std::make_unique<lg::ServerProcess>(
        HALL_SERVER_BINARY, tmp_.path() / "inst", tmp_.path() / "server.log");
    ASSERT_TRUE(server_->Start().ok());
    auto r = election_->AddRound("2", /*open=*/true);
    ASSERT_TRUE(r.ok()) << r.message();
    round_ = std::move(r).value();
  }

  KioskConfig Config() {
    KioskConfig c;
    c.name = lg::Election::KioskName(0);
    c.port = server_->port();
    const auto tls = election_->KioskTls(0);
    c.ca_path = tls.ca_cert_pem_path;
    c.cert_path = tls.cert_path;
    c.key_path = tls.key_path;
    const auto seal = election_->seal_public().bytes();
    c.seal_public_key.assign(seal.begin(), seal.end());
    c.committee = "Ban tổ chức";
    c.poll_interval = 200ms;
    c.cast_budget = 30s;
    return c;
  }

  std::unique_ptr<KioskCore> Start() {
    auto core = KioskCore::Create(Config());
    HALL_CHECK(core.ok());
    return std::move(core).value();
  }

  // The latest view-model once `ready` holds for it (at most 30 s).
  std::shared_ptr<const ViewModel> WaitFor(
      KioskCore& core, const std::function<bool(const ViewModel&)>& ready) {
    const auto until = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < until) {
      core.Tick();
      auto vm = core.Snapshot();
      if (ready(*vm)) return vm;
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "screen " << ScreenName(core.Snapshot()->screen);
    return core.Snapshot();
  }
  std::shared_ptr<const ViewModel> WaitScreen(KioskCore& core, Screen s) {
    return WaitFor(core, [s](const ViewModel& vm) { return vm.screen == s; });
  }

  static Intent Do(Action a, int person = 0, int level = 0) {
    Intent i;
    i.action = a;
    i.person = person;
    i.level = level;
    return i;
  }

  void EnterCode(KioskCore& core, const std::string& code) {
    WaitScreen(core, Screen::kIdle);
    core.Post(Do(Action::kStart));
    for (char c : code) {
      Intent i = Do(Action::kSymbol);
      i.symbol = c;
      core.Post(i);
    }
    core.Post(Do(Action::kSubmitCode));
    WaitScreen(core, Screen::kBallot);
  }

  // Waits for Review with the ballot prepared.
  void ReviewReady(KioskCore& core) {
    core.Post(Do(Action::kToReview));
    WaitFor(core, [](const ViewModel& vm) {
      const auto* r = std::get_if<ReviewVm>(&vm.body);
      return r && r->cast.enabled;
    });
  }

  std::uint64_t CastInBox() {
    auto c = client::VotingClient::Connect("127.0.0.1", server_->port(),
                                           election_->KioskTls(0),
                                           election_->seal_public());
    HALL_CHECK(c.ok());
    auto s = c->Status();
    HALL_CHECK(s.ok() && s->round);
    return s->round->cast;
  }

  lg::TempDir tmp_{"hall-kiosk-core-test"};
  std::unique_ptr<lg::Election> election_;
  std::unique_ptr<lg::ServerProcess> server_;
  lg::ElectionRound round_;
};

TEST_F(KioskCoreTest, ADelegateVotesAndChecksTheBallotIsInTheBox) {
  auto core = Start();
  auto idle = WaitScreen(*core, Screen::kIdle);
  EXPECT_NE(idle->chrome.seal_line.find("Ban tổ chức"), std::string::npos);
  EnterCode(*core, round_.codes[0]);
  core->Post(Do(Action::kMark, 2));
  ReviewReady(*core);
  core->Post(Do(Action::kCast));
  auto receipt = WaitScreen(*core, Screen::kReceipt);
  const auto& r = std::get<ReceiptVm>(receipt->body);
  EXPECT_FALSE(r.tracking_code.empty());
  EXPECT_GT(r.qr_size, 0);
  core->Post(Do(Action::kCheckInclusion));
  auto proven = WaitFor(*core, [](const ViewModel& vm) {
    const auto* rv = std::get_if<ReceiptVm>(&vm.body);
    return rv && !rv->inclusion.empty() &&
           rv->inclusion.find("…") == std::string::npos;
  });
  EXPECT_NE(std::get<ReceiptVm>(proven->body).inclusion.find("mục 1"),
            std::string::npos)
      << std::get<ReceiptVm>(proven->body).inclusion;
  EXPECT_EQ(CastInBox(), 1u);
  core->Post(Do(Action::kDone));
  WaitScreen(*core, Screen::kIdle);
}

TEST_F(KioskCoreTest, AChallengedBallotIsNeverCastAndTheCodeStillVotes) {
  auto core = Start();
  EnterCode(*core, round_.codes[1]);
  core->Post(Do(Action::kMark, 0));
  ReviewReady(*core);
  core->Post(Do(Action::kChallenge));
  auto checked = WaitFor(*core, [](const ViewModel& vm) {
    const auto* c = std::get_if<ChallengeVm>(&vm.body);
    return c && !c->busy;
  });
  EXPECT_TRUE(std::get<ChallengeVm>(checked->body).verified);
  EXPECT_EQ(CastInBox(), 0u);
  core->Post(Do(Action::kBackToBallot));
  WaitScreen(*core, Screen::kBallot);
  ReviewReady(*core);
  core->Post(Do(Action::kCast));
  WaitScreen(*core, Screen::kReceipt);
  EXPECT_EQ(CastInBox(), 1u);
}

TEST_F(KioskCoreTest, AUsedCodeIsRefusedOnItsOwnScreen) {
  auto core = Start();
  for (int attempt = 0; attempt < 2; ++attempt) {
    EnterCode(*core, round_.codes[2]);
    core->Post(Do(Action::kMark, attempt));
    ReviewReady(*core);
    core->Post(Do(Action::kCast));
    auto vm = WaitFor(*core, [](const ViewModel& v) {
      return v.screen == Screen::kReceipt || v.screen == Screen::kMessage;
    });
    if (attempt == 0) {
      ASSERT_EQ(vm->screen, Screen::kReceipt);
      core->Post(Do(Action::kDone));
    } else {
      ASSERT_EQ(vm->screen, Screen::kMessage);
      EXPECT_EQ(std::get<MessageVm>(vm->body).title, "Mã này đã được dùng");
    }
  }
  EXPECT_EQ(CastInBox(), 1u);
}

TEST_F(KioskCoreTest, AServerKilledDuringTheCastEndsWithOneBallotAndOneReceipt) {
  auto core = Start();
  EnterCode(*core, round_.codes[3]);
  core->Post(Do(Action::kMark, 1));
  ReviewReady(*core);
  server_->Kill();  // as a crash would
  core->Post(Do(Action::kCast));
  WaitScreen(*core, Screen::kCasting);
  std::this_thread::sleep_for(1500ms);  // the kiosk retries meanwhile
  EXPECT_EQ(core->Snapshot()->screen, Screen::kCasting);
  ASSERT_TRUE(server_->Start().ok());
  auto vm = WaitFor(*core, [](const ViewModel& v) {
    return v.screen != Screen::kCasting;
  });
  ASSERT_EQ(vm->screen, Screen::kReceipt);
  EXPECT_EQ(CastInBox(), 1u);
  core->Post(Do(Action::kCheckInclusion));
  auto proven = WaitFor(*core, [](const ViewModel& v) {
    const auto* rv = std::get_if<ReceiptVm>(&v.body);
    return rv && !rv->inclusion.empty() &&
           rv->inclusion.find("…") == std::string::npos;
  });
  EXPECT_NE(std::get<ReceiptVm>(proven->body).inclusion.find("Đã kiểm tra"),
            std::string::npos);
}

TEST(KioskCoreCreateTest, RefusesToStartWithoutItsFilesNamingThem) {
  KioskConfig c;
  c.port = 4433;
  c.ca_path = "/nonexistent/ca.crt";
  auto core = KioskCore::Create(c);
  ASSERT_FALSE(core.ok());
  EXPECT_EQ(core.code(), StatusCode::kNotFound);
  EXPECT_NE(core.message().find("ca.crt"), std::string::npos);
  EXPECT_NE(core.message().find("kiosk.key"), std::string::npos);
  EXPECT_NE(core.message().find("hall-admin kiosk enrol"), std::string::npos);
}

}  // namespace
}  // namespace hall::kiosk
