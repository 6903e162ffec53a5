// TlsListener: the server's side of the kiosk transport.
//
// Contract:
// - Listens on host:port (port 0 = an ephemeral port, see port()). Every
//   connection is mutual TLS 1.3: the kiosk must present a certificate issued
//   by the committee CA, with clientAuth, not expired and not on the CRL.
// - One thread per connection. Two separate pools: at most `max_handshakes`
//   connections still in their TLS handshake (unauthenticated), each bounded
//   by `handshake_timeout`, and at most `max_connections` authenticated
//   kiosks; a flood of peers that never finish a handshake cannot take a
//   kiosk's slot. The accept thread never waits on a peer.
// - Per address: at most `max_handshakes_per_address` unauthenticated and
//   `max_connections_per_address` connections in all. Per kiosk certificate
//   (by SHA-256 fingerprint): at most `max_connections_per_certificate`.
//   When every handshake slot is busy, a new connection from an address
//   holding fewer handshakes than the busiest address takes the place of
//   that address's oldest handshake. When every address holds as many (a
//   flood from many addresses, one connection each): an address whose
//   handshakes failed, timed out or were dropped in the last minute (a
//   suspect) waits; any other takes the place of the oldest handshake of a
//   suspect, or else of the oldest one that has waited at least
//   `handshake_eviction_age` (a kiosk's handshake takes milliseconds). So a
//   kiosk gets in however many addresses a flood comes from.
// - Log lines: at most `max_refusal_lines` per `refusal_log_interval`, all
//   addresses together (the rest in one summary line); every text a peer
//   chose (its certificate's names) has its control characters escaped.
// - A connection beyond a limit is closed at once (before its handshake) or
//   right after its handshake (kiosk and certificate limits).
// - Refusals and failed handshakes are logged as summaries per address and
//   reason, at most one line per `refusal_log_interval` each (refusal_log.h).
// - For each request frame the handler is called and its frame sent back.
//   The handler runs on connection threads, concurrently: it must be
//   thread-safe. A handler exception closes that connection only.
// - An oversized or malformed frame, an idle or I/O timeout (a frame must
//   arrive whole within `io_timeout` of its first byte), closes that
//   connection and logs one line naming the kiosk and the reason; other
//   connections are unaffected.
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
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/net/frame.h"
#include "hall/shared/net/io.h"
#include "hall/shared/net/openssl.h"
#include "hall/shared/net/tls.h"

namespace hall::server {

enum class RefusalReason;
class RefusalLog;

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
  // Authenticated kiosk connections at once, all certificates together.
  std::size_t max_connections = 512;
  // Connections in their TLS handshake at once (not counted above).
  std::size_t max_handshakes = 256;
  std::size_t max_handshakes_per_address = 128;
  // Handshaking and authenticated connections from one address together.
  std::size_t max_connections_per_address = 256;
  // Authenticated connections with one kiosk certificate.
  std::size_t max_connections_per_certificate = 8;
  std::uint32_t max_frame_payload = net::kDefaultMaxFramePayload;
  std::chrono::milliseconds handshake_timeout{3'000};
  // A handshake this old may be dropped for a newcomer when the pool is full.
  std::chrono::milliseconds handshake_eviction_age{250};
  std::chrono::milliseconds idle_timeout{120'000};
  std::chrono::milliseconds io_timeout{10'000};
  int backlog = 512;
  // At most one refusal line per address and reason per interval, and
  // `max_refusal_lines` in all.
  std::chrono::milliseconds refusal_log_interval{10'000};
  std::size_t max_refusal_lines = 10;
  // One line per event (refusals, errors). Called from many threads, one call
  // at a time. Default: stderr, prefixed "hall-server: ".
  std::function<void(std::string_view)> log;
};

struct TlsListenerStats {
  std::uint64_t accepted = 0;  // TCP connections accepted
  std::uint64_t handshakes_ok = 0;
  std::uint64_t handshakes_failed = 0;
  std::uint64_t refused_at_limit = 0;  // max_connections or max_handshakes
  std::uint64_t refused_per_address = 0;
  std::uint64_t refused_per_certificate = 0;
  std::uint64_t evicted = 0;  // handshakes dropped for another address
  std::uint64_t frames_handled = 0;
  std::size_t active = 0;       // connections open now
  std::size_t handshaking = 0;  // of which still in their handshake
  std::size_t authenticated = 0;
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
  struct AddressCount {
    std::size_t handshaking = 0;
    std::size_t total = 0;
  };

  TlsListener(TlsListenerConfig config, Handler handler);
  Result<net::SslCtxPtr> BuildContext(const X509_CRL* crl) const;
  void AcceptLoop();
  void Serve(std::shared_ptr<Connection> conn);
  void RunConnection(Connection& conn, int socket_fd, net::TlsConnection& tls);
  void ReapFinished();
  void Admit(net::UniqueFd fd, const std::string& host,
             const std::string& peer);
  // Makes room in the handshake pool for `host`, by dropping the oldest
  // handshake of the address holding the most; false if `host` is that
  // address (or ties with it). Under conn_mu_.
  bool EvictForFairness(const std::string& host);
  // A handshake from `host` failed, timed out or was dropped. Under conn_mu_.
  void MarkSuspect(const std::string& host);
  bool Suspect(const std::string& host) const;
  // After a successful handshake: takes a kiosk slot, or says why not.
  std::optional<std::pair<RefusalReason, std::string>> Authenticate(
      Connection& conn, const PeerInfo& peer);
  void Release(Connection& conn);
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
  std::size_t handshaking_ = 0;
  std::size_t authenticated_ = 0;
  std::map<std::string, AddressCount> per_address_;
  std::map<std::string, std::size_t> per_certificate_;  // by fingerprint
  // Addresses whose handshakes failed, timed out or were dropped, until when
  // they are suspects (bounded: kMaxSuspects).
  std::map<std::string, std::chrono::steady_clock::time_point> suspects_;

  std::mutex log_mu_;
  std::unique_ptr<RefusalLog> refusals_;
  std::thread accept_thread_;
  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  bool stopped_ = false;

  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> handshakes_ok_{0};
  std::atomic<std::uint64_t> handshakes_failed_{0};
  std::atomic<std::uint64_t> refused_at_limit_{0};
  std::atomic<std::uint64_t> refused_per_address_{0};
  std::atomic<std::uint64_t> refused_per_certificate_{0};
  std::atomic<std::uint64_t> evicted_{0};
  std::atomic<std::uint64_t> frames_handled_{0};
  std::atomic<std::size_t> active_{0};
};

}  // namespace hall::server

#endif  // HALL_SERVER_TLS_LISTENER_H_
