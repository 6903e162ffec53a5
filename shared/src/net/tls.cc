// TLS 1.3 connections carrying hall frames; see tls.h.
#include "hall/shared/net/tls.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <system_error>
#include <vector>

namespace hall::net {

namespace {

constexpr std::chrono::milliseconds kCloseNotifyTimeout{1000};

bool IsIpAddress(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

Status CheckReadable(const std::string& path, const std::string& what) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound(path + ": " + what + " not found");
  }
  return Status::Ok();
}

// The code for a failure the peer's alert explains (DescribePeerAlert gave a
// text): a refused certificate, or a TLS version this side does not speak.
StatusCode PeerAlertCode(unsigned long code) {
  switch (ERR_GET_REASON(code)) {
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    case SSL_R_UNSUPPORTED_PROTOCOL:
      return StatusCode::kInvalidArgument;
    default:
      return StatusCode::kPermissionDenied;
  }
}

// A failed read or write: the peer's alert when it sent one, else the
// connection is lost and a new one may succeed.
StatusCode IoFailureCode(const std::string& alert, unsigned long reason) {
  return alert.empty() ? StatusCode::kUnavailable : PeerAlertCode(reason);
}

}  // namespace

std::string DescribePeerAlert(unsigned long code, bool we_are_client) {
  if (ERR_GET_LIB(code) != ERR_LIB_SSL) return "";
  const std::string who = we_are_client ? "the server refused this kiosk: "
                                        : "the kiosk refused the server: ";
  const std::string cert =
      we_are_client ? "this kiosk's certificate" : "the server's certificate";
  switch (ERR_GET_REASON(code)) {
    case SSL_R_SSLV3_ALERT_CERTIFICATE_REVOKED:
      return who + cert +
             " has been revoked by the committee; enrol the kiosk again";
    case SSL_R_TLSV1_ALERT_UNKNOWN_CA:
      return who + cert + " is not issued by this committee's CA";
    case SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED:
      return who +
             "no kiosk certificate was presented; configure the kiosk's "
             "certificate and key (hall-admin enrols kiosks)";
    case SSL_R_SSLV3_ALERT_CERTIFICATE_EXPIRED:
      return who + cert + " has expired (or a clock is wrong)";
    case SSL_R_SSLV3_ALERT_BAD_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE:
    case SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN:
      return who + cert + " was not accepted (" +
             (ERR_reason_error_string(code) ? ERR_reason_error_string(code)
                                            : "bad certificate") +
             ")";
    case SSL_R_TLSV1_ALERT_PROTOCOL_VERSION:
    case SSL_R_UNSUPPORTED_PROTOCOL:
      return "TLS version mismatch: hall speaks TLS 1.3 only";
    default:
      return "";
  }
}

std::string DescribeVerifyError(long v, const std::string& whose) {
  const std::string reason = X509_verify_cert_error_string(v);
  switch (v) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_CERT_UNTRUSTED:
      return "the " + whose +
             " certificate is not issued by this committee's CA (" + reason +
             ")";
    case X509_V_ERR_CERT_REVOKED:
      return "the " + whose + " certificate has been revoked";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "the " + whose +
             " certificate is not valid for the address connected to (" +
             reason + "); connect by a name or IP in its subjectAltName";
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "the " + whose +
             " certificate has expired; issue a new one (or fix the clock)";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "the " + whose +
             " certificate is not valid yet; check this machine's clock";
    case X509_V_ERR_INVALID_PURPOSE:
      return "the certificate presented is not a " + whose +
             " certificate (wrong extended key usage)";
    case X509_V_ERR_UNABLE_TO_GET_CRL:
      return "no revocation list (CRL) is loaded for the committee CA";
    case X509_V_ERR_CRL_HAS_EXPIRED:
      return "the committee's revocation list (CRL) has expired; reissue it";
    default:
      return "the " + whose + " certificate failed verification (" + reason +
             ")";
  }
}

TlsConnection::TlsConnection(TlsConnection&& other) noexcept
    : ssl_(std::move(other.ssl_)),
      fd_(std::move(other.fd_)),
      peer_(std::move(other.peer_)),
      max_frame_payload_(other.max_frame_payload_),
      io_timeout_(other.io_timeout_),
      last_failure_(other.last_failure_) {}

TlsConnection& TlsConnection::operator=(TlsConnection&& other) noexcept {
  if (this != &other) {
    Close();
    ssl_ = std::move(other.ssl_);
    fd_ = std::move(other.fd_);
    peer_ = std::move(other.peer_);
    max_frame_payload_ = other.max_frame_payload_;
    io_timeout_ = other.io_timeout_;
    last_failure_ = other.last_failure_;
  }
  return *this;
}

