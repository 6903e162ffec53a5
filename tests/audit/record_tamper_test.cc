// The tampered-record corpus: the election record of a real P1 meeting,
// changed one way at a time as someone altering it would, every change
// caught and named by the check meant for it (hall-audit verify).
#include <gtest/gtest.h>

#include "audit_record_fixture.h"
#include "hall/audit/record_tools.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/ballot_shape.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/seal.h"
#include "hall/crypto/trustee.h"
#include "hall/shared/spoiled_ballot.h"
#include "hall/shared/statements.h"

namespace hall::audit::testing {
namespace {

namespace record = shared::record;

// P1 in the demo: round 1 step 2 (sealed, nominate), round 2 step 3
// (announced, compared with round 1), round 3 step 4 (sealed), round 4
// step 5 (announced).
constexpr std::uint64_t kSealed = 1;
constexpr std::uint64_t kAnnounced = 4;
const std::string kSealedSubject = "round 1";
const std::string kAnnouncedSubject = "round 4";

void ExpectCaught(const AuditReport& report, CheckKind kind,
                  const std::string& subject, const std::string& words = "") {
  EXPECT_FALSE(report.ok()) << Describe(report);
  const Check* c = report.Find(kind, subject);
  ASSERT_NE(c, nullptr) << "no check " << CheckKindName(kind) << " of "
                        << subject << "\n" << Describe(report);
  EXPECT_EQ(c->outcome, Outcome::kFailed) << Describe(report);
  if (!words.empty()) {
    EXPECT_NE(c->problem.find(words), std::string::npos) << c->problem;
  }
}

void ExpectOk(const AuditReport& report, CheckKind kind,
              const std::string& subject) {
  const Check* c = report.Find(kind, subject);
  ASSERT_NE(c, nullptr) << Describe(report);
  EXPECT_EQ(c->outcome, Outcome::kOk) << Describe(report);
}

TEST(RecordTamper, TheCleanRecordVerifies) {
  RecordCopy copy("clean");
  const AuditReport report = copy.Verify();
  EXPECT_TRUE(report.ok()) << Describe(report);
  EXPECT_EQ(report.Count(Outcome::kFailed), 0u);
  // Every round has its template, ballots, board and tally request checked.
  for (const std::string subject : {"round 1", "round 2", "round 3", "round 4"}) {
    for (CheckKind k : {CheckKind::kTemplate, CheckKind::kCredentialList,
                        CheckKind::kBoxSealed, CheckKind::kBallots,
                        CheckKind::kBoard, CheckKind::kTallyRequest,
                        CheckKind::kPartials})
      ExpectOk(report, k, subject);
  }
  for (CheckKind k : {CheckKind::kCounts, CheckKind::kOutcome, CheckKind::kMinutes})
    ExpectOk(report, k, kAnnouncedSubject);
  // A sealed round's counts are the recipients' only.
  EXPECT_EQ(report.Find(CheckKind::kCounts, kSealedSubject)->outcome,
            Outcome::kNotApplicable);
  ExpectOk(report, CheckKind::kStepRecords, "step 1");
  ExpectOk(report, CheckKind::kKeyCeremony, "meeting");
  for (const std::string subject : {"round 1", "round 2", "round 3", "round 4"})
    ExpectOk(report, CheckKind::kRoundState, subject);
}

TEST(RecordTamper, TrusteeCommitmentsAltered) {
  RecordCopy copy("commitments");
  auto commitments = crypto::DecodeCeremonyTranscript(copy.Read(
      std::string(record::kCeremony)));
  ASSERT_TRUE(commitments.ok());
  // Dealer 2's constant term for dealer 1's: the joint key moves.
  std::swap((*commitments)[0].commitments[0], (*commitments)[1].commitments[0]);
  std::swap((*commitments)[0].proofs[0], (*commitments)[1].proofs[0]);
  copy.Write(std::string(record::kCeremony),
             crypto::EncodeCeremonyTranscript(*commitments));
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kKeyCeremony, "meeting");
  // Without the transcript nothing shows the key came from the ceremony.
  std::filesystem::remove(copy.dir() / record::kCeremony);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kKeyCeremony, "meeting", "missing");
}

