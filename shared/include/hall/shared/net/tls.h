// TLS 1.3 connections carrying hall frames (frame.h): the kiosk's side of the
// transport, and the per-connection object the server's listener uses.
//
// Contract:
// - TLS 1.3 only. The client verifies the server's certificate against the
//   committee CA (TlsClientConfig::ca_cert_pem_path) and against the host
//   name or IP address it connected to, and presents its kiosk certificate.
// - Send/Receive move whole frames; a frame over the size limit, a bad magic
//   or version is refused with a Status and the connection is closed.
// - Every blocking step is bounded by the connection's I/O timeout; once a
//   frame's first byte has arrived, the whole frame (header and payload) must
//   arrive within one I/O timeout, so a peer trickling bytes is dropped.
// - A received payload's buffer grows as its bytes arrive, kReceiveChunk at a
//   time (at most doubling), never allocated up front from the announced
//   length: a peer announcing 1 MiB and sending nothing costs one chunk.
// - In TLS 1.3 the server judges the client certificate after the client's
//   handshake has finished, so a refused kiosk certificate surfaces as the
//   failure of the first Receive ("the server refused this kiosk: ...").
// - A TlsConnection is used by one thread at a time. Move-only, RAII: the
//   destructor sends close_notify (best effort) and closes the socket.
#ifndef HALL_SHARED_NET_TLS_H_
#define HALL_SHARED_NET_TLS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "hall/base/status.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/net/io.h"
#include "hall/shared/net/openssl.h"

namespace hall::net {

inline constexpr std::chrono::milliseconds kDefaultIoTimeout{10'000};
// How much more payload buffer a Receive allocates before the bytes arrive.
inline constexpr std::size_t kReceiveChunk = 64 * 1024;

// Bytes of payload buffer held, process-wide, by Receive calls still filling
// them (tests and benchmarks check the cost of slow or silent peers).
std::size_t ReceiveBufferBytesInFlight();

struct TlsClientConfig {
  std::string ca_cert_pem_path;  // committee CA certificate (required)
  std::string cert_path;         // kiosk certificate (PEM); optional
  std::string key_path;          // kiosk private key (PEM); optional
  std::uint32_t max_frame_payload = kDefaultMaxFramePayload;
  std::chrono::milliseconds io_timeout = kDefaultIoTimeout;
};

class TlsConnection {
 public:
  TlsConnection() = default;  // a closed connection
  TlsConnection(TlsConnection&& other) noexcept;
  TlsConnection& operator=(TlsConnection&& other) noexcept;
  TlsConnection(const TlsConnection&) = delete;
  TlsConnection& operator=(const TlsConnection&) = delete;
  ~TlsConnection();

  // Wraps a socket whose TLS handshake has completed (used by the server).
  static TlsConnection Adopt(SslPtr ssl, UniqueFd fd, std::string peer,
                             std::uint32_t max_frame_payload,
                             std::chrono::milliseconds io_timeout);

  // Sends one frame. On failure the connection is closed.
  Status Send(const Frame& frame);
  // Receives one frame, waiting up to io_timeout() for each step.
  Result<Frame> Receive();
  // As Receive(), but waits up to `first_byte_timeout` for the frame to start
  // (an idle timeout), then up to io_timeout() for the whole rest of it.
  Result<Frame> Receive(std::chrono::milliseconds first_byte_timeout);
  // Send, then Receive: one request/response round trip.
  Result<Frame> Call(const Frame& request);

  // Writes raw bytes with no framing or checks. Tests and diagnostics only.
  Status SendRawBytesForTesting(std::span<const std::uint8_t> bytes);

  // Sends close_notify (best effort, bounded) and closes the socket. With a
  // `linger` > 0 it then half-closes and discards what the peer still sends
  // for up to `linger`, so the peer reads our last words instead of a reset.
  void Close(std::chrono::milliseconds linger = std::chrono::milliseconds(0));
  bool is_open() const { return ssl_ != nullptr; }

  const std::string& peer() const { return peer_; }  // "127.0.0.1:4443"
  std::string tls_version() const;                   // "TLSv1.3"
  std::string cipher() const;
  // The peer's certificate (owned by the connection), or nullptr.
  const X509* peer_certificate() const;
  std::chrono::milliseconds io_timeout() const { return io_timeout_; }
  void set_io_timeout(std::chrono::milliseconds t) { io_timeout_ = t; }
  std::uint32_t max_frame_payload() const { return max_frame_payload_; }
  // The socket, for shutdown(2) from another thread; -1 when closed.
  int native_handle() const { return fd_.get(); }

  // Why the last Send/Receive failed.
  enum class Failure {
    kNone,
    kClosed,        // the peer closed the connection between frames
    kTimeout,       // a wait passed its timeout (between frames: idle)
    kFrameTimeout,  // a frame began but did not arrive whole in io_timeout
    kMalformed,     // a frame broke the format or the size limit
    kTls,           // a TLS or socket error (including a refusal alert)
  };
  Failure last_failure() const { return last_failure_; }

 private:
  Status WriteAll(std::span<const std::uint8_t> bytes);
  Status ReadExact(std::uint8_t* out, std::size_t n, Clock::time_point deadline,
                   bool at_frame_start);
  // Records the failure and closes (close_notify only if `notify`); the
  // Status carries `code` and `message`.
  Status Fail(Failure failure, StatusCode code, std::string message,
              bool notify = false);

  SslPtr ssl_;
  UniqueFd fd_;
  std::string peer_;
  std::uint32_t max_frame_payload_ = kDefaultMaxFramePayload;
  std::chrono::milliseconds io_timeout_ = kDefaultIoTimeout;
  Failure last_failure_ = Failure::kNone;
};

// Opens a TCP connection to host:port and runs the TLS 1.3 handshake, all
// within `timeout`. Fails with an actionable message when the server's
// certificate is not from the committee CA or not valid for `host`.
Result<TlsConnection> Connect(const std::string& host, std::uint16_t port,
                              const TlsClientConfig& config,
                              std::chrono::milliseconds timeout);

// Text for a TLS alert the peer sent us (OpenSSL reason code), or "" when
// `reason` is not an alert about certificates or versions.
std::string DescribePeerAlert(unsigned long reason, bool we_are_client);

// Text for a failed certificate verification (X509_V_ERR_*), in words a
// committee member can act on. `whose` is "server" or "kiosk".
std::string DescribeVerifyError(long verify_result, const std::string& whose);

}  // namespace hall::net

#endif  // HALL_SHARED_NET_TLS_H_