TlsConnection::~TlsConnection() { Close(); }

TlsConnection TlsConnection::Adopt(SslPtr ssl, UniqueFd fd, std::string peer,
                                   std::uint32_t max_frame_payload,
                                   std::chrono::milliseconds io_timeout) {
  TlsConnection c;
  c.ssl_ = std::move(ssl);
  c.fd_ = std::move(fd);
  c.peer_ = std::move(peer);
  c.max_frame_payload_ = max_frame_payload;
  c.io_timeout_ = io_timeout;
  return c;
}

void TlsConnection::Close(std::chrono::milliseconds linger) {
  if (ssl_) {
    SigpipeGuard guard;
    SSL* ssl = ssl_.get();
    // One close_notify; we do not wait for the peer's.
    (void)RunSslOp(ssl, fd_.get(),
                   Clock::now() + std::min(io_timeout_, kCloseNotifyTimeout),
                   [ssl] { return SSL_shutdown(ssl) >= 0 ? 1 : -1; });
    ERR_clear_error();
    ssl_.reset();
  }
  if (fd_.valid() && linger.count() > 0) {
    ::shutdown(fd_.get(), SHUT_WR);
    const auto deadline = Clock::now() + linger;
    std::array<char, 16384> sink;
    std::size_t drained = 0;
    while (drained < (8u << 20)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - Clock::now());
      if (left.count() <= 0) break;
      pollfd p{fd_.get(), POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      ssize_t n = ::recv(fd_.get(), sink.data(), sink.size(), 0);
      if (n <= 0) break;
      drained += static_cast<std::size_t>(n);
    }
  }
  fd_.reset();
}

Status TlsConnection::Fail(Failure failure, StatusCode code,
                           std::string message, bool notify) {
  last_failure_ = failure;
  if (!notify) ssl_.reset();  // no close_notify after a fatal TLS error
  Close();
  return Status::Make(code, std::move(message));
}

std::string TlsConnection::tls_version() const {
  return ssl_ ? SSL_get_version(ssl_.get()) : "";
}

std::string TlsConnection::cipher() const {
  return ssl_ ? SSL_get_cipher_name(ssl_.get()) : "";
}

const X509* TlsConnection::peer_certificate() const {
  return ssl_ ? SSL_get0_peer_certificate(ssl_.get()) : nullptr;
}

Status TlsConnection::WriteAll(std::span<const std::uint8_t> bytes) {
  if (!ssl_) {
    last_failure_ = Failure::kClosed;
    return Status::Unavailable("cannot send: the connection to " + peer_ +
                               " is closed");
  }
  SigpipeGuard guard;
  SSL* ssl = ssl_.get();
  std::size_t written = 0;
  auto err = RunSslOp(ssl, fd_.get(), Clock::now() + io_timeout_, [&] {
    return SSL_write_ex(ssl, bytes.data(), bytes.size(), &written);
  });
  if (!err) return Status::Ok();
  switch (err->kind) {
    case SslIoError::Kind::kTimeout:
      return Fail(Failure::kTimeout, StatusCode::kUnavailable,
                  "timed out after " + DurationText(io_timeout_) +
                      " sending to " + peer_);
    case SslIoError::Kind::kClosed:
      return Fail(Failure::kClosed, StatusCode::kUnavailable,
                  "cannot send: " + peer_ + " closed the connection");
    case SslIoError::Kind::kFailed:
      break;
  }
  std::string alert = DescribePeerAlert(err->reason, !SSL_is_server(ssl));
  return Fail(Failure::kTls, IoFailureCode(alert, err->reason),
              alert.empty() ? "sending to " + peer_ + " failed: " + err->detail
                            : alert);
}

Status TlsConnection::ReadExact(std::uint8_t* out, std::size_t n,
                                Clock::time_point deadline,
                                bool at_frame_start) {
  if (!ssl_) {
    last_failure_ = Failure::kClosed;
    return Status::Unavailable("cannot receive: the connection to " + peer_ +
                               " is closed");
  }
  SSL* ssl = ssl_.get();
  std::size_t got = 0;
  while (got < n) {
    std::size_t chunk = 0;
    auto err = RunSslOp(ssl, fd_.get(), deadline, [&] {
      return SSL_read_ex(ssl, out + got, n - got, &chunk);
    });
    if (!err) {
      got += chunk;
      continue;
    }
    const bool between_frames = at_frame_start && got == 0;
    switch (err->kind) {
      case SslIoError::Kind::kTimeout:
        return Fail(between_frames ? Failure::kTimeout : Failure::kFrameTimeout,
                    StatusCode::kUnavailable,
                    between_frames
                        ? "timed out waiting for a message from " + peer_
                        : "timed out in the middle of a message from " + peer_);
      case SslIoError::Kind::kClosed:
        return Fail(between_frames ? Failure::kClosed : Failure::kMalformed,
                    StatusCode::kUnavailable,
                    between_frames
                        ? peer_ + " closed the connection"
                        : peer_ +
                              " closed the connection in the middle of a "
                              "message (truncated frame)");
      case SslIoError::Kind::kFailed:
        break;
    }
    std::string alert = DescribePeerAlert(err->reason, !SSL_is_server(ssl));
    return Fail(Failure::kTls, IoFailureCode(alert, err->reason),
                alert.empty()
                    ? "receiving from " + peer_ + " failed: " + err->detail
                    : alert);
  }
  return Status::Ok();
}