TEST(RecordTamper, ADroppedBallot) {
  RecordCopy copy("dropped");
  auto envelopes = copy.Envelopes(kAnnounced);
  envelopes.pop_back();
  copy.WriteBoard(kAnnounced, envelopes);
  copy.RebuildTallyRequest(kAnnounced);
  copy.RefreshDigests();
  const AuditReport report = copy.Verify();
  ExpectOk(report, CheckKind::kFiles, "meeting");
  ExpectCaught(report, CheckKind::kBoard, kAnnouncedSubject,
               "not the ones the box was closed with");
}

TEST(RecordTamper, AnAddedBallot) {
  RecordCopy copy("added");
  auto envelopes = copy.Envelopes(kAnnounced);
  envelopes.push_back(envelopes.front());
  copy.WriteBoard(kAnnounced, envelopes);
  copy.RebuildTallyRequest(kAnnounced);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kBallots, kAnnouncedSubject);
}

TEST(RecordTamper, ABallotOnAnUnlistedCredential) {
  RecordCopy copy("unlisted");
  auto envelopes = copy.Envelopes(kAnnounced);
  auto env = crypto::CredentialEnvelope::Decode(envelopes[0]);
  ASSERT_TRUE(env.ok());
  const auto stranger = crypto::SigningKey::Generate();
  envelopes[0] = crypto::SignEnvelope(stranger, env->payload()).Encode();
  copy.WriteBoard(kAnnounced, envelopes);
  copy.RebuildTallyRequest(kAnnounced);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kBallots, kAnnouncedSubject);
}

TEST(RecordTamper, AFlippedByteInAProof) {
  RecordCopy copy("proof");
  auto envelopes = copy.Envelopes(kAnnounced);
  envelopes[2][envelopes[2].size() - 5] ^= 0x01;  // inside the last proof
  copy.WriteBoard(kAnnounced, envelopes);
  copy.RebuildTallyRequest(kAnnounced);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kBallots, kAnnouncedSubject,
               "stored ballot 2");
}

TEST(RecordTamper, AReorderedBoard) {
  RecordCopy copy("reordered");
  json board = copy.Json(copy.Round(kAnnounced, record::kBoard));
  std::swap(board[0]["envelope"], board[1]["envelope"]);
  copy.WriteJson(copy.Round(kAnnounced, record::kBoard), board);
  copy.RebuildTallyRequest(kAnnounced);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kBoard, kAnnouncedSubject,
               "re-ordered");
  // Re-chained as well, the head is no longer the one the seal signed.
  RecordCopy chained("reordered-chained");
  auto envelopes = chained.Envelopes(kAnnounced);
  std::swap(envelopes[0], envelopes[1]);
  chained.WriteBoard(kAnnounced, envelopes);
  chained.RebuildTallyRequest(kAnnounced);
  chained.RefreshDigests();
  ExpectCaught(chained.Verify(), CheckKind::kBoard, kAnnouncedSubject,
               "not the ones the box was closed with");
}

// A value of the wrong type or a fraction where a whole number belongs:
// the check that reads it fails, naming the problem, and the audit goes on
// to the other checks (it once stopped with an internal error, or read 1.9
// as 1 and passed).
TEST(RecordTamper, WrongTypesAndFractionsFailTheirCheck) {
  RecordCopy fraction("index-fraction");
  json board = fraction.Json(fraction.Round(kAnnounced, record::kBoard));
  board[1]["index"] = 1.9;
  fraction.WriteJson(fraction.Round(kAnnounced, record::kBoard), board);
  fraction.RefreshDigests();
  ExpectCaught(fraction.Verify(), CheckKind::kBoard, kAnnouncedSubject,
               "has index 1.9");

  RecordCopy text("index-text");
  board = text.Json(text.Round(kAnnounced, record::kBoard));
  board[0]["index"] = "0";
  board[0]["entry_hash"] = 7;
  text.WriteJson(text.Round(kAnnounced, record::kBoard), board);
  text.RefreshDigests();
  const AuditReport report = text.Verify();
  EXPECT_FALSE(report.ok());
  ExpectOk(report, CheckKind::kSealKey, "meeting");
  EXPECT_NE(report.Find(CheckKind::kMinutes, kSealedSubject), nullptr)
      << "the other rounds are still checked\n" << Describe(report);
}

