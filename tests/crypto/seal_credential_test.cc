#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "hall/crypto/credential.h"
#include "hall/crypto/internal/base32.h"
#include "hall/crypto/seal.h"
#include "seal_test_util.h"

namespace hall::crypto {
namespace {

using testing::FixedRandom;
using testing::ToBytes;

std::string Symbols(const std::string& printed) {
  return StripSeparators(printed);
}

VerifyKey PublicOf(const CredentialCode& code) {
  return code.DeriveKey().verify_key();
}

TEST(SealCredential, PrintedForm) {
  auto random = FixedRandom(30);
  const CredentialCode code = CredentialCode::Generate(random);
  const std::string s = code.ToString();
  EXPECT_EQ(s.size(), 27u + 6u);  // 7 groups
  EXPECT_EQ(s[4], '-');
  EXPECT_EQ(s[29], '-');
  EXPECT_EQ(Symbols(s).size(), CredentialCode::kSymbols);
  for (char c : Symbols(s)) {
    EXPECT_NE(kBase32Alphabet.find(c), std::string_view::npos);
  }
}

TEST(SealCredential, ParseRoundTripAndForgivingInput) {
  auto random = FixedRandom(31);
  for (int i = 0; i < 20; ++i) {
    const CredentialCode code = CredentialCode::Generate(random);
    const std::string printed = code.ToString();
    auto parsed = CredentialCode::Parse(printed);
    ASSERT_TRUE(parsed.ok()) << parsed.message();
    EXPECT_EQ(parsed->ToString(), printed);
    EXPECT_EQ(PublicOf(*parsed), PublicOf(code));

    std::string sloppy;
    for (char c : Symbols(printed)) {
      char t = static_cast<char>(std::tolower(c));
      if (c == '0') t = 'o';
      if (c == '1') t = (i % 2) ? 'l' : 'I';
      sloppy.push_back(t);
      if (sloppy.size() % 6 == 3) sloppy.push_back(' ');
    }
    auto again = CredentialCode::Parse(" " + sloppy + " ");
    ASSERT_TRUE(again.ok()) << sloppy << ": " << again.message();
    EXPECT_EQ(again->ToString(), printed);
  }
}

TEST(SealCredential, DifferentCodesDifferentKeys) {
  auto random = FixedRandom(32);
  const CredentialCode a = CredentialCode::Generate(random);
  const CredentialCode b = CredentialCode::Generate(random);
  EXPECT_NE(a.ToString(), b.ToString());
  EXPECT_NE(PublicOf(a), PublicOf(b));
  EXPECT_EQ(PublicOf(a), PublicOf(a));  // deterministic
}

// Every single substitution at every position, for several codes.
TEST(SealCredential, CheckCatchesEverySingleSubstitution) {
  auto random = FixedRandom(33);
  int tried = 0;
  for (int n = 0; n < 8; ++n) {
    const std::string s = Symbols(CredentialCode::Generate(random).ToString());
    for (std::size_t pos = 0; pos < s.size(); ++pos) {
      for (char c : kBase32Alphabet) {
        if (c == s[pos]) continue;
        std::string bad = s;
        bad[pos] = c;
        auto r = CredentialCode::Parse(bad);
        ASSERT_FALSE(r.ok()) << bad;
        EXPECT_EQ(r.message(),
                  "the check character does not match: a character was "
                  "mistyped");
        ++tried;
      }
    }
  }
  EXPECT_EQ(tried, 8 * 27 * 31);
}

// Every swap of two different symbols (adjacent or not).
TEST(SealCredential, CheckCatchesEveryTransposition) {
  auto random = FixedRandom(34);
  int tried = 0;
  for (int n = 0; n < 8; ++n) {
    const std::string s = Symbols(CredentialCode::Generate(random).ToString());
    for (std::size_t i = 0; i < s.size(); ++i) {
      for (std::size_t j = i + 1; j < s.size(); ++j) {
        if (s[i] == s[j]) continue;
        std::string bad = s;
        std::swap(bad[i], bad[j]);
        EXPECT_FALSE(CredentialCode::Parse(bad).ok()) << bad;
        ++tried;
      }
    }
  }
  EXPECT_GT(tried, 8 * 300);
}

TEST(SealCredential, ParseErrorsSayWhatIsWrong) {
  auto random = FixedRandom(35);
  const std::string s = Symbols(CredentialCode::Generate(random).ToString());
  auto r = CredentialCode::Parse(s.substr(1));
  EXPECT_EQ(r.message(), "the code has 26 characters; a ballot code has 27");
  r = CredentialCode::Parse(s + "0");
  EXPECT_EQ(r.message(), "the code has 28 characters; a ballot code has 27");
  r = CredentialCode::Parse("");
  EXPECT_EQ(r.message(), "the code has 0 characters; a ballot code has 27");
  std::string with_u = s;
  with_u[4] = 'U';
  r = CredentialCode::Parse(with_u);
  EXPECT_EQ(r.message(),
            "the 5th character, 'U', does not occur in ballot codes");
  r = CredentialCode::Parse(s.substr(0, 2) + "*" + s.substr(3));
  EXPECT_EQ(r.message(),
            "the 3rd character, '*', does not occur in ballot codes");
}

// 26 data symbols whose padding bits are set, with a correct check symbol:
// not a code hall could have issued.
TEST(SealCredential, NonZeroPaddingIsRejected) {
  std::array<int, CredentialCode::kDataSymbols> values{};
  values[25] = 1;  // the last symbol carries 3 data bits + 2 padding bits
  std::string s;
  for (int v : values) s.push_back(kBase32Alphabet[v]);
  s.push_back(kBase32Alphabet[CredentialCheckSymbol(values)]);
  auto r = CredentialCode::Parse(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.message(),
            "this is not a ballot code: its 26th character cannot occur in "
            "one");
  values[25] = 4;  // a data bit only
  s.clear();
  for (int v : values) s.push_back(kBase32Alphabet[v]);
  s.push_back(kBase32Alphabet[CredentialCheckSymbol(values)]);
  EXPECT_TRUE(CredentialCode::Parse(s).ok());
}

TEST(SealCredentialList, CreateSortsAndRefusesDuplicates) {
  auto random = FixedRandom(36);
  std::vector<VerifyKey> keys;
  for (int i = 0; i < 10; ++i) {
    keys.push_back(PublicOf(CredentialCode::Generate(random)));
  }
  const Bytes context = ToBytes("meeting-7/round-3");
  auto list = CredentialList::Create(context, keys);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 10u);
  EXPECT_TRUE(std::is_sorted(list->keys().begin(), list->keys().end()));
  for (const VerifyKey& k : keys) EXPECT_TRUE(list->Contains(k));
  EXPECT_FALSE(list->Contains(PublicOf(CredentialCode::Generate(random))));