Status TlsConnection::Send(const Frame& frame) {
  auto bytes = EncodeFrame(frame, max_frame_payload_);
  if (!bytes.ok()) {
    last_failure_ = Failure::kMalformed;
    return bytes.status();  // nothing was sent; the connection stays usable
  }
  return WriteAll(*bytes);
}

Status TlsConnection::SendRawBytesForTesting(
    std::span<const std::uint8_t> bytes) {
  return WriteAll(bytes);
}

Result<Frame> TlsConnection::Receive() { return Receive(io_timeout_); }

namespace {

std::atomic<std::size_t> receive_buffer_bytes{0};

// Counts a payload buffer's capacity in receive_buffer_bytes while a Receive
// is filling it.
class BufferAccount {
 public:
  explicit BufferAccount(const std::vector<std::uint8_t>& buffer)
      : buffer_(buffer) {}
  ~BufferAccount() { receive_buffer_bytes -= counted_; }
  BufferAccount(const BufferAccount&) = delete;
  BufferAccount& operator=(const BufferAccount&) = delete;
  void Update() {
    const std::size_t now = buffer_.capacity();
    receive_buffer_bytes += now - counted_;  // capacity only grows
    counted_ = now;
  }

 private:
  const std::vector<std::uint8_t>& buffer_;
  std::size_t counted_ = 0;
};

}  // namespace

std::size_t ReceiveBufferBytesInFlight() { return receive_buffer_bytes.load(); }

Result<Frame> TlsConnection::Receive(
    std::chrono::milliseconds first_byte_timeout) {
  std::array<std::uint8_t, kFrameHeaderSize> header_bytes;
  // Between frames: wait up to first_byte_timeout for a frame to start. From
  // its first byte the whole frame must arrive within io_timeout_, however
  // slowly its bytes trickle in.
  Status s = ReadExact(header_bytes.data(), 1,
                       Clock::now() + first_byte_timeout, true);
  if (!s.ok()) return s;
  const Clock::time_point frame_deadline = Clock::now() + io_timeout_;
  s = ReadExact(header_bytes.data() + 1, header_bytes.size() - 1,
                frame_deadline, false);
  if (!s.ok()) return s;
  auto header = ParseFrameHeader(header_bytes, max_frame_payload_);
  if (!header.ok()) {
    // The stream cannot be resynchronised: close (with close_notify).
    return Fail(Failure::kMalformed, StatusCode::kInvalidArgument,
                "refused a message from " + peer_ + ": " + header.message() +
                    "; connection closed",
                true);
  }
  Frame frame;
  frame.type = header->type;
  // The buffer grows as the payload arrives, one chunk at a time: a peer that
  // announces a large payload and sends nothing costs at most one chunk.
  BufferAccount account(frame.payload);
  const std::size_t length = header->payload_length;  // within the limit
  std::size_t got = 0;
  while (got < length) {
    const std::size_t chunk = std::min(kReceiveChunk, length - got);
    if (frame.payload.capacity() < got + chunk) {
      frame.payload.reserve(std::min(
          length, std::max(got + chunk, 2 * frame.payload.capacity())));
    }
    frame.payload.resize(got + chunk);
    account.Update();
    s = ReadExact(frame.payload.data() + got, chunk, frame_deadline, false);
    if (!s.ok()) return s;
    got += chunk;
  }
  last_failure_ = Failure::kNone;
  return frame;
}

Result<Frame> TlsConnection::Call(const Frame& request) {
  Status s = Send(request);
  if (!s.ok()) return s;
  return Receive();
}

