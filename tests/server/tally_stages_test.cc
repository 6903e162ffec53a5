// The tally's stages (tally.h) run one by one on a real closed round: each
// gives what the next needs, nothing is stored before StoreTally, and a
// second store of the same round is refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hall/server/minutes.h"
#include "hall/server/tally.h"
#include "hall/shared/minutes_document.h"
#include "hall/shared/round_verifier.h"
#include "hall/shared/tally_request.h"
#include "hall/shared/statements.h"
#include "server_test_util.h"

namespace hall::server::testing {
namespace {

class TallyStagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MeetingSpec spec;
    spec.recipient = &recipient_;
    auto meeting = MakeMeeting(committee_, spec, install_.seal());
    ASSERT_TRUE(meeting.ok()) << meeting.message();
    meeting_ = meeting->id;
    shares_ = std::move(meeting->shares);
    auto sealed = testing::CreateSealAndOpen(committee_, install_.seal(),
                                             meeting_, "2", {"An", "Bình"});
    ASSERT_TRUE(sealed.ok()) << sealed.message();
    round_ = sealed->id;
    auto box = BallotBox::Open(install_.paths().db(), install_.key());
    ASSERT_TRUE(box.ok()) << box.message();
    // An 3, Bình 1, one blank.
    const std::vector<crypto::Mark> marks = {0, 0, 0, 1, std::nullopt};
    for (std::size_t i = 0; i < marks.size(); ++i) {
      auto receipt = (*box)->Cast(
          round_, FillBallot(install_.db(), round_, sealed->codes[i],
                             {marks[i]}));
      ASSERT_TRUE(receipt.ok()) << receipt.message();
    }
    (*box)->Stop();
    ASSERT_TRUE(committee_.CloseRound(round_, install_.seal()).ok());
  }

  std::vector<const crypto::TrusteeShare*> Shares(std::size_t n) {
    std::vector<const crypto::TrusteeShare*> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(&shares_[i]);
    return out;
  }

  RoundState State() { return committee_.Round(round_)->state; }

  // What the first n trustees' devices answer (hall-trustee decrypt).
  std::vector<shared::PartialFile> Partials(const GatheredTally& in,
                                            std::size_t n) {
    std::vector<shared::PartialFile> out;
    for (std::size_t i = 0; i < n; ++i) {
      auto f = shared::MakePartialFile(in.request, shares_[i],
                                       crypto::DefaultRandom());
      EXPECT_TRUE(f.ok()) << f.message();
      if (f.ok()) out.push_back(std::move(f).value());
    }
    return out;
  }

  // Runs SQL as the server's operator would, with root on the machine.
  void Alter(const std::string& sql) {
    ASSERT_TRUE(install_.db().Prepare(sql).Run().ok()) << sql;
  }

  // Tallies with two trustees; the refusal's code and message.
  Status Tally() {
    auto out = committee_.RehearseTally(round_, Shares(2), install_.seal());
    return out.status();
  }

  // A step-3 round compared with this one, as a draft.
  std::uint64_t CreateStepThree() {
    NewRound r;
    r.meeting_id = meeting_;
    r.step = "3";
    r.persons = {"An", "Bình"};
    r.compare_with = round_;
    auto next = committee_.CreateRound(r);
    EXPECT_TRUE(next.ok()) << next.message();
    return next.ok() ? *next : 0;
  }

  // Nothing was written: the round is still closed, without minutes.
  void ExpectNothingStored() {
    EXPECT_EQ(State(), RoundState::kClosed);
    auto q = install_.db().Prepare(
        "SELECT minutes IS NULL AND sealed_minutes IS NULL FROM rounds WHERE "
        "id = ?");
    q.Bind(1, static_cast<std::int64_t>(round_));
    ASSERT_TRUE(q.Step());
    EXPECT_EQ(q.Int(0), 1);
  }

  TempInstallation install_;
  Committee committee_{install_.db()};
  RecipientKey recipient_ = GenerateRecipientKey();
  std::uint64_t meeting_ = 0;
  std::uint64_t round_ = 0;
  std::vector<crypto::TrusteeShare> shares_;
};

TEST_F(TallyStagesTest, FewerThanKTrusteesOrOneTwiceStoreNothing) {
  auto in = GatherTally(install_.db(), round_);
  ASSERT_TRUE(in.ok()) << in.message();
  std::vector<shared::PartialFile> one = Partials(*in, 1);
  auto refused = committee_.TallyRound(round_, one, nullptr);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "the box needs 2 of 3 trustees' partial decryptions; 1 given");
  // The same trustee twice is refused, not counted as two.
  std::vector<shared::PartialFile> twice = {one[0], one[0]};
  auto repeated = committee_.TallyRound(round_, twice, nullptr);
  EXPECT_EQ(repeated.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(repeated.message(), "trustee 1 is given twice");
  ExpectNothingStored();
}