TEST(RecordTamper, ASwappedPartialDecryption) {
  RecordCopy copy("swapped-partial");
  // Round 2's partial decryption of the same trustee stands in for round
  // 4's: a valid partial, of another aggregate.
  const auto mine_bytes = copy.Read(copy.Round(kAnnounced, record::kPartials));
  const auto other_bytes = copy.Read(copy.Round(2, record::kPartials));
  crypto::Decoder mine(mine_bytes);
  crypto::Decoder other(other_bytes);
  std::uint32_t n = 0, m = 0;
  ASSERT_TRUE(mine.U32(n) && other.U32(m));
  std::vector<crypto::Bytes> a(n), b(m);
  for (auto& p : a) ASSERT_TRUE(mine.Var(p, 1 << 20));
  for (auto& p : b) ASSERT_TRUE(other.Var(p, 1 << 20));
  a[0] = b[0];
  crypto::Encoder e;
  e.U32(n);
  for (const auto& p : a) e.Var(p);
  copy.Write(copy.Round(kAnnounced, record::kPartials), e.bytes());
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kPartials, kAnnouncedSubject);
}

TEST(RecordTamper, APartialFromANonTrustee) {
  RecordCopy copy("non-trustee");
  const auto bytes = copy.Read(copy.Round(kAnnounced, record::kPartials));
  crypto::Decoder d(bytes);
  std::uint32_t n = 0;
  ASSERT_TRUE(d.U32(n));
  std::vector<crypto::Bytes> parts(n);
  for (auto& p : parts) ASSERT_TRUE(d.Var(p, 1 << 20));
  auto partial = crypto::PartialDecryption::Decode(parts[0]);
  ASSERT_TRUE(partial.ok());
  partial->trustee = 9;  // the box key has 5 trustees
  parts[0] = partial->Encode();
  crypto::Encoder e;
  e.U32(n);
  for (const auto& p : parts) e.Var(p);
  copy.Write(copy.Round(kAnnounced, record::kPartials), e.bytes());
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kPartials, kAnnouncedSubject);
}

