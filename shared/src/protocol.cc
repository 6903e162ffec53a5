#include "hall/shared/protocol.h"

#include "hall/crypto/encoding.h"

namespace hall::shared {
namespace {

using crypto::Decoder;
using crypto::Encoder;

Status Malformed(const char* what) {
  return Status::InvalidArgument(std::string(what) + ": malformed message");
}

void EncodeRound(Encoder& e, const RoundStatus& r) {
  e.U64(r.round_id)
      .Str(r.step)
      .Str(r.step_title_en)
      .Str(r.step_title_vi)
      .Str(r.state);
  e.Str(r.disclosure)
      .U64(r.issued)
      .U64(r.cast)
      .Fixed(r.board_head)
      .Str(r.minutes_digest);
  e.Str(r.announced_outcome);
}

bool DecodeRound(Decoder& d, RoundStatus& r) {
  return d.U64(r.round_id) && d.Str(r.step) && d.Str(r.step_title_en) &&
         d.Str(r.step_title_vi) && d.Str(r.state) && d.Str(r.disclosure) &&
         d.U64(r.issued) && d.U64(r.cast) && d.Fixed(r.board_head) &&
         d.Str(r.minutes_digest) && d.Str(r.announced_outcome);
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
  Encoder e;
  e.Str(installation).U64(meeting_id).Str(meeting_title).Str(procedure);
  e.U64(convened).U64(present).U64(quorum_required).U8(round ? 1 : 0);
  if (round) EncodeRound(e, *round);
  return e.Take();
}
Result<StatusResponse> StatusResponse::Decode(std::span<const std::uint8_t> b) {
  Decoder d(b);
  StatusResponse s;
  std::uint8_t has_round = 0;
  bool ok = d.Str(s.installation) && d.U64(s.meeting_id) &&
            d.Str(s.meeting_title) && d.Str(s.procedure) && d.U64(s.convened) &&
            d.U64(s.present) && d.U64(s.quorum_required) && d.U8(has_round) &&
            has_round <= 1;
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

}  // namespace hall::shared
