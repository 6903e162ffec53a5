#include "hall/shared/client/voting_client.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>

#include "hall/crypto/credential.h"
#include "hall/crypto/envelope.h"
#include "hall/crypto/trustee.h"
#include "hall/shared/spoiled_ballot.h"

namespace hall::client {
namespace {

using shared::ErrorCode;
using shared::MessageType;

std::string Num(std::uint64_t n) { return std::to_string(n); }

// The Status code for a refusal the server sent with protocol code `code`:
// the one translation, so a caller can branch on the Status alone.
StatusCode CodeForRefusal(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return StatusCode::kInvalidArgument;
    case ErrorCode::kNotFound:
      return StatusCode::kNotFound;
    case ErrorCode::kWrongState:
      return StatusCode::kFailedPrecondition;
    case ErrorCode::kRefused:
      return StatusCode::kPermissionDenied;
    case ErrorCode::kUnavailable:
      return StatusCode::kUnavailable;
    case ErrorCode::kInternal:
      return StatusCode::kInternal;
    case ErrorCode::kAlreadyUsed:
      return StatusCode::kAlreadyExists;
  }
  return StatusCode::kPermissionDenied;  // a refusal this client does not know
}

constexpr const char* kNotSealed =
    "this ballot does not carry the organizing committee's seal, so it "
    "cannot be trusted: do not vote on it, and call the organizing committee";

}  // namespace

// --- Preparing a ballot (no network) ---------------------------------------

crypto::SpoiledBallot PreparedBallot::Spoil() {
  spoiled_ = true;
  return opening_.Spoil();
}

Result<PreparedBallot> PrepareBallot(
    const shared::BallotTemplate& ballot_template, std::string_view code_text,
    std::span<const crypto::Mark> marks, crypto::RandomSource& rng) {
  auto code = crypto::CredentialCode::Parse(code_text);
  if (!code.ok()) {
    return Status::InvalidArgument(
        "the ballot code is not right: " + code.message() +
        ". Check the code on your slip and type it again.");
  }
  const crypto::BallotSpec spec = ballot_template.Spec();
  auto shape = crypto::ShapeFor(spec);
  if (!shape.ok()) {
    return Status::InvalidArgument("this ballot cannot be filled in: " +
                                   shape.message());
  }
  auto plaintext = crypto::MarksToPlaintext(spec, marks);
  if (!plaintext.ok()) {
    return Status::InvalidArgument("the choices do not fit this ballot: " +
                                   plaintext.message());
  }
  auto box_key = crypto::BallotBoxKey::Decode(ballot_template.box_key);
  if (!box_key.ok()) {
    return Status::InvalidArgument("the ballot's box key is unreadable: " +
                                   box_key.message());
  }
  const Digest32 digest = ballot_template.Digest();
  // The proofs are bound to the credential that casts the ballot.
  const crypto::SigningKey credential = code->DeriveKey();
  auto encrypted =
      crypto::EncryptBallot(box_key->joint_key(), *shape, *plaintext, digest,
                            credential.verify_key(), rng);
  if (!encrypted.ok()) {
    return Status::InvalidArgument("the ballot could not be encrypted: " +
                                   encrypted.message());
  }
  const Bytes ballot_bytes = encrypted->ballot.Encode();
  const crypto::CredentialEnvelope envelope = crypto::SignEnvelope(
      credential, shared::CastPayload(digest, ballot_bytes));

  PreparedBallot prepared;
  prepared.round_id_ = ballot_template.round_id;
  prepared.template_digest_ = digest;
  prepared.envelope_ = envelope.Encode();
  prepared.ballot_ = std::move(encrypted->ballot);
  prepared.opening_ = std::move(encrypted->opening);
  return prepared;
}

Status VerifySpoiledBallot(const shared::BallotTemplate& ballot_template,
                           const crypto::EncryptedBallot& ballot,
                           const crypto::SpoiledBallot& spoiled) {
  Status s = shared::VerifySpoiledEntry(
      ballot_template, shared::SpoiledEntryOf(ballot, spoiled));
  if (s.code() == StatusCode::kCorruption) {
    return Status::Corruption(s.message() + "; tell the organizing committee");
  }
  return s;
}