void WriteMinutes(const RecordCopy& copy, const std::string& text) {
  copy.Write(copy.Round(kAnnounced, record::kMinutes),
             std::span<const std::uint8_t>(
                 reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  copy.RefreshDigests();
}

TEST(RecordTamper, AWrongCount) {
  RecordCopy copy("count");
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(
      Text(copy.Read(copy.Round(kAnnounced, record::kMinutes))));
  auto& first = m["counts"].begin().value();
  first["agree"] = first["agree"].get<int>() + 1;
  WriteMinutes(copy, m.dump(2));
  const AuditReport report = copy.Verify();
  ExpectCaught(report, CheckKind::kCounts, kAnnouncedSubject);
  ExpectCaught(report, CheckKind::kMinutes, kAnnouncedSubject, "signature");
}

TEST(RecordTamper, AnOutcomeThatDoesNotFollowFromTheCounts) {
  RecordCopy copy("outcome");
  nlohmann::ordered_json m = nlohmann::ordered_json::parse(
      Text(copy.Read(copy.Round(kAnnounced, record::kMinutes))));
  for (auto& o : m["outcome"]["outcomes"])
    o["status"] = o["status"] == "selected" ? "not_selected" : "selected";
  WriteMinutes(copy, m.dump(2));
  const AuditReport report = copy.Verify();
  ExpectOk(report, CheckKind::kCounts, kAnnouncedSubject);
  ExpectCaught(report, CheckKind::kOutcome, kAnnouncedSubject, "rules engine");
}

TEST(RecordTamper, MinutesAlteredAfterSigning) {
  RecordCopy copy("minutes");
  std::string text = Text(copy.Read(copy.Round(kAnnounced, record::kMinutes)));
  const auto at = text.find("\"counted_at\": \"");
  ASSERT_NE(at, std::string::npos);
  text[at + 16] = text[at + 16] == '1' ? '2' : '1';  // the year's digit
  WriteMinutes(copy, text);
  const AuditReport report = copy.Verify();
  ExpectOk(report, CheckKind::kCounts, kAnnouncedSubject);
  ExpectOk(report, CheckKind::kOutcome, kAnnouncedSubject);
  ExpectCaught(report, CheckKind::kMinutes, kAnnouncedSubject, "signature");
}

TEST(RecordTamper, ATemplateSignedByAnotherKey) {
  RecordCopy copy("template");
  const auto other = crypto::SigningKey::Generate();
  const auto sig = crypto::Sign(other, crypto::SignatureType::kBallotTemplate,
                                copy.Read(copy.Round(kAnnounced, record::kTemplate)));
  copy.Write(copy.Round(kAnnounced, record::kTemplateSig), sig.bytes());
  copy.RebuildTallyRequest(kAnnounced);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kTemplate, kAnnouncedSubject,
               "does not carry the seal");
}

TEST(RecordTamper, ABoxClosedStatementWithAnotherCountOrHead) {
  for (int variant = 0; variant < 2; ++variant) {
    RecordCopy copy("box-closed-" + std::to_string(variant));
    auto closed = shared::BoxClosedStatement::Decode(
        copy.Read(copy.Round(kAnnounced, record::kBoxClosed)));
    ASSERT_TRUE(closed.ok());
    if (variant == 0) closed->cast += 1;
    else closed->board_head[0] ^= 0xff;
    copy.Write(copy.Round(kAnnounced, record::kBoxClosed), closed->Encode());
    copy.RebuildTallyRequest(kAnnounced);
    copy.RefreshDigests();
    ExpectCaught(copy.Verify(), CheckKind::kBoard, kAnnouncedSubject,
                 "box-closed statement without the seal's signature");
  }
}

TEST(RecordTamper, AFileWhoseDigestDoesNotMatch) {
  RecordCopy copy("digest");
  auto bytes = copy.Read(copy.Round(kSealed, record::kSealedTally));
  bytes[bytes.size() / 2] ^= 0x01;
  copy.Write(copy.Round(kSealed, record::kSealedTally), bytes);
  ExpectCaught(copy.Verify(), CheckKind::kFiles, "meeting",
               "rounds/1/sealed-tally.bin does not have the digest");
}

TEST(RecordTamper, AMissingFile) {
  RecordCopy copy("missing");
  fs::remove(copy.dir() / copy.Round(kAnnounced, record::kMinutesSig));
  const AuditReport report = copy.Verify();
  ExpectCaught(report, CheckKind::kFiles, "meeting",
               "rounds/4/minutes.sig is missing");
  ExpectCaught(report, CheckKind::kMinutes, kAnnouncedSubject, "missing");
}

TEST(RecordTamper, AnExtraFile) {
  RecordCopy copy("extra");
  WriteBytes(copy.dir() / "rounds/4/note.txt", crypto::Bytes{'h', 'i'});
  ExpectCaught(copy.Verify(), CheckKind::kFiles, "meeting",
               "rounds/4/note.txt is in the folder but not in record.json");
}

TEST(RecordTamper, AnotherSealFingerprint) {
  RecordCopy copy("fingerprint");
  VerifyOptions options;
  options.seal_fingerprint = "AAAA-AAAA-AAAA-AAAA";
  auto report = VerifyRecord(copy.dir(), options);
  ASSERT_TRUE(report.ok());
  ExpectCaught(*report, CheckKind::kSealKey, "meeting", "not AAAA-AAAA");
  // Nothing else is then trusted.
  EXPECT_EQ(report->Find(CheckKind::kDefinition, "meeting")->outcome,
            Outcome::kNotChecked);
}

// A spoiled ballot of round 1 (nominate), made as a kiosk makes one, then
// claiming another choice than it encrypted.
TEST(RecordTamper, ASpoiledBallotThatClaimsOtherChoices) {
  RecordCopy copy("spoiled");
  const auto t = shared::BallotTemplate::Decode(
      copy.Read(copy.Round(kSealed, record::kTemplate)));
  ASSERT_TRUE(t.ok());
  auto key = crypto::BallotBoxKey::Decode(t->box_key);
  auto shape = crypto::ShapeFor(t->Spec());
  const crypto::Mark marks[] = {crypto::Mark(1)};
  auto plaintext = crypto::MarksToPlaintext(t->Spec(), marks);
  ASSERT_TRUE(key.ok() && shape.ok() && plaintext.ok());
  const auto credential = crypto::SigningKey::Generate();
  auto e = crypto::EncryptBallot(key->joint_key(), *shape, *plaintext,
                                 t->Digest(), credential.verify_key(),
                                 crypto::DefaultRandom());
  ASSERT_TRUE(e.ok());
  auto put = [&](const shared::SpoiledEntry& entry) {
    const shared::SpoiledEntry list[] = {entry};
    copy.Write(copy.Round(kSealed, record::kSpoiled),
               shared::EncodeSpoiledList(list));
    json index = copy.Json("record.json");
    for (json& r : index["rounds"])
      if (r["id"] == kSealed)
        r["spoiled"] = {{"ballots", copy.Round(kSealed, record::kSpoiled)},
                        {"count", 1},
                        {"digests", {crypto::ToHex(entry.Digest())}}};
    copy.WriteJson("record.json", index);
    copy.RefreshDigests();
  };
  shared::SpoiledEntry honest = shared::SpoiledEntryOf(e->ballot, e->opening.Spoil());
  put(honest);
  ExpectOk(copy.Verify(), CheckKind::kSpoiled, kSealedSubject);
  RecordCopy earlier("spoiled-earlier");
  fs::remove_all(earlier.dir());
  fs::copy(copy.dir(), earlier.dir(), fs::copy_options::recursive);
  shared::SpoiledEntry lying = honest;
  std::swap(lying.opening.plaintext[0], lying.opening.plaintext[1]);
  put(lying);
  ExpectCaught(copy.Verify(), CheckKind::kSpoiled, kSealedSubject,
               "does not open to the choices it claims");
  // A later export with the kiosk check changed does not extend the earlier.
  auto extends = RecordExtends(earlier.dir(), copy.dir());
  ASSERT_TRUE(extends.ok()) << extends.message();
  ASSERT_EQ(extends->size(), 1u);
  EXPECT_NE(extends->front().find("rounds/1/spoiled.bin no longer holds "
                                  "spoiled ballot"),
            std::string::npos)
      << extends->front();
}

TEST(RecordTamper, AStepRecordAltered) {
  RecordCopy copy("step-record");
  const std::string rel = record::StepRecordFile("1", 1, record::kStepRecord);
  auto bytes = copy.Read(rel);
  bytes[bytes.size() - 3] ^= 0x01;  // inside its time
  copy.Write(rel, bytes);
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kStepRecords, "step 1", "signature");
}

