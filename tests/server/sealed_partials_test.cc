// A sealed step's partial files pass through a server that cannot look
// inside their boxes: one damaged file among them must not make the round
// impossible to open. The recipient sets it aside, names it, and opens the
// round with the k good ones; with fewer than k good ones it says so.
#include <gtest/gtest.h>

#include "hall/server/tally.h"
#include "server_test_util.h"

namespace hall::server {
namespace {

using testing::FillBallot;
using testing::TempInstallation;

class SealedPartialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MeetingSpec spec;
    spec.recipient = &recipient_;
    spec.k = 2;
    spec.trustees = {"T1", "T2", "T3"};
    auto meeting = testing::MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    shares_ = std::move(meeting->shares);
    auto sealed = testing::CreateSealAndOpen(committee_, install_.seal(),
                                             meeting->id, "2", {"An", "Bình"});
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    round_ = sealed->id;
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    for (std::size_t i = 0; i < 4; ++i) {
      ASSERT_TRUE((*box)
                      ->Cast(round_, FillBallot(install_.db(), round_,
                                                sealed->codes[i],
                                                {crypto::Mark(i % 2)}))
                      .ok());
    }
    (*box)->Stop();
    ASSERT_TRUE(committee_.CloseRound(round_, install_.seal()).ok());
    auto in = GatherTally(install_.db(), round_);
    ASSERT_TRUE(in.ok()) << in.message();
    in_.emplace(std::move(in).value());
    for (const auto& share : shares_) {
      auto file =
          shared::MakePartialFile(in_->request, share, crypto::DefaultRandom());
      ASSERT_TRUE(file.ok()) << file.message();
      files_.push_back(std::move(file).value());
    }
  }

  static void Damage(shared::PartialFile& f) {
    for (auto& box : f.boxes) box.back() ^= 1;
  }

  const RecipientKey recipient_ = GenerateRecipientKey();
  TempInstallation install_;
  Committee committee_{install_.db()};
  std::vector<crypto::TrusteeShare> shares_;
  std::uint64_t round_ = 0;
  std::optional<GatheredTally> in_;
  std::vector<shared::PartialFile> files_;
};

TEST_F(SealedPartialsTest, ADamagedFileIsSetAsideAndTheRoundOpens) {
  Damage(files_[1]);
  // The server cannot tell: it checks only what is outside the boxes.
  EXPECT_TRUE(shared::CheckSealedPartialFiles(in_->request, files_).ok());
  auto opened =
      shared::CombinePartialFiles(in_->request, files_, &recipient_);
  ASSERT_TRUE(opened.ok()) << opened.message();
  ASSERT_EQ(opened->set_aside.size(), 1u);
  EXPECT_NE(opened->set_aside[0].find("trustee 2"), std::string::npos)
      << opened->set_aside[0];
  EXPECT_EQ(opened->partials.size(), 2u);
  std::uint64_t total = 0;
  for (auto c : opened->counts) total += c;
  EXPECT_EQ(total, 4u);  // every ballot counted once: 2 and 2
}

TEST_F(SealedPartialsTest, FewerThanKGoodFilesNameEachOneSetAside) {
  Damage(files_[0]);
  Damage(files_[2]);
  auto opened =
      shared::CombinePartialFiles(in_->request, files_, &recipient_);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.message().find("only 1 of the partial decryptions"),
            std::string::npos)
      << opened.message();
  EXPECT_NE(opened.message().find("trustee 1"), std::string::npos);
  EXPECT_NE(opened.message().find("trustee 3"), std::string::npos);
}

}  // namespace
}  // namespace hall::server
