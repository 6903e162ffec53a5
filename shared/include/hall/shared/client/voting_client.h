// VotingClient: the headless voting client. It speaks the kiosk protocol
// (hall/shared/protocol.h) over mutual TLS 1.3 with a kiosk certificate, and
// is what the tests, hall-loadgen and (later) the kiosk use to vote.
//
// Contract:
// - Synchronous and thread-compatible: one VotingClient per thread. Every
//   call blocks on the network for at most the TLS I/O timeout per step (and
//   Cast for at most its retry budget). The kiosk runs it off its UI thread.
// - Connect runs the TLS handshake and one Status round trip, so a server
//   that refuses this kiosk's certificate fails Connect with the reason.
// - FetchBallot verifies the seal signature on the template before anything
//   is drawn; a template that is unsigned, tampered with or sealed by another
//   key is refused with a message a delegate understands.
// - PrepareBallot needs no network: it reads the code from the slip, derives
//   the credential key, encrypts the marks with proofs bound to the template
//   digest, that credential's public key and the whole ballot (so no one can
//   cast a copy of it, or of part of it, with another code) and signs the cast
//   envelope. The PreparedBallot keeps the secret
//   opening (wiped on destruction) so the delegate may spoil it instead of
//   casting it (cast-or-challenge); a spoiled ballot is never cast.
// - Cast sends the same bytes again after a dropped connection, a timeout or
//   a kUnavailable answer (reconnecting as needed) within CastRetry's budget:
//   every cast is idempotent on the server, so a retry gets the same receipt.
//   A stop requested on Cast's stop token (the delegate walked away, the
//   kiosk shuts down) ends it at once, between attempts, while it waits or
//   after a reconnect before the ballot is sent again, with kCancelled: the
//   ballot may or may not be stored, and casting the same ballot again later is
//   safe. The waits run on ClientOptions::clock.
// - Refusals by the server come back as a failed Status carrying the
//   server's message; last_error_code() tells its protocol code.
// - CheckInclusion verifies the inclusion proof against the head the server
//   reports, and that the proven entry carries the tracking code.
// - ReportAlert tells the committee about an integrity problem the kiosk
//   saw; SubmitSpoiled sends a spoiled ballot to the election record (its
//   ciphertexts and opening only: never the envelope, the credential's key
//   or signature, nor the ballot's proofs, which are bound to the
//   credential). Both are sent once (no retry): both are idempotent on the
//   server, so calling again after a failure is safe.
#ifndef HALL_SHARED_CLIENT_VOTING_CLIENT_H_
#define HALL_SHARED_CLIENT_VOTING_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/crypto/ballot.h"
#include "hall/crypto/ballot_kind.h"
#include "hall/crypto/bulletin_board.h"
#include "hall/crypto/random.h"
#include "hall/crypto/signing_key.h"
#include "hall/shared/ballot_template.h"
#include "hall/shared/kiosk_alert.h"
#include "hall/shared/net/tls.h"
#include "hall/shared/protocol.h"

