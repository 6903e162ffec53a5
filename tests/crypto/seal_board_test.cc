#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/internal/base32.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::ToBytes;

Bytes BallotBytes(int i) { return ToBytes("ballot #" + std::to_string(i)); }

TEST(SealBoard, EmptyBoardHeadIsGenesisAndCommitsToContext) {
  BulletinBoard a(ToBytes("meeting-1/round-1"));
  BulletinBoard b(ToBytes("meeting-1/round-2"));
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(a.head(), a.genesis());
  EXPECT_EQ(a.head(), BoardGenesis(ToBytes("meeting-1/round-1")));
  EXPECT_NE(a.head(), b.head());
  EXPECT_NE(BoardGenesis({}), BoardContentHash({}));
}

TEST(SealBoard, AppendGivesReceiptsAndMovesTheHead) {
  BulletinBoard board(ToBytes("ctx"));
  std::set<Digest> heads{board.head()};
  std::set<std::string> codes;
  for (int i = 0; i < 50; ++i) {
    const Digest before = board.head();
    auto r = board.Append(BallotBytes(i));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->index, static_cast<std::uint64_t>(i));
    EXPECT_EQ(r->head, board.head());
    EXPECT_EQ(r->entry_hash,
              BoardEntryHash(before, i, BoardContentHash(BallotBytes(i))));
    EXPECT_EQ(r->tracking_code, TrackingCode(r->entry_hash));
    ASSERT_EQ(r->tracking_code.size(), 11u);
    EXPECT_EQ(r->tracking_code[5], '-');
    EXPECT_TRUE(heads.insert(board.head()).second);
    EXPECT_TRUE(codes.insert(r->tracking_code).second);
  }
  EXPECT_EQ(board.size(), 50u);
  EXPECT_EQ(board.ballot(7), BallotBytes(7));
}

TEST(SealBoard, DuplicateBallotIsRefused) {
  BulletinBoard board(ToBytes("ctx"));
  ASSERT_TRUE(board.Append(BallotBytes(1)).ok());
  const Digest head = board.head();
  auto r = board.Append(BallotBytes(1));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(), "this ballot is already on the bulletin board");
  EXPECT_EQ(board.head(), head);
  EXPECT_EQ(board.size(), 1u);
}

TEST(SealBoard, InclusionProofsVerifyForEveryEntry) {
  BulletinBoard board(ToBytes("ctx"));
  std::vector<std::string> codes;
  for (int i = 0; i < 12; ++i) {
    auto r = board.Append(BallotBytes(i));
    ASSERT_TRUE(r.ok());
    codes.push_back(r->tracking_code);
  }
  for (int i = 0; i < 12; ++i) {
    auto proof = board.ProveInclusion(codes[i]);
    ASSERT_TRUE(proof.ok()) << proof.message();
    EXPECT_EQ(proof->index, static_cast<std::uint64_t>(i));
    EXPECT_EQ(proof->ballot, BallotBytes(i));
    EXPECT_EQ(proof->following.size(), static_cast<std::size_t>(11 - i));
    EXPECT_TRUE(VerifyInclusion(*proof, board.head()).ok());
    EXPECT_TRUE(VerifyInclusion(*proof, codes[i], board.head()).ok());
    // Through encoding.
    auto decoded = InclusionProof::Decode(proof->Encode());
    ASSERT_TRUE(decoded.ok()) << decoded.message();
    EXPECT_TRUE(VerifyInclusion(*decoded, codes[i], board.head()).ok());
    // The wrong tracking code.
    const Status s = VerifyInclusion(*proof, codes[(i + 1) % 12], board.head());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("another ballot"), std::string::npos);
  }
}

