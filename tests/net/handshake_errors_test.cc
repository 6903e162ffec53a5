// The kiosk listener's handshake wording (handshake_errors.h), one row per
// case, with error codes raised by OpenSSL itself and a real certificate for
// the verify callback.
#include "handshake_errors.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <chrono>
#include <string>

#include "hall/server/pki.h"

namespace hall::server {
namespace {

using namespace std::chrono_literals;
using net::SslIoError;

// The code OpenSSL queues for `reason` in library `lib`.
unsigned long Raised(int lib, int reason) {
  ERR_clear_error();
  ERR_raise(lib, reason);
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  return code;
}

SslIoError Failed(unsigned long reason, std::string detail) {
  return {SslIoError::Kind::kFailed, std::move(detail), reason};
}

TEST(HandshakeFailureTest, CertificateFailureNamesTheCertificate) {
  HandshakeInfo info{X509_V_ERR_CERT_REVOKED, "kiosk-1", "0A1B"};
  // The certificate check wins over what the I/O layer saw.
  EXPECT_EQ(HandshakeFailure(info, {SslIoError::Kind::kTimeout, "", 0}, 5s),
            "the kiosk certificate has been revoked (CN=kiosk-1, serial 0A1B)");
  info.common_name.clear();
  EXPECT_EQ(HandshakeFailure(info, Failed(0, ""), 5s),
            "the kiosk certificate has been revoked (CN=, serial 0A1B)");
  info.serial_hex.clear();
  EXPECT_EQ(HandshakeFailure(info, Failed(0, ""), 5s),
            "the kiosk certificate has been revoked");
  info.verify_error = X509_V_ERR_CERT_HAS_EXPIRED;
  EXPECT_EQ(HandshakeFailure(info, Failed(0, ""), 5s),
            "the kiosk certificate has expired; issue a new one (or fix the "
            "clock)");
}

TEST(HandshakeFailureTest, TimeoutAndClose) {
  const HandshakeInfo none;
  EXPECT_EQ(HandshakeFailure(none, {SslIoError::Kind::kTimeout, "x", 0}, 5s),
            "TLS handshake timed out after 5 s");
  EXPECT_EQ(HandshakeFailure(none, {SslIoError::Kind::kTimeout, "", 0}, 250ms),
            "TLS handshake timed out after 250 ms");
  EXPECT_EQ(HandshakeFailure(none, {SslIoError::Kind::kClosed, "x", 0}, 5s),
            "the client closed the connection during the TLS handshake");
}

TEST(HandshakeFailureTest, KnownSslReasons) {
  const HandshakeInfo none;
  EXPECT_EQ(
      HandshakeFailure(
          none,
          Failed(Raised(ERR_LIB_SSL, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE),
                 "d"),
          5s),
      "no client certificate presented (kiosks must present the certificate "
      "the committee issued them)");
  for (int reason : {SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_WRONG_VERSION_NUMBER,
                     SSL_R_HTTP_REQUEST, SSL_R_HTTPS_PROXY_REQUEST,
                     SSL_R_NO_PROTOCOLS_AVAILABLE}) {
    EXPECT_EQ(HandshakeFailure(
                  none, Failed(Raised(ERR_LIB_SSL, reason), "the detail"), 5s),
              "not a TLS 1.3 client (the detail)")
        << reason;
  }
  // The kiosk's alert, worded from the server's side.
  EXPECT_EQ(
      HandshakeFailure(
          none, Failed(Raised(ERR_LIB_SSL, SSL_R_TLSV1_ALERT_UNKNOWN_CA), "d"),
          5s),
      "the kiosk refused the server: the server's certificate is not issued "
      "by this committee's CA");
  EXPECT_EQ(
      HandshakeFailure(
          none,
          Failed(Raised(ERR_LIB_SSL, SSL_R_TLSV1_ALERT_PROTOCOL_VERSION), "d"),
          5s),
      "TLS version mismatch: hall speaks TLS 1.3 only");
}

TEST(HandshakeFailureTest, AnythingElseGivesOpenSslsDetail) {
  const HandshakeInfo none;
  EXPECT_EQ(
      HandshakeFailure(
          none, Failed(Raised(ERR_LIB_SSL, SSL_R_BAD_SIGNATURE), "bad sig"),
          5s),
      "TLS handshake failed: bad sig");
  // The same reason number from another library is not an SSL reason.
  EXPECT_EQ(
      HandshakeFailure(
          none,
          Failed(Raised(ERR_LIB_X509, SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE),
                 "x509 said"),
          5s),
      "TLS handshake failed: x509 said");
  EXPECT_EQ(HandshakeFailure(none, Failed(0, ""), 5s),
            "TLS handshake failed: unknown error");
}

// A store context for `cert` failing with `error`, on an SSL whose app data
// is `info` (as the listener sets it during SSL_accept).
class VerifyCallbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ca = CreateCommitteeCa("Test Committee CA", 30);
    ASSERT_TRUE(ca.ok()) << ca.message();
    auto kiosk = IssueCertificate(*ca, CertRole::kKiosk, "kiosk-7", 30);
    ASSERT_TRUE(kiosk.ok()) << kiosk.message();
    cert_ = std::move(kiosk->cert);
    ssl_ctx_.reset(SSL_CTX_new(TLS_server_method()));
    ASSERT_TRUE(ssl_ctx_);
    ssl_.reset(SSL_new(ssl_ctx_.get()));
    ASSERT_TRUE(ssl_);
    store_.reset(X509_STORE_new());
    store_ctx_.reset(X509_STORE_CTX_new());
    ASSERT_TRUE(store_ && store_ctx_);
    ASSERT_EQ(X509_STORE_CTX_init(store_ctx_.get(), store_.get(), cert_.get(),
                                  nullptr),
              1);
    ASSERT_EQ(
        X509_STORE_CTX_set_ex_data(
            store_ctx_.get(), SSL_get_ex_data_X509_STORE_CTX_idx(), ssl_.get()),
        1);
    X509_STORE_CTX_set_current_cert(store_ctx_.get(), cert_.get());
  }