Result<shared::BallotTemplate> VerifySealedTemplate(
    std::span<const std::uint8_t> signed_template_bytes,
    const crypto::VerifyKey& seal) {
  auto signed_template = shared::SignedTemplate::Decode(signed_template_bytes);
  if (!signed_template.ok()) {
    return Status::Corruption(std::string(kNotSealed) + " (" +
                              signed_template.message() + ")");
  }
  auto verified = shared::VerifyTemplate(*signed_template, seal);
  if (!verified.ok()) {
    return Status::Corruption(std::string(kNotSealed) + " (" +
                              verified.message() + ")");
  }
  return verified;
}

// --- The connection ----------------------------------------------------------

VotingClient::VotingClient(std::string host, std::uint16_t port,
                           net::TlsClientConfig tls,
                           const crypto::VerifyKey& seal, ClientOptions options)
    : host_(std::move(host)),
      port_(port),
      tls_(std::move(tls)),
      seal_(seal),
      options_(options) {}

Result<VotingClient> VotingClient::Connect(const std::string& host,
                                           std::uint16_t port,
                                           const net::TlsClientConfig& tls,
                                           const crypto::VerifyKey& seal,
                                           ClientOptions options) {
  VotingClient client(host, port, tls, seal, options);
  if (::hall::Status s = client.Reconnect(); !s.ok()) return s;
  // In TLS 1.3 the server judges our certificate after our handshake: one
  // round trip tells whether this kiosk is accepted.
  auto status = client.Status();
  if (!status.ok()) return status.status();
  return client;
}

::hall::Status VotingClient::Reconnect() {
  connection_.Close();
  auto conn = net::Connect(host_, port_, tls_, options_.connect_timeout);
  if (!conn.ok()) {
    return ::hall::Status::Make(
        conn.code(), "cannot reach the tally server at " + host_ + ":" +
                         Num(port_) + ": " + conn.message());
  }
  connection_ = std::move(conn).value();
  return ::hall::Status::Ok();
}

Result<net::Frame> VotingClient::Call(MessageType type, Bytes payload,
                                      MessageType expected,
                                      bool* transport_failure,
                                      std::stop_token stop) {
  last_error_code_.reset();
  if (transport_failure) *transport_failure = false;
  if (!connection_.is_open()) {
    if (::hall::Status s = Reconnect(); !s.ok()) {
      if (transport_failure) *transport_failure = true;
      return s;
    }
  }
  // A reconnect takes time: a stop requested meanwhile is seen before
  // anything is sent.
  if (stop.stop_requested()) {
    return ::hall::Status::Cancelled("stopped before the request was sent");
  }
  auto reply = connection_.Call(
      net::Frame{static_cast<std::uint16_t>(type), std::move(payload)});
  if (!reply.ok()) {
    if (transport_failure) *transport_failure = true;
    connection_.Close();
    return ::hall::Status::Make(
        reply.code(), "the tally server at " + host_ + ":" + Num(port_) +
                          " did not answer: " + reply.message());
  }
  if (reply->type == static_cast<std::uint16_t>(MessageType::kError)) {
    auto error = shared::ErrorMessage::Decode(reply->payload);
    if (!error.ok()) {
      connection_.Close();
      return ::hall::Status::InvalidArgument(
          "the tally server sent an unreadable refusal: " + error.message());
    }
    last_error_code_ = error->code;
    return ::hall::Status::Make(CodeForRefusal(error->code), error->message);
  }
  if (reply->type != static_cast<std::uint16_t>(expected)) {
    connection_.Close();
    return ::hall::Status::InvalidArgument(
        "the tally server answered with an unexpected message (type " +
        Num(reply->type) + ")");
  }
  return reply;
}

Result<shared::StatusResponse> VotingClient::Status() {
  auto reply =
      Call(MessageType::kStatusRequest, shared::StatusRequest{}.Encode(),
           MessageType::kStatusResponse);
  if (!reply.ok()) return reply.status();
  auto status = shared::StatusResponse::Decode(reply->payload);
  if (!status.ok()) {
    return ::hall::Status::InvalidArgument(
        "the tally server's status is unreadable: " + status.message());
  }
  return status;
}

