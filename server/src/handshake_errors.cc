// Handshake diagnostics of the kiosk listener; see handshake_errors.h.
#include "handshake_errors.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "hall/shared/net/openssl.h"
#include "hall/shared/net/tls.h"

namespace hall::server {

using net::SslIoError;

int VerifyCallback(int preverify_ok, X509_STORE_CTX* store) {
  if (preverify_ok) return 1;
  auto* ssl = static_cast<SSL*>(
      X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  auto* info =
      ssl ? static_cast<HandshakeInfo*>(SSL_get_app_data(ssl)) : nullptr;
  if (info && info->verify_error == X509_V_OK) {
    info->verify_error = X509_STORE_CTX_get_error(store);
    const X509* cert = X509_STORE_CTX_get_current_cert(store);
    info->common_name = net::CertificateCommonName(cert);
    info->serial_hex = net::CertificateSerialHex(cert);
  }
  return 0;
}

std::string HandshakeFailure(const HandshakeInfo& info, const SslIoError& err,
                             std::chrono::milliseconds timeout) {
  if (info.verify_error != X509_V_OK) {
    std::string text = net::DescribeVerifyError(info.verify_error, "kiosk");
    if (!info.common_name.empty() || !info.serial_hex.empty()) {
      text += " (CN=" + info.common_name + ", serial " + info.serial_hex + ")";
    }
    return text;
  }
  switch (err.kind) {
    case SslIoError::Kind::kTimeout:
      return "TLS handshake timed out after " + net::DurationText(timeout);
    case SslIoError::Kind::kClosed:
      return "the client closed the connection during the TLS handshake";
    case SslIoError::Kind::kFailed:
      break;
  }
  if (ERR_GET_LIB(err.reason) == ERR_LIB_SSL) {
    switch (ERR_GET_REASON(err.reason)) {
      case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
        return "no client certificate presented (kiosks must present the "
               "certificate the committee issued them)";
      case SSL_R_UNSUPPORTED_PROTOCOL:
      case SSL_R_WRONG_VERSION_NUMBER:
      case SSL_R_HTTP_REQUEST:
      case SSL_R_HTTPS_PROXY_REQUEST:
      case SSL_R_NO_PROTOCOLS_AVAILABLE:
        return "not a TLS 1.3 client (" + err.detail + ")";
      default:
        break;
    }
    std::string alert = net::DescribePeerAlert(err.reason, false);
    if (!alert.empty()) return alert;
  }
  return "TLS handshake failed: " +
         (err.detail.empty() ? std::string("unknown error") : err.detail);
}

}  // namespace hall::server
