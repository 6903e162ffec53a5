// The kiosk protocol's messages (protocol.h, version 2): every message
// round-trips, and a payload cut short or with a byte more is refused; the
// new messages' exact bytes; a sealed round's outcome can be neither
// written nor read.
#include "hall/shared/protocol.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

using rules::Language;

// Every strict prefix of `bytes` and `bytes` with one byte more are refused
// by `decode`; `bytes` itself decodes.
void ExpectExactly(
    const Bytes& bytes,
    const std::function<Status(std::span<const std::uint8_t>)>& decode,
    const std::string& what) {
  EXPECT_TRUE(decode(bytes).ok()) << what;
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    const Status s = decode(std::span(bytes).first(n));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument)
        << what << " cut to " << n << " of " << bytes.size() << " bytes";
  }
  Bytes longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(decode(longer).code(), StatusCode::kInvalidArgument)
      << what << " with a trailing byte";
}

template <typename M>
std::function<Status(std::span<const std::uint8_t>)> Decoder() {
  return [](std::span<const std::uint8_t> b) { return M::Decode(b).status(); };
}

RoundStatus Round(const std::string& disclosure) {
  RoundStatus r;
  r.round_id = 7;
  r.step = "2";
  r.step_titles = {{Language::kVi, "Hội nghị mở rộng"},
                   {Language::kZh, "扩大会议"},
                   {Language::kEn, "Extended conference"}};
  r.state = "open";
  r.disclosure = disclosure;
  r.issued = 40;
  r.cast = 31;
  r.spoiled = 2;
  r.opened_at_unix = 1'800'000'000;
  r.closed_at_unix = 0;
  r.board_head.fill(0xAB);
  r.minutes_digest = "";
  return r;
}

