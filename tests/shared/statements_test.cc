#include "hall/shared/statements.h"

#include <gtest/gtest.h>

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

crypto::Bytes B(std::string_view s) {
  return crypto::Bytes(s.begin(), s.end());
}

TEST(StatementsTest, KeyCeremonyContextIsTheDocumentedEncoding) {
  EXPECT_EQ(
      KeyCeremonyContext("hall-hn", 7),
      crypto::Encoder().Str("hall/v1/ceremony").Str("hall-hn").U64(7).Take());
  EXPECT_NE(KeyCeremonyContext("hall-hn", 7), KeyCeremonyContext("hall-hn", 8));
}

TEST(StatementsTest, MinutesDigestCoversTheMinutesAndTheSignature) {
  std::array<std::uint8_t, 64> sig{};
  const std::string d = MinutesDigest(B("minutes"), sig);
  EXPECT_EQ(d.size(), 64u);
  EXPECT_NE(d, MinutesDigest(B("minutez"), sig));
  sig[63] = 1;
  EXPECT_NE(d, MinutesDigest(B("minutes"), sig));
}

TEST(StatementsTest, CredentialListContextIsTheDocumentedEncoding) {
  EXPECT_EQ(CredentialListContext("hall-hn", 7, 12),
            crypto::Encoder()
                .Str("hall/v1/credential-context")
                .Str("hall-hn")
                .U64(7)
                .U64(12)
                .Take());
}

TEST(StatementsTest, BoxStatementsRoundTripAndRefuseDamage) {
  BoxSealedStatement sealed;
  sealed.template_digest.fill(1);
  sealed.credential_list_digest.fill(2);
  sealed.board_genesis.fill(3);
  sealed.issued = 40;
  sealed.definition_digest.fill(4);
  sealed.convened = 45;
  sealed.slots = 2;
  sealed.groups = {"leadership", "extended"};
  sealed.compared_round = 7;
  sealed.head_nominee = "An";
  sealed.sealed_at = "2026-12-02T08:00:00Z";
  sealed.present = {"p01", "p02"};
  const crypto::Bytes sealed_bytes = sealed.Encode();
  EXPECT_EQ(sealed_bytes, crypto::Encoder()
                              .Str("hall/v3/box-sealed")
                              .Fixed(sealed.template_digest)
                              .Fixed(sealed.credential_list_digest)
                              .Fixed(sealed.board_genesis)
                              .U64(40)
                              .Fixed(sealed.definition_digest)
                              .U64(45)
                              .U64(2)
                              .U32(2)
                              .Str("leadership")
                              .Str("extended")
                              .U64(7)
                              .Str("An")
                              .Str("2026-12-02T08:00:00Z")
                              .U32(2)
                              .Str("p01")
                              .Str("p02")
                              .Take());
  auto back = BoxSealedStatement::Decode(sealed_bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->issued, 40u);
  EXPECT_EQ(back->definition_digest, sealed.definition_digest);
  EXPECT_EQ(back->present, sealed.present);
  EXPECT_EQ(back->convened, 45u);
  EXPECT_EQ(back->slots, 2u);
  EXPECT_EQ(back->groups, sealed.groups);
  EXPECT_EQ(back->compared_round, 7u);
  EXPECT_EQ(back->head_nominee, "An");
  // A group count larger than the bytes that follow is refused.
  crypto::Bytes inflated = crypto::Encoder()
                               .Str("hall/v3/box-sealed")
                               .Fixed(sealed.template_digest)
                               .Fixed(sealed.credential_list_digest)
                               .Fixed(sealed.board_genesis)
                               .U64(40)
                               .Fixed(sealed.definition_digest)
                               .U64(45)
                               .U64(2)
                               .U32(999)
                               .Take();
  EXPECT_EQ(BoxSealedStatement::Decode(inflated).code(),
            StatusCode::kCorruption);
  EXPECT_EQ(back->board_genesis, sealed.board_genesis);
  EXPECT_EQ(back->sealed_at, sealed.sealed_at);

  BoxClosedStatement closed;
  closed.template_digest.fill(1);
  closed.cast = 38;
  closed.board_head.fill(9);
  closed.closed_at = "2026-12-02T09:00:00Z";
  const crypto::Bytes closed_bytes = closed.Encode();
  auto closed_back = BoxClosedStatement::Decode(closed_bytes);
  ASSERT_TRUE(closed_back.ok());
  EXPECT_EQ(closed_back->cast, 38u);
  EXPECT_EQ(closed_back->board_head, closed.board_head);

  // A statement of the other kind, a truncated one, one with a byte more.
  auto swapped = BoxClosedStatement::Decode(sealed_bytes);
  EXPECT_EQ(swapped.code(), StatusCode::kCorruption);
  EXPECT_EQ(swapped.message(),
            "the box-closed statement is damaged (not what hall writes); "
            "export the record again from the installation");
  crypto::Bytes cut(closed_bytes.begin(), closed_bytes.end() - 1);
  EXPECT_EQ(BoxClosedStatement::Decode(cut).code(), StatusCode::kCorruption);
  crypto::Bytes longer = sealed_bytes;
  longer.push_back(0);
  EXPECT_EQ(BoxSealedStatement::Decode(longer).code(),
            StatusCode::kCorruption);
}

TEST(StatementsTest, MeetingDefinitionRoundTripsAndBindsTheProcedureFile) {
  MeetingDefinition def;
  def.installation = "hall-hn";
  def.meeting_id = 3;
  def.title = "Bổ nhiệm Phó Giám đốc";
  def.procedure = "vn-138-appointment";
  def.procedure_digest = ProcedureFileDigest("{\"format\": ...}");
  def.members = 5;
  def.roll = {{"p1", "Nguyễn Văn An", "leadership"},
              {"p2", "Trần Thị Bình", "conference"}};
  def.box_key_digest.fill(7);
  def.recipients = {{"competent authority", {}}};
  def.recipients[0].public_key.fill(4);
  auto back = MeetingDefinition::Decode(def.Encode());
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->title, def.title);
  EXPECT_EQ(back->procedure_digest, def.procedure_digest);
  ASSERT_EQ(back->roll.size(), 2u);
  EXPECT_EQ(back->roll[1].name, "Trần Thị Bình");
  ASSERT_EQ(back->recipients.size(), 1u);
  EXPECT_EQ(back->recipients[0].public_key, def.recipients[0].public_key);
  EXPECT_EQ(back->Encode(), def.Encode());
  // Another procedure file is another digest.
  EXPECT_NE(ProcedureFileDigest("a"), ProcedureFileDigest("b"));
  crypto::Bytes damaged = def.Encode();
  damaged.resize(damaged.size() - 3);
  EXPECT_EQ(MeetingDefinition::Decode(damaged).code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace hall::shared
