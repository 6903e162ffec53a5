// The committee's PKI; see pki.h for the certificate profiles and files.
#include "hall/server/pki.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <initializer_list>

#include "hall/base/private_file.h"
#include "hall/shared/net/io.h"

namespace hall::server {

namespace {

using net::BioPtr;
using net::ErrnoText;
using net::OsslPtr;
using net::SerialHex;
using net::WithOpenSslErrors;

constexpr long kBackdateSeconds = 300;
constexpr int kMaxValidityDays = 36500;

Status CheckValidity(int days, std::string_view what) {
  if (days < 1 || days > kMaxValidityDays) {
    return Status::InvalidArgument(std::string(what) + " validity of " +
                                   std::to_string(days) +
                                   " days is out of range; use 1 to " +
                                   std::to_string(kMaxValidityDays) + " days");
  }
  return Status::Ok();
}

Status CheckName(std::string_view name, std::string_view what) {
  if (name.empty() || name.size() > 64) {
    return Status::InvalidArgument(std::string(what) + " \"" +
                                   std::string(name) +
                                   "\" must be 1 to 64 characters long");
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == ' ' || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) {
      return Status::InvalidArgument(
          std::string(what) + " \"" + std::string(name) +
          "\" may only contain letters, digits, space, "
          "'.', '_' and '-'");
    }
  }
  return Status::Ok();
}

bool IsIp(const std::string& s) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool IsDnsName(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' ||
      s.front() == '-') {
    return false;
  }
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

Result<PkeyPtr> NewEd25519Key() {
  PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) {
    return Status::Internal(
        WithOpenSslErrors("cannot generate an Ed25519 key"));
  }
  return key;
}

Result<OsslPtr<ASN1_INTEGER>> RandomSerial() {
  unsigned char bytes[16];
  OsslPtr<BIGNUM> bn;
  do {
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
      return Status::Internal(
          WithOpenSslErrors("cannot draw a random serial number"));
    }
    bn.reset(BN_bin2bn(bytes, sizeof bytes, nullptr));
    if (!bn) return Status::Internal(WithOpenSslErrors("serial number"));
  } while (BN_is_zero(bn.get()));
  OsslPtr<ASN1_INTEGER> serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) return Status::Internal(WithOpenSslErrors("serial number"));
  return serial;
}

Result<OsslPtr<ASN1_INTEGER>> SerialFromHex(std::string_view hex) {
  std::string text(hex);
  text.erase(std::remove(text.begin(), text.end(), ':'), text.end());
  const bool ok = !text.empty() && text.size() <= 40 &&
                  std::all_of(text.begin(), text.end(), [](char c) {
                    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                  });
  if (!ok) {
    return Status::InvalidArgument(
        "\"" + std::string(hex) +
        "\" is not a certificate serial number (expected "
        "hex digits, as shown by the certificate listing)");
  }
  BIGNUM* raw = nullptr;
  if (BN_hex2bn(&raw, text.c_str()) == 0) {
    return Status::Internal(WithOpenSslErrors("serial number " + text));
  }
  OsslPtr<BIGNUM> bn(raw);
  OsslPtr<ASN1_INTEGER> serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial) return Status::Internal(WithOpenSslErrors("serial number"));
  return serial;
}

std::string NormalizeSerial(std::string_view hex) {
  std::string out;
  for (char c : hex) {
    if (c == ':') continue;
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  out.erase(0, std::min(out.find_first_not_of('0'), out.size()));
  return out.empty() ? "0" : out;
}

Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  OsslPtr<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return Status::Internal(
        WithOpenSslErrors(std::string("cannot add certificate extension ") +
                          OBJ_nid2sn(nid) + "=" + value));
  }
  return Status::Ok();
}

struct ExtensionSpec {
  int nid;
  const char* value;  // in openssl x509v3_config(5) syntax
};