TEST_F(TallyStagesTest, EachStageGivesTheNextWhatItNeedsAndOnlyStoreStores) {
  auto in = GatherTally(install_.db(), round_);
  ASSERT_TRUE(in.ok()) << in.message();
  EXPECT_TRUE(in->request.sealed_step());
  ASSERT_EQ(in->request.definition.recipients.size(), 1u);
  EXPECT_EQ(in->request.sealed.issued, 5u);
  EXPECT_EQ(in->request.aggregate.ballot_count(), 5u);

  const std::vector<shared::PartialFile> files = Partials(*in, 2);
  for (const auto& f : files) {
    EXPECT_EQ(f.form, shared::PartialForm::kSealed);
    EXPECT_EQ(f.names, std::vector<std::string>{"competent authority"});
  }
  // The recipient combines: An 3, Bình 1, one blank.
  auto opened =
      shared::OpenRound(in->request, files, &recipient_, std::nullopt, {});
  ASSERT_TRUE(opened.ok()) << opened.message();
  EXPECT_EQ(opened->combined.counts, (std::vector<std::uint64_t>{3, 1}));
  EXPECT_EQ(opened->input.blank, 1);
  ASSERT_EQ(opened->outcome.outcomes.size(), 2u);
  EXPECT_EQ(opened->outcome.outcomes[0].candidate, "An");
  // 3 of 5 convened is more than half: An is chosen.
  EXPECT_EQ(opened->outcome.outcomes[0].status,
            rules::OutcomeStatus::kSelected);
  // Without a recipient's key nothing opens.
  EXPECT_EQ(shared::CombinePartialFiles(in->request, files).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(State(), RoundState::kClosed);  // nothing stored yet

  auto stored = StoreTally(install_.db(), *in, files, nullptr,
                           "2026-12-02T10:00:00Z", crypto::DefaultRandom());
  ASSERT_TRUE(stored.ok()) << stored.message();
  EXPECT_TRUE(stored->sealed);
  EXPECT_TRUE(stored->minutes_json.empty());
  EXPECT_EQ(State(), RoundState::kMinutesSealed);
  auto text = MinutesText(install_.db(), round_, &recipient_);
  ASSERT_TRUE(text.ok()) << text.message();
  EXPECT_EQ(nlohmann::json::parse(*text)["counts"]["An"], 3);
  EXPECT_EQ(MinutesText(install_.db(), round_, nullptr).code(),
            StatusCode::kPermissionDenied);

  auto again = StoreTally(install_.db(), *in, files, nullptr,
                          "2026-12-02T10:00:01Z", crypto::DefaultRandom());
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("was tallied meanwhile"), std::string::npos);
}