Result<shared::BallotTemplate> VotingClient::FetchBallot(
    std::uint64_t round_id) {
  auto reply = Call(MessageType::kTemplateRequest,
                    shared::TemplateRequest{round_id}.Encode(),
                    MessageType::kTemplateResponse);
  if (!reply.ok()) return reply.status();
  auto response = shared::TemplateResponse::Decode(reply->payload);
  if (!response.ok()) {
    return ::hall::Status::Corruption(std::string(kNotSealed) + " (" +
                                      response.message() + ")");
  }
  auto verified = VerifySealedTemplate(response->signed_template, seal_);
  if (!verified.ok()) return verified.status();
  if (verified->round_id != round_id) {
    return ::hall::Status::Corruption(
        "the tally server sent the ballot of round " + Num(verified->round_id) +
        " when asked for round " + Num(round_id) +
        ": do not vote on it, and call the organizing committee");
  }
  return verified;
}

namespace {

class SteadyClock final : public RetryClock {
 public:
  std::chrono::steady_clock::time_point Now() override {
    return std::chrono::steady_clock::now();
  }
  bool WaitFor(std::chrono::milliseconds d, std::stop_token stop) override {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    (void)cv.wait_for(lock, stop, d, [] { return false; });
    // A stop requested before or during the wait, or as it ends.
    return !stop.stop_requested();
  }
};

::hall::Status CastCancelled(int attempts) {
  return ::hall::Status::Cancelled(
      "the cast was cancelled after " +
      std::to_string(attempts) +
      (attempts == 1 ? " attempt" : " attempts") +
      "; the ballot may or may not be stored: casting the same ballot again "
      "is safe and returns the same receipt");
}

}  // namespace

RetryClock& SteadyRetryClock() {
  static SteadyClock clock;
  return clock;
}

Result<shared::Receipt> VotingClient::Cast(const PreparedBallot& prepared,
                                           std::stop_token stop) {
  if (prepared.spoiled()) {
    last_error_code_.reset();
    return ::hall::Status::FailedPrecondition(
        "this ballot was spoiled (opened for checking) and can never be "
        "cast; fill in a new ballot");
  }
  return CastEnvelope(prepared.round_id(), prepared.envelope(), stop);
}

Result<shared::Receipt> VotingClient::CastEnvelope(
    std::uint64_t round_id, std::span<const std::uint8_t> envelope,
    std::stop_token stop) {
  const Bytes payload =
      shared::CastRequest{round_id, Bytes(envelope.begin(), envelope.end())}
          .Encode();
  const CastRetry& retry = options_.cast_retry;
  RetryClock& clock = options_.clock ? *options_.clock : SteadyRetryClock();
  const auto deadline = clock.Now() + retry.budget;
  auto backoff = retry.first_backoff;
  for (int attempt = 1;; ++attempt) {
    if (stop.stop_requested()) {
      last_error_code_.reset();
      return CastCancelled(attempt - 1);
    }
    bool transport_failure = false;
    auto reply = Call(MessageType::kCastRequest, payload,
                      MessageType::kCastResponse, &transport_failure, stop);
    if (reply.code() == StatusCode::kCancelled) {
      // Stopped after a reconnect: this attempt sent nothing.
      last_error_code_.reset();
      return CastCancelled(attempt - 1);
    }
    if (reply.ok()) {
      auto receipt = shared::Receipt::Decode(reply->payload);
      if (!receipt.ok()) {
        return ::hall::Status::InvalidArgument(
            "the tally server's receipt is unreadable: " + receipt.message());
      }
      if (receipt->round_id != round_id ||
          receipt->tracking_code != crypto::TrackingCode(receipt->entry_hash)) {
        return ::hall::Status::Corruption(
            "the tally server's receipt does not match this ballot; tell the "
            "organizing committee");
      }
      return receipt;
    }
    const bool retryable =
        transport_failure || last_error_code_ == ErrorCode::kUnavailable;
    const auto now = clock.Now();
    if (!retryable || attempt >= retry.max_attempts ||
        now + backoff > deadline) {
      if (!retryable) return reply.status();
      return ::hall::Status::Make(
          reply.code(),
          reply.message() + " (tried " +
              Num(static_cast<std::uint64_t>(attempt)) +
              " times; the ballot may or may not be stored: casting the same "
              "ballot again is safe and returns the same receipt)");
    }
    ++cast_retries_;
    if (!clock.WaitFor(backoff, stop)) {
      last_error_code_.reset();
      return CastCancelled(attempt);
    }
    backoff = std::min(backoff * 2, retry.max_backoff);
  }
}