// Adds `specs` in order, each with `issuer` for the authority key id.
Status AddExtensions(X509* cert, X509* issuer,
                     std::initializer_list<ExtensionSpec> specs) {
  for (const ExtensionSpec& e : specs) {
    if (Status s = AddExtension(cert, issuer, e.nid, e.value); !s.ok()) {
      return s;
    }
  }
  return Status::Ok();
}

// A certificate for `key` named `cn`, valid for `days`, not yet signed.
Result<X509Ptr> NewCertificate(const EVP_PKEY* key, std::string_view cn,
                               const X509* issuer, int days) {
  X509Ptr cert(X509_new());
  if (!cert) return Status::Internal(WithOpenSslErrors("X509_new"));
  auto serial = RandomSerial();
  if (!serial.ok()) return serial.status();
  OsslPtr<X509_NAME> name(X509_NAME_new());
  const std::string cn_text(cn);
  if (X509_set_version(cert.get(), 2) != 1 ||
      X509_set_serialNumber(cert.get(), serial->get()) != 1 || !name ||
      X509_NAME_add_entry_by_NID(
          name.get(), NID_commonName, MBSTRING_UTF8,
          reinterpret_cast<const unsigned char*>(cn_text.c_str()), -1, -1,
          0) != 1 ||
      X509_set_subject_name(cert.get(), name.get()) != 1 ||
      X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer)
                                              : name.get()) != 1 ||
      !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kBackdateSeconds) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr) ||
      X509_set_pubkey(cert.get(), const_cast<EVP_PKEY*>(key)) != 1) {
    return Status::Internal(WithOpenSslErrors("cannot build certificate"));
  }
  return cert;
}

Result<std::string> ReadFile(const std::string& path, std::string_view what) {
  BioPtr bio(BIO_new_file(path.c_str(), "rb"));
  if (!bio) {
    const int err = errno ? errno : ENOENT;
    ERR_clear_error();
    return Status::Make(CodeForErrno(err), path + ": cannot read the " +
                                               std::string(what) + " (" +
                                               ErrnoText(err) + ")");
  }
  std::string data;
  char buf[4096];
  int n;
  while ((n = BIO_read(bio.get(), buf, sizeof buf)) > 0) {
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > (4u << 20)) {
      return Status::InvalidArgument(path + ": too large to be a " +
                                     std::string(what));
    }
  }
  return data;
}

// Writes `data` to `path` through a temporary file with mode `mode`.
Status WriteFileAtomic(const std::string& path, std::string_view data,
                       mode_t mode, std::string_view what) {
  const std::string tmp = path + ".tmp";
  ::unlink(tmp.c_str());
  auto fail = [&](int err) {
    return Status::Make(CodeForErrno(err), path + ": cannot write the " +
                                               std::string(what) + " (" +
                                               ErrnoText(err) + ")");
  };
  {
    NewPrivateFile file(tmp, mode);
    if (!file.Write(data) || !file.Commit()) return fail(file.error());
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return fail(err);
  }
  return Status::Ok();
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len > 0 ? len : 0));
}

BioPtr MemBio(const std::string& data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

Status CheckIsCa(const X509* cert, std::string_view label) {
  if (X509_check_ca(const_cast<X509*>(cert)) < 1) {
    return Status::InvalidArgument(
        std::string(label) +
        ": not a CA certificate (basicConstraints CA:TRUE "
        "missing); use the committee CA certificate");
  }
  return Status::Ok();
}

}  // namespace

