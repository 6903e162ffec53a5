// hall-audit's other questions of a real record: a tracking code on its
// board (proven against the signed head), a later record extending an
// earlier one, a sealed round's minutes opened by its recipient, and the
// verifier with the recipient's key.
#include <gtest/gtest.h>

#include "audit_record_fixture.h"
#include "hall/audit/record_tools.h"
#include "hall/server/admin/key_files.h"

namespace hall::audit::testing {
namespace {

namespace record = shared::record;

crypto::BoxKey RecipientKey() {
  const auto bytes = ReadBytes(Demo().work / "recipients" / "1" /
                               "authority.key");
  auto key = server::admin::DecryptRecipientKey(bytes, "demo seal passphrase");
  HALL_CHECK(key.ok());
  return std::move(key).value();
}

TEST(TrackCode, FindsEveryBallotOnItsBoardProvenAgainstTheSignedHead) {
  RecordCopy copy("track");
  const json board = copy.Json(copy.Round(3, record::kBoard));
  ASSERT_GT(board.size(), 3u);
  for (std::size_t i : {std::size_t{0}, board.size() - 1}) {
    const std::string code = board[i]["tracking_code"];
    auto tracked = TrackCode(copy.dir(), code, Demo().fingerprint);
    ASSERT_TRUE(tracked.ok()) << tracked.message();
    EXPECT_EQ(tracked->round, 3u);
    EXPECT_EQ(tracked->step, "4");
    EXPECT_EQ(tracked->index, i);
    EXPECT_TRUE(tracked->head_signed);
  }
  // Typed the way a delegate might: lower case, no dash.
  std::string typed = board[1]["tracking_code"];
  typed.erase(std::remove(typed.begin(), typed.end(), '-'), typed.end());
  for (char& c : typed) c = static_cast<char>(std::tolower(c));
  EXPECT_TRUE(TrackCode(copy.dir(), typed, Demo().fingerprint).ok());

  auto absent = TrackCode(copy.dir(), "AAAAA-AAAAA", Demo().fingerprint);
  EXPECT_EQ(absent.code(), StatusCode::kNotFound);
  EXPECT_EQ(TrackCode(copy.dir(), "not a code!", Demo().fingerprint).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(TrackCode(copy.dir(), board[0]["tracking_code"], "AAAA-AAAA-AAAA-AAAA")
                .code(),
            StatusCode::kPermissionDenied);
}

TEST(TrackCode, ABoardChangedAfterTheBoxClosedDoesNotProve) {
  RecordCopy copy("track-altered");
  auto envelopes = copy.Envelopes(3);
  const std::string code = copy.Json(copy.Round(3, record::kBoard))[0]["tracking_code"];
  envelopes.pop_back();  // the head moves; the signed one does not
  copy.WriteBoard(3, envelopes);
  auto tracked = TrackCode(copy.dir(), code, Demo().fingerprint);
  EXPECT_EQ(tracked.code(), StatusCode::kCorruption) << tracked.message();
}

TEST(RecordExtends, ARecordExtendsItselfButNotOneWithABallotChanged) {
  RecordCopy earlier("extends-earlier");
  RecordCopy later("extends-later");
  auto same = RecordExtends(earlier.dir(), later.dir());
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->empty());

  auto envelopes = later.Envelopes(2);
  envelopes[3][envelopes[3].size() - 1] ^= 0x01;
  later.WriteBoard(2, envelopes);
  later.RefreshDigests();
  auto changed = RecordExtends(earlier.dir(), later.dir());
  ASSERT_TRUE(changed.ok());
  ASSERT_FALSE(changed->empty());
  EXPECT_NE(changed->front().find("round 2's board does not begin with"),
            std::string::npos)
      << changed->front();
}

TEST(RecordExtends, AnEarlierRecordTakenMidMeetingIsExtended) {
  // The record as it stood after step 3: rounds 3 and 4 had not happened.
  RecordCopy earlier("extends-mid");
  json index = earlier.Json("record.json");
  json rounds = json::array();
  for (const json& r : index["rounds"])
    if (r["id"] <= 2) rounds.push_back(r);
  index["rounds"] = rounds;
  earlier.WriteJson("record.json", index);
  fs::remove_all(earlier.dir() / "rounds" / "3");
  fs::remove_all(earlier.dir() / "rounds" / "4");
  RecordCopy later("extends-final");
  auto result = RecordExtends(earlier.dir(), later.dir());
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->empty());
  // The other way round it does not: rounds vanish.
  auto back = RecordExtends(later.dir(), earlier.dir());
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->empty());
}

TEST(SealedMinutes, TheRecipientOpensASealedRoundFromTheRecordAlone) {
  RecordCopy copy("minutes");
  const crypto::BoxKey key = RecipientKey();
  auto opened = SealedMinutes(copy.dir(), 1, Demo().fingerprint, key,
                              "competent authority");
  ASSERT_TRUE(opened.ok()) << opened.message();
  const json minutes = json::parse(opened->minutes);
  EXPECT_EQ(minutes["round"], 1);
  EXPECT_EQ(minutes["disclosure"], "sealed");
  EXPECT_EQ(minutes["counting_board"]["opened_by"],
            "recipient competent authority");
  // One vote or a blank per ballot on round 1's board.
  std::uint64_t total = 0;
  for (const auto& [name, votes] : minutes["counts"].items())
    total += votes.get<std::uint64_t>();
  EXPECT_EQ(total + minutes["ballots"]["blank"].get<std::uint64_t>(),
            copy.Json(copy.Round(1, record::kBoard)).size());
  EXPECT_EQ(minutes["ballots"]["cast"],
            copy.Json(copy.Round(1, record::kBoard)).size());
  // Another key opens nothing.
  const crypto::BoxKey stranger = crypto::BoxKey::Generate();
  EXPECT_FALSE(SealedMinutes(copy.dir(), 1, Demo().fingerprint, stranger, "x").ok());
}

TEST(VerifyWithRecipientKey, SealedRoundsAreOpenedAndChecked) {
  RecordCopy copy("recipient");
  const crypto::BoxKey key = RecipientKey();
  const AuditReport report = copy.Verify(&key);
  EXPECT_TRUE(report.ok()) << Describe(report);
  for (CheckKind k : {CheckKind::kCounts, CheckKind::kOutcome}) {
    const Check* c = report.Find(k, "round 1");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->outcome, Outcome::kOk) << Describe(report);
  }
}

}  // namespace
}  // namespace hall::audit::testing
