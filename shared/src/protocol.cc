#include "hall/shared/protocol.h"

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

using crypto::Decoder;
using crypto::Encoder;

Status Malformed(const char* what) {
  return Status::InvalidArgument(std::string(what) + ": malformed message");
}

constexpr std::size_t kMaxKioskName = 64;

// A sealed round never carries its outcome (protocol.h).
bool KeepsSecrecy(const RoundStatus& r) {
  return r.disclosure != "sealed" || r.announced_outcome.empty();
}

void EncodeRound(Encoder& e, const RoundStatus& r) {
  HALL_CHECK(KeepsSecrecy(r));
  e.U64(r.round_id).Str(r.step);
  EncodeTitles(e, r.step_titles);
  e.Str(r.state).Str(r.disclosure).U64(r.issued).U64(r.cast).U64(r.spoiled);
  e.U64(r.opened_at_unix).U64(r.closed_at_unix);
  e.Fixed(r.board_head).Str(r.minutes_digest).Str(r.announced_outcome);
}

bool DecodeRound(Decoder& d, RoundStatus& r) {
  return d.U64(r.round_id) && d.Str(r.step) && DecodeTitles(d, r.step_titles) &&
         d.Str(r.state) && d.Str(r.disclosure) && d.U64(r.issued) &&
         d.U64(r.cast) && d.U64(r.spoiled) && d.U64(r.opened_at_unix) &&
         d.U64(r.closed_at_unix) && d.Fixed(r.board_head) &&
         d.Str(r.minutes_digest) && d.Str(r.announced_outcome) &&
         KeepsSecrecy(r);
}

void EncodeQuorum(Encoder& e, const QuorumRule& q) {
  e.Str(q.compare).U64(q.num).U64(q.den).Str(q.of).U64(q.base);
  e.U8(q.met ? 1 : 0);
}

bool DecodeQuorum(Decoder& d, QuorumRule& q) {
  std::uint8_t met = 0;
  if (!d.Str(q.compare, 2) || !d.U64(q.num) || !d.U64(q.den) ||
      !d.Str(q.of, 16) || !d.U64(q.base) || !d.U8(met) || met > 1) {
    return false;
  }
  q.met = met == 1;
  return true;
}

void EncodeAlert(Encoder& e, const AlertSummary& a) {
  e.U8(static_cast<std::uint8_t>(a.kind)).Str(a.kiosk).U64(a.round_id);
  e.U64(a.at_unix);
}

bool DecodeAlert(Decoder& d, AlertSummary& a) {
  std::uint8_t kind = 0;
  if (!d.U8(kind) || !d.Str(a.kiosk, kMaxKioskName) || !d.U64(a.round_id) ||
      !d.U64(a.at_unix)) {
    return false;
  }
  auto known = AlertKindOfWire(kind);
  if (!known) return false;
  a.kind = *known;
  return true;
}

}  // namespace

Bytes ErrorMessage::Encode() const {
  return Encoder().U32(static_cast<std::uint16_t>(code)).Str(message).Take();
}
Result<ErrorMessage> ErrorMessage::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  ErrorMessage m;
  std::uint32_t code = 0;
  if (!d.U32(code) || !d.Str(m.message) || !d.Done()) return Malformed("error");
  m.code = static_cast<ErrorCode>(code);
  return m;
}

Bytes StatusRequest::Encode() const { return {}; }
Result<StatusRequest> StatusRequest::Decode(std::span<const std::uint8_t> b) {
  if (!b.empty()) return Malformed("status request");
  return StatusRequest{};
}

Bytes StatusResponse::Encode() const {
  HALL_CHECK(latest_alerts.size() <= kMaxStatusAlerts);
  Encoder e;
  e.Str(installation).U64(meeting_id).Str(meeting_title).Str(procedure);
  EncodeTitles(e, procedure_titles);
  e.U64(convened).U64(present).U64(quorum_required);
  EncodeQuorum(e, quorum);
  e.U64(server_time_unix).U64(alerts);
  e.U32(static_cast<std::uint32_t>(latest_alerts.size()));
  for (const AlertSummary& a : latest_alerts) EncodeAlert(e, a);
  e.U8(round ? 1 : 0);
  if (round) EncodeRound(e, *round);
  return e.Take();
}
Result<StatusResponse> StatusResponse::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  StatusResponse s;
  std::uint32_t listed = 0;
  std::uint8_t has_round = 0;
  bool ok = d.Str(s.installation) && d.U64(s.meeting_id) &&
            d.Str(s.meeting_title) && d.Str(s.procedure) &&
            DecodeTitles(d, s.procedure_titles) && d.U64(s.convened) &&
            d.U64(s.present) && d.U64(s.quorum_required) &&
            DecodeQuorum(d, s.quorum) && d.U64(s.server_time_unix) &&
            d.U64(s.alerts) && d.U32(listed) && listed <= kMaxStatusAlerts;
  for (std::uint32_t i = 0; ok && i < listed; ++i) {
    ok = DecodeAlert(d, s.latest_alerts.emplace_back());
  }
  ok = ok && d.U8(has_round) && has_round <= 1;
  if (ok && has_round) {
    s.round.emplace();
    ok = DecodeRound(d, *s.round);
  }
  if (!ok || !d.Done()) return Malformed("status response");
  return s;
}

