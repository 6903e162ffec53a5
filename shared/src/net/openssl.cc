// OpenSSL diagnostics and certificate display helpers; see openssl.h.
#include "hall/shared/net/openssl.h"

#include <openssl/err.h>

#include <cstdio>

namespace hall::net {

std::string OpenSslErrors() {
  std::string out;
  unsigned long code;
  const char* data = nullptr;
  int flags = 0;
  while ((code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) !=
         0) {
    const char* reason = ERR_reason_error_string(code);
    std::string text = reason ? reason : "";
    if (text.empty()) {
      char buf[256];
      ERR_error_string_n(code, buf, sizeof buf);
      text = buf;
    }
    if ((flags & ERR_TXT_STRING) && data && *data) {
      text += " (";
      text += data;
      text += ")";
    }
    if (out.find(text) != std::string::npos) continue;  // no repeats
    if (!out.empty()) out += "; ";
    out += text;
  }
  return out;
}

std::string WithOpenSslErrors(std::string_view what) {
  std::string errors = OpenSslErrors();
  std::string out(what);
  if (!errors.empty()) out += ": " + errors;
  return out;
}

std::string CertificateCommonName(const X509* cert) {
  if (!cert) return "";
  const X509_NAME* name = X509_get_subject_name(cert);
  int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (idx < 0) return "";
  const ASN1_STRING* value =
      X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
  unsigned char* raw = nullptr;
  const int len = ASN1_STRING_to_UTF8(&raw, value);
  if (len < 0) return "";
  OsslMemory<unsigned char> utf8(raw);
  return std::string(reinterpret_cast<const char*>(utf8.get()),
                     static_cast<size_t>(len));
}

std::string SerialHex(const ASN1_INTEGER* serial) {
  if (!serial) return "";
  OsslPtr<BIGNUM> bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) return "";
  OsslMemory<char> hex(BN_bn2hex(bn.get()));
  if (!hex) return "";
  return hex.get();
}

std::string CertificateSerialHex(const X509* cert) {
  if (!cert) return "";
  return SerialHex(X509_get0_serialNumber(cert));
}

std::string CertificateFingerprint(const X509* cert) {
  if (!cert) return "";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return "";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02X", md[i]);
    if (i) out += ':';
    out += buf;
  }
  return out;
}

}  // namespace hall::net
