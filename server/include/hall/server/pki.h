// The committee's PKI: a private CA that certifies the tally server and each
// enrolled kiosk, and a revocation list (CRL) for kiosks that must no longer
// connect. OpenSSL 3.0 EVP/X509 only; all keys are Ed25519 (TLS 1.3 signs
// handshakes with it on both sides).
//
// Certificate profiles (X.509 v3, random positive 128-bit serials, notBefore
// backdated 5 minutes for clock skew):
//   CA:     CN=<committee name>, basicConstraints critical CA:TRUE pathlen:0,
//           keyUsage critical keyCertSign+cRLSign, subject/authority key id.
//   server: CN=<name>, basicConstraints critical CA:FALSE, keyUsage critical
//           digitalSignature, extendedKeyUsage serverAuth, subjectAltName
//           IP:127.0.0.1, DNS:localhost and every extra name (an entry that
//           parses as an IPv4/IPv6 address becomes IP:, any other DNS:).
//   kiosk:  CN=<kiosk name>, CA:FALSE, digitalSignature, extendedKeyUsage
//           clientAuth.
// The CRL is X.509 v2, signed by the CA, with a CRL number that grows by one
// at each reissue; revoking an already revoked serial keeps one entry.
//
// Files are PEM. Private keys are written unencrypted (PKCS#8) with mode 0600
// through a temporary file and rename; certificates and CRLs 0644. Failures
// return a Status naming the file and what to do.
#ifndef HALL_SERVER_PKI_H_
#define HALL_SERVER_PKI_H_

#include <string>
#include <string_view>
#include <vector>

#include "hall/base/status.h"
#include "hall/shared/net/openssl.h"

namespace hall::server {

using net::CrlPtr;
using net::PkeyPtr;
using net::X509Ptr;

inline constexpr int kDefaultCrlValidityDays = 365;
// Server and kiosk certificates.
inline constexpr int kDefaultCertificateValidityDays = 3 * 365;

struct CommitteeCa {
  PkeyPtr key;
  X509Ptr cert;
};

enum class CertRole { kServer, kKiosk };

struct IssuedCertificate {
  PkeyPtr key;
  X509Ptr cert;
};

// A fresh Ed25519 CA key and its self-signed certificate.
Result<CommitteeCa> CreateCommitteeCa(std::string_view common_name,
                                      int validity_days);

// A fresh key pair and a certificate for it signed by `ca`. `name` is the CN
// (1-64 characters: letters, digits, space, '.', '_', '-'). For kServer,
// `extra_names` are added to the subjectAltName; for kKiosk they must be empty.
Result<IssuedCertificate> IssueCertificate(
    const CommitteeCa& ca, CertRole role, std::string_view name,
    int validity_days, const std::vector<std::string>& extra_names = {});
// The same for an existing `key` (a certificate re-issued to new names keeps
// the key it had): returns the certificate only.
Result<X509Ptr> IssueCertificateForKey(
    const CommitteeCa& ca, CertRole role, std::string_view name,
    int validity_days, const EVP_PKEY* key,
    const std::vector<std::string>& extra_names = {});

// The addresses a certificate's subjectAltName names, in its order: IP
// addresses as text ("127.0.0.1", "fd00::5") and DNS names.
std::vector<std::string> CertificateAddresses(const X509* cert);
// Whether a client dialling `address` (an IP literal or a host name) accepts
// `cert` for it: the check the kiosk's TLS client makes (tls.h).
bool CertificateNamesAddress(const X509* cert, const std::string& address);

// A CRL with no revoked certificates (the server needs one to start).
Result<CrlPtr> CreateEmptyCrl(const CommitteeCa& ca,
                              int validity_days = kDefaultCrlValidityDays);

// A new CRL: every entry of `previous` (nullptr for none; it must be signed by
// `ca`) plus `serial_hex` (as CertificateSerialHex prints it).
Result<CrlPtr> RevokeCertificate(const CommitteeCa& ca,
                                 const X509_CRL* previous,
                                 std::string_view serial_hex,
                                 int validity_days = kDefaultCrlValidityDays);

// Whether `crl` lists `serial_hex`.
bool IsRevoked(const X509_CRL* crl, std::string_view serial_hex);
// The revoked serials, upper-case hex.
std::vector<std::string> RevokedSerials(const X509_CRL* crl);

// OK when `cert` is signed by `ca_cert` and `ca_cert` names its issuer;
// otherwise "<label>: not issued by this committee's CA".
Status VerifyIssuedBy(const X509* ca_cert, const X509* cert,
                      std::string_view label);
// OK when `crl` is signed by `ca_cert`.
Status VerifyCrlIssuedBy(const X509* ca_cert, const X509_CRL* crl,
                         std::string_view label);
// OK when `key` is the private key of `cert`.
Status CheckKeyMatches(const X509* cert, const EVP_PKEY* key,
                       std::string_view label);

// PEM files.
Status SavePrivateKey(const std::string& path, const EVP_PKEY* key);
Result<PkeyPtr> LoadPrivateKey(const std::string& path);
Status SaveCertificate(const std::string& path, const X509* cert);
Result<X509Ptr> LoadCertificate(const std::string& path);
Status SaveCrl(const std::string& path, const X509_CRL* crl);
Result<CrlPtr> LoadCrl(const std::string& path);
// Loads the CA certificate and key and checks they belong together and that
// the certificate is a CA.
Result<CommitteeCa> LoadCommitteeCa(const std::string& cert_path,
                                    const std::string& key_path);

// Display helpers (see hall/shared/net/openssl.h).
using net::CertificateCommonName;
using net::CertificateFingerprint;
using net::CertificateSerialHex;

}  // namespace hall::server

#endif  // HALL_SERVER_PKI_H_