TEST(SealBoard, ProofFailsAgainstAnotherHead) {
  BulletinBoard board(ToBytes("ctx"));
  BulletinBoard other(ToBytes("other ctx"));
  std::vector<Digest> heads;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(board.Append(BallotBytes(i)).ok());
    ASSERT_TRUE(other.Append(BallotBytes(i)).ok());
    heads.push_back(board.head());
  }
  const InclusionProof proof = board.ProveInclusion(std::uint64_t{2});
  EXPECT_TRUE(VerifyInclusion(proof, heads[4]).ok());
  for (int i = 0; i < 4; ++i) {
    const Status s = VerifyInclusion(proof, heads[i]);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("leads to another head"), std::string::npos);
  }
  EXPECT_FALSE(VerifyInclusion(proof, other.head()).ok());
  EXPECT_FALSE(VerifyInclusion(proof, board.genesis()).ok());

  // A proof made before more ballots arrived does not prove the later head;
  // a fresh one does.
  const InclusionProof early = board.ProveInclusion(std::uint64_t{2});
  ASSERT_TRUE(board.Append(BallotBytes(99)).ok());
  EXPECT_FALSE(VerifyInclusion(early, board.head()).ok());
  EXPECT_TRUE(
      VerifyInclusion(board.ProveInclusion(std::uint64_t{2}), board.head())
          .ok());
}

TEST(SealBoard, FlippingAnyByteOfAProofIsRejected) {
  BulletinBoard board(ToBytes("ctx"));
  std::string code;
  for (int i = 0; i < 4; ++i) {
    auto r = board.Append(BallotBytes(i));
    ASSERT_TRUE(r.ok());
    if (i == 1) code = r->tracking_code;
  }
  auto proof = board.ProveInclusion(code);
  ASSERT_TRUE(proof.ok());
  const Bytes enc = proof->Encode();
  for (std::size_t i = 0; i < enc.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      Bytes bad = enc;
      bad[i] ^= flip;
      auto decoded = InclusionProof::Decode(bad);
      EXPECT_FALSE(decoded.ok() && VerifyInclusion(*decoded, board.head()).ok())
          << "byte " << i;
    }
  }
  for (std::size_t n = 0; n < enc.size(); ++n) {
    EXPECT_FALSE(InclusionProof::Decode(std::span(enc.data(), n)).ok());
  }
  Bytes longer = enc;
  longer.push_back(0);
  EXPECT_FALSE(InclusionProof::Decode(longer).ok());

  // Dropping or adding a following hash.
  InclusionProof fewer = *proof;
  fewer.following.pop_back();
  EXPECT_FALSE(VerifyInclusion(fewer, board.head()).ok());
  InclusionProof more = *proof;
  more.following.push_back(BoardContentHash(BallotBytes(7)));
  EXPECT_FALSE(VerifyInclusion(more, board.head()).ok());
}

TEST(SealBoard, TrackingCodeLookupIsForgiving) {
  BulletinBoard board(ToBytes("ctx"));
  auto r = board.Append(BallotBytes(0));
  ASSERT_TRUE(r.ok());
  std::string typed;
  for (char c : r->tracking_code) {
    if (c == '-') continue;
    typed.push_back(static_cast<char>(std::tolower(c)));
  }
  EXPECT_TRUE(board.ProveInclusion(typed).ok());
  EXPECT_TRUE(
      board.ProveInclusion(typed.substr(0, 3) + " " + typed.substr(3)).ok());

  auto missing = board.ProveInclusion("00000-00000");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("no ballot with tracking code 00000-00000"),
            std::string::npos);
  auto short_code = board.ProveInclusion("ABCD");
  EXPECT_EQ(short_code.message(),
            "the tracking code has 4 characters; a tracking code has 10");
  auto bad_char = board.ProveInclusion("ABCDE-FGHJU");
  EXPECT_FALSE(bad_char.ok());
  EXPECT_EQ(ParseTrackingCode("abcde fghjk").value(), "ABCDE-FGHJK");
}

TEST(SealBoard, FailuresCarryTheirCodes) {
  BulletinBoard board(ToBytes("ctx"));
  BulletinBoard other(ToBytes("other ctx"));
  auto r = board.Append(BallotBytes(0));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(other.Append(BallotBytes(0)).ok());
  EXPECT_EQ(board.Append(BallotBytes(0)).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(board.ProveInclusion(std::string("not a code")).code(),
            StatusCode::kInvalidArgument);
  auto elsewhere = other.Append(BallotBytes(1));
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(board.ProveInclusion(elsewhere->tracking_code).code(),
            StatusCode::kNotFound);
  auto proof = board.ProveInclusion(r->tracking_code);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(VerifyInclusion(*proof, other.head()).code(),
            StatusCode::kCorruption);
  const Bytes enc = proof->Encode();
  EXPECT_EQ(
      InclusionProof::Decode(std::span(enc.data(), enc.size() - 1)).code(),
      StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall::crypto
