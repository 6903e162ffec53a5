// The kiosk listener's handshake diagnostics: what the verify callback
// records about a refused client certificate, and the one line the listener
// logs for a failed handshake.
//
// Contract:
// - VerifyCallback is the SSL_CTX verify callback. When the SSL's app data
//   (SSL_set_app_data) is a HandshakeInfo, the first failed certificate's
//   verify error, CN and serial are recorded there; a failure is never
//   overridden (returns preverify_ok unchanged as 1 or 0).
// - HandshakeFailure gives the text after "refused <peer>: ": a failed
//   certificate check first (with CN and serial when known), then a timeout
//   or a closed connection, then known OpenSSL reasons (no certificate, not
//   TLS 1.3, the kiosk's alert), else "TLS handshake failed: <detail>".
#ifndef HALL_SERVER_SRC_HANDSHAKE_ERRORS_H_
#define HALL_SERVER_SRC_HANDSHAKE_ERRORS_H_

#include <openssl/x509_vfy.h>

#include <chrono>
#include <string>

#include "hall/shared/net/io.h"

namespace hall::server {

// What the verify callback learned about a failed client certificate.
struct HandshakeInfo {
  long verify_error = X509_V_OK;
  std::string common_name;
  std::string serial_hex;
};

int VerifyCallback(int preverify_ok, X509_STORE_CTX* store);

// `timeout` is the handshake limit, named when the handshake timed out.
std::string HandshakeFailure(const HandshakeInfo& info,
                             const net::SslIoError& err,
                             std::chrono::milliseconds timeout);

}  // namespace hall::server

#endif  // HALL_SERVER_SRC_HANDSHAKE_ERRORS_H_
