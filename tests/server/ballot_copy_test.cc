// Ballot independence through the server's real path (the kiosk service and
// the ballot box), for every ballot kind: a delegate who re-signs another
// delegate's published ballot with his own code, or copies one person's
// block (ciphertexts, 0/1 proofs and that person's constraint proofs) from
// it into his own ballot, is refused at cast with a message that names the
// problem; his own ballot is then accepted, and the round tallies to the
// right counts.
#include <gtest/gtest.h>

#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/envelope.h"
#include "hall/server/kiosk_service.h"
#include "hall/server/tally.h"
#include "hall/shared/protocol.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

using crypto::Mark;

constexpr char kNotThisCredential[] =
    "the ballot's proofs do not verify for this ballot code: it is not a "
    "valid ballot for this round (a ballot, or part of one, copied from "
    "another ballot is refused)";

struct KindRound {
  const char* name;
  const char* procedure;
  const char* step;
  // A step that must be tallied first (P7 runs in order), or nullptr.
  const char* before;
  // One ballot per voter, marks per person (2 persons). Voter 0 is the
  // victim, voter 3 the copier.
  std::vector<std::vector<Mark>> marks;
};

std::vector<KindRound> Kinds() {
  return {
      {"nominate",
       "P1",
       "2",
       nullptr,
       {{0u}, {1u}, {0u}, {1u}, {std::nullopt}}},
      {"approve",
       "P2",
       "2",
       nullptr,
       {{0u, 1u}, {1u, 1u}, {0u, std::nullopt}, {1u, 0u}, {0u, 0u}}},
      {"rate3",
       "P5",
       "2r",
       nullptr,
       {{0u, 2u}, {1u, 1u}, {0u, 0u}, {2u, 0u}, {1u, 2u}}},
      {"rate4",
       "P7",
       "2",
       "1",
       {{3u, 1u}, {0u, 1u}, {2u, 2u}, {0u, 0u}, {1u, 3u}}},
      {"yesno_abstain",
       "P3",
       "1a",
       nullptr,
       {{1u, 2u}, {0u, 0u}, {2u, 1u}, {0u, 1u}, {1u, 0u}}},
  };
}

struct Envelope {
  crypto::VerifyKey credential;
  shared::CastPayloadParts parts;
  crypto::EncryptedBallot ballot;
};

Envelope Open(const crypto::Bytes& bytes) {
  auto env = crypto::CredentialEnvelope::Decode(bytes);
  HALL_CHECK(env.ok());
  auto parts = shared::ParseCastPayload(env->payload());
  HALL_CHECK(parts.ok());
  auto ballot = crypto::EncryptedBallot::Decode(parts->ballot);
  HALL_CHECK(ballot.ok());
  return {env->credential(), std::move(parts).value(),
          std::move(ballot).value()};
}

class BallotCopyTest : public ::testing::TestWithParam<KindRound> {
 protected:
  void SetUp() override {
    const KindRound& k = GetParam();
    MeetingSpec spec;
    spec.title = "Hội nghị";
    spec.procedure = k.procedure;
    spec.recipient = &recipient_;
    spec.trustees = {"T1", "T2"};
    auto meeting = MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
    shares_ = std::move(meeting->shares);
    if (k.before) RunEarlierStep(k.before);
    NewRound r;
    r.meeting_id = meeting_;
    r.step = k.step;
    r.persons = {"An", "Bình"};
    auto round = committee_.CreateRound(r);
    ASSERT_TRUE(round.ok()) << round.message();
    round_ = *round;
    auto sealed = committee_.SealRound(round_, install_.seal());
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    codes_ = std::move(sealed->codes);
    ASSERT_EQ(codes_.size(), 5u);
    auto opened = committee_.OpenRound(round_);
    ASSERT_TRUE(opened.ok()) << opened.message();
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    box_ = std::move(box).value();
    auto db = OpenInstallation(install_.paths(), install_.key());
    ASSERT_TRUE(db.ok());
    kiosk_.emplace(*box_, std::move(db).value());
  }

  // Runs `step` with five nominations of the first person, to the tally.
  void RunEarlierStep(const char* step) {
    NewRound r;
    r.meeting_id = meeting_;
    r.step = step;
    r.persons = {"An", "Bình"};
    auto round = committee_.CreateRound(r);
    ASSERT_TRUE(round.ok()) << round.message();
    auto sealed = committee_.SealRound(*round, install_.seal());
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    ASSERT_TRUE(committee_.OpenRound(*round).ok());
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    for (const auto& code : sealed->codes) {
      auto receipt =
          (*box)->Cast(*round, FillBallot(install_.db(), *round, code, {0u}));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
    }
    (*box)->Stop();
    ASSERT_TRUE(committee_.CloseRound(*round, install_.seal()).ok());
    auto tally = committee_.RehearseTally(*round, {&shares_[0], &shares_[1]},
                                       install_.seal());
    ASSERT_TRUE(tally.ok()) << tally.message();
  }

  // Casts through the kiosk service as a kiosk would; the error it answers
  // (its protocol code and message) or OK.
  std::pair<std::optional<shared::ErrorCode>, std::string> CastAtKiosk(
      const crypto::Bytes& envelope) {
    shared::CastRequest req;
    req.round_id = round_;
    req.envelope = envelope;
    const net::Frame answer = kiosk_->Handle(
        PeerInfo{}, net::Frame{static_cast<std::uint16_t>(
                                   shared::MessageType::kCastRequest),
                               req.Encode()});
    if (answer.type ==
        static_cast<std::uint16_t>(shared::MessageType::kCastResponse)) {
      return {std::nullopt, ""};
    }
    auto error = shared::ErrorMessage::Decode(answer.payload);
    HALL_CHECK(error.ok());
    return {error->code, error->message};
  }