Result<CommitteeCa> CreateCommitteeCa(std::string_view common_name,
                                      int validity_days) {
  if (Status s = CheckName(common_name, "CA name"); !s.ok()) return s;
  if (Status s = CheckValidity(validity_days, "CA"); !s.ok()) return s;
  auto key = NewEd25519Key();
  if (!key.ok()) return key.status();
  auto cert = NewCertificate(key->get(), common_name, nullptr, validity_days);
  if (!cert.ok()) return cert.status();
  X509* c = cert->get();
  if (Status s = AddExtensions(
          c, c,
          {
              {NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
              {NID_key_usage, "critical,keyCertSign,cRLSign"},
              {NID_subject_key_identifier, "hash"},
              {NID_authority_key_identifier, "keyid:always"},
          });
      !s.ok()) {
    return s;
  }
  if (X509_sign(c, key->get(), nullptr) <= 0) {
    return Status::Internal(
        WithOpenSslErrors("cannot sign the CA certificate"));
  }
  return CommitteeCa{std::move(key).value(), std::move(cert).value()};
}

Result<X509Ptr> IssueCertificateForKey(
    const CommitteeCa& ca, CertRole role, std::string_view name,
    int validity_days, const EVP_PKEY* key,
    const std::vector<std::string>& extra_names) {
  if (!ca.key || !ca.cert) {
    return Status::FailedPrecondition(
        "no committee CA loaded; load or create it first");
  }
  if (!key) return Status::InvalidArgument("no key to certify");
  const char* what = role == CertRole::kServer ? "server name" : "kiosk name";
  if (Status s = CheckName(name, what); !s.ok()) return s;
  if (Status s = CheckValidity(validity_days, "certificate"); !s.ok()) {
    return s;
  }
  std::string san;
  if (role == CertRole::kServer) {
    std::vector<std::string> entries = {"IP:127.0.0.1", "DNS:localhost"};
    for (const std::string& n : extra_names) {
      std::string entry;
      if (IsIp(n)) {
        entry = "IP:" + n;
      } else if (IsDnsName(n)) {
        entry = "DNS:" + n;
      } else {
        return Status::InvalidArgument(
            "\"" + n +
            "\" is neither an IP address nor a host name; "
            "give the server's address as kiosks dial it");
      }
      if (std::find(entries.begin(), entries.end(), entry) == entries.end()) {
        entries.push_back(entry);
      }
    }
    for (const std::string& e : entries) san += (san.empty() ? "" : ",") + e;
  } else if (!extra_names.empty()) {
    return Status::InvalidArgument(
        "kiosk certificates carry no host names; leave extra names empty");
  }

  auto cert = NewCertificate(key, name, ca.cert.get(), validity_days);
  if (!cert.ok()) return cert.status();
  X509* c = cert->get();
  X509* issuer = ca.cert.get();
  if (Status s = AddExtensions(
          c, issuer,
          {
              {NID_basic_constraints, "critical,CA:FALSE"},
              {NID_key_usage, "critical,digitalSignature"},
              {NID_ext_key_usage,
               role == CertRole::kServer ? "serverAuth" : "clientAuth"},
              {NID_subject_key_identifier, "hash"},
              {NID_authority_key_identifier, "keyid:always"},
          });
      !s.ok()) {
    return s;
  }
  if (!san.empty()) {
    if (Status s = AddExtension(c, issuer, NID_subject_alt_name, san.c_str());
        !s.ok()) {
      return s;
    }
  }
  if (X509_sign(c, ca.key.get(), nullptr) <= 0) {
    return Status::Internal(WithOpenSslErrors(
        "cannot sign the certificate with the committee CA key"));
  }
  return cert;
}

Result<IssuedCertificate> IssueCertificate(
    const CommitteeCa& ca, CertRole role, std::string_view name,
    int validity_days, const std::vector<std::string>& extra_names) {
  if (!ca.key || !ca.cert) {
    return Status::FailedPrecondition(
        "no committee CA loaded; load or create it first");
  }
  auto key = NewEd25519Key();
  if (!key.ok()) return key.status();
  auto cert = IssueCertificateForKey(ca, role, name, validity_days, key->get(),
                                     extra_names);
  if (!cert.ok()) return cert.status();
  return IssuedCertificate{std::move(key).value(), std::move(cert).value()};
}

std::vector<std::string> CertificateAddresses(const X509* cert) {
  std::vector<std::string> out;
  if (!cert) return out;
  OsslPtr<GENERAL_NAMES> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  ERR_clear_error();
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = n->d.dNSName;
      out.emplace_back(
          reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
          static_cast<std::size_t>(ASN1_STRING_length(dns)));
    } else if (n->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* ip = n->d.iPAddress;
      const int len = ASN1_STRING_length(ip);
      const int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
      char text[INET6_ADDRSTRLEN] = {};
      if (family != 0 &&
          inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text)) {
        out.emplace_back(text);
      }
    }
  }
  return out;
}