// The round verifier is a function of bytes: what the record export writes
// is all it needs, and every alteration is named.
TEST_F(TallyStagesTest, TheRoundVerifierChecksTheRoundFromItsBytesAlone) {
  Database& db = install_.db();
  auto seal = SealPublicKey(db);
  ASSERT_TRUE(seal.ok());
  auto signed_template = LoadSignedTemplate(db, round_);
  ASSERT_TRUE(signed_template.ok());
  auto q = db.Prepare(
      "SELECT credential_list, credential_list_sig FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(q.Step());
  const crypto::Bytes list = q.Blob(0);
  const crypto::Bytes list_sig = q.Blob(1);
  std::vector<crypto::Bytes> envelopes;
  auto b = db.Prepare("SELECT envelope FROM ballots WHERE round_id = ? ORDER BY idx");
  b.Bind(1, static_cast<std::int64_t>(round_));
  while (b.Step()) envelopes.push_back(b.Blob(0));
  ASSERT_EQ(envelopes.size(), 5u);

  const shared::RoundAddress address{Installation(db), meeting_, round_};
  auto sealed = shared::VerifySealedRound(*seal, address, *signed_template,
                                          list, list_sig);
  ASSERT_TRUE(sealed.ok()) << sealed.message();
  auto board = shared::VerifyBallots(*sealed, envelopes, 2);
  ASSERT_TRUE(board.ok()) << board.message();
  EXPECT_EQ(board->count, 5u);
  EXPECT_EQ(board->head,
            BoardHead(db, round_, sealed->ballot_template.Digest()));

  // Another seal's key.
  const crypto::SigningKey stranger = crypto::SigningKey::Generate();
  auto foreign = shared::VerifySealedRound(
      stranger.verify_key(), address, *signed_template, list, list_sig);
  EXPECT_EQ(foreign.code(), StatusCode::kCorruption);
  EXPECT_EQ(foreign.message(),
            "the stored ballot template or credential list does not carry the "
            "seal");
  // Another round's address: its bytes cannot stand in for this round's.
  shared::RoundAddress elsewhere = address;
  elsewhere.round_id = round_ + 1;
  auto moved = shared::VerifySealedRound(*seal, elsewhere, *signed_template,
                                         list, list_sig);
  EXPECT_EQ(moved.code(), StatusCode::kCorruption);
  EXPECT_EQ(moved.message(),
            "the stored ballot template was sealed for another round "
            "(installation " + Installation(db) + ", meeting " +
                std::to_string(meeting_) + ", round " +
                std::to_string(round_) + ")");
  // A credential list signed for another round is not this one's.
  crypto::Bytes other_list = list;
  other_list[other_list.size() / 2] ^= 1;
  EXPECT_EQ(
      shared::VerifySealedRound(*seal, address, *signed_template, other_list,
                                list_sig)
          .message(),
      "the stored ballot template or credential list does not match what was "
      "sealed");
  // One envelope altered.
  std::vector<crypto::Bytes> altered = envelopes;
  altered[2][altered[2].size() - 10] ^= 1;
  auto bad = shared::VerifyBallots(*sealed, altered, 2);
  EXPECT_EQ(bad.code(), StatusCode::kCorruption);
  EXPECT_EQ(bad.message().rfind("stored ballot 2 does not verify (", 0), 0u)
      << bad.message();
  // One envelope twice.
  std::vector<crypto::Bytes> repeated = envelopes;
  repeated.push_back(envelopes[0]);
  EXPECT_EQ(shared::VerifyBallots(*sealed, repeated).message(),
            "the stored ballots repeat one another");
}

// The operator with root on the server edits rows after the seal. Step 2
// of P1 is sealed: turning it "announced" would publish its counts.
TEST_F(TallyStagesTest, AProcedureFileEditedAfterTheSealIsRefused) {
  auto q = install_.db().Prepare(
      "SELECT procedure_file FROM meetings WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting_));
  ASSERT_TRUE(q.Step());
  const auto bytes = q.Blob(0);
  std::string text(bytes.begin(), bytes.end());
  const std::string sealed = "\"disclosure\": \"sealed\"";
  for (auto at = text.find(sealed); at != std::string::npos;
       at = text.find(sealed))
    text.replace(at, sealed.size(), "\"disclosure\": \"announced\"");
  auto upd = install_.db().Prepare(
      "UPDATE meetings SET procedure_file = ? WHERE id = ?");
  upd.Bind(1, crypto::Bytes(text.begin(), text.end()))
      .Bind(2, static_cast<std::int64_t>(meeting_));
  ASSERT_TRUE(upd.Run().ok());

  const Status s = Tally();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), "meeting " + std::to_string(meeting_) +
                             ": the stored procedure is not the one its "
                             "signed definition binds; the database was "
                             "altered");
  ExpectNothingStored();
}

TEST_F(TallyStagesTest, ARoundMovedToAnAnnouncedStepIsRefused) {
  Alter("UPDATE rounds SET step = '3' WHERE id = " + std::to_string(round_));
  const Status s = Tally();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_EQ(s.message(), "round " + std::to_string(round_) +
                             ": the stored step is not the one its ballot "
                             "was sealed for; the database was altered");
  ExpectNothingStored();
}

