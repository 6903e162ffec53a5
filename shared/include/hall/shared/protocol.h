// The kiosk protocol (version 2), spoken over mutual TLS 1.3 in frames
// (hall/shared/net/frame.h), whose header carries kProtocolVersion. Each
// request has one response; every request is idempotent (a retried cast
// returns the same receipt, a retried alert or spoiled ballot is stored
// once). Payloads use the canonical encoding of hall/crypto/encoding.h;
// every Decode refuses truncated or trailing bytes. docs/protocol.md is the
// reference for independent implementations.
//
// Versions: 2 added AlertRequest/Response and SpoiledRequest/Response and
// extended StatusResponse and RoundStatus for the hall display (procedure
// and step titles by language, the quorum rule, the server's time, alerts,
// the box's opening and closing times, spoiled ballots). Every other
// message has the bytes it had in version 1. A side that speaks 2 refuses a
// frame of version 1 in its header (kiosks and server come from one release).
//
// Secrecy: no response ever carries a sealed round's counts or outcome. The
// status of a sealed round shows turnout, state and the minutes' digest
// only: StatusResponse::Encode aborts (HALL_CHECK) and Decode refuses a sealed
// round that carries an outcome. Alerts in the status carry no detail text.
#ifndef HALL_SHARED_PROTOCOL_H_
#define HALL_SHARED_PROTOCOL_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/secret.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/kiosk_alert.h"

namespace hall::shared {

using crypto::Bytes;

inline constexpr std::uint8_t kProtocolVersion = 2;

enum class MessageType : std::uint16_t {
  kStatusRequest = 1,
  kStatusResponse = 2,
  kTemplateRequest = 3,
  kTemplateResponse = 4,
  kCastRequest = 5,
  kCastResponse = 6,
  kInclusionRequest = 7,
  kInclusionResponse = 8,
  kAlertRequest = 9,
  kAlertResponse = 10,
  kSpoiledRequest = 11,
  kSpoiledResponse = 12,
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
  Titles step_titles;         // the round's template's, by language
  std::string state;          // a RoundStateName (hall/server/round_state.h):
                              // "sealed", "open", "closed", "tallied",
                              // "minutes_sealed", "announced", "cancelled"
  std::string disclosure;     // "announced" | "sealed"
  std::uint64_t issued = 0;   // ballot codes issued
  std::uint64_t cast = 0;     // ballots in the box
  std::uint64_t spoiled = 0;  // ballots spoiled to check a kiosk (never cast)
  std::uint64_t opened_at_unix = 0;  // when the box opened; 0: not yet
  std::uint64_t closed_at_unix = 0;  // when it closed; 0: not yet
  std::array<std::uint8_t, 32> board_head{};
  std::string minutes_digest;  // hex, once the minutes are signed
  // Only for announced rounds whose outcome is final: the outcome as the
  // rules engine's JSON. Always empty for sealed rounds.
  std::string announced_outcome;

  // The step title in `language`, else en, else vi, else zh, else "".
  const std::string& StepTitle(rules::Language language) const {
    return TitleIn(step_titles, language);
  }
};

// The quorum the committee enforces for the round's step (rules::
// CheckQuorum): present `compare` num/den of `base` people counted as `of`.
struct QuorumRule {
  std::string compare = ">=";  // ">=" at least, ">" more than
  std::uint64_t num = 0;
  std::uint64_t den = 1;
  std::string of = "convened";  // "members" | "convened" | "present"
  std::uint64_t base = 0;       // how many `of` counts
  bool met = false;
};

// One alert a kiosk reported, as the hall may see it: no detail text.
struct AlertSummary {
  AlertKind kind = AlertKind::kTemplateSealInvalid;
  std::string kiosk;  // the kiosk's certificate name (at most 64 bytes)
  std::uint64_t round_id = 0;  // 0: no round named
  std::uint64_t at_unix = 0;   // the server's time when it arrived
};

// The most alerts a status lists (the newest first).
inline constexpr std::size_t kMaxStatusAlerts = 5;

struct StatusResponse {
  std::string installation;
  std::uint64_t meeting_id = 0;  // 0: no meeting in progress
  std::string meeting_title;
  std::string procedure;    // its id, e.g. "vn-138-appointment"
  Titles procedure_titles;  // the procedure file's title, by language
  std::uint64_t convened = 0;
  std::uint64_t present = 0;
  std::uint64_t quorum_required = 0;
  QuorumRule quorum;
  std::uint64_t server_time_unix = 0;  // the clock a display counts from
  // Alerts of this meeting the kiosks reported (stored and only counted).
  std::uint64_t alerts = 0;
  std::vector<AlertSummary> latest_alerts;  // at most kMaxStatusAlerts
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

// A kiosk reports an integrity problem to the committee. The server stores
// it with the kiosk's certificate name and its own time (a few per kiosk
// and round; further ones are only counted) and shows the committee
// (hall-admin alerts) the detail, sanitized (kiosk_alert.h).
struct AlertRequest {
  AlertKind kind = AlertKind::kTemplateSealInvalid;
  std::uint64_t round_id = 0;  // the round concerned; 0: none
  std::string detail;          // for the committee, at most kMaxAlertDetail
  Bytes Encode() const;
  static Result<AlertRequest> Decode(std::span<const std::uint8_t> b);
};

struct AlertResponse {
  Bytes Encode() const;
  static Result<AlertResponse> Decode(std::span<const std::uint8_t> b);
};

// A ballot spoiled on a kiosk (cast-or-challenge), for the election record:
// its ciphertexts and opening only (SpoiledEntry, spoiled_ballot.h), nothing
// that links it to a ballot code. Accepted only while the round is open.
struct SpoiledRequest {
  std::uint64_t round_id = 0;
  Bytes spoiled;  // SpoiledEntry::Encode()
  Bytes Encode() const;
  static Result<SpoiledRequest> Decode(std::span<const std::uint8_t> b);
};

struct SpoiledResponse {
  Bytes Encode() const;
  static Result<SpoiledResponse> Decode(std::span<const std::uint8_t> b);
};

}  // namespace hall::shared

#endif  // HALL_SHARED_PROTOCOL_H_