bool CertificateNamesAddress(const X509* cert, const std::string& address) {
  if (!cert || address.empty()) return false;
  X509* c = const_cast<X509*>(cert);
  const int r =
      IsIp(address)
          ? X509_check_ip_asc(c, address.c_str(), 0)
          : X509_check_host(c, address.c_str(), address.size(),
                            X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
  ERR_clear_error();
  return r == 1;
}

namespace {

Result<CrlPtr> BuildCrl(const CommitteeCa& ca, const X509_CRL* previous,
                        const ASN1_INTEGER* add_serial, int validity_days) {
  if (!ca.key || !ca.cert) {
    return Status::FailedPrecondition(
        "no committee CA loaded; load or create it first");
  }
  if (Status s = CheckValidity(validity_days, "CRL"); !s.ok()) return s;
  if (previous) {
    if (Status s = VerifyCrlIssuedBy(ca.cert.get(), previous,
                                     "the previous revocation list");
        !s.ok()) {
      return s;
    }
  }
  CrlPtr crl(X509_CRL_new());
  const time_t now = std::time(nullptr);
  OsslPtr<ASN1_TIME> last(ASN1_TIME_adj(nullptr, now, 0, -kBackdateSeconds));
  OsslPtr<ASN1_TIME> next(ASN1_TIME_adj(nullptr, now, validity_days, 0));
  OsslPtr<ASN1_TIME> revoked_at(ASN1_TIME_adj(nullptr, now, 0, 0));
  if (!crl || !last || !next || !revoked_at ||
      X509_CRL_set_version(crl.get(), 1) != 1 ||
      X509_CRL_set_issuer_name(crl.get(),
                               X509_get_subject_name(ca.cert.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
    return Status::Internal(WithOpenSslErrors("cannot build the CRL"));
  }
  OsslPtr<BIGNUM> number(BN_new());
  if (!number) return Status::Internal(WithOpenSslErrors("BN_new"));
  BN_zero(number.get());
  bool already = false;
  const std::string add_text = add_serial ? SerialHex(add_serial) : "";
  if (previous) {
    const STACK_OF(X509_REVOKED)* list =
        X509_CRL_get_REVOKED(const_cast<X509_CRL*>(previous));
    for (int i = 0; i < sk_X509_REVOKED_num(list); ++i) {
      const X509_REVOKED* r = sk_X509_REVOKED_value(list, i);
      if (add_serial &&
          SerialHex(X509_REVOKED_get0_serialNumber(r)) == add_text) {
        already = true;
      }
      OsslPtr<X509_REVOKED> copy(X509_REVOKED_dup(r));
      if (!copy || X509_CRL_add0_revoked(crl.get(), copy.get()) != 1) {
        return Status::Internal(WithOpenSslErrors("cannot copy CRL entry"));
      }
      copy.release();  // owned by the CRL now
    }
    OsslPtr<ASN1_INTEGER> prev_number(static_cast<ASN1_INTEGER*>(
        X509_CRL_get_ext_d2i(previous, NID_crl_number, nullptr, nullptr)));
    if (prev_number)
      number.reset(ASN1_INTEGER_to_BN(prev_number.get(), nullptr));
    if (!number) return Status::Internal(WithOpenSslErrors("CRL number"));
  }
  if (add_serial && !already) {
    OsslPtr<X509_REVOKED> r(X509_REVOKED_new());
    if (!r ||
        X509_REVOKED_set_serialNumber(
            r.get(), const_cast<ASN1_INTEGER*>(add_serial)) != 1 ||
        X509_REVOKED_set_revocationDate(r.get(), revoked_at.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), r.get()) != 1) {
      return Status::Internal(WithOpenSslErrors("cannot add the CRL entry"));
    }
    r.release();  // owned by the CRL now
  }
  X509_CRL_sort(crl.get());
  if (BN_add_word(number.get(), 1) != 1) {
    return Status::Internal(WithOpenSslErrors("CRL number"));
  }
  OsslPtr<ASN1_INTEGER> number_asn1(BN_to_ASN1_INTEGER(number.get(), nullptr));
  if (!number_asn1 || X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number,
                                            number_asn1.get(), 0, 0) != 1) {
    return Status::Internal(WithOpenSslErrors("cannot set the CRL number"));
  }
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, ca.cert.get(), nullptr, nullptr, crl.get(), 0);
  OsslPtr<X509_EXTENSION> aki(X509V3_EXT_conf_nid(
      nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
  if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1) {
    return Status::Internal(WithOpenSslErrors("cannot add the CRL key id"));
  }
  if (X509_CRL_sign(crl.get(), ca.key.get(), nullptr) <= 0) {
    return Status::Internal(
        WithOpenSslErrors("cannot sign the CRL with the committee CA key"));
  }
  return crl;
}

}  // namespace

Result<CrlPtr> CreateEmptyCrl(const CommitteeCa& ca, int validity_days) {
  return BuildCrl(ca, nullptr, nullptr, validity_days);
}

Result<CrlPtr> RevokeCertificate(const CommitteeCa& ca,
                                 const X509_CRL* previous,
                                 std::string_view serial_hex,
                                 int validity_days) {
  auto serial = SerialFromHex(serial_hex);
  if (!serial.ok()) return serial.status();
  return BuildCrl(ca, previous, serial->get(), validity_days);
}

std::vector<std::string> RevokedSerials(const X509_CRL* crl) {
  std::vector<std::string> out;
  if (!crl) return out;
  const STACK_OF(X509_REVOKED)* list =
      X509_CRL_get_REVOKED(const_cast<X509_CRL*>(crl));
  for (int i = 0; i < sk_X509_REVOKED_num(list); ++i) {
    out.push_back(SerialHex(
        X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(list, i))));
  }
  return out;
}