TEST(RecordTamper, ASealedTallyWithoutAPartialFile) {
  RecordCopy copy("sealed-tally");
  auto files = shared::DecodeSealedTally(
      copy.Read(copy.Round(kSealed, record::kSealedTally)));
  ASSERT_TRUE(files.ok());
  files->resize(2);  // k is 3
  copy.Write(copy.Round(kSealed, record::kSealedTally),
             shared::EncodeSealedTally(*files));
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kPartials, kSealedSubject);
}

// record.json's state is not signed: edited, it must not turn checks into
// "not applicable".
void SetState(const RecordCopy& copy, std::uint64_t round,
              const std::string& state) {
  json index = copy.Json("record.json");
  for (json& r : index["rounds"])
    if (r["id"] == round) r["state"] = state;
  copy.WriteJson("record.json", index);
}

TEST(RecordTamper, AnAnnouncedRoundCalledTalliedToSkipItsMinutes) {
  RecordCopy copy("state-tallied");
  SetState(copy, kAnnounced, "tallied");
  ExpectCaught(copy.Verify(), CheckKind::kRoundState, kAnnouncedSubject,
               "rounds/4/minutes.json, which only a round announced has");
}

TEST(RecordTamper, ACountedRoundCalledSealedWithItsLaterFilesRemoved) {
  RecordCopy copy("state-sealed");
  for (auto name : {record::kBoxClosed, record::kBoxClosedSig,
                    record::kTallyRequest, record::kMinutes,
                    record::kMinutesSig, record::kPartials})
    fs::remove(copy.dir() / copy.Round(kAnnounced, name));
  fs::remove(copy.dir() / copy.Round(kAnnounced, record::kSpoiled));
  SetState(copy, kAnnounced, "sealed");
  copy.RefreshDigests();
  // The ballots would go unverified: a sealed box holds none.
  ExpectCaught(copy.Verify(), CheckKind::kRoundState, kAnnouncedSubject,
               "record.json says sealed (never opened), but "
               "rounds/4/board.json holds 7 ballots");
}