  int Fail(long error) {
    X509_STORE_CTX_set_error(store_ctx_.get(), static_cast<int>(error));
    return VerifyCallback(0, store_ctx_.get());
  }

  X509Ptr cert_;
  net::SslCtxPtr ssl_ctx_;
  net::SslPtr ssl_;
  net::OsslPtr<X509_STORE> store_;
  net::OsslPtr<X509_STORE_CTX> store_ctx_;
};

TEST_F(VerifyCallbackTest, RecordsTheFirstFailedCertificate) {
  HandshakeInfo info;
  SSL_set_app_data(ssl_.get(), &info);
  EXPECT_EQ(VerifyCallback(1, store_ctx_.get()), 1);
  EXPECT_EQ(info.verify_error, X509_V_OK);  // a passed check records nothing
  EXPECT_EQ(Fail(X509_V_ERR_CERT_REVOKED), 0);
  EXPECT_EQ(info.verify_error, X509_V_ERR_CERT_REVOKED);
  EXPECT_EQ(info.common_name, "kiosk-7");
  EXPECT_EQ(info.serial_hex, CertificateSerialHex(cert_.get()));
  EXPECT_FALSE(info.serial_hex.empty());
  EXPECT_EQ(Fail(X509_V_ERR_CERT_HAS_EXPIRED), 0);
  EXPECT_EQ(info.verify_error, X509_V_ERR_CERT_REVOKED);  // the first stays
}

TEST_F(VerifyCallbackTest, RefusesWithoutHandshakeInfo) {
  EXPECT_EQ(Fail(X509_V_ERR_CERT_REVOKED), 0);  // no app data: no crash
  EXPECT_EQ(VerifyCallback(1, store_ctx_.get()), 1);
}

}  // namespace
}  // namespace hall::server