bool IsRevoked(const X509_CRL* crl, std::string_view serial_hex) {
  const std::string want = NormalizeSerial(serial_hex);
  for (const std::string& s : RevokedSerials(crl)) {
    if (NormalizeSerial(s) == want) return true;
  }
  return false;
}

Status VerifyIssuedBy(const X509* ca_cert, const X509* cert,
                      std::string_view label) {
  const std::string what(label);
  if (!ca_cert || !cert)
    return Status::InvalidArgument(what + ": no certificate");
  EVP_PKEY* ca_key = X509_get0_pubkey(ca_cert);
  const bool ok = ca_key &&
                  X509_check_issued(const_cast<X509*>(ca_cert),
                                    const_cast<X509*>(cert)) == X509_V_OK &&
                  X509_verify(const_cast<X509*>(cert), ca_key) == 1;
  ERR_clear_error();
  if (!ok) {
    return Status::PermissionDenied(
        what + ": not issued by this committee's CA (" +
        net::CertificateCommonName(ca_cert) +
        "); issue it again with this committee's CA");
  }
  return Status::Ok();
}

Status VerifyCrlIssuedBy(const X509* ca_cert, const X509_CRL* crl,
                         std::string_view label) {
  const std::string what(label);
  if (!ca_cert || !crl) return Status::InvalidArgument(what + ": missing");
  EVP_PKEY* ca_key = X509_get0_pubkey(ca_cert);
  const bool ok = ca_key &&
                  X509_NAME_cmp(X509_CRL_get_issuer(crl),
                                X509_get_subject_name(ca_cert)) == 0 &&
                  X509_CRL_verify(const_cast<X509_CRL*>(crl), ca_key) == 1;
  ERR_clear_error();
  if (!ok) {
    return Status::Corruption(what + ": not signed by this committee's CA (" +
                              net::CertificateCommonName(ca_cert) +
                              "); reissue the revocation list with this CA");
  }
  return Status::Ok();
}

