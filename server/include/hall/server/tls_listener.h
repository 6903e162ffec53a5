// TlsListener: the server's side of the kiosk transport.
//
// Contract:
// - Listens on host:port (port 0 = an ephemeral port, see port()). Every
//   connection is mutual TLS 1.3: the kiosk must present a certificate issued
//   by the committee CA, with clientAuth, not expired and not on the CRL.
// - One thread per connection, at most `max_connections` at once (handshakes
//   included); a connection beyond the cap is closed at once and logged.
// - For each request frame the handler is called and its frame sent back.
//   The handler runs on connection threads, concurrently: it must be
//   thread-safe. A handler exception closes that connection only.
// - A failed handshake, an oversized or malformed frame, an idle or I/O
//   timeout, closes that connection and logs one line naming the peer and the
//   reason; other connections are unaffected.
// - ReloadRevocations() re-reads the CRL file: new handshakes use it, and open
//   connections of kiosks now revoked are closed. On error the old CRL stays.
// - Stop() (also run by the destructor) stops accepting, closes every
//   connection and joins all threads.
#ifndef HALL_SERVER_TLS_LISTENER_H_
#define HALL_SERVER_TLS_LISTENER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/net/io.h"
#include "hall/shared/net/openssl.h"
#include "hall/shared/net/tls.h"

namespace hall::server {

// Who is on the other end of a connection (from its verified certificate).
struct PeerInfo {
  std::string common_name;  // the kiosk name (certificate CN)
  std::string serial_hex;   // certificate serial, upper-case hex
  std::string fingerprint;  // SHA-256 of the certificate, "AB:CD:..."
  std::string address;      // "127.0.0.1:53124"
};

struct TlsListenerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::string ca_cert_path;  // committee CA certificate (PEM)
  std::string cert_path;     // server certificate (PEM), issued by the CA
  std::string key_path;      // server private key (PEM)
  std::string crl_path;      // committee CRL (PEM), required; may be empty CRL
  std::size_t max_connections = 512;
  std::uint32_t max_frame_payload = net::kDefaultMaxFramePayload;
  std::chrono::milliseconds handshake_timeout{5'000};
  std::chrono::milliseconds idle_timeout{120'000};
  std::chrono::milliseconds io_timeout{10'000};
  int backlog = 512;
  // One line per event (refusals, errors). Called from many threads, one call
  // at a time. Default: stderr, prefixed "hall-server: ".
  std::function<void(std::string_view)> log;
};

struct TlsListenerStats {
  std::uint64_t accepted = 0;  // TCP connections accepted
  std::uint64_t handshakes_ok = 0;
  std::uint64_t handshakes_failed = 0;
  std::uint64_t refused_at_limit = 0;
  std::uint64_t frames_handled = 0;
  std::size_t active = 0;  // connections open now
};

class TlsListener {
 public:
  using Handler = std::function<net::Frame(const PeerInfo& peer,
                                           const net::Frame& request)>;

  // Loads and cross-checks the certificates, key and CRL, binds and starts
  // accepting. Errors name the file at fault.
  static Result<std::unique_ptr<TlsListener>> Start(TlsListenerConfig config,
                                                    Handler handler);
  ~TlsListener();
  TlsListener(const TlsListener&) = delete;
  TlsListener& operator=(const TlsListener&) = delete;

  std::uint16_t port() const { return port_; }
  const TlsListenerConfig& config() const { return config_; }

  // Re-reads config().crl_path; see the contract above.
  Status ReloadRevocations();

  TlsListenerStats stats() const;

  void Stop();

 private:
  struct Connection;

  TlsListener(TlsListenerConfig config, Handler handler);
  Result<net::SslCtxPtr> BuildContext(const X509_CRL* crl) const;
  void AcceptLoop();
  void Serve(std::shared_ptr<Connection> conn);
  void RunConnection(Connection& conn, int socket_fd, net::TlsConnection& tls);
  void ReapFinished();
  void Log(const std::string& line);

  TlsListenerConfig config_;
  Handler handler_;
  std::uint16_t port_ = 0;
  net::UniqueFd listen_fd_;
  net::UniqueFd wake_read_;
  net::UniqueFd wake_write_;
  net::X509Ptr ca_cert_;
  net::X509Ptr server_cert_;
  net::PkeyPtr server_key_;

  mutable std::mutex ctx_mu_;
  net::SslCtxPtr ctx_;  // swapped by ReloadRevocations
  std::vector<std::string> revoked_;

  mutable std::mutex conn_mu_;
  std::map<std::uint64_t, std::shared_ptr<Connection>> connections_;
  std::vector<std::uint64_t> finished_;
  std::uint64_t next_id_ = 1;

  std::mutex log_mu_;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  bool stopped_ = false;

  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> handshakes_ok_{0};
  std::atomic<std::uint64_t> handshakes_failed_{0};
  std::atomic<std::uint64_t> refused_at_limit_{0};
  std::atomic<std::uint64_t> frames_handled_{0};
  std::atomic<std::size_t> active_{0};
};

}  // namespace hall::server

#endif  // HALL_SERVER_TLS_LISTENER_H_