TEST(RecordTamper, ASealedStepsResultPresentedAsAnnounced) {
  RecordCopy copy("state-disclosure");
  json index = copy.Json("record.json");
  for (json& r : index["rounds"])
    if (r["id"] == kSealed) r["disclosure"] = "announced";
  copy.WriteJson("record.json", index);
  ExpectCaught(copy.Verify(), CheckKind::kRoundState, kSealedSubject,
               "record.json says the step is announced; the signed template "
               "says sealed");
}

TEST(RecordTamper, AnUnknownStateOrARoundListedTwice) {
  RecordCopy copy("state-unknown");
  SetState(copy, kSealed, "finished");
  json index = copy.Json("record.json");
  index["rounds"].push_back(index["rounds"][3]);
  copy.WriteJson("record.json", index);
  const AuditReport report = copy.Verify();
  ExpectCaught(report, CheckKind::kRoundState, kSealedSubject,
               "the state \"finished\", which is none of");
  EXPECT_NE(Describe(report).find("lists round 4 twice"), std::string::npos)
      << Describe(report);
}

TEST(RecordTamper, AnEarlierRoundRolledBackBeforeItsCount) {
  RecordCopy copy("state-rollback");
  for (auto name : {record::kMinutes, record::kMinutesSig, record::kPartials})
    fs::remove(copy.dir() / copy.Round(2, name));
  SetState(copy, 2, "closed");
  copy.RefreshDigests();
  ExpectCaught(copy.Verify(), CheckKind::kRoundState, "round 2",
               "the record is rolled back");
}

TEST(RecordTamper, ACountedRoundPassedOffAsCancelledBelowTheMinimum) {
  RecordCopy copy("state-cancelled");
  for (const auto& e : fs::directory_iterator(copy.dir() / "rounds/4"))
    if (e.path().filename() != record::kBoxClosed) fs::remove(e.path());
  json index = copy.Json("record.json");
  for (json& r : index["rounds"])
    if (r["id"] == kAnnounced) r = {{"id", kAnnounced}, {"step", "5"},
                                    {"state", "cancelled"},
                                    {"disclosure", "announced"},
                                    {"cancelled", "too few ballots"}};
  copy.WriteJson("record.json", index);
  copy.RefreshDigests();
  const AuditReport report = copy.Verify();
  EXPECT_FALSE(report.ok()) << Describe(report);
  ExpectCaught(report, CheckKind::kRoundState, kAnnouncedSubject,
               "a box-closed statement or a board but no signed template");
  ExpectCaught(report, CheckKind::kCancellation, kAnnouncedSubject);
}

TEST(RecordTamper, AStepRecordForABallotedStepOrUnlisted) {
  RecordCopy copy("step-forged");
  fs::create_directories(copy.dir() / "steps/1/2");
  fs::copy_file(copy.dir() / "steps/1/1/record.bin",
                copy.dir() / "steps/1/2/record.bin");
  fs::create_directories(copy.dir() / "rounds/9");
  WriteBytes(copy.dir() / "rounds/9/minutes.json", crypto::Bytes{'{', '}'});
  copy.RefreshDigests();
  const AuditReport report = copy.Verify();
  ExpectCaught(report, CheckKind::kStepRecords, "step 1",
               "steps/1/2/record.bin is of no step record record.json lists");
  ExpectCaught(report, CheckKind::kFiles, "meeting",
               "rounds/9/minutes.json is of no round record.json lists");
}

}  // namespace
}  // namespace hall::audit::testing