Result<TlsConnection> Connect(const std::string& host, std::uint16_t port,
                              const TlsClientConfig& config,
                              std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (config.ca_cert_pem_path.empty()) {
    return Status::InvalidArgument(
        "no committee CA certificate configured; the kiosk cannot verify "
        "the server without it");
  }
  if (config.cert_path.empty() != config.key_path.empty()) {
    return Status::InvalidArgument(
        "the kiosk certificate and its private key must be configured "
        "together (cert: \"" +
        config.cert_path + "\", key: \"" + config.key_path + "\")");
  }
  ERR_clear_error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx)
    return Status::Internal(WithOpenSslErrors("cannot create TLS context"));
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_3_VERSION);
  SSL_CTX_set_max_proto_version(ctx.get(), TLS1_3_VERSION);
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  if (Status s =
          CheckReadable(config.ca_cert_pem_path, "committee CA certificate");
      !s.ok()) {
    return s;
  }
  if (SSL_CTX_load_verify_locations(ctx.get(), config.ca_cert_pem_path.c_str(),
                                    nullptr) != 1) {
    return Status::InvalidArgument(WithOpenSslErrors(
        config.ca_cert_pem_path +
        ": cannot load the committee CA certificate (PEM expected)"));
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  if (!config.cert_path.empty()) {
    if (Status s = CheckReadable(config.cert_path, "kiosk certificate");
        !s.ok()) {
      return s;
    }
    if (Status s = CheckReadable(config.key_path, "kiosk private key");
        !s.ok()) {
      return s;
    }
    if (SSL_CTX_use_certificate_chain_file(ctx.get(),
                                           config.cert_path.c_str()) != 1) {
      return Status::InvalidArgument(WithOpenSslErrors(
          config.cert_path + ": cannot load the kiosk certificate"));
    }
    BioPtr key_bio(BIO_new_file(config.key_path.c_str(), "r"));
    PkeyPtr key(key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr,
                                                  nullptr, nullptr)
                        : nullptr);
    if (!key) {
      return Status::InvalidArgument(WithOpenSslErrors(
          config.key_path + ": cannot load the kiosk private key"));
    }
    const X509* cert = SSL_CTX_get0_certificate(ctx.get());
    if (!cert || EVP_PKEY_eq(X509_get0_pubkey(cert), key.get()) != 1) {
      ERR_clear_error();
      return Status::InvalidArgument(
          config.key_path +
          ": this private key does not belong to the "
          "certificate " +
          config.cert_path);
    }
    if (SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1) {
      return Status::InvalidArgument(WithOpenSslErrors(
          config.key_path + ": cannot use the kiosk private key"));
    }
  }

  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - Clock::now());
  auto fd =
      ConnectTcp(host, port, std::max(remaining, std::chrono::milliseconds(1)));
  if (!fd.ok()) return fd.status();
  const std::string peer = DescribePeer(fd->get());

  SslPtr ssl(SSL_new(ctx.get()));
  if (!ssl)
    return Status::Internal(WithOpenSslErrors("cannot create TLS session"));
  SSL_set_fd(ssl.get(), fd->get());
  SSL_set_connect_state(ssl.get());
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (IsIpAddress(host)) {
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
      return Status::InvalidArgument(
          WithOpenSslErrors("bad IP address " + host));
    }
  } else {
    if (SSL_set1_host(ssl.get(), host.c_str()) != 1 ||
        SSL_set_tlsext_host_name(ssl.get(), host.c_str()) != 1) {
      return Status::InvalidArgument(
          WithOpenSslErrors("bad host name " + host));
    }
  }

  SigpipeGuard guard;
  SSL* raw = ssl.get();
  auto err =
      RunSslOp(raw, fd->get(), deadline, [raw] { return SSL_connect(raw); });
  if (err) {
    const long verify = SSL_get_verify_result(raw);
    std::string why;
    // The server's certificate refused by this kiosk, or this kiosk refused
    // by the server; a timeout or a lost connection may pass.
    StatusCode code = StatusCode::kUnavailable;
    if (verify != X509_V_OK) {
      why = DescribeVerifyError(verify, "server");
      code = StatusCode::kPermissionDenied;
    } else if (err->kind == SslIoError::Kind::kTimeout) {
      why =
          "timed out after " + DurationText(timeout) + " in the TLS handshake";
    } else if (err->kind == SslIoError::Kind::kClosed) {
      why =
          "the server closed the connection during the TLS handshake (it may "
          "be at its connection limit, or not a hall server)";
    } else {
      why = DescribePeerAlert(err->reason, true);
      if (!why.empty()) code = PeerAlertCode(err->reason);
      if (why.empty()) why = "TLS handshake failed: " + err->detail;
    }
    return Status::Make(code, "cannot connect to " + host + ":" +
                                  std::to_string(port) + ": " + why);
  }
  return TlsConnection::Adopt(std::move(ssl), std::move(fd).value(), peer,
                              config.max_frame_payload, config.io_timeout);
}

}  // namespace hall::net