TEST_F(TallyStagesTest, ARecipientAddedAfterTheFreezeGetsNothing) {
  const RecipientKey intruder = GenerateRecipientKey();
  auto ins = install_.db().Prepare(
      "INSERT INTO recipients(meeting_id, name, public_key) VALUES(?, ?, ?)");
  ins.Bind(1, static_cast<std::int64_t>(meeting_))
      .Bind(2, "operator")
      .Bind(3, intruder.public_key());
  ASSERT_TRUE(ins.Run().ok());

  auto out = committee_.RehearseTally(round_, Shares(2), install_.seal());
  ASSERT_TRUE(out.ok()) << out.message();
  EXPECT_TRUE(out->sealed);
  EXPECT_EQ(out->recipients, 1u);
  auto q = install_.db().Prepare(
      "SELECT sealed_minutes FROM rounds WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(round_));
  ASSERT_TRUE(q.Step());
  auto files = shared::DecodeSealedTally(q.Blob(0));
  ASSERT_TRUE(files.ok()) << files.message();
  ASSERT_EQ(files->size(), 2u);
  for (const auto& f : *files)
    EXPECT_EQ(f.names, std::vector<std::string>{"competent authority"});
  EXPECT_EQ(RecipientMinutes(install_.db(), round_, intruder).code(),
            StatusCode::kNotFound);
  EXPECT_TRUE(RecipientMinutes(install_.db(), round_, recipient_).ok());
}

TEST_F(TallyStagesTest, ADeletedDefinitionIsNeverSignedAnew) {
  Alter("UPDATE meetings SET definition = NULL, definition_sig = NULL");
  const std::string missing =
      "meeting " + std::to_string(meeting_) +
      ": its signed definition is missing though rounds of it are sealed; "
      "the database was altered";
  const Status tally = Tally();
  EXPECT_EQ(tally.code(), StatusCode::kCorruption);
  EXPECT_EQ(tally.message(), missing);
  ExpectNothingStored();
  // Sealing the next round would sign what the operator changed meanwhile.
  std::uint64_t next = 0;
  ASSERT_NO_FATAL_FAILURE(next = CreateStepThree());
  auto sealed = committee_.SealRound(next, install_.seal());
  EXPECT_EQ(sealed.code(), StatusCode::kCorruption);
  EXPECT_EQ(sealed.message(), missing);
  EXPECT_EQ(committee_.Round(next)->state, RoundState::kDraft);
}

TEST_F(TallyStagesTest, TheRollMembersAndIssuedCountAreTheSignedOnes) {
  const std::string id = std::to_string(round_);
  const std::string meeting = std::to_string(meeting_);
  struct Edit {
    std::string change, undo, message;
  };
  const std::vector<Edit> edits = {
      {"UPDATE roll SET grp = 'y' WHERE person_id = 'p1'",
       "UPDATE roll SET grp = 'x' WHERE person_id = 'p1'",
       "meeting " + meeting + ": the roll is not the signed one"},
      {"DELETE FROM roll WHERE person_id = 'p5'",
       "INSERT INTO roll(meeting_id, person_id, name, grp, present) "
       "VALUES(" + meeting + ", 'p5', 'Person 5', 'x', 1)",
       "meeting " + meeting + ": the roll is not the signed one"},
      {"UPDATE meetings SET members = 9", "UPDATE meetings SET members = 5",
       "meeting " + meeting + ": the member count is not the signed one"},
      {"UPDATE rounds SET issued = 4", "UPDATE rounds SET issued = 5",
       "round " + id +
           ": the stored round is not the one the box was sealed with"},
  };
  for (const Edit& e : edits) {
    SCOPED_TRACE(e.change);
    Alter(e.change);
    const Status s = Tally();
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_EQ(s.message(), e.message + "; the database was altered");
    Alter(e.undo);
  }
  ExpectNothingStored();
  EXPECT_TRUE(Tally().ok());
}

TEST_F(TallyStagesTest, UnreadablePersonsOrGroupsAreRefusedNotThrown) {
  for (const std::string column : {"persons", "groups"}) {
    for (const std::string value : {"'not json'", "'[1, 2]'", "'{}'"}) {
      SCOPED_TRACE(column + " = " + value);
      Alter("UPDATE rounds SET " + column + " = " + value);
      auto r = LoadRound(install_.db(), round_);
      EXPECT_EQ(r.code(), StatusCode::kCorruption);
      EXPECT_EQ(r.message(), "round " + std::to_string(round_) +
                                 ": the stored persons or groups cannot be "
                                 "read; the database was altered");
    }
    Alter("UPDATE rounds SET " + column + " = '[]'");
  }
}

// What the outcome depends on beside the ballots is signed at seal: the
// electorate's groups, the posts, the compared round, the head's nominee.
TEST_F(TallyStagesTest, TheRoundsTermsAreTheSignedOnes) {
  const std::string id = std::to_string(round_);
  for (const std::string& edit :
       {std::string("groups = '[\"x\"]'"), std::string("slots = 2"),
        std::string("head_nominee = 'An'"),
        std::string("previous_round = ") + id}) {
    SCOPED_TRACE(edit);
    Alter("UPDATE rounds SET " + edit + " WHERE id = " + id);
    const Status s = Tally();
    EXPECT_EQ(s.code(), StatusCode::kCorruption);
    EXPECT_EQ(s.message(), "round " + id +
                               ": the stored round is not the one the box "
                               "was sealed with; the database was altered");
    Alter("UPDATE rounds SET groups = '[]', slots = 1, head_nominee = NULL, "
          "previous_round = NULL WHERE id = " + id);
  }
  ExpectNothingStored();
  EXPECT_TRUE(Tally().ok());
}

// The operator hides every trace of the seal, then waits for the next
// seal to sign a definition of his own: refused.
TEST_F(TallyStagesTest, HidingTheSealedRoundsDoesNotGetADefinitionSignedAnew) {
  Alter("UPDATE meetings SET definition = NULL, definition_sig = NULL");
  Alter("DELETE FROM ballots");
  Alter("UPDATE rounds SET template = NULL, credential_list = NULL");
  std::uint64_t next = 0;
  ASSERT_NO_FATAL_FAILURE(next = CreateStepThree());
  auto sealed = committee_.SealRound(next, install_.seal());
  EXPECT_EQ(sealed.code(), StatusCode::kCorruption);
  EXPECT_EQ(sealed.message(),
            "meeting " + std::to_string(meeting_) +
                ": its signed definition is missing though rounds of it are "
                "sealed; the database was altered");
}

// Before the first seal nothing is signed yet: the seal signs the meeting's
// procedure only when it is the committee's own file.
TEST(FreezeTest, TheSealSignsOnlyTheCommitteesOwnProcedureFile) {
  TempInstallation install;
  Committee committee(install.db());
  const RecipientKey recipient = GenerateRecipientKey();
  MeetingSpec spec;
  spec.recipient = &recipient;
  auto meeting = MakeMeeting(committee, spec, install.seal());
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  NewRound r;
  r.meeting_id = meeting->id;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  // The operator turns step 2 "announced" in the stored file.
  auto q = install.db().Prepare(
      "SELECT procedure_file FROM meetings WHERE id = ?");
  q.Bind(1, static_cast<std::int64_t>(meeting->id));
  ASSERT_TRUE(q.Step());
  const auto bytes = q.Blob(0);
  std::string text(bytes.begin(), bytes.end());
  const std::string sealed = "\"disclosure\": \"sealed\"";
  const auto at = text.find(sealed);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, sealed.size(), "\"disclosure\": \"announced\"");
  auto upd = install.db().Prepare(
      "UPDATE meetings SET procedure_file = ? WHERE id = ?");
  upd.Bind(1, crypto::Bytes(text.begin(), text.end()))
      .Bind(2, static_cast<std::int64_t>(meeting->id));
  ASSERT_TRUE(upd.Run().ok());

  auto refused = committee.SealRound(*round, install.seal());
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "meeting " + std::to_string(meeting->id) +
                ": its stored procedure file is not the committee's "
                "vn-138-appointment; the seal signs only a procedure the "
                "committee holds (for an adapted procedure, give the folder "
                "the meeting was created with: --procedures DIR)");
  EXPECT_FALSE(MeetingFrozen(install.db(), meeting->id));
  EXPECT_EQ(committee.Round(*round)->state, RoundState::kDraft);
}