  // Order of input does not matter.
  std::reverse(keys.begin(), keys.end());
  auto list2 = CredentialList::Create(context, keys);
  ASSERT_TRUE(list2.ok());
  EXPECT_EQ(list2->Encode(), list->Encode());
  EXPECT_EQ(list2->digest(), list->digest());

  // The context is bound.
  auto other_round = CredentialList::Create(ToBytes("meeting-7/round-4"), keys);
  ASSERT_TRUE(other_round.ok());
  EXPECT_NE(other_round->digest(), list->digest());

  keys.push_back(keys[3]);
  auto dup = CredentialList::Create(context, keys);
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(dup.message().find("listed twice") != std::string::npos);
}

TEST(SealCredentialList, EncodeDecodeAndCanonicalForm) {
  auto random = FixedRandom(37);
  std::vector<VerifyKey> keys;
  for (int i = 0; i < 5; ++i) {
    keys.push_back(PublicOf(CredentialCode::Generate(random)));
  }
  auto list = CredentialList::Create(ToBytes("ctx"), keys);
  ASSERT_TRUE(list.ok());
  const Bytes enc = list->Encode();
  auto back = CredentialList::Decode(enc);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->Encode(), enc);
  EXPECT_EQ(back->context(), ToBytes("ctx"));

  // Swap the first two keys in the encoding: not canonical.
  const std::size_t first = enc.size() - 5 * 32;
  Bytes swapped = enc;
  std::swap_ranges(swapped.begin() + first, swapped.begin() + first + 32,
                   swapped.begin() + first + 32);
  auto r = CredentialList::Decode(swapped);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.message().find("canonical order") != std::string::npos);

  auto empty = CredentialList::Create({}, {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(CredentialList::Decode(empty->Encode()).ok());
  Bytes trailing = enc;
  trailing.push_back(0);
  EXPECT_FALSE(CredentialList::Decode(trailing).ok());
}

// The sealed credential list: flipping any byte of the encoding or the
// signature is rejected (decode fails or the seal does not verify).
TEST(SealCredentialList, SealedListTamper) {
  auto random = FixedRandom(38);
  const SigningKey seal = SigningKey::Generate(random);
  std::vector<VerifyKey> keys;
  for (int i = 0; i < 3; ++i) {
    keys.push_back(PublicOf(CredentialCode::Generate(random)));
  }
  auto list = CredentialList::Create(ToBytes("m/r"), keys);
  ASSERT_TRUE(list.ok());
  const Bytes enc = list->Encode();
  const Signature sig = Sign(seal, SignatureType::kCredentialList, enc);
  ASSERT_TRUE(
      Verify(seal.verify_key(), SignatureType::kCredentialList, enc, sig).ok());
  EXPECT_FALSE(
      Verify(seal.verify_key(), SignatureType::kBallotTemplate, enc, sig).ok());
  for (std::size_t i = 0; i < enc.size(); ++i) {
    Bytes bad = enc;
    bad[i] ^= 0x01;
    auto decoded = CredentialList::Decode(bad);
    const bool accepted = decoded.ok() && Verify(seal.verify_key(),
                                                 SignatureType::kCredentialList,
                                                 decoded->Encode(), sig)
                                              .ok();
    EXPECT_FALSE(accepted) << i;
  }
}

TEST(SealCredentialList, VoterClassesAreSignedWithEachKey) {
  auto random = FixedRandom(41);
  std::vector<VerifyKey> keys;
  std::vector<std::uint8_t> classes;
  for (int i = 0; i < 7; ++i) {
    keys.push_back(PublicOf(CredentialCode::Generate(random)));
    classes.push_back(i < 5 ? 0 : 1);
  }
  auto list = CredentialList::CreateWithClasses(ToBytes("m/r"), keys,
                                                {"A", "B"}, classes);
  ASSERT_TRUE(list.ok()) << list.message();
  for (int i = 0; i < 7; ++i) EXPECT_EQ(list->ClassOf(keys[i]), i < 5 ? 0 : 1);
  EXPECT_EQ(list->ClassSizes(), (std::vector<std::size_t>{5, 2}));
  EXPECT_EQ(list->ClassOf(PublicOf(CredentialCode::Generate(random))), -1);
  const Bytes enc = list->Encode();
  auto back = CredentialList::Decode(enc);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->Encode(), enc);
  EXPECT_EQ(back->class_names(), (std::vector<std::string>{"A", "B"}));
  // Without classes the list encodes as it always did, and differs.
  auto plain = CredentialList::Create(ToBytes("m/r"), keys);
  ASSERT_TRUE(plain.ok());
  EXPECT_NE(plain->digest(), list->digest());
  EXPECT_EQ(plain->ClassOf(keys[0]), -1);
  const Bytes plain_enc = plain->Encode();
  ASSERT_GT(enc.size(), plain_enc.size());
  EXPECT_TRUE(std::equal(plain_enc.begin(), plain_enc.end(), enc.begin()));
  // Moving one credential to the other class changes the signed bytes.
  classes[0] = 1;
  auto moved = CredentialList::CreateWithClasses(ToBytes("m/r"), keys,
                                                 {"A", "B"}, classes);
  ASSERT_TRUE(moved.ok());
  EXPECT_NE(moved->digest(), list->digest());
  // Damaged class sections are refused.
  Bytes bad = enc;
  bad.back() = 9;  // a class index beyond the names
  EXPECT_FALSE(CredentialList::Decode(bad).ok());
  Bytes longer = enc;
  longer.push_back(0);
  EXPECT_FALSE(CredentialList::Decode(longer).ok());
  Bytes shorter(enc.begin(), enc.end() - 1);
  EXPECT_FALSE(CredentialList::Decode(shorter).ok());
  EXPECT_FALSE(CredentialList::CreateWithClasses(ToBytes("m/r"), keys,
                                                 {"A", "A"}, classes)
                   .ok());
  EXPECT_FALSE(CredentialList::CreateWithClasses(ToBytes("m/r"), keys, {"A"},
                                                 classes)
                   .ok());
}

}  // namespace
}  // namespace hall::crypto