StatusResponse FullStatus() {
  StatusResponse s;
  s.installation = "0123456789abcdef0123456789abcdef";
  s.meeting_id = 3;
  s.meeting_title = "Bổ nhiệm Phó Giám đốc";
  s.procedure = "vn-138-appointment";
  s.procedure_titles = {{Language::kVi, "Bổ nhiệm"},
                        {Language::kEn, "Appointment"}};
  s.convened = 45;
  s.present = 40;
  s.quorum_required = 30;
  s.quorum = {">=", 2, 3, "convened", 45, true};
  s.server_time_unix = 1'800'000'123;
  s.alerts = 12;
  s.latest_alerts = {
      {AlertKind::kSpoiledCheckFailed, "kiosk-002", 7, 1'800'000'100},
      {AlertKind::kTemplateSealInvalid, "kiosk-001", 0, 1'800'000'050}};
  s.round = Round("sealed");
  return s;
}

TEST(ProtocolTest, EveryMessageRoundTripsAndIsReadExactly) {
  const StatusResponse status = FullStatus();
  const Bytes status_bytes = status.Encode();
  auto back = StatusResponse::Decode(status_bytes);
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->Encode(), status_bytes);
  EXPECT_EQ(back->procedure_titles, status.procedure_titles);
  EXPECT_EQ(back->quorum.compare, ">=");
  EXPECT_EQ(back->quorum.base, 45u);
  EXPECT_TRUE(back->quorum.met);
  EXPECT_EQ(back->server_time_unix, status.server_time_unix);
  EXPECT_EQ(back->alerts, 12u);
  ASSERT_EQ(back->latest_alerts.size(), 2u);
  EXPECT_EQ(back->latest_alerts[0].kind, AlertKind::kSpoiledCheckFailed);
  EXPECT_EQ(back->latest_alerts[0].kiosk, "kiosk-002");
  EXPECT_EQ(back->latest_alerts[1].round_id, 0u);
  ASSERT_TRUE(back->round.has_value());
  EXPECT_EQ(back->round->step_titles, status.round->step_titles);
  EXPECT_EQ(back->round->StepTitle(Language::kZh), "扩大会议");
  EXPECT_EQ(back->round->spoiled, 2u);
  EXPECT_EQ(back->round->opened_at_unix, 1'800'000'000u);
  ExpectExactly(status_bytes, Decoder<StatusResponse>(), "status");

  StatusResponse empty;  // no meeting, no round, no alert
  ExpectExactly(empty.Encode(), Decoder<StatusResponse>(), "empty status");

  ExpectExactly(StatusRequest{}.Encode(), Decoder<StatusRequest>(),
                "status request");
  ExpectExactly(TemplateRequest{9}.Encode(), Decoder<TemplateRequest>(),
                "template request");
  ExpectExactly(TemplateResponse{Bytes{1, 2, 3}}.Encode(),
                Decoder<TemplateResponse>(), "template response");
  ExpectExactly(CastRequest{9, Bytes{4, 5}}.Encode(), Decoder<CastRequest>(),
                "cast request");
  Receipt receipt;
  receipt.round_id = 9;
  receipt.index = 4;
  receipt.tracking_code = "K3QM0-ZD4XW";
  ExpectExactly(receipt.Encode(), Decoder<Receipt>(), "receipt");
  ExpectExactly(InclusionRequest{9, "K3QM0-ZD4XW"}.Encode(),
                Decoder<InclusionRequest>(), "inclusion request");
  ExpectExactly(InclusionResponse{Bytes{1}, {}}.Encode(),
                Decoder<InclusionResponse>(), "inclusion response");
  ExpectExactly(ErrorMessage{ErrorCode::kRefused, "no"}.Encode(),
                Decoder<ErrorMessage>(), "error");

  const AlertRequest alert{AlertKind::kInclusionCheckFailed, 7,
                           "the proof of K3QM0-ZD4XW did not verify"};
  auto alert_back = AlertRequest::Decode(alert.Encode());
  ASSERT_TRUE(alert_back.ok()) << alert_back.message();
  EXPECT_EQ(alert_back->kind, alert.kind);
  EXPECT_EQ(alert_back->round_id, 7u);
  EXPECT_EQ(alert_back->detail, alert.detail);
  ExpectExactly(alert.Encode(), Decoder<AlertRequest>(), "alert request");
  ExpectExactly(AlertResponse{}.Encode(), Decoder<AlertResponse>(),
                "alert response");
  const SpoiledRequest spoiled{7, Bytes{9, 8, 7}};
  auto spoiled_back = SpoiledRequest::Decode(spoiled.Encode());
  ASSERT_TRUE(spoiled_back.ok());
  EXPECT_EQ(spoiled_back->round_id, 7u);
  EXPECT_EQ(spoiled_back->spoiled, spoiled.spoiled);
  ExpectExactly(spoiled.Encode(), Decoder<SpoiledRequest>(), "spoiled request");
  ExpectExactly(SpoiledResponse{}.Encode(), Decoder<SpoiledResponse>(),
                "spoiled response");
}

// The bytes docs/protocol.md gives for the new messages.
TEST(ProtocolTest, TheNewMessagesHaveTheDocumentedBytes) {
  EXPECT_EQ(static_cast<int>(MessageType::kAlertRequest), 9);
  EXPECT_EQ(static_cast<int>(MessageType::kAlertResponse), 10);
  EXPECT_EQ(static_cast<int>(MessageType::kSpoiledRequest), 11);
  EXPECT_EQ(static_cast<int>(MessageType::kSpoiledResponse), 12);
  EXPECT_EQ(kProtocolVersion, 2);
  const Bytes alert =
      AlertRequest{AlertKind::kSpoiledCheckFailed, 0x0102, "ab"}.Encode();
  EXPECT_EQ(alert, (Bytes{3, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 2, 'a', 'b'}));
  const Bytes spoiled = SpoiledRequest{5, Bytes{0xEE}}.Encode();
  EXPECT_EQ(spoiled, (Bytes{0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 1, 0xEE}));
  EXPECT_TRUE(AlertResponse{}.Encode().empty());
  EXPECT_TRUE(SpoiledResponse{}.Encode().empty());
}

TEST(ProtocolTest, AnAlertOfAnUnknownKindOrWithTooLongADetailIsRefused) {
  Bytes unknown =
      AlertRequest{AlertKind::kTemplateSealInvalid, 1, "x"}.Encode();
  for (std::uint8_t kind : {0, 4, 255}) {
    unknown[0] = kind;
    EXPECT_EQ(AlertRequest::Decode(unknown).code(),
              StatusCode::kInvalidArgument)
        << int(kind);
  }
  const std::string longest(kMaxAlertDetail, 'x');
  EXPECT_TRUE(
      AlertRequest::Decode(
          AlertRequest{AlertKind::kTemplateSealInvalid, 1, longest}.Encode())
          .ok());
  EXPECT_EQ(AlertRequest::Decode(
                AlertRequest{AlertKind::kTemplateSealInvalid, 1, longest + "x"}
                    .Encode())
                .code(),
            StatusCode::kInvalidArgument);
}

// Replaces the only occurrence of `from` in `bytes` by `to` (same length).
void Patch(Bytes& bytes, const std::string& from, const std::string& to) {
  ASSERT_EQ(from.size(), to.size());
  auto it = std::search(bytes.begin(), bytes.end(), from.begin(), from.end());
  ASSERT_NE(it, bytes.end()) << from;
  std::copy(to.begin(), to.end(), it);
  ASSERT_EQ(std::search(it + 1, bytes.end(), from.begin(), from.end()),
            bytes.end())
      << from << " twice";
}

TEST(ProtocolTest, ASealedRoundCarriesNoOutcomeEitherWay) {
  StatusResponse s = FullStatus();
  s.round->announced_outcome = R"({"outcomes":[]})";
  EXPECT_DEATH((void)s.Encode(), "");
  // Written as an announced round, then relabelled sealed on the wire.
  s.round->disclosure = "sealex";
  Bytes bytes = s.Encode();
  ASSERT_TRUE(StatusResponse::Decode(bytes).ok());
  Patch(bytes, "sealex", "sealed");
  EXPECT_EQ(StatusResponse::Decode(bytes).code(), StatusCode::kInvalidArgument);
  // An announced round shows its outcome.
  s.round->disclosure = "announced";
  auto announced = StatusResponse::Decode(s.Encode());
  ASSERT_TRUE(announced.ok());
  EXPECT_EQ(announced->round->announced_outcome, R"({"outcomes":[]})");
}

TEST(ProtocolTest, AStatusListsAtMostFiveAlertsAndNoUnknownKind) {
  StatusResponse s = FullStatus();
  s.latest_alerts.assign(kMaxStatusAlerts,
                         {AlertKind::kTemplateSealInvalid, "kiosk-1", 1, 2});
  ASSERT_TRUE(StatusResponse::Decode(s.Encode()).ok());
  s.latest_alerts.push_back(s.latest_alerts.front());
  EXPECT_DEATH((void)s.Encode(), "");
  // The listed count patched to 6, with a sixth alert's bytes after it.
  s.latest_alerts.pop_back();
  s.latest_alerts[0].kiosk = "kiosk-X";  // the one to find in the bytes
  Bytes bytes = s.Encode();
  crypto::Encoder sixth;
  sixth.U8(1).Str("kiosk-1").U64(1).U64(2);
  const Bytes extra = sixth.Take();
  const Bytes first_alert = [&] {
    crypto::Encoder e;
    e.U32(kMaxStatusAlerts).U8(1).Str("kiosk-X");
    return e.Take();
  }();
  auto at = std::search(bytes.begin(), bytes.end(), first_alert.begin(),
                        first_alert.end());
  ASSERT_NE(at, bytes.end());
  at[3] = kMaxStatusAlerts + 1;
  bytes.insert(at + 4, extra.begin(), extra.end());
  EXPECT_EQ(StatusResponse::Decode(bytes).code(), StatusCode::kInvalidArgument);
  // A kind that is not an AlertKind.
  bytes = s.Encode();
  at = std::search(bytes.begin(), bytes.end(), first_alert.begin(),
                   first_alert.end());
  ASSERT_NE(at, bytes.end());
  at[4] = 9;
  EXPECT_EQ(StatusResponse::Decode(bytes).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace hall::shared
