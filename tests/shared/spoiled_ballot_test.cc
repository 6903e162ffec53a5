// Spoiled ballots (spoiled_ballot.h): the entry a kiosk sends and the record
// keeps holds the ballot's ciphertexts and opening and nothing of its
// proofs or credential; it is read exactly; VerifySpoiledEntry catches a
// kiosk that shows other choices than it encrypted; the record's list is in
// digest order, each once.
#include "hall/shared/spoiled_ballot.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/init.h"
#include "hall/crypto/trustee.h"

namespace hall::shared {
namespace {

struct Fixture {
  BallotTemplate t;
  crypto::SigningKey credential = crypto::SigningKey::Generate();

  Fixture() {
    crypto::InitOrDie();
    const crypto::Point joint = crypto::Point::BaseMul(
        crypto::SecretScalar::Random(crypto::DefaultRandom()));
    auto key = crypto::BallotBoxKey::Create(Bytes{'c'}, 1, 1, joint, {joint});
    HALL_CHECK(key.ok());
    t.installation = "inst";
    t.meeting_id = 1;
    t.round_id = 2;
    t.procedure = "vn-138-appointment";
    t.step = "2";
    t.step_titles = {{rules::Language::kEn, "Extended conference"}};
    t.disclosure = "sealed";
    t.kind = crypto::BallotKind::kNominate;
    t.persons = {"An", "Bình", "Châu"};
    t.box_key = key->Encode();
  }

  crypto::EncryptionResult Encrypt(crypto::Mark mark) const {
    auto key = crypto::BallotBoxKey::Decode(t.box_key);
    auto shape = crypto::ShapeFor(t.Spec());
    const crypto::Mark marks[] = {mark};
    auto plaintext = crypto::MarksToPlaintext(t.Spec(), marks);
    HALL_CHECK(key.ok() && shape.ok() && plaintext.ok());
    auto e =
        crypto::EncryptBallot(key->joint_key(), *shape, *plaintext, t.Digest(),
                              credential.verify_key(), crypto::DefaultRandom());
    HALL_CHECK(e.ok());
    return std::move(e).value();
  }
};

bool Contains(const Bytes& haystack, std::span<const std::uint8_t> needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(),
                     needle.end()) != haystack.end();
}

TEST(SpoiledBallotTest, TheEntryHoldsCiphertextsAndOpeningOnly) {
  Fixture f;
  const crypto::EncryptionResult e = f.Encrypt(1);
  const SpoiledEntry entry = SpoiledEntryOf(e.ballot, e.opening.Spoil());
  const Bytes bytes = entry.Encode();
  auto back = SpoiledEntry::Decode(bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->Encode(), bytes);
  EXPECT_EQ(back->Digest(), entry.Digest());
  EXPECT_EQ(entry.Digest(), CiphertextsDigest(e.ballot.options));
  EXPECT_TRUE(VerifySpoiledEntry(f.t, *back).ok());
  // No proof and no credential: nothing to test a ballot code against.
  EXPECT_FALSE(Contains(bytes, f.credential.verify_key().bytes()));
  const Bytes proofs_and_all = e.ballot.Encode();
  EXPECT_GT(proofs_and_all.size(), bytes.size());
  for (const auto& c : e.ballot.options) {
    EXPECT_TRUE(Contains(bytes, c.alpha.bytes()));
    EXPECT_TRUE(Contains(bytes, c.beta.bytes()));
  }
  // Exactly these bytes.
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(SpoiledEntry::Decode(std::span(bytes).first(n)).ok()) << n;
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(SpoiledEntry::Decode(longer).code(), StatusCode::kInvalidArgument);
}

TEST(SpoiledBallotTest, AKioskShowingOtherChoicesIsCaught) {
  Fixture f;
  const crypto::EncryptionResult e = f.Encrypt(1);
  SpoiledEntry entry = SpoiledEntryOf(e.ballot, e.opening.Spoil());
  // The kiosk encrypted person 1 but shows person 0.
  SpoiledEntry lie = entry;
  std::swap(lie.opening.plaintext[0], lie.opening.plaintext[1]);
  const Status caught = VerifySpoiledEntry(f.t, lie);
  EXPECT_EQ(caught.code(), StatusCode::kCorruption);
  EXPECT_NE(caught.message().find("does NOT encrypt the choices shown"),
            std::string::npos)
      << caught.message();
  // Another nonce.
  SpoiledEntry other_nonce = entry;
  other_nonce.opening.nonces[0] = crypto::Scalar::One();
  EXPECT_EQ(VerifySpoiledEntry(f.t, other_nonce).code(),
            StatusCode::kCorruption);
  // Choices no ballot of the round may hold (two people on a nomination).
  SpoiledEntry two = entry;
  two.opening.plaintext.assign(two.opening.plaintext.size(), 0);
  two.opening.plaintext[0] = two.opening.plaintext[1] = 1;
  EXPECT_EQ(VerifySpoiledEntry(f.t, two).code(), StatusCode::kInvalidArgument);
  // Another round's shape (one person more on the ballot).
  BallotTemplate bigger = f.t;
  bigger.persons.push_back("Dũng");
  const Status shape = VerifySpoiledEntry(bigger, entry);
  EXPECT_EQ(shape.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(shape.message().find("options"), std::string::npos);
  // An opening that does not cover the ciphertexts does not decode.
  SpoiledEntry short_opening = entry;
  short_opening.opening.plaintext.pop_back();
  short_opening.opening.nonces.pop_back();
  EXPECT_EQ(SpoiledEntry::Decode(short_opening.Encode()).code(),
            StatusCode::kInvalidArgument);
}

TEST(SpoiledBallotTest, TheRecordListIsInDigestOrderEachOnce) {
  Fixture f;
  std::vector<SpoiledEntry> entries;
  for (std::uint32_t i = 0; i < 3; ++i) {
    const crypto::EncryptionResult e = f.Encrypt(i);
    entries.push_back(SpoiledEntryOf(e.ballot, e.opening.Spoil()));
  }
  std::sort(entries.begin(), entries.end(),
            [](const SpoiledEntry& a, const SpoiledEntry& b) {
              return a.Digest() < b.Digest();
            });
  const Bytes list = EncodeSpoiledList(entries);
  auto back = DecodeSpoiledList(list);
  ASSERT_TRUE(back.ok()) << back.message();
  ASSERT_EQ(back->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*back)[i].Encode(), entries[i].Encode());
    EXPECT_TRUE(VerifySpoiledEntry(f.t, (*back)[i]).ok());
  }
  EXPECT_TRUE(DecodeSpoiledList(EncodeSpoiledList({})).ok());
  for (std::size_t n = 0; n < list.size(); n += 7)
    EXPECT_FALSE(DecodeSpoiledList(std::span(list).first(n)).ok()) << n;
  // Out of order, or one twice.
  std::vector<SpoiledEntry> swapped = {entries[1], entries[0]};
  crypto::Encoder out_of_order;
  out_of_order.Str("hall/v1/spoiled-ballots").U32(2);
  for (const auto& e : swapped) out_of_order.Var(e.Encode());
  EXPECT_EQ(DecodeSpoiledList(out_of_order.Take()).code(),
            StatusCode::kInvalidArgument);
  crypto::Encoder twice;
  twice.Str("hall/v1/spoiled-ballots").U32(2);
  twice.Var(entries[0].Encode()).Var(entries[0].Encode());
  EXPECT_EQ(DecodeSpoiledList(twice.Take()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_DEATH((void)EncodeSpoiledList(swapped), "");
}

}  // namespace
}  // namespace hall::shared