Bytes TemplateRequest::Encode() const { return Encoder().U64(round_id).Take(); }
Result<TemplateRequest> TemplateRequest::Decode(
    std::span<const std::uint8_t> b) {
  Decoder d(b);
  TemplateRequest r;
  if (!d.U64(r.round_id) || !d.Done()) return Malformed("template request");
  return r;
}

Bytes TemplateResponse::Encode() const {
  return Encoder().Var(signed_template).Take();
}
Result<TemplateResponse> TemplateResponse::Decode(
    std::span<const std::uint8_t> b) {
  Decoder d(b);
  TemplateResponse r;
  if (!d.Var(r.signed_template) || !d.Done())
    return Malformed("template response");
  return r;
}

Bytes CastRequest::Encode() const {
  return Encoder().U64(round_id).Var(envelope).Take();
}
Result<CastRequest> CastRequest::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  CastRequest r;
  if (!d.U64(r.round_id) || !d.Var(r.envelope) || !d.Done())
    return Malformed("cast request");
  return r;
}

Bytes Receipt::Encode() const {
  return Encoder()
      .U64(round_id)
      .U64(index)
      .Str(tracking_code)
      .Fixed(entry_hash)
      .Fixed(head)
      .Take();
}
Result<Receipt> Receipt::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  Receipt r;
  if (!d.U64(r.round_id) || !d.U64(r.index) || !d.Str(r.tracking_code) ||
      !d.Fixed(r.entry_hash) || !d.Fixed(r.head) || !d.Done()) {
    return Malformed("receipt");
  }
  return r;
}

Bytes InclusionRequest::Encode() const {
  return Encoder().U64(round_id).Str(tracking_code).Take();
}
Result<InclusionRequest> InclusionRequest::Decode(
    std::span<const std::uint8_t> b) {
  Decoder d(b);
  InclusionRequest r;
  if (!d.U64(r.round_id) || !d.Str(r.tracking_code, 64) || !d.Done()) {
    return Malformed("inclusion request");
  }
  return r;
}

Bytes InclusionResponse::Encode() const {
  return Encoder().Var(proof).Fixed(head).Take();
}
Result<InclusionResponse> InclusionResponse::Decode(
    std::span<const std::uint8_t> b) {
  Decoder d(b);
  InclusionResponse r;
  if (!d.Var(r.proof) || !d.Fixed(r.head) || !d.Done())
    return Malformed("inclusion response");
  return r;
}

Bytes AlertRequest::Encode() const {
  return Encoder()
      .U8(static_cast<std::uint8_t>(kind))
      .U64(round_id)
      .Str(detail)
      .Take();
}
Result<AlertRequest> AlertRequest::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  AlertRequest r;
  std::uint8_t kind = 0;
  if (!d.U8(kind) || !d.U64(r.round_id) || !d.Str(r.detail, kMaxAlertDetail) ||
      !d.Done()) {
    return Malformed("alert request");
  }
  auto known = AlertKindOfWire(kind);
  if (!known) {
    return Status::InvalidArgument("alert request: unknown alert kind " +
                                   std::to_string(kind));
  }
  r.kind = *known;
  return r;
}

Bytes AlertResponse::Encode() const { return {}; }
Result<AlertResponse> AlertResponse::Decode(std::span<const std::uint8_t> b) {
  if (!b.empty()) return Malformed("alert response");
  return AlertResponse{};
}

Bytes SpoiledRequest::Encode() const {
  return Encoder().U64(round_id).Var(spoiled).Take();
}
Result<SpoiledRequest> SpoiledRequest::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  SpoiledRequest r;
  if (!d.U64(r.round_id) || !d.Var(r.spoiled) || !d.Done())
    return Malformed("spoiled request");
  return r;
}

Bytes SpoiledResponse::Encode() const { return {}; }
Result<SpoiledResponse> SpoiledResponse::Decode(
    std::span<const std::uint8_t> b) {
  if (!b.empty()) return Malformed("spoiled response");
  return SpoiledResponse{};
}

}  // namespace hall::shared