Status CheckKeyMatches(const X509* cert, const EVP_PKEY* key,
                       std::string_view label) {
  const EVP_PKEY* pub = cert ? X509_get0_pubkey(cert) : nullptr;
  const bool ok = pub && key && EVP_PKEY_eq(pub, key) == 1;
  ERR_clear_error();
  if (!ok) {
    return Status::PermissionDenied(std::string(label) +
                                    ": the private key does not belong to the "
                                    "certificate (CN=" +
                                    net::CertificateCommonName(cert) +
                                    "); use the key file issued with it");
  }
  return Status::Ok();
}

Status SavePrivateKey(const std::string& path, const EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !key ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr,
                               nullptr) != 1) {
    return Status::Internal(
        WithOpenSslErrors(path + ": cannot encode the key"));
  }
  std::string pem = BioText(bio.get());
  Status s = WriteFileAtomic(path, pem, 0600, "private key");
  OPENSSL_cleanse(pem.data(), pem.size());
  return s;
}

Result<PkeyPtr> LoadPrivateKey(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & S_IROTH)) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o",
                  static_cast<unsigned>(st.st_mode & 07777));
    return Status::FailedPrecondition(path +
                                      ": private key is readable by every user "
                                      "(mode " +
                                      mode + "); run: chmod 600 " + path);
  }
  auto pem = ReadFile(path, "private key");
  if (!pem.ok()) return pem.status();
  BioPtr bio = MemBio(*pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!key) {
    return Status::InvalidArgument(WithOpenSslErrors(
        path + ": not a PEM private key (unencrypted PKCS#8 expected)"));
  }
  return key;
}

Status SaveCertificate(const std::string& path, const X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !cert ||
      PEM_write_bio_X509(bio.get(), const_cast<X509*>(cert)) != 1) {
    return Status::Internal(
        WithOpenSslErrors(path + ": cannot encode the certificate"));
  }
  return WriteFileAtomic(path, BioText(bio.get()), 0644, "certificate");
}

Result<X509Ptr> LoadCertificate(const std::string& path) {
  auto pem = ReadFile(path, "certificate");
  if (!pem.ok()) return pem.status();
  BioPtr bio = MemBio(*pem);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    return Status::InvalidArgument(
        WithOpenSslErrors(path + ": not a PEM certificate"));
  }
  return cert;
}

Status SaveCrl(const std::string& path, const X509_CRL* crl) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || !crl ||
      PEM_write_bio_X509_CRL(bio.get(), const_cast<X509_CRL*>(crl)) != 1) {
    return Status::Internal(
        WithOpenSslErrors(path + ": cannot encode the revocation list"));
  }
  return WriteFileAtomic(path, BioText(bio.get()), 0644, "revocation list");
}

Result<CrlPtr> LoadCrl(const std::string& path) {
  auto pem = ReadFile(path, "revocation list");
  if (!pem.ok()) return pem.status();
  BioPtr bio = MemBio(*pem);
  CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
  if (!crl) {
    return Status::InvalidArgument(
        WithOpenSslErrors(path + ": not a PEM revocation list (X509 CRL)"));
  }
  return crl;
}

Result<CommitteeCa> LoadCommitteeCa(const std::string& cert_path,
                                    const std::string& key_path) {
  auto cert = LoadCertificate(cert_path);
  if (!cert.ok()) return cert.status();
  if (Status s = CheckIsCa(cert->get(), cert_path); !s.ok()) return s;
  auto key = LoadPrivateKey(key_path);
  if (!key.ok()) return key.status();
  if (!EVP_PKEY_is_a(key->get(), "ED25519")) {
    return Status::InvalidArgument(
        key_path + ": the committee CA key must be an Ed25519 key");
  }
  if (Status s = CheckKeyMatches(cert->get(), key->get(), key_path); !s.ok()) {
    return s;
  }
  return CommitteeCa{std::move(key).value(), std::move(cert).value()};
}

}  // namespace hall::server