  crypto::Bytes Fill(std::size_t voter) {
    return FillBallot(install_.db(), round_, codes_[voter],
                      GetParam().marks[voter]);
  }

  // The option counts the five genuine ballots add up to.
  std::vector<std::uint64_t> ExpectedCounts() {
    auto t = LoadTemplate(install_.db(), round_);
    HALL_CHECK(t.ok());
    std::vector<std::uint64_t> counts;
    for (const auto& marks : GetParam().marks) {
      auto plain = crypto::MarksToPlaintext(t->Spec(), marks);
      HALL_CHECK(plain.ok());
      counts.resize(plain->size());
      for (std::size_t o = 0; o < plain->size(); ++o) counts[o] += (*plain)[o];
    }
    return counts;
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  RecipientKey recipient_ = GenerateRecipientKey();
  std::uint64_t meeting_ = 0;
  std::uint64_t round_ = 0;
  std::vector<crypto::CredentialCode> codes_;
  std::vector<crypto::TrusteeShare> shares_;
  std::unique_ptr<BallotBox> box_;
  std::optional<KioskService> kiosk_;
};

TEST_P(BallotCopyTest, CopiesAreRefusedAtCastAndTheRoundStillTallies) {
  // The victim votes; the board publishes the envelope (the attacker finds
  // it by its tracking code).
  const crypto::Bytes victim = Fill(0);
  ASSERT_EQ(CastAtKiosk(victim).first, std::nullopt);
  for (std::size_t voter : {1u, 2u}) {
    auto [code, message] = CastAtKiosk(Fill(voter));
    ASSERT_EQ(code, std::nullopt) << message;
  }
  const crypto::SigningKey attacker = codes_[3].DeriveKey();
  const Envelope v = Open(victim);

  // (a) The victim's whole ballot, re-signed with the attacker's code.
  auto [resigned_code, resigned_message] =
      CastAtKiosk(crypto::SignEnvelope(
                      attacker, shared::CastPayload(v.parts.template_digest,
                                                    v.ballot.Encode()))
                      .Encode());
  EXPECT_EQ(resigned_code, shared::ErrorCode::kRefused);
  EXPECT_EQ(resigned_message, kNotThisCredential);

  // (b) Person 0's block of the victim's ballot copied into the attacker's
  // own: its ciphertexts, their 0/1 proofs and every constraint proof over
  // them.
  const crypto::Bytes own = Fill(3);
  Envelope a = Open(own);
  auto t = LoadTemplate(install_.db(), round_);
  ASSERT_TRUE(t.ok());
  auto shape = crypto::ShapeFor(t->Spec());
  ASSERT_TRUE(shape.ok());
  const std::uint32_t block = shape->num_options / t->Spec().persons;
  crypto::EncryptedBallot copied = a.ballot;
  for (std::uint32_t o = 0; o < block; ++o) {
    copied.options[o] = v.ballot.options[o];
    copied.option_proofs[o] = v.ballot.option_proofs[o];
  }
  for (std::size_t c = 0; c < shape->constraints.size(); ++c) {
    for (std::uint32_t o : shape->constraints[c].options) {
      if (o < block)
        copied.constraint_proofs[c] = v.ballot.constraint_proofs[c];
    }
  }
  auto [copied_code, copied_message] =
      CastAtKiosk(crypto::SignEnvelope(
                      attacker, shared::CastPayload(a.parts.template_digest,
                                                    copied.Encode()))
                      .Encode());
  EXPECT_EQ(copied_code, shared::ErrorCode::kRefused);
  EXPECT_EQ(copied_message, kNotThisCredential);

  // Neither attempt used the attacker's code: his own ballot counts.
  for (const crypto::Bytes& envelope : {own, Fill(4)}) {
    auto [code, message] = CastAtKiosk(envelope);
    ASSERT_EQ(code, std::nullopt) << message;
  }
  box_->Stop();
  ASSERT_TRUE(committee_.CloseRound(round_, install_.seal()).ok());

  const std::vector<const crypto::TrusteeShare*> two = {&shares_[0],
                                                        &shares_[1]};
  auto in = GatherTally(install_.db(), round_);
  ASSERT_TRUE(in.ok()) << in.message();
  std::vector<shared::PartialFile> files;
  for (const auto* share : two) {
    auto file =
        shared::MakePartialFile(in->request, *share, crypto::DefaultRandom());
    ASSERT_TRUE(file.ok()) << file.message();
    files.push_back(std::move(file).value());
  }
  auto opened = shared::CombinePartialFiles(in->request, files, &recipient_);
  ASSERT_TRUE(opened.ok()) << opened.message();
  EXPECT_EQ(in->request.aggregate.ballot_count(), 5u);
  EXPECT_EQ(opened->counts, ExpectedCounts());
  auto tally = committee_.RehearseTally(round_, two, install_.seal());
  EXPECT_TRUE(tally.ok()) << tally.message();
}

INSTANTIATE_TEST_SUITE_P(EveryKind, BallotCopyTest,
                         ::testing::ValuesIn(Kinds()), [](const auto& info) {
                           std::string n = info.param.name;
                           return n;
                         });

}  // namespace
}  // namespace hall::server::testing
