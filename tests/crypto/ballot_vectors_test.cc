// Known-answer vectors for the ballot part: everything below is derived from
// DeterministicRandom(seed 0x42...) and checked into
// tests/crypto/vectors/ballot_kat.json, so any change of encoding, hash input
// or derivation is noticed. The stored bytes are also verified as-is (an
// independent check that old records still verify).
//
// To regenerate after a deliberate change (and say so in the commit):
//   HALL_WRITE_VECTORS=1 crypto_ballot_tests --gtest_filter='BallotVectors*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "ballot_test_util.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/ceremony.h"
#include "hall/crypto/decrypt.h"
#include "hall/crypto/tally.h"
#include "hall/crypto/testing/deterministic_random.h"

namespace hall::crypto {
namespace {

using nlohmann::json;

std::string Hex(std::span<const std::uint8_t> b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (std::uint8_t x : b) {
    s.push_back(d[x >> 4]);
    s.push_back(d[x & 15]);
  }
  return s;
}

Bytes Unhex(const std::string& s) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    out.push_back(
        static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string VectorPath() {
  const std::string a = HALL_TEST_DATA_DIR "/vectors/ballot_kat.json";
  const std::string b = HALL_TEST_DATA_DIR "/crypto/vectors/ballot_kat.json";
  if (std::ifstream(b).good()) return b;
  if (std::ifstream(a).good()) return a;
  // When writing for the first time, prefer tests/crypto/vectors.
  return std::ifstream(HALL_TEST_DATA_DIR "/crypto/CMakeLists.txt").good() ? b
                                                                           : a;
}

struct BallotCase {
  BallotSpec spec;
  std::vector<Mark> marks;
};

// Builds every vector from the fixed seed.
json Generate() {
  std::array<std::uint8_t, 32> seed;
  seed.fill(0x42);
  DeterministicRandom rng(seed);
  json out;
  out["about"] =
      "hall ballot-part known answers; see docs/crypto-ballot.md. All "
      "randomness from DeterministicRandom(32 x 0x42), consumed in this order.";
  out["seed"] = Hex(seed);

  const Bytes cer_ctx = testing::Ctx("kat/ceremony");
  CeremonyParams params{3, 2, cer_ctx};
  std::vector<CeremonyBoxKey> box_keys;
  std::vector<TrusteeAnnouncement> ann;
  for (std::uint32_t j = 1; j <= 3; ++j) {
    box_keys.push_back(CeremonyBoxKey::Generate(rng));
    ann.push_back({j, box_keys.back().public_key()});
  }
  std::vector<DealerCommitments> commitments;
  std::vector<std::vector<EncryptedShare>> inbox(4);
  json dealings = json::array();
  for (std::uint32_t i = 1; i <= 3; ++i) {
    Dealing d = Deal(params, i, ann, rng).value();
    json shares = json::array();
    for (const EncryptedShare& s : d.shares) {
      shares.push_back(Hex(s.Encode()));
      inbox[s.recipient].push_back(s);
    }
    dealings.push_back({{"commitments", Hex(d.commitments.Encode())},
                        {"encrypted_shares", shares}});
    commitments.push_back(d.commitments);
  }
  std::vector<TrusteeShare> trustee_shares;
  for (std::uint32_t j = 1; j <= 3; ++j) {
    trustee_shares.push_back(
        FinishCeremony(params, j, box_keys[j - 1], commitments, inbox[j])
            .value());
  }
  const BallotBoxKey key = DeriveBallotBoxKey(params, commitments).value();
  out["ceremony"] = {
      {"n", 3},
      {"k", 2},
      {"context", Hex(cer_ctx)},
      {"announcements",
       {Hex(ann[0].Encode()), Hex(ann[1].Encode()), Hex(ann[2].Encode())}},
      {"dealings", dealings},
      {"ballot_box_key", Hex(key.Encode())}};

  const Bytes ctx = testing::Ctx("kat/meeting/round-1/template");
  out["context"] = Hex(ctx);
  // The casting credentials come from a second seed (32 x 0x43), so the main
  // sequence above is what it was before ballots were bound to them.
  std::array<std::uint8_t, 32> cred_seed;
  cred_seed.fill(0x43);
  DeterministicRandom cred_rng(cred_seed);
  const std::vector<BallotCase> cases = {
      {{BallotKind::kNominate, 3, {}}, {1u}},
      {{BallotKind::kNominate, 3, {}}, {std::nullopt}},
      {{BallotKind::kApprove, 2, 1}, {0u, 1u}},
      {{BallotKind::kRate3, 1, {}}, {2u}},
      {{BallotKind::kRate4, 1, {}}, {0u}},
      {{BallotKind::kYesNoAbstain, 1, {}}, {1u}},
  };
  json ballots = json::array();
  for (const BallotCase& c : cases) {
    const BallotShape shape = *ShapeFor(c.spec);
    const std::vector<std::uint8_t> plain = *MarksToPlaintext(c.spec, c.marks);
    const VerifyKey cred = SigningKey::Generate(cred_rng).verify_key();
    EncryptionResult enc =
        EncryptBallot(key.joint_key(), shape, plain, ctx, cred, rng).value();
    json j = {{"kind", std::string(BallotKindName(c.spec.kind))},
              {"persons", c.spec.persons},
              {"shape", Hex(shape.Encode())},
              {"plaintext", plain},
              {"credential", Hex(cred.bytes())},
              {"ballot", Hex(enc.ballot.Encode())},
              {"opening", Hex(enc.opening.Spoil().Encode())}};
    j["max_agree"] = c.spec.max_agree ? json(*c.spec.max_agree) : json(nullptr);
    ballots.push_back(j);
  }
  out["ballots"] = ballots;

  // A tallied round: three nominate ballots for 3 persons.
  const BallotShape shape = *ShapeFor({BallotKind::kNominate, 3, {}});
  std::vector<VerifiedBallot> cast;
  json cast_bytes = json::array();
  json cast_creds = json::array();
  for (std::uint32_t choice : {2u, 0u, 2u}) {
    std::vector<std::uint8_t> plain(3, 0);
    plain[choice] = 1;
    const VerifyKey cred = SigningKey::Generate(cred_rng).verify_key();
    EncryptionResult enc =
        EncryptBallot(key.joint_key(), shape, plain, ctx, cred, rng).value();
    cast_bytes.push_back(Hex(enc.ballot.Encode()));
    cast_creds.push_back(Hex(cred.bytes()));
    cast.push_back(
        AcceptBallot(key.joint_key(), shape, ctx, cred, enc.ballot).value());
  }
  const Aggregate agg = AggregateBallots(cast).value();
  json partials = json::array();
  std::vector<PartialDecryption> ps;
  for (std::uint32_t j : {1u, 3u}) {
    ps.push_back(PartialDecrypt(key, agg, trustee_shares[j - 1], rng).value());
    partials.push_back(Hex(ps.back().Encode()));
  }
  out["tally"] = {{"ballots", cast_bytes},
                  {"credentials", cast_creds},
                  {"aggregate", Hex(agg.Encode())},
                  {"partials", partials},
                  {"counts", *Combine(key, agg, ps)}};
  return out;
}

TEST(BallotVectorsTest, MatchCheckedInVectors) {
  const json now = Generate();
  const std::string path = VectorPath();
  if (std::getenv("HALL_WRITE_VECTORS")) {
    std::ofstream(path) << now.dump(2) << "\n";
    GTEST_SKIP() << "wrote " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "missing " << path;
  const json stored = json::parse(in);
  // Compare section by section for a readable failure.
  for (const char* section :
       {"seed", "ceremony", "context", "ballots", "tally"}) {
    EXPECT_EQ(stored.at(section), now.at(section))
        << "known-answer section \"" << section
        << "\" changed: an encoding or derivation changed";
  }
}

TEST(BallotVectorsTest, StoredBytesStillVerify) {
  std::ifstream in(VectorPath());
  ASSERT_TRUE(in.good());
  const json v = json::parse(in);
  Result<BallotBoxKey> key =
      BallotBoxKey::Decode(Unhex(v["ceremony"]["ballot_box_key"]));
  ASSERT_TRUE(key.ok()) << key.message();
  const Bytes ctx = Unhex(v["context"]);
  for (const json& b : v["ballots"]) {
    BallotSpec spec{*ParseBallotKind(b["kind"].get<std::string>()),
                    b["persons"].get<std::uint32_t>(),
                    {}};
    if (!b["max_agree"].is_null())
      spec.max_agree = b["max_agree"].get<std::uint32_t>();
    const BallotShape shape = *ShapeFor(spec);
    EXPECT_EQ(Hex(shape.Encode()), b["shape"].get<std::string>());
    Result<EncryptedBallot> ballot =
        EncryptedBallot::Decode(Unhex(b["ballot"]));
    ASSERT_TRUE(ballot.ok()) << ballot.message();
    Result<VerifyKey> cred = VerifyKey::FromBytes(Unhex(b["credential"]));
    ASSERT_TRUE(cred.ok()) << cred.message();
    Status s = VerifyBallot(key->joint_key(), shape, ctx, *cred, *ballot);
    EXPECT_TRUE(s.ok()) << s.message();
    Result<SpoiledBallot> opening = SpoiledBallot::Decode(Unhex(b["opening"]));
    ASSERT_TRUE(opening.ok());
    EXPECT_TRUE(VerifyOpening(key->joint_key(), *ballot, *opening).ok());
  }
}

}  // namespace
}  // namespace hall::crypto