Result<Inclusion> VotingClient::CheckInclusion(std::uint64_t round_id,
                                               std::string_view tracking_code) {
  auto code = crypto::ParseTrackingCode(tracking_code);
  if (!code.ok()) {
    last_error_code_.reset();
    return ::hall::Status::InvalidArgument("the tracking code is not right: " +
                                           code.message());
  }
  auto reply = Call(MessageType::kInclusionRequest,
                    shared::InclusionRequest{round_id, *code}.Encode(),
                    MessageType::kInclusionResponse);
  if (!reply.ok()) return reply.status();
  auto response = shared::InclusionResponse::Decode(reply->payload);
  if (!response.ok()) {
    return ::hall::Status::InvalidArgument(
        "the inclusion proof is unreadable: " + response.message());
  }
  auto proof = crypto::InclusionProof::Decode(response->proof);
  if (!proof.ok()) {
    return ::hall::Status::InvalidArgument(
        "the inclusion proof is unreadable: " + proof.message());
  }
  if (::hall::Status s = crypto::VerifyInclusion(*proof, *code, response->head);
      !s.ok()) {
    return ::hall::Status::Corruption(
        "the server's proof that ballot " + *code +
        " is in the box does NOT verify: " + s.message() +
        "; tell the organizing committee");
  }
  Inclusion inclusion;
  inclusion.index = proof->index;
  inclusion.entry_hash = crypto::BoardEntryHash(
      proof->previous, proof->index, crypto::BoardContentHash(proof->ballot));
  inclusion.head = response->head;
  inclusion.ballot = std::move(proof->ballot);
  return inclusion;
}

Result<Inclusion> VotingClient::CheckInclusion(const shared::Receipt& receipt,
                                               const PreparedBallot& prepared) {
  auto inclusion = CheckInclusion(receipt.round_id, receipt.tracking_code);
  if (!inclusion.ok()) return inclusion;
  if (inclusion->index != receipt.index ||
      inclusion->entry_hash != receipt.entry_hash ||
      inclusion->ballot != prepared.envelope()) {
    return ::hall::Status::Corruption(
        "the ballot in the box under tracking code " + receipt.tracking_code +
        " is not the ballot this kiosk cast; tell the organizing committee");
  }
  return inclusion;
}

::hall::Status VotingClient::ReportAlert(shared::AlertKind kind,
                                         std::uint64_t round_id,
                                         std::string_view detail) {
  const shared::AlertRequest request{kind, round_id,
                                     shared::SanitizeAlertText(detail)};
  auto reply = Call(MessageType::kAlertRequest, request.Encode(),
                    MessageType::kAlertResponse);
  if (!reply.ok()) return reply.status();
  if (!shared::AlertResponse::Decode(reply->payload).ok()) {
    return ::hall::Status::InvalidArgument(
        "the tally server's answer to the alert is unreadable");
  }
  return ::hall::Status::Ok();
}

::hall::Status VotingClient::SubmitSpoiled(
    std::uint64_t round_id, const crypto::EncryptedBallot& ballot,
    const crypto::SpoiledBallot& spoiled) {
  const shared::SpoiledRequest request{
      round_id, shared::SpoiledEntryOf(ballot, spoiled).Encode()};
  auto reply = Call(MessageType::kSpoiledRequest, request.Encode(),
                    MessageType::kSpoiledResponse);
  if (!reply.ok()) return reply.status();
  if (!shared::SpoiledResponse::Decode(reply->payload).ok()) {
    return ::hall::Status::InvalidArgument(
        "the tally server's answer to the spoiled ballot is unreadable");
  }
  return ::hall::Status::Ok();
}

}  // namespace hall::client
