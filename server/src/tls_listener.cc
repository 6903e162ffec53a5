// The server's side of the kiosk transport; see tls_listener.h.
#include "hall/server/tls_listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <exception>
#include <system_error>

#include "hall/server/pki.h"
#include "hall/shared/net/listen.h"
#include "hall/shared/printable_text.h"
#include "handshake_errors.h"
#include "refusal_log.h"

namespace hall::server {

namespace {

using net::Clock;
using net::ErrnoText;
using net::TlsConnection;
using net::UniqueFd;

constexpr std::chrono::milliseconds kRefusalLinger{250};
constexpr int kCrlWarnDays = 30;

Status CheckCrlTime(const X509_CRL* crl, const std::string& path,
                    const std::function<void(const std::string&)>& warn) {
  const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl);
  if (!next) return Status::Ok();
  if (X509_cmp_current_time(next) <= 0) {
    return Status::FailedPrecondition(
        path +
        ": the revocation list has expired; reissue it with "
        "the committee CA (every kiosk would be refused)");
  }
  time_t soon = std::time(nullptr) + kCrlWarnDays * 86400;
  if (X509_cmp_time(next, &soon) <= 0) {
    warn("warning: " + path + ": the revocation list expires within " +
         std::to_string(kCrlWarnDays) +
         " days; reissue it before then or every kiosk will be refused");
  }
  return Status::Ok();
}

// The address without its port: the key of the per-address limits.
std::string HostOf(const sockaddr_storage& addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) return text;
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text)) return text;
  }
  return "unknown address";
}

}  // namespace

struct TlsListener::Connection {
  std::uint64_t id = 0;
  // The socket, from accept to close. Only the connection's thread closes it
  // (under conn_mu_); other threads may only shutdown(2) it under conn_mu_
  // while it is valid, so they never reach a reused descriptor.
  UniqueFd fd;
  std::string host;  // the peer's address, no port
  std::string peer;  // "host:port"
  Clock::time_point accepted_at;
  bool handshaking = true;     // counted in handshaking_ and per_address_
  bool authenticated = false;  // counted in authenticated_, per_certificate_
  bool evicted = false;        // shut down to make room for another address
  std::string common_name;
  std::string serial_hex;
  std::string fingerprint;
  bool revoked = false;
  std::thread thread;
};

TlsListener::TlsListener(TlsListenerConfig config, Handler handler)
    : config_(std::move(config)), handler_(std::move(handler)) {}

TlsListener::~TlsListener() { Stop(); }

void TlsListener::Log(const std::string& text) {
  // A line may carry what a peer chose (its certificate's names): one line,
  // no terminal escapes, whatever it sent.
  const std::string line = shared::EscapeForLog(text, 4096);
  std::lock_guard lock(log_mu_);
  if (config_.log) {
    config_.log(line);
  } else {
    std::fprintf(stderr, "hall-server: %s\n", line.c_str());
  }
}

Result<net::SslCtxPtr> TlsListener::BuildContext(const X509_CRL* crl) const {
  ERR_clear_error();
  net::SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) {
    return Status::Internal(
        net::WithOpenSslErrors("cannot create TLS context"));
  }
  SSL_CTX* c = ctx.get();
  X509_STORE* store = SSL_CTX_get_cert_store(c);
  if (SSL_CTX_set_min_proto_version(c, TLS1_3_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(c, TLS1_3_VERSION) != 1 ||
      SSL_CTX_use_certificate(c, server_cert_.get()) != 1 ||
      SSL_CTX_use_PrivateKey(c, server_key_.get()) != 1 ||
      SSL_CTX_check_private_key(c) != 1 ||
      X509_STORE_add_cert(store, ca_cert_.get()) != 1 ||
      X509_STORE_add_crl(store, const_cast<X509_CRL*>(crl)) != 1 ||
      X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK) != 1 ||
      SSL_CTX_add_client_CA(c, ca_cert_.get()) != 1) {
    return Status::Internal(
        net::WithOpenSslErrors("cannot set up the server's TLS context"));
  }
  SSL_CTX_set_verify(c, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     VerifyCallback);
  SSL_CTX_set_verify_depth(c, 2);
  SSL_CTX_set_num_tickets(c, 0);
  SSL_CTX_set_session_cache_mode(c, SSL_SESS_CACHE_OFF);
  return ctx;
}