namespace hall::client {

using crypto::Bytes;
using shared::Digest32;

// The time Cast waits on between retries. The system's steady clock unless
// a test injects another (which then need not sleep at all).
class RetryClock {
 public:
  virtual ~RetryClock() = default;
  virtual std::chrono::steady_clock::time_point Now() = 0;
  // Waits `d` or until `stop` is requested; false when it was requested.
  virtual bool WaitFor(std::chrono::milliseconds d, std::stop_token stop) = 0;
};
RetryClock& SteadyRetryClock();

// How hard Cast tries before it gives up.
struct CastRetry {
  int max_attempts = 8;  // sends of the same bytes, the first included
  std::chrono::milliseconds first_backoff{50};
  std::chrono::milliseconds max_backoff{1'000};
  std::chrono::milliseconds budget{20'000};  // total time for one Cast
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  CastRetry cast_retry;
  RetryClock* clock = nullptr;  // not owned; nullptr: SteadyRetryClock()
};

// An encrypted, signed ballot ready to cast, with its secret opening.
// Move-only; the opening is wiped on destruction.
class PreparedBallot {
 public:
  PreparedBallot(PreparedBallot&&) noexcept = default;
  PreparedBallot& operator=(PreparedBallot&&) noexcept = default;

  std::uint64_t round_id() const { return round_id_; }
  const Digest32& template_digest() const { return template_digest_; }
  // The credential envelope (what goes on the bulletin board).
  const Bytes& envelope() const { return envelope_; }
  const crypto::EncryptedBallot& ballot() const { return ballot_; }
  bool spoiled() const { return spoiled_; }

  // Reveals the ballot's choices and nonces so anyone can check, with
  // VerifySpoiledBallot, that it encrypts what the delegate chose. The
  // ballot can no longer be cast.
  crypto::SpoiledBallot Spoil();

 private:
  friend Result<PreparedBallot> PrepareBallot(const shared::BallotTemplate&,
                                              std::string_view,
                                              std::span<const crypto::Mark>,
                                              crypto::RandomSource&);
  PreparedBallot() = default;
  std::uint64_t round_id_ = 0;
  Digest32 template_digest_{};
  Bytes envelope_;
  crypto::EncryptedBallot ballot_;
  crypto::BallotOpening opening_;
  bool spoiled_ = false;
};

// Builds a ballot for `ballot_template` from the code on the delegate's slip
// and the marks (see crypto/ballot_kind.h: for nominate one mark, the
// person's index or nullopt for blank; otherwise one mark per person). No
// network. Errors say what to fix ("the ballot code is not right: ...").
Result<PreparedBallot> PrepareBallot(
    const shared::BallotTemplate& ballot_template, std::string_view code_text,
    std::span<const crypto::Mark> marks,
    crypto::RandomSource& rng = crypto::DefaultRandom());

// OK when `spoiled` opens `ballot` under the template's ballot-box key, i.e.
// the ballot encrypts exactly spoiled.plaintext, a ballot of the template's
// shape. Anyone can run it: it is shared::VerifySpoiledEntry, the check the
// server makes before it records a spoiled ballot and an auditor makes of
// the record.
Status VerifySpoiledBallot(const shared::BallotTemplate& ballot_template,
                           const crypto::EncryptedBallot& ballot,
                           const crypto::SpoiledBallot& spoiled);

// Verifies a signed template fetched from anywhere against the seal key.
Result<shared::BallotTemplate> VerifySealedTemplate(
    std::span<const std::uint8_t> signed_template_bytes,
    const crypto::VerifyKey& seal);

// What CheckInclusion proved.
struct Inclusion {
  std::uint64_t index = 0;
  Digest32 entry_hash{};  // the proven entry's hash
  Digest32 head{};        // the board head the proof leads to
  Bytes ballot;           // the entry's bytes (the cast envelope)
};

class VotingClient {
 public:
  static Result<VotingClient> Connect(const std::string& host,
                                      std::uint16_t port,
                                      const net::TlsClientConfig& tls,
                                      const crypto::VerifyKey& seal,
                                      ClientOptions options = {});

  VotingClient(VotingClient&&) noexcept = default;
  VotingClient& operator=(VotingClient&&) noexcept = default;

  // The server's public status (turnout, state; never a sealed outcome).
  Result<shared::StatusResponse> Status();

  // Fetches round `round_id`'s template and verifies its seal.
  Result<shared::BallotTemplate> FetchBallot(std::uint64_t round_id);

  // PrepareBallot (above), for convenience.
  static Result<PreparedBallot> PrepareBallot(
      const shared::BallotTemplate& ballot_template, std::string_view code_text,
      std::span<const crypto::Mark> marks,
      crypto::RandomSource& rng = crypto::DefaultRandom()) {
    return client::PrepareBallot(ballot_template, code_text, marks, rng);
  }

  // Casts the prepared ballot (retrying the same bytes, see the contract).
  // The receipt must name the ballot's round and carry the tracking code of
  // its entry hash.
  Result<shared::Receipt> Cast(const PreparedBallot& prepared,
                               std::stop_token stop = {});
  // The raw protocol step: casts `envelope` into `round_id`, with the same
  // retries. For tests and tools; kiosks use Cast.
  Result<shared::Receipt> CastEnvelope(std::uint64_t round_id,
                                       std::span<const std::uint8_t> envelope,
                                       std::stop_token stop = {});

  // Asks for the inclusion proof of `tracking_code` and verifies it.
  Result<Inclusion> CheckInclusion(std::uint64_t round_id,
                                   std::string_view tracking_code);
  // The same for a receipt, and checks that the proven entry holds
  // `prepared`'s envelope at the receipt's index.
  Result<Inclusion> CheckInclusion(const shared::Receipt& receipt,
                                   const PreparedBallot& prepared);

  // Tells the committee (hall-admin alerts; the hall display shows the kind,
  // kiosk, round and time) that this kiosk saw `kind` in round `round_id`
  // (0: none). `detail` is for the committee: it is sanitized and cut to
  // shared::kMaxAlertDetail bytes (shared::SanitizeAlertText) before it is
  // sent. The server keeps the first few alerts per kiosk and round and only
  // counts further ones; OK either way.
  ::hall::Status ReportAlert(shared::AlertKind kind, std::uint64_t round_id,
                             std::string_view detail);

  // Sends `spoiled`, the opening of `ballot` (PreparedBallot::Spoil), to the
  // election record of round `round_id`: shared::SpoiledEntryOf(ballot,
  // spoiled), nothing else. The server refuses it unless the round is open
  // (kFailedPrecondition) and unless it verifies (VerifySpoiledBallot with
  // the round's template; kPermissionDenied); sending the same one again is
  // OK. It never counts as a vote, and its ciphertexts can never be cast.
  ::hall::Status SubmitSpoiled(std::uint64_t round_id,
                               const crypto::EncryptedBallot& ballot,
                               const crypto::SpoiledBallot& spoiled);

  // Drops the connection and connects again (Cast does this by itself).
  ::hall::Status Reconnect();

  // The protocol code of the last refusal from the server, if the last
  // failed call was one.
  std::optional<shared::ErrorCode> last_error_code() const {
    return last_error_code_;
  }
  // How many times Cast re-sent a ballot since the client was made.
  std::uint64_t cast_retries() const { return cast_retries_; }
  bool connected() const { return connection_.is_open(); }
  const crypto::VerifyKey& seal() const { return seal_; }

 private:
  VotingClient(std::string host, std::uint16_t port, net::TlsClientConfig tls,
               const crypto::VerifyKey& seal, ClientOptions options);
  // One request/response. A transport failure is reported with
  // `*transport_failure` = true (when given) and closes the connection. A
  // stop requested on `stop` by the time the request would be sent (after a
  // reconnect, say) ends it with kCancelled, nothing sent.
  Result<net::Frame> Call(shared::MessageType type, Bytes payload,
                          shared::MessageType expected,
                          bool* transport_failure = nullptr,
                          std::stop_token stop = {});

  std::string host_;
  std::uint16_t port_ = 0;
  net::TlsClientConfig tls_;
  crypto::VerifyKey seal_;
  ClientOptions options_;
  net::TlsConnection connection_;
  std::optional<shared::ErrorCode> last_error_code_;
  std::uint64_t cast_retries_ = 0;
};

}  // namespace hall::client

#endif  // HALL_SHARED_CLIENT_VOTING_CLIENT_H_
