// OpenSSL ownership and diagnostics shared by the transport and the PKI.
//
// Every OpenSSL handle in hall is owned by an OsslPtr<T> (std::unique_ptr with
// OpenSslDeleter) from the line that creates it. OpenSslErrors() drains the
// calling thread's OpenSSL error queue into one readable string so a failure
// message can say what OpenSSL said.
#ifndef HALL_SHARED_NET_OPENSSL_H_
#define HALL_SHARED_NET_OPENSSL_H_

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

namespace hall::net {

struct OpenSslDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_CRL* p) const { X509_CRL_free(p); }
  void operator()(X509_REVOKED* p) const { X509_REVOKED_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(X509_NAME* p) const { X509_NAME_free(p); }
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  // ASN1_INTEGER and ASN1_TIME are both ASN1_STRING.
  void operator()(ASN1_STRING* p) const { ASN1_STRING_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(BIO* p) const { BIO_free_all(p); }
  void operator()(SSL_CTX* p) const { SSL_CTX_free(p); }
  void operator()(SSL* p) const { SSL_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};

template <typename T>
using OsslPtr = std::unique_ptr<T, OpenSslDeleter>;

// Owns memory OpenSSL allocated for the caller (OPENSSL_malloc'ed strings).
struct OpenSslFree {
  void operator()(void* p) const { OPENSSL_free(p); }
};
template <typename T>
using OsslMemory = std::unique_ptr<T, OpenSslFree>;

using PkeyPtr = OsslPtr<EVP_PKEY>;
using X509Ptr = OsslPtr<X509>;
using CrlPtr = OsslPtr<X509_CRL>;
using BioPtr = OsslPtr<BIO>;
using SslCtxPtr = OsslPtr<SSL_CTX>;
using SslPtr = OsslPtr<SSL>;

// Drains this thread's OpenSSL error queue: "reason1; reason2", or "" if empty.
std::string OpenSslErrors();

// `what` + ": " + OpenSslErrors() (or just `what` when the queue is empty).
std::string WithOpenSslErrors(std::string_view what);

// The subject's commonName, or "" when it has none.
std::string CertificateCommonName(const X509* cert);

// An ASN.1 integer (a serial number) as upper-case hex without separators
// ("3FA0..."), or "" when it cannot be converted.
std::string SerialHex(const ASN1_INTEGER* serial);

// The certificate's serial number as SerialHex prints it.
std::string CertificateSerialHex(const X509* cert);

// SHA-256 of the DER encoding, upper-case hex pairs joined by ':'.
std::string CertificateFingerprint(const X509* cert);

}  // namespace hall::net

#endif  // HALL_SHARED_NET_OPENSSL_H_