Result<std::unique_ptr<TlsListener>> TlsListener::Start(
    TlsListenerConfig config, Handler handler) {
  if (!handler)
    return Status::InvalidArgument("TlsListener needs a request handler");
  for (auto [value, what] :
       {std::pair{&config.ca_cert_path, "committee CA certificate"},
        std::pair{&config.cert_path, "server certificate"},
        std::pair{&config.key_path, "server private key"},
        std::pair{&config.crl_path, "revocation list (CRL)"}}) {
    if (value->empty()) {
      return Status::InvalidArgument(std::string("no ") + what +
                                     " path configured for the kiosk listener");
    }
  }
  for (auto [value, what] :
       {std::pair{config.max_connections, "max_connections"},
        std::pair{config.max_handshakes, "max_handshakes"},
        std::pair{config.max_handshakes_per_address,
                  "max_handshakes_per_address"},
        std::pair{config.max_connections_per_address,
                  "max_connections_per_address"},
        std::pair{config.max_connections_per_certificate,
                  "max_connections_per_certificate"}}) {
    if (value == 0) {
      return Status::InvalidArgument(std::string(what) + " must be at least 1");
    }
  }
  std::unique_ptr<TlsListener> self(
      new TlsListener(std::move(config), std::move(handler)));
  const TlsListenerConfig& cfg = self->config_;

  auto ca = LoadCertificate(cfg.ca_cert_path);
  if (!ca.ok()) return ca.status();
  if (X509_check_ca(ca->get()) < 1) {
    return Status::InvalidArgument(
        cfg.ca_cert_path +
        ": not a CA certificate; give the committee CA "
        "certificate");
  }
  auto cert = LoadCertificate(cfg.cert_path);
  if (!cert.ok()) return cert.status();
  if (Status s = VerifyIssuedBy(ca->get(), cert->get(), cfg.cert_path);
      !s.ok()) {
    return s;
  }
  auto key = LoadPrivateKey(cfg.key_path);
  if (!key.ok()) return key.status();
  if (Status s = CheckKeyMatches(cert->get(), key->get(), cfg.key_path);
      !s.ok()) {
    return s;
  }
  auto crl = LoadCrl(cfg.crl_path);
  if (!crl.ok()) return crl.status();
  if (Status s = VerifyCrlIssuedBy(ca->get(), crl->get(), cfg.crl_path);
      !s.ok()) {
    return s;
  }
  TlsListener* raw = self.get();
  self->refusals_ = std::make_unique<RefusalLog>(
      cfg.refusal_log_interval, [raw](const std::string& l) { raw->Log(l); },
      RefusalLog::Clock::now, cfg.max_refusal_lines);
  if (Status s = CheckCrlTime(crl->get(), cfg.crl_path,
                              [raw](const std::string& l) { raw->Log(l); });
      !s.ok()) {
    return s;
  }
  self->ca_cert_ = std::move(ca).value();
  self->server_cert_ = std::move(cert).value();
  self->server_key_ = std::move(key).value();
  auto ctx = self->BuildContext(crl->get());
  if (!ctx.ok()) return ctx.status();
  self->ctx_ = std::move(ctx).value();
  self->revoked_ = RevokedSerials(crl->get());

  auto listening = net::ListenTcp(cfg.host, cfg.port, cfg.backlog);
  if (!listening.ok()) return listening.status();
  self->port_ = listening->port;
  self->listen_fd_ = std::move(listening->fd);
  auto wake = net::OpenWakePipe();
  if (!wake.ok()) return wake.status();
  self->wake_read_ = std::move(wake->read_end);
  self->wake_write_ = std::move(wake->write_end);
  self->accept_thread_ = std::thread([raw] { raw->AcceptLoop(); });
  return self;
}

void TlsListener::ReapFinished() {
  std::vector<std::thread> done;
  {
    std::lock_guard lock(conn_mu_);
    for (std::uint64_t id : finished_) {
      auto it = connections_.find(id);
      if (it == connections_.end()) continue;
      done.push_back(std::move(it->second->thread));
      connections_.erase(it);
    }
    finished_.clear();
  }
  for (std::thread& t : done) {
    if (t.joinable()) t.join();
  }
}

