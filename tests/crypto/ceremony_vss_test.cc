// Key ceremony: Feldman VSS k of n, message round trips, cheating dealers.
#include <gtest/gtest.h>

#include "ballot_test_util.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto {
namespace {

using testing::Ctx;
using testing::Rng;

// A ceremony run message by message, through bytes, as on separate machines.
struct FileCeremony {
  FileCeremony(std::uint32_t n, std::uint32_t k, std::uint8_t seed)
      : rng(Rng(seed)), params{n, k, Ctx("meeting-7/ceremony-1")} {
    for (std::uint32_t j = 1; j <= n; ++j) {
      box_keys.push_back(CeremonyBoxKey::Generate(rng));
      const Bytes file =
          TrusteeAnnouncement{j, box_keys.back().public_key()}.Encode();
      announcements.push_back(*TrusteeAnnouncement::Decode(file));
    }
    inbox.resize(n + 1);
    for (std::uint32_t i = 1; i <= n; ++i) {
      Result<Dealing> d = Deal(params, i, announcements, rng);
      HALL_CHECK(d.ok());
      commitments.push_back(
          *DealerCommitments::Decode(d->commitments.Encode()));
      for (const EncryptedShare& s : d->shares) {
        inbox[s.recipient].push_back(*EncryptedShare::Decode(s.Encode()));
      }
    }
  }
  Result<TrusteeShare> Finish(std::uint32_t j) {
    return FinishCeremony(params, j, box_keys[j - 1], commitments, inbox[j]);
  }
  DeterministicRandom rng;
  CeremonyParams params;
  std::vector<CeremonyBoxKey> box_keys;
  std::vector<TrusteeAnnouncement> announcements;
  std::vector<DealerCommitments> commitments;
  std::vector<std::vector<EncryptedShare>> inbox;
};

TEST(CeremonyTest, FileBasedCeremonyGivesConsistentKeys) {
  FileCeremony c(5, 3, 30);
  Result<BallotBoxKey> key = DeriveBallotBoxKey(c.params, c.commitments);
  ASSERT_TRUE(key.ok()) << key.message();
  EXPECT_EQ(key->n(), 5u);
  EXPECT_EQ(key->k(), 3u);
  Result<BallotBoxKey> back = BallotBoxKey::Decode(key->Encode());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(*back, *key);
  for (std::uint32_t j = 1; j <= 5; ++j) {
    Result<TrusteeShare> s = c.Finish(j);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(s->trustee(), j);
    // Key-file round trip.
    Result<TrusteeShare> again =
        TrusteeShare::Import(*key, j, s->ExportSecret());
    EXPECT_TRUE(again.ok()) << again.message();
    EXPECT_FALSE(TrusteeShare::Import(*key, j % 5 + 1, s->ExportSecret()).ok());
  }
}

TEST(CeremonyTest, InProcessCeremony) {
  auto rng = Rng(31);
  Result<InProcessCeremony> c = RunCeremonyInProcess(3, 2, Ctx("demo"), rng);
  ASSERT_TRUE(c.ok()) << c.message();
  EXPECT_EQ(c->shares.size(), 3u);
  EXPECT_FALSE(RunCeremonyInProcess(3, 4, Ctx("demo"), rng).ok());
  EXPECT_FALSE(RunCeremonyInProcess(0, 0, Ctx("demo"), rng).ok());
  EXPECT_TRUE(RunCeremonyInProcess(1, 1, Ctx("solo"), rng).ok());
}

TEST(CeremonyTest, BadShareNamesTheDealer) {
  FileCeremony c(5, 3, 32);
  // Trustee 2 deals trustee 4 a share from a different polynomial.
  auto rng = Rng(33);
  Result<Dealing> other = Deal(c.params, 2, c.announcements, rng);
  ASSERT_TRUE(other.ok());
  for (EncryptedShare& s : c.inbox[4]) {
    if (s.dealer == 2) s = other->shares[3];
  }
  Result<TrusteeShare> s = c.Finish(4);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "trustee 2's share for trustee 4 does not match its commitments");
  EXPECT_TRUE(c.Finish(3).ok());
}

