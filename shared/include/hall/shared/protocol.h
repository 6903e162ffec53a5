// The kiosk protocol (version 1), spoken over mutual TLS 1.3 in frames
// (hall/shared/net/frame.h). Each request has one response; every request
// is idempotent (a retried cast returns the same receipt). Payloads use the
// canonical encoding of hall/crypto/encoding.h. docs/protocol.md is the
// reference for independent implementations.
//
// Secrecy: no response ever carries a sealed round's counts or outcome. The
// status of a sealed round shows turnout, state and the minutes' digest only.
#ifndef HALL_SHARED_PROTOCOL_H_
#define HALL_SHARED_PROTOCOL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hall/crypto/secret.h"
#include "hall/base/status.h"

namespace hall::shared {

using crypto::Bytes;

inline constexpr std::uint8_t kProtocolVersion = 1;

enum class MessageType : std::uint16_t {
  kStatusRequest = 1,
  kStatusResponse = 2,
  kTemplateRequest = 3,
  kTemplateResponse = 4,
  kCastRequest = 5,
  kCastResponse = 6,
  kInclusionRequest = 7,
  kInclusionResponse = 8,
  kError = 255,
};

enum class ErrorCode : std::uint16_t {
  kBadRequest = 1,   // malformed message
  kNotFound = 2,     // no such round / tracking code / ballot code
  kWrongState = 3,   // e.g. casting into a round that is not open
  kRefused = 4,      // invalid ballot (signature, proofs, other round)
  kUnavailable = 5,  // server busy or shutting down: retry
  kInternal = 6,
  kAlreadyUsed = 7,  // another ballot was cast with this ballot code
};

struct ErrorMessage {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // for a person: what is wrong and what to do
  Bytes Encode() const;
  static Result<ErrorMessage> Decode(std::span<const std::uint8_t> b);
};

struct StatusRequest {
  Bytes Encode() const;
  static Result<StatusRequest> Decode(std::span<const std::uint8_t> b);
};

// What a kiosk or the hall display may show.
struct RoundStatus {
  std::uint64_t round_id = 0;
  std::string step;
  std::string step_title_en;
  std::string step_title_vi;
  std::string state;  // a RoundStateName (hall/server/round_state.h):
                      // "sealed", "open", "closed", "tallied",
                      // "minutes_sealed", "announced"
  std::string disclosure;    // "announced" | "sealed"
  std::uint64_t issued = 0;  // ballot codes issued
  std::uint64_t cast = 0;    // ballots in the box
  std::array<std::uint8_t, 32> board_head{};
  std::string minutes_digest;  // hex, once the minutes are signed
  // Only for announced rounds whose outcome is final: the outcome as the
  // rules engine's JSON. Always empty for sealed rounds.
  std::string announced_outcome;
};

struct StatusResponse {
  std::string installation;
  std::uint64_t meeting_id = 0;  // 0: no meeting in progress
  std::string meeting_title;
  std::string procedure;
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  std::uint64_t quorum_required = 0;
  std::optional<RoundStatus> round;  // the current round, if any
  Bytes Encode() const;
  static Result<StatusResponse> Decode(std::span<const std::uint8_t> b);
};

struct TemplateRequest {
  std::uint64_t round_id = 0;
  Bytes Encode() const;
  static Result<TemplateRequest> Decode(std::span<const std::uint8_t> b);
};

struct TemplateResponse {
  Bytes signed_template;  // SignedTemplate::Encode()
  Bytes Encode() const;
  static Result<TemplateResponse> Decode(std::span<const std::uint8_t> b);
};

struct CastRequest {
  std::uint64_t round_id = 0;
  Bytes envelope;  // crypto::CredentialEnvelope over CastPayload(...)
  Bytes Encode() const;
  static Result<CastRequest> Decode(std::span<const std::uint8_t> b);
};

struct Receipt {
  std::uint64_t round_id = 0;
  std::uint64_t index = 0;
  std::string tracking_code;
  std::array<std::uint8_t, 32> entry_hash{};
  std::array<std::uint8_t, 32> head{};  // the board head after this ballot
  Bytes Encode() const;
  static Result<Receipt> Decode(std::span<const std::uint8_t> b);
};

struct InclusionRequest {
  std::uint64_t round_id = 0;
  std::string tracking_code;
  Bytes Encode() const;
  static Result<InclusionRequest> Decode(std::span<const std::uint8_t> b);
};

struct InclusionResponse {
  Bytes proof;  // crypto::InclusionProof::Encode()
  std::array<std::uint8_t, 32> head{};
  Bytes Encode() const;
  static Result<InclusionResponse> Decode(std::span<const std::uint8_t> b);
};

}  // namespace hall::shared

#endif  // HALL_SHARED_PROTOCOL_H_
