// Known-answer vectors for the seal part. The expected values live in
// tests/crypto/vectors/seal_vectors.txt ("name = value" lines); a change of
// any encoding, domain tag or derivation makes this test fail. To regenerate
// after an intended change (and then review the diff):
//   HALL_WRITE_SEAL_VECTORS=1 build/tests/crypto/crypto_seal_tests
//       --gtest_filter='SealVectors.*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/credential.h"
#include "hall/crypto/digest.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/fingerprint.h"
#include "hall/crypto/key_file.h"
#include "hall/crypto/seal.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::FixedRandom;
using testing::ToBytes;

// HALL_TEST_DATA_DIR is the directory of the test's CMakeLists.txt
// (tests/crypto); accept tests/ as well.
std::string VectorFile() {
  const std::string here = HALL_TEST_DATA_DIR "/vectors/seal_vectors.txt";
  const std::string above =
      HALL_TEST_DATA_DIR "/crypto/vectors/seal_vectors.txt";
  return std::ifstream(above).good() ? above : here;
}

Secret<32> Seed(std::uint8_t first) {
  Secret<32> seed;
  for (int i = 0; i < 32; ++i)
    seed.data()[i] = static_cast<std::uint8_t>(first + i);
  return seed;
}

Bytes FromHex(std::string_view hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(
        std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

using Vectors = std::vector<std::pair<std::string, std::string>>;

Vectors Compute() {
  Vectors v;
  auto add = [&v](std::string name, std::string value) {
    v.emplace_back(std::move(name), std::move(value));
  };

  // Seal key from a fixed seed.
  const SigningKey seal = SigningKey::FromSeed(Seed(0));
  add("seal.seed", ToHex(seal.ExportSeed().view()));
  add("seal.public_key", ToHex(seal.verify_key().bytes()));
  add("seal.fingerprint", Fingerprint(seal.verify_key()));
  const Bytes message = ToBytes("hall known-answer message");
  add("seal.message", ToHex(message));
  for (SignatureType t :
       {SignatureType::kMeetingDefinition, SignatureType::kBallotTemplate,
        SignatureType::kCredentialList, SignatureType::kBoxSealed,
        SignatureType::kBoxClosed, SignatureType::kTally,
        SignatureType::kMinutes, SignatureType::kBallot,
        SignatureType::kTrusteeMessage}) {
    add("seal.signature." + std::string(SignatureTypeName(t)),
        ToHex(Sign(seal, t, message).bytes()));
  }

  // Key file with fixed randomness and the MIN cost (Argon2id is
  // deterministic).
  auto random = FixedRandom(0x4b);
  auto key_file = EncryptSigningKey(seal, "hall test passphrase",
                                    KeyFileCost::kMin, random);
  HALL_CHECK(key_file.ok());
  add("key_file.passphrase", "hall test passphrase");
  add("key_file.bytes", ToHex(*key_file));

  // Credentials from fixed randomness.
  auto cred_random = FixedRandom(0xc7);
  std::vector<VerifyKey> keys;
  for (int i = 0; i < 3; ++i) {
    const CredentialCode code = CredentialCode::Generate(cred_random);
    const SigningKey key = code.DeriveKey();
    add("credential." + std::to_string(i) + ".code", code.ToString());
    add("credential." + std::to_string(i) + ".public_key",
        ToHex(key.verify_key().bytes()));
    keys.push_back(key.verify_key());
  }
  auto list = CredentialList::Create(ToBytes("meeting-1/round-2"), keys);
  HALL_CHECK(list.ok());
  add("credential_list.encoding", ToHex(list->Encode()));
  add("credential_list.digest", ToHex(list->digest()));

  // A ballot envelope signed with credential 0.
  auto again = FixedRandom(0xc7);
  const SigningKey cred0 = CredentialCode::Generate(again).DeriveKey();
  add("envelope.encoding",
      ToHex(SignEnvelope(cred0, ToBytes("ballot payload")).Encode()));

  // A fixed chain.
  BulletinBoard board(ToBytes("meeting-1/round-2"));
  add("board.genesis", ToHex(board.head()));
  for (int i = 0; i < 4; ++i) {
    auto r = board.Append(ToBytes("ballot " + std::to_string(i)));
    HALL_CHECK(r.ok());
    add("board." + std::to_string(i) + ".entry_hash", ToHex(r->entry_hash));
    add("board." + std::to_string(i) + ".tracking_code", r->tracking_code);
  }
  add("board.head", ToHex(board.head()));
  add("board.proof.1", ToHex(board.ProveInclusion(std::uint64_t{1}).Encode()));
  return v;
}

std::map<std::string, std::string> Load() {
  std::map<std::string, std::string> out;
  std::ifstream in(VectorFile());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find(" = ");
    if (eq == std::string::npos) continue;
    out[line.substr(0, eq)] = line.substr(eq + 3);
  }
  return out;
}

TEST(SealVectors, MatchTheCheckedInFile) {
  const Vectors computed = Compute();
  if (std::getenv("HALL_WRITE_SEAL_VECTORS") != nullptr) {
    std::ofstream out(VectorFile());
    out << "# hall_crypto seal part: known-answer vectors.\n"
           "# Generated by seal_vectors_test.cc; see docs/crypto-seal.md.\n";
    for (const auto& [name, value] : computed) {
      out << name << " = " << value << "\n";
    }
    ASSERT_TRUE(out.good());
    GTEST_SKIP() << "wrote " << VectorFile();
  }
  const auto expected = Load();
  ASSERT_FALSE(expected.empty()) << "cannot read " << VectorFile();
  EXPECT_EQ(expected.size(), computed.size());
  for (const auto& [name, value] : computed) {
    auto it = expected.find(name);
    ASSERT_NE(it, expected.end()) << name << " missing from the vector file";
    EXPECT_EQ(value, it->second) << name;
  }
}

// The vectors also read back: the checked-in values parse and verify.
TEST(SealVectors, CheckedInValuesVerify) {
  auto v = Load();
  ASSERT_FALSE(v.empty());
  auto pub = VerifyKey::FromBytes(FromHex(v["seal.public_key"]));
  ASSERT_TRUE(pub.ok());
  auto sig = Signature::FromBytes(FromHex(v["seal.signature.minutes"]));
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(
      Verify(*pub, SignatureType::kMinutes, FromHex(v["seal.message"]), *sig)
          .ok());
  auto key =
      DecryptSigningKey(FromHex(v["key_file.bytes"]), v["key_file.passphrase"]);
  ASSERT_TRUE(key.ok()) << key.message();
  EXPECT_EQ(key->verify_key(), *pub);

  auto code = CredentialCode::Parse(v["credential.1.code"]);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(ToHex(code->DeriveKey().verify_key().bytes()),
            v["credential.1.public_key"]);

  auto proof = InclusionProof::Decode(FromHex(v["board.proof.1"]));
  ASSERT_TRUE(proof.ok());
  auto head = FromHex(v["board.head"]);
  Digest h;
  ASSERT_EQ(head.size(), h.size());
  std::copy(head.begin(), head.end(), h.begin());
  EXPECT_TRUE(VerifyInclusion(*proof, v["board.1.tracking_code"], h).ok());
}

// An anchor independent of hall: RFC 8032 test 1 (libsodium's Ed25519).
TEST(SealVectors, Rfc8032PublicKey) {
  const Bytes seed = FromHex(
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  Secret<32> s;
  std::copy(seed.begin(), seed.end(), s.data());
  EXPECT_EQ(ToHex(SigningKey::FromSeed(s).verify_key().bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}

}  // namespace
}  // namespace hall::crypto