TEST(CeremonyTest, MisaddressedDamagedOrMissingSharesAreNamed) {
  FileCeremony c(3, 2, 34);
  auto inbox = c.inbox[1];
  // A share meant for trustee 2 cannot stand in for trustee 1's.
  c.inbox[1][2] = c.inbox[2][2];
  EXPECT_NE(c.Finish(1).message().find("addressed to trustee 2"),
            std::string::npos);
  c.inbox[1] = inbox;
  c.inbox[1][1].box[40] ^= 1;
  EXPECT_EQ(c.Finish(1).message(),
            "trustee 2's share for trustee 1 cannot be decrypted with trustee "
            "1's box key (wrong key, or damaged)");
  c.inbox[1] = inbox;
  c.inbox[1].pop_back();
  EXPECT_EQ(c.Finish(1).message(),
            "trustee 3's share for trustee 1 is missing");
}

TEST(CeremonyTest, BadCommitmentProofNamesTheDealer) {
  FileCeremony c(3, 2, 35);
  // Trustee 3 publishes a commitment it cannot prove knowledge of.
  c.commitments[2].commitments[1] += Point::Generator();
  Result<BallotBoxKey> key = DeriveBallotBoxKey(c.params, c.commitments);
  EXPECT_EQ(key.message(),
            "trustee 3's proof of knowledge for coefficient 1 does not verify");
  // And a ceremony context mismatch breaks every proof.
  FileCeremony d(3, 2, 36);
  CeremonyParams other = d.params;
  other.context = Ctx("another ceremony");
  EXPECT_FALSE(DeriveBallotBoxKey(other, d.commitments).ok());
}

TEST(CeremonyTest, MessagesRejectFlippedBytes) {
  FileCeremony c(3, 2, 37);
  const Bytes good = c.commitments[0].Encode();
  for (std::size_t i = 0; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x04;
    Result<DealerCommitments> d = DealerCommitments::Decode(bad);
    if (!d.ok()) continue;
    std::vector<DealerCommitments> all = c.commitments;
    all[0] = *d;
    EXPECT_FALSE(DeriveBallotBoxKey(c.params, all).ok()) << "byte " << i;
  }
  Result<BallotBoxKey> key = DeriveBallotBoxKey(c.params, c.commitments);
  ASSERT_TRUE(key.ok());
  Bytes kb = key->Encode();
  kb.back() ^= 0x01;
  Result<BallotBoxKey> bad_key = BallotBoxKey::Decode(kb);
  EXPECT_TRUE(!bad_key.ok() || !(*bad_key == *key));
}

TEST(CeremonyTest, FailuresCarryTheirCodes) {
  FileCeremony c(3, 2, 38);
  const auto inbox = c.inbox[1];
  // A share that arrived twice.
  c.inbox[1].push_back(c.inbox[1][0]);
  EXPECT_EQ(c.Finish(1).code(), StatusCode::kAlreadyExists);
  // A share not there yet.
  c.inbox[1] = inbox;
  c.inbox[1].pop_back();
  EXPECT_EQ(c.Finish(1).code(), StatusCode::kFailedPrecondition);
  // A share that does not open with this trustee's box key.
  c.inbox[1] = inbox;
  c.inbox[1][1].box[40] ^= 1;
  EXPECT_EQ(c.Finish(1).code(), StatusCode::kPermissionDenied);
  // A share that does not match its dealer's commitments.
  c.inbox[1] = inbox;
  auto rng = Rng(39);
  Result<Dealing> other = Deal(c.params, 2, c.announcements, rng);
  ASSERT_TRUE(other.ok());
  for (EncryptedShare& s : c.inbox[1]) {
    if (s.dealer == 2) s = other->shares[0];
  }
  EXPECT_EQ(c.Finish(1).code(), StatusCode::kCorruption);
  c.inbox[1] = inbox;
  EXPECT_TRUE(c.Finish(1).ok());
  // Parameters out of range; malformed messages.
  EXPECT_EQ(RunCeremonyInProcess(3, 4, Ctx("demo"), rng).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DealerCommitments::Decode(Bytes{1, 2, 3}).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall::crypto