TEST(FreezeTest, ADraftMovedToAStepWithoutABallotIsRefusedNotAborted) {
  TempInstallation install;
  Committee committee(install.db());
  auto meeting = MakeMeeting(committee, MeetingSpec{}, install.seal());
  ASSERT_TRUE(meeting.ok()) << meeting.message();
  NewRound r;
  r.meeting_id = meeting->id;
  r.step = "2";
  r.persons = {"An", "Bình"};
  auto round = committee.CreateRound(r);
  ASSERT_TRUE(round.ok()) << round.message();
  ASSERT_TRUE(install.db()
                  .Prepare("UPDATE rounds SET step = '1'")
                  .Run()
                  .ok());
  auto sealed = committee.SealRound(*round, install.seal());
  EXPECT_EQ(sealed.code(), StatusCode::kCorruption);
  EXPECT_EQ(sealed.message(), "round " + std::to_string(*round) +
                                  ": step 1 has no ballot; the database was "
                                  "altered");
}

TEST_F(TallyStagesTest, ADamagedRecipientKeyIsNamed) {
  Alter("UPDATE recipients SET public_key = x'0011'");
  auto recipients = LoadRecipients(install_.db(), meeting_);
  EXPECT_EQ(recipients.code(), StatusCode::kCorruption);
  EXPECT_EQ(recipients.message(),
            "meeting " + std::to_string(meeting_) +
                ": the stored key of recipient \"competent authority\" is "
                "damaged; the database was altered");
}

}  // namespace
}  // namespace hall::server::testing