void TlsListener::AcceptLoop() {
  bool fd_limit_logged = false;
  while (!stopping_.load()) {
    pollfd fds[2] = {{listen_fd_.get(), POLLIN, 0},
                     {wake_read_.get(), POLLIN, 0}};
    const int wait_ms = static_cast<int>(std::clamp<std::int64_t>(
        config_.refusal_log_interval.count() / 2, 10, 1000));
    int r = ::poll(fds, 2, wait_ms);
    ReapFinished();
    refusals_->Flush();
    if (stopping_.load()) break;
    if (r <= 0 || !(fds[0].revents & POLLIN)) continue;
    for (int burst = 0; burst < 64 && !stopping_.load(); ++burst) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      UniqueFd fd(::accept4(listen_fd_.get(),
                            reinterpret_cast<sockaddr*>(&addr), &len,
                            SOCK_NONBLOCK | SOCK_CLOEXEC));
      if (!fd.valid()) {
        if (errno == EMFILE || errno == ENFILE) {
          if (!fd_limit_logged) {
            Log("cannot accept more connections: " + ErrnoText(errno) +
                "; raise the open-file limit (ulimit -n) or lower "
                "max_connections");
            fd_limit_logged = true;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        break;  // EAGAIN or a transient error
      }
      accepted_++;
      const std::string peer =
          net::DescribeAddress(reinterpret_cast<sockaddr*>(&addr), len);
      Admit(std::move(fd), HostOf(addr), peer);
    }
  }
}

bool TlsListener::EvictForFairness(const std::string& host) {
  const std::string* busiest = nullptr;
  std::size_t most = 0;
  for (const auto& [address, count] : per_address_) {
    if (count.handshaking > most) {
      most = count.handshaking;
      busiest = &address;
    }
  }
  auto mine = per_address_.find(host);
  const std::size_t own =
      mine == per_address_.end() ? 0 : mine->second.handshaking;
  if (!busiest || *busiest == host) return false;
  // Fewer than the busiest: that address's oldest goes. As many (every
  // address holds one or a few): a suspect waits; anyone else takes the
  // place of a suspect's oldest handshake, or else of the oldest one that
  // has waited longer than a real handshake takes.
  const bool ties = own + 1 >= most;
  if (ties && Suspect(host)) return false;
  const Clock::time_point aged = Clock::now() - config_.handshake_eviction_age;
  Connection* oldest = nullptr;
  Connection* oldest_suspect = nullptr;
  for (auto& [id, conn] : connections_) {
    if (!conn->handshaking || conn->evicted || !conn->fd.valid()) continue;
    if (!ties) {
      if (conn->host != *busiest) continue;
    } else if (conn->host == host) {
      continue;
    } else if (Suspect(conn->host)) {
      if (!oldest_suspect || conn->accepted_at < oldest_suspect->accepted_at)
        oldest_suspect = conn.get();
      continue;
    } else if (conn->accepted_at > aged) {
      continue;
    }
    if (!oldest || conn->accepted_at < oldest->accepted_at) oldest = conn.get();
  }
  if (oldest_suspect) oldest = oldest_suspect;
  if (!oldest) return false;
  oldest->evicted = true;
  ::shutdown(oldest->fd.get(), SHUT_RDWR);  // its thread logs and releases it
  evicted_++;
  return true;
}

namespace {
constexpr std::size_t kMaxSuspects = 4096;
constexpr std::chrono::seconds kSuspectFor{60};
}  // namespace

void TlsListener::MarkSuspect(const std::string& host) {
  const Clock::time_point now = Clock::now();
  if (suspects_.size() >= kMaxSuspects && !suspects_.count(host)) {
    for (auto it = suspects_.begin(); it != suspects_.end();)
      it = it->second <= now ? suspects_.erase(it) : std::next(it);
    if (suspects_.size() >= kMaxSuspects) return;
  }
  suspects_[host] = now + kSuspectFor;
}

bool TlsListener::Suspect(const std::string& host) const {
  auto it = suspects_.find(host);
  return it != suspects_.end() && it->second > Clock::now();
}

void TlsListener::Admit(UniqueFd fd, const std::string& host,
                        const std::string& peer) {
  auto conn = std::make_shared<Connection>();
  std::lock_guard lock(conn_mu_);
  AddressCount& count = per_address_[host];
  std::optional<std::pair<RefusalReason, std::string>> refusal;
  if (count.total >= config_.max_connections_per_address) {
    refused_per_address_++;
    refusal = {RefusalReason::kTooManyFromAddress,
               "already " + std::to_string(count.total) +
                   " connections from this address (limit " +
                   std::to_string(config_.max_connections_per_address) + ")"};
  } else if (count.handshaking >= config_.max_handshakes_per_address) {
    refused_per_address_++;
    refusal = {RefusalReason::kTooManyHandshakesFromAddress,
               "already " + std::to_string(count.handshaking) +
                   " unauthenticated connections from this address (limit " +
                   std::to_string(config_.max_handshakes_per_address) + ")"};
  } else if (handshaking_ >= config_.max_handshakes &&
             !EvictForFairness(host)) {
    refused_at_limit_++;
    refusal = {RefusalReason::kHandshakeLimit,
               "all " + std::to_string(config_.max_handshakes) +
                   " TLS handshake slots are busy"};
  }
  if (refusal) {
    if (count.total == 0) per_address_.erase(host);
    refusals_->Note(host, peer, refusal->first, refusal->second);
    return;  // closes fd
  }
  int one = 1;
  setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  conn->id = next_id_++;
  conn->fd = std::move(fd);
  conn->host = host;
  conn->peer = peer;
  conn->accepted_at = Clock::now();
  count.handshaking++;
  count.total++;
  handshaking_++;
  active_++;
  try {
    conn->thread = std::thread([this, conn] { Serve(conn); });
    connections_[conn->id] = conn;
  } catch (const std::system_error& e) {
    Release(*conn);
    conn->fd.reset();
    refusals_->Note(host, peer, RefusalReason::kNoThread, e.what());
  }
}

// Under conn_mu_: gives back what the connection counted in.
void TlsListener::Release(Connection& conn) {
  auto it = per_address_.find(conn.host);
  if (it != per_address_.end()) {
    if (conn.handshaking) it->second.handshaking--;
    it->second.total--;
    if (it->second.total == 0) per_address_.erase(it);
  }
  if (conn.handshaking) handshaking_--;
  conn.handshaking = false;
  if (conn.authenticated) {
    authenticated_--;
    auto c = per_certificate_.find(conn.fingerprint);
    if (c != per_certificate_.end() && --c->second == 0) {
      per_certificate_.erase(c);
    }
    conn.authenticated = false;
  }
  active_--;
}

std::optional<std::pair<RefusalReason, std::string>> TlsListener::Authenticate(
    Connection& conn, const PeerInfo& peer) {
  std::lock_guard lock(conn_mu_);
  conn.common_name = peer.common_name;
  conn.serial_hex = peer.serial_hex;
  conn.fingerprint = peer.fingerprint;
  auto it = per_address_.find(conn.host);
  if (conn.handshaking && it != per_address_.end()) it->second.handshaking--;
  if (conn.handshaking) handshaking_--;
  conn.handshaking = false;
  if (authenticated_ >= config_.max_connections) {
    refused_at_limit_++;
    return std::pair{RefusalReason::kKioskLimit,
                     "at the connection limit of " +
                         std::to_string(config_.max_connections) +
                         " kiosks (CN=" + peer.common_name + ")"};
  }
  std::size_t& mine = per_certificate_[peer.fingerprint];
  if (mine >= config_.max_connections_per_certificate) {
    refused_per_certificate_++;
    const std::size_t held = mine;
    if (mine == 0) per_certificate_.erase(peer.fingerprint);
    return std::pair{
        RefusalReason::kTooManyForCertificate,
        "kiosk " + peer.common_name + " (serial " + peer.serial_hex +
            ") already has " + std::to_string(held) + " connections (limit " +
            std::to_string(config_.max_connections_per_certificate) + ")"};
  }
  mine++;
  authenticated_++;
  conn.authenticated = true;
  return std::nullopt;
}

void TlsListener::Serve(std::shared_ptr<Connection> conn) {
  net::SigpipeGuard sigpipe;  // this thread never dies of SIGPIPE
  // conn->fd stays open until closed here, so shutdown(2) from Stop() or
  // ReloadRevocations() can never hit a reused descriptor; TLS works on a
  // duplicate that may close earlier. Only this thread changes conn->fd.
  {
    TlsConnection tls;
    RunConnection(*conn, conn->fd.get(), tls);
  }
  std::lock_guard lock(conn_mu_);
  conn->fd.reset();
  Release(*conn);
  finished_.push_back(conn->id);
}

void TlsListener::RunConnection(Connection& conn, int socket_fd,
                                TlsConnection& tls) {
  const std::string addr = net::DescribePeer(socket_fd);
  UniqueFd fd(::fcntl(socket_fd, F_DUPFD_CLOEXEC, 0));
  if (!fd.valid()) {
    Log("refused " + addr + ": cannot duplicate the socket (" +
        ErrnoText(errno) + ")");
    return;
  }
  net::SslPtr ssl;
  {
    std::lock_guard lock(ctx_mu_);
    ssl.reset(SSL_new(ctx_.get()));
  }
  if (!ssl) {
    Log("refused " + addr + ": " +
        net::WithOpenSslErrors("cannot create a TLS session"));
    return;
  }
  HandshakeInfo info;
  SSL* s = ssl.get();
  SSL_set_app_data(s, &info);
  SSL_set_fd(s, fd.get());
  SSL_set_accept_state(s);
  auto err =
      net::RunSslOp(s, fd.get(), Clock::now() + config_.handshake_timeout,
                    [s] { return SSL_accept(s); });
  SSL_set_app_data(s, nullptr);
  if (err) {
    handshakes_failed_++;
    if (stopping_.load()) return;
    bool evicted;
    {
      std::lock_guard lock(conn_mu_);
      evicted = conn.evicted;
      MarkSuspect(conn.host);
    }
    if (evicted) {
      refusals_->Note(conn.host, addr, RefusalReason::kEvictedForFairness,
                      "dropped in its TLS handshake to make room for "
                      "another address (all handshake slots busy)");
      return;
    }
    refusals_->Note(conn.host, addr,
                    err->kind == net::SslIoError::Kind::kTimeout
                        ? RefusalReason::kHandshakeTimeout
                        : RefusalReason::kHandshakeFailed,
                    HandshakeFailure(info, *err, config_.handshake_timeout));
    ssl.reset();  // the alert is sent; no close_notify after a fatal error
    // Let the client read the alert rather than a connection reset.
    TlsConnection::Adopt(nullptr, std::move(fd), addr, 0, config_.io_timeout)
        .Close(kRefusalLinger);
    return;
  }
  const X509* cert = SSL_get0_peer_certificate(s);
  PeerInfo peer{net::CertificateCommonName(cert),
                net::CertificateSerialHex(cert),
                net::CertificateFingerprint(cert), addr};
  {
    // A CRL reloaded after this session's context was taken.
    std::lock_guard lock(ctx_mu_);
    if (std::find(revoked_.begin(), revoked_.end(), peer.serial_hex) !=
        revoked_.end()) {
      handshakes_failed_++;
      refusals_->Note(
          conn.host, addr, RefusalReason::kHandshakeFailed,
          "the kiosk certificate has been revoked (CN=" + peer.common_name +
              ", serial " + peer.serial_hex + ")");
      return;
    }
  }
  if (auto refusal = Authenticate(conn, peer)) {
    refusals_->Note(conn.host, addr, refusal->first, refusal->second);
    return;  // the kiosk's first request fails: connection closed
  }
  handshakes_ok_++;
  tls = TlsConnection::Adopt(std::move(ssl), std::move(fd), addr,
                             config_.max_frame_payload, config_.io_timeout);
  const std::string who = "kiosk " + peer.common_name + " (" + addr + ")";
  for (;;) {
    auto request = tls.Receive(config_.idle_timeout);
    if (!request.ok()) {
      if (stopping_.load()) return;
      switch (tls.last_failure()) {
        case TlsConnection::Failure::kClosed:
          return;  // the kiosk hung up between requests
        case TlsConnection::Failure::kTimeout:
          Log("closed " + who + ": " + request.message() + " (idle limit " +
              net::DurationText(config_.idle_timeout) + ")");
          return;
        case TlsConnection::Failure::kFrameTimeout:
          Log("closed " + who + ": " + request.message() +
              " (a message must "
              "arrive whole within " +
              net::DurationText(config_.io_timeout) + " of its first byte)");
          return;
        default: {
          bool revoked;
          {
            std::lock_guard lock(conn_mu_);
            revoked = conn.revoked;
          }
          if (!revoked) Log("closed " + who + ": " + request.message());
          return;
        }
      }
    }
    net::Frame response;
    try {
      response = handler_(peer, *request);
    } catch (const std::exception& e) {
      Log("closed " + who + ": the request handler failed (" + e.what() + ")");
      return;
    } catch (...) {
      Log("closed " + who + ": the request handler failed");
      return;
    }
    frames_handled_++;
    if (Status st = tls.Send(response); !st.ok()) {
      if (!stopping_.load() &&
          tls.last_failure() != TlsConnection::Failure::kClosed) {
        Log("closed " + who + ": " + st.message());
      }
      return;
    }
  }
}

Status TlsListener::ReloadRevocations() {
  auto crl = LoadCrl(config_.crl_path);
  if (!crl.ok()) return crl.status();
  if (Status s =
          VerifyCrlIssuedBy(ca_cert_.get(), crl->get(), config_.crl_path);
      !s.ok()) {
    return s;
  }
  if (Status s = CheckCrlTime(crl->get(), config_.crl_path,
                              [this](const std::string& l) { Log(l); });
      !s.ok()) {
    return s;
  }
  auto ctx = BuildContext(crl->get());
  if (!ctx.ok()) return ctx.status();
  std::vector<std::string> revoked = RevokedSerials(crl->get());
  {
    std::lock_guard lock(ctx_mu_);
    ctx_ = std::move(ctx).value();  // sessions keep their own reference
    revoked_ = revoked;
  }
  std::lock_guard lock(conn_mu_);
  for (auto& [id, conn] : connections_) {
    if (!conn->fd.valid() || conn->serial_hex.empty() || conn->revoked) {
      continue;
    }
    if (std::find(revoked.begin(), revoked.end(), conn->serial_hex) !=
        revoked.end()) {
      conn->revoked = true;
      ::shutdown(conn->fd.get(), SHUT_RDWR);
      Log("closed kiosk " + conn->common_name + ": its certificate (serial " +
          conn->serial_hex + ") has been revoked");
    }
  }
  return Status::Ok();
}

TlsListenerStats TlsListener::stats() const {
  TlsListenerStats s;
  s.accepted = accepted_.load();
  s.handshakes_ok = handshakes_ok_.load();
  s.handshakes_failed = handshakes_failed_.load();
  s.refused_at_limit = refused_at_limit_.load();
  s.refused_per_address = refused_per_address_.load();
  s.refused_per_certificate = refused_per_certificate_.load();
  s.evicted = evicted_.load();
  s.frames_handled = frames_handled_.load();
  s.active = active_.load();
  std::lock_guard lock(conn_mu_);
  s.handshaking = handshaking_;
  s.authenticated = authenticated_;
  return s;
}

void TlsListener::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  if (stopped_) return;
  stopped_ = true;
  stopping_.store(true);
  if (wake_write_.valid()) {
    char byte = 'x';
    (void)!::write(wake_write_.get(), &byte, 1);
  }
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(conn_mu_);
    for (auto& [id, conn] : connections_) {
      if (conn->fd.valid()) ::shutdown(conn->fd.get(), SHUT_RDWR);
      threads.push_back(std::move(conn->thread));
    }
    connections_.clear();
    finished_.clear();
  }
  for (std::thread& t : threads) {
    if (t.joinable()) t.join();
  }
  listen_fd_.reset();
  if (refusals_) refusals_->Flush(/*all=*/true);
}

}  // namespace hall::server
