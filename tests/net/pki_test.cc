// Committee PKI: certificate profiles, serials, files, verification, CRLs.
#include "hall/server/pki.h"

#include <gtest/gtest.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <set>

#include "net_test_util.h"

namespace hall::server {
namespace {

using hall::testing::TempDir;

CommitteeCa MakeCa(const char* name = "Committee CA") {
  auto ca = CreateCommitteeCa(name, 365);
  HALL_CHECK(ca.ok());
  return std::move(ca).value();
}

struct EkuFree {
  void operator()(EXTENDED_KEY_USAGE* p) const {
    sk_ASN1_OBJECT_pop_free(p, ASN1_OBJECT_free);
  }
};

bool HasEku(const X509* cert, int nid) {
  std::unique_ptr<EXTENDED_KEY_USAGE, EkuFree> eku(
      static_cast<EXTENDED_KEY_USAGE*>(
          X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr)));
  if (!eku) return false;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
    if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku.get(), i)) == nid) return true;
  }
  return false;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(PkiTest, CaCertificateProfile) {
  CommitteeCa ca = MakeCa();
  X509* c = ca.cert.get();
  EXPECT_EQ(X509_check_ca(c), 1);
  EXPECT_TRUE(X509_get_key_usage(c) & KU_KEY_CERT_SIGN);
  EXPECT_TRUE(X509_get_key_usage(c) & KU_CRL_SIGN);
  EXPECT_EQ(CertificateCommonName(c), "Committee CA");
  EXPECT_TRUE(EVP_PKEY_is_a(ca.key.get(), "ED25519"));
  EXPECT_TRUE(VerifyIssuedBy(c, c, "ca.crt").ok());  // self-signed
}

TEST(PkiTest, ServerCertificateProfile) {
  CommitteeCa ca = MakeCa();
  auto srv = IssueCertificate(ca, CertRole::kServer, "hall-server", 30,
                              {"10.0.0.5", "hall.example", "fe80::1"});
  ASSERT_TRUE(srv.ok()) << srv.message();
  X509* c = srv->cert.get();
  EXPECT_EQ(X509_check_ca(c), 0);
  EXPECT_TRUE(HasEku(c, NID_server_auth));
  EXPECT_FALSE(HasEku(c, NID_client_auth));
  EXPECT_EQ(X509_check_ip_asc(c, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(c, "10.0.0.5", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(c, "fe80::1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(c, "10.0.0.6", 0), 0);
  EXPECT_EQ(X509_check_host(c, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(c, "hall.example", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_purpose(c, X509_PURPOSE_SSL_SERVER, 0), 1);
  EXPECT_EQ(X509_check_purpose(c, X509_PURPOSE_SSL_CLIENT, 0), 0);
  EXPECT_TRUE(VerifyIssuedBy(ca.cert.get(), c, "server.crt").ok());
  EXPECT_TRUE(CheckKeyMatches(c, srv->key.get(), "server.key").ok());
}

TEST(PkiTest, ServerCertificateAddressesAreListedAndChecked) {
  CommitteeCa ca = MakeCa();
  auto srv =
      IssueCertificate(ca, CertRole::kServer, "hall-server", 30,
                       {"10.0.0.5", "Hall.Example", "fe80::1", "10.0.0.5"});
  ASSERT_TRUE(srv.ok()) << srv.message();
  const X509* c = srv->cert.get();
  EXPECT_EQ(CertificateAddresses(c),
            (std::vector<std::string>{"127.0.0.1", "localhost", "10.0.0.5",
                                      "Hall.Example", "fe80::1"}));
  for (const char* named : {"127.0.0.1", "localhost", "10.0.0.5",
                            "hall.example", "fe80::1", "FE80:0::1"}) {
    EXPECT_TRUE(CertificateNamesAddress(c, named)) << named;
  }
  for (const char* other :
       {"10.0.0.6", "127.0.0.2", "example", "", "::1", "x.hall.example"}) {
    EXPECT_FALSE(CertificateNamesAddress(c, other)) << other;
  }
  auto kiosk = IssueCertificate(ca, CertRole::kKiosk, "kiosk-01", 30);
  ASSERT_TRUE(kiosk.ok());
  EXPECT_TRUE(CertificateAddresses(kiosk->cert.get()).empty());
}

TEST(PkiTest, ACertificateForAnExistingKeyKeepsTheKey) {
  CommitteeCa ca = MakeCa();
  auto srv = IssueCertificate(ca, CertRole::kServer, "hall-server", 30);
  ASSERT_TRUE(srv.ok());
  auto again = IssueCertificateForKey(ca, CertRole::kServer, "hall-server", 30,
                                      srv->key.get(), {"192.168.1.10"});
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_TRUE(CheckKeyMatches(again->get(), srv->key.get(), "server.key").ok());
  EXPECT_TRUE(VerifyIssuedBy(ca.cert.get(), again->get(), "server.crt").ok());
  EXPECT_NE(CertificateSerialHex(again->get()),
            CertificateSerialHex(srv->cert.get()));
  EXPECT_TRUE(CertificateNamesAddress(again->get(), "192.168.1.10"));
  EXPECT_FALSE(CertificateNamesAddress(srv->cert.get(), "192.168.1.10"));
  EXPECT_EQ(
      IssueCertificateForKey(ca, CertRole::kServer, "hall-server", 30, nullptr)
          .code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(IssueCertificateForKey(ca, CertRole::kServer, "hall-server", 30,
                                   srv->key.get(), {"10.0.0.5:7400"})
                .code(),
            StatusCode::kInvalidArgument);
}

TEST(PkiTest, KioskCertificateProfile) {
  CommitteeCa ca = MakeCa();
  auto k = IssueCertificate(ca, CertRole::kKiosk, "kiosk-07", 30);
  ASSERT_TRUE(k.ok()) << k.message();
  X509* c = k->cert.get();
  EXPECT_EQ(CertificateCommonName(c), "kiosk-07");
  EXPECT_TRUE(HasEku(c, NID_client_auth));
  EXPECT_FALSE(HasEku(c, NID_server_auth));
  EXPECT_EQ(X509_check_purpose(c, X509_PURPOSE_SSL_CLIENT, 0), 1);
  EXPECT_EQ(X509_check_purpose(c, X509_PURPOSE_SSL_SERVER, 0), 0);
  EXPECT_EQ(X509_get_ext_by_NID(c, NID_subject_alt_name, -1), -1);
}

TEST(PkiTest, SerialsAreRandomAndLarge) {
  CommitteeCa ca = MakeCa();
  std::set<std::string> serials;
  for (int i = 0; i < 20; ++i) {
    auto k = IssueCertificate(ca, CertRole::kKiosk, "k", 30);
    ASSERT_TRUE(k.ok());
    std::string s = CertificateSerialHex(k->cert.get());
    EXPECT_LE(s.size(), 32u);
    serials.insert(s);
  }
  EXPECT_EQ(serials.size(), 20u);
  // At least one of 20 random 128-bit serials has more than 112 bits.
  bool big = false;
  for (const std::string& s : serials) big = big || s.size() >= 29;
  EXPECT_TRUE(big);
}

TEST(PkiTest, SerialHexIsUpperCaseHexWithoutSeparators) {
  net::OsslPtr<ASN1_INTEGER> n(ASN1_INTEGER_new());
  ASSERT_TRUE(n);
  ASSERT_EQ(ASN1_INTEGER_set(n.get(), 0x3fa0b1), 1);
  EXPECT_EQ(net::SerialHex(n.get()), "3FA0B1");
  EXPECT_EQ(net::SerialHex(nullptr), "");
  // A certificate's serial reads the same either way.
  CommitteeCa ca = MakeCa();
  auto k = IssueCertificate(ca, CertRole::kKiosk, "k", 30);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(net::SerialHex(X509_get0_serialNumber(k->cert.get())),
            CertificateSerialHex(k->cert.get()));
}

TEST(PkiTest, BadNamesAndValiditiesRefused) {
  CommitteeCa ca = MakeCa();
  EXPECT_FALSE(IssueCertificate(ca, CertRole::kKiosk, "", 30).ok());
  EXPECT_FALSE(IssueCertificate(ca, CertRole::kKiosk, "kiosk/1", 30).ok());
  EXPECT_FALSE(
      IssueCertificate(ca, CertRole::kKiosk, std::string(65, 'a'), 30).ok());
  EXPECT_FALSE(IssueCertificate(ca, CertRole::kKiosk, "k", 0).ok());
  EXPECT_FALSE(IssueCertificate(ca, CertRole::kKiosk, "k", 30, {"x"}).ok());
  auto bad = IssueCertificate(ca, CertRole::kServer, "s", 30, {"bad name!"});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(Contains(bad.message(), "neither an IP address nor a host name"))
      << bad.message();
  EXPECT_FALSE(CreateCommitteeCa("CA", -1).ok());
}

TEST(PkiTest, ForeignCertificateNamedInMessage) {
  CommitteeCa ca = MakeCa();
  CommitteeCa other = MakeCa("Other CA");
  auto k = IssueCertificate(other, CertRole::kKiosk, "kiosk-1", 30);
  ASSERT_TRUE(k.ok());
  Status s = VerifyIssuedBy(ca.cert.get(), k->cert.get(), "kiosk.crt");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(
      Contains(s.message(), "kiosk.crt: not issued by this committee's CA"))
      << s.message();
  Status m = CheckKeyMatches(k->cert.get(), ca.key.get(), "kiosk.key");
  ASSERT_FALSE(m.ok());
  EXPECT_TRUE(Contains(m.message(), "does not belong")) << m.message();
}

TEST(PkiTest, FilesRoundTripWithPrivateKeyMode0600) {
  TempDir dir;
  CommitteeCa ca = MakeCa();
  ASSERT_TRUE(SaveCertificate(dir.File("ca.crt"), ca.cert.get()).ok());
  ASSERT_TRUE(SavePrivateKey(dir.File("ca.key"), ca.key.get()).ok());
  struct stat st {};
  ASSERT_EQ(stat(dir.File("ca.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto loaded = LoadCommitteeCa(dir.File("ca.crt"), dir.File("ca.key"));
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  EXPECT_EQ(CertificateFingerprint(loaded->cert.get()),
            CertificateFingerprint(ca.cert.get()));
  EXPECT_EQ(EVP_PKEY_eq(loaded->key.get(), ca.key.get()), 1);
  // Overwriting keeps 0600.
  ASSERT_TRUE(SavePrivateKey(dir.File("ca.key"), ca.key.get()).ok());
  ASSERT_EQ(stat(dir.File("ca.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(PkiTest, LoadErrorsNameTheFile) {
  TempDir dir;
  CommitteeCa ca = MakeCa();
  CommitteeCa other = MakeCa("Other CA");
  auto missing = LoadCertificate(dir.File("nope.crt"));
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(Contains(missing.message(), "nope.crt")) << missing.message();
  // A key file that is not PEM.
  ASSERT_TRUE(SaveCertificate(dir.File("x.key"), ca.cert.get()).ok());
  chmod(dir.File("x.key").c_str(), 0600);
  auto notkey = LoadPrivateKey(dir.File("x.key"));
  ASSERT_FALSE(notkey.ok());
  EXPECT_TRUE(Contains(notkey.message(), "not a PEM private key"))
      << notkey.message();
  // World-readable key refused.
  ASSERT_TRUE(SavePrivateKey(dir.File("ca.key"), ca.key.get()).ok());
  chmod(dir.File("ca.key").c_str(), 0644);
  auto open = LoadPrivateKey(dir.File("ca.key"));
  ASSERT_FALSE(open.ok());
  EXPECT_TRUE(Contains(open.message(), "chmod 600")) << open.message();
  // CA cert with someone else's key.
  chmod(dir.File("ca.key").c_str(), 0600);
  ASSERT_TRUE(SaveCertificate(dir.File("other.crt"), other.cert.get()).ok());
  auto mismatch = LoadCommitteeCa(dir.File("other.crt"), dir.File("ca.key"));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_TRUE(Contains(mismatch.message(), "does not belong"));
  // A kiosk certificate is not a CA.
  auto k = IssueCertificate(ca, CertRole::kKiosk, "k", 30);
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(SaveCertificate(dir.File("k.crt"), k->cert.get()).ok());
  auto notca = LoadCommitteeCa(dir.File("k.crt"), dir.File("ca.key"));
  ASSERT_FALSE(notca.ok());
  EXPECT_TRUE(Contains(notca.message(), "not a CA certificate"));
}

TEST(PkiTest, FingerprintIsSha256OfDer) {
  CommitteeCa ca = MakeCa();
  std::string fp = CertificateFingerprint(ca.cert.get());
  EXPECT_EQ(fp.size(), 32u * 3 - 1);
  unsigned char* der = nullptr;
  int len = i2d_X509(ca.cert.get(), &der);
  ASSERT_GT(len, 0);
  unsigned char md[32];
  unsigned int md_len = 0;
  EVP_Digest(der, static_cast<size_t>(len), md, &md_len, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  char first[3];
  std::snprintf(first, sizeof first, "%02X", md[0]);
  EXPECT_EQ(fp.substr(0, 2), first);
}

TEST(PkiTest, RevocationListGrowsAndStaysSigned) {
  TempDir dir;
  CommitteeCa ca = MakeCa();
  auto k1 = IssueCertificate(ca, CertRole::kKiosk, "kiosk-1", 30);
  auto k2 = IssueCertificate(ca, CertRole::kKiosk, "kiosk-2", 30);
  ASSERT_TRUE(k1.ok() && k2.ok());
  const std::string s1 = CertificateSerialHex(k1->cert.get());
  const std::string s2 = CertificateSerialHex(k2->cert.get());

  auto empty = CreateEmptyCrl(ca);
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_TRUE(RevokedSerials(empty->get()).empty());
  EXPECT_TRUE(VerifyCrlIssuedBy(ca.cert.get(), empty->get(), "crl.pem").ok());

  auto one = RevokeCertificate(ca, empty->get(), s1);
  ASSERT_TRUE(one.ok()) << one.message();
  EXPECT_TRUE(IsRevoked(one->get(), s1));
  EXPECT_FALSE(IsRevoked(one->get(), s2));
  ASSERT_TRUE(SaveCrl(dir.File("crl.pem"), one->get()).ok());
  auto loaded = LoadCrl(dir.File("crl.pem"));
  ASSERT_TRUE(loaded.ok()) << loaded.message();
  auto two = RevokeCertificate(ca, loaded->get(), s2);
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(IsRevoked(two->get(), s1));
  EXPECT_TRUE(IsRevoked(two->get(), s2));
  // Lower case and colons accepted; revoking twice keeps one entry.
  std::string lower;
  for (char c : s1) lower += static_cast<char>(std::tolower(c));
  auto again = RevokeCertificate(ca, two->get(), lower);
  ASSERT_TRUE(again.ok()) << again.message();
  EXPECT_EQ(RevokedSerials(again->get()).size(), 2u);
  EXPECT_TRUE(VerifyCrlIssuedBy(ca.cert.get(), again->get(), "crl").ok());

  // CRL number increases with each issue.
  auto number = [](const X509_CRL* crl) {
    net::OsslPtr<ASN1_INTEGER> n(static_cast<ASN1_INTEGER*>(
        X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr)));
    return n ? ASN1_INTEGER_get(n.get()) : -1;
  };
  EXPECT_EQ(number(empty->get()), 1);
  EXPECT_EQ(number(one->get()), 2);
  EXPECT_EQ(number(again->get()), 4);

  // Another CA's CRL cannot be extended, nor passes verification.
  CommitteeCa other = MakeCa("Other CA");
  auto foreign = RevokeCertificate(other, one->get(), s2);
  ASSERT_FALSE(foreign.ok());
  EXPECT_TRUE(Contains(foreign.message(), "not signed by this committee's CA"))
      << foreign.message();
  EXPECT_FALSE(RevokeCertificate(ca, nullptr, "not-hex").ok());
}

// What kind of failure each is, for a caller that branches on the code.
TEST(PkiTest, FailuresCarryTheirCode) {
  TempDir dir;
  CommitteeCa ca = MakeCa();
  CommitteeCa other = MakeCa("Other CA");
  // Bad names, validities and serials are the caller's input.
  EXPECT_EQ(IssueCertificate(ca, CertRole::kKiosk, "kiosk/1", 30).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(IssueCertificate(ca, CertRole::kKiosk, "k", 0).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      IssueCertificate(ca, CertRole::kServer, "s", 30, {"bad name!"}).code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(RevokeCertificate(ca, nullptr, "not-hex").code(),
            StatusCode::kInvalidArgument);
  // No CA loaded yet.
  EXPECT_EQ(IssueCertificate(CommitteeCa{}, CertRole::kKiosk, "k", 30).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(CreateEmptyCrl(CommitteeCa{}).code(),
            StatusCode::kFailedPrecondition);

  // A file that is not there, and a folder that is not there.
  EXPECT_EQ(LoadCertificate(dir.File("nope.crt")).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(LoadPrivateKey(dir.File("nope.key")).code(), StatusCode::kNotFound);
  EXPECT_EQ(LoadCrl(dir.File("nope.pem")).code(), StatusCode::kNotFound);
  EXPECT_EQ(
      SaveCertificate(dir.File("no-such-dir/ca.crt"), ca.cert.get()).code(),
      StatusCode::kNotFound);
  // A file of the wrong kind.
  ASSERT_TRUE(SaveCertificate(dir.File("x.key"), ca.cert.get()).ok());
  chmod(dir.File("x.key").c_str(), 0600);
  EXPECT_EQ(LoadPrivateKey(dir.File("x.key")).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadCrl(dir.File("x.key")).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(SavePrivateKey(dir.File("ca.key"), ca.key.get()).ok());
  EXPECT_EQ(LoadCertificate(dir.File("ca.key")).code(),
            StatusCode::kInvalidArgument);
  // A private key every user can read: fix its mode first.
  chmod(dir.File("ca.key").c_str(), 0644);
  EXPECT_EQ(LoadPrivateKey(dir.File("ca.key")).code(),
            StatusCode::kFailedPrecondition);
  chmod(dir.File("ca.key").c_str(), 0600);
  // A kiosk certificate given as the CA.
  auto k = IssueCertificate(ca, CertRole::kKiosk, "k", 30);
  ASSERT_TRUE(k.ok());
  ASSERT_TRUE(SaveCertificate(dir.File("k.crt"), k->cert.get()).ok());
  EXPECT_EQ(LoadCommitteeCa(dir.File("k.crt"), dir.File("ca.key")).code(),
            StatusCode::kInvalidArgument);

  // Another CA's certificate and a key of another certificate are refused.
  auto foreign = IssueCertificate(other, CertRole::kKiosk, "kiosk-1", 30);
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(
      VerifyIssuedBy(ca.cert.get(), foreign->cert.get(), "kiosk.crt").code(),
      StatusCode::kPermissionDenied);
  EXPECT_EQ(
      CheckKeyMatches(foreign->cert.get(), ca.key.get(), "kiosk.key").code(),
      StatusCode::kPermissionDenied);
  ASSERT_TRUE(SaveCertificate(dir.File("other.crt"), other.cert.get()).ok());
  EXPECT_EQ(LoadCommitteeCa(dir.File("other.crt"), dir.File("ca.key")).code(),
            StatusCode::kPermissionDenied);
  // A revocation list that does not carry this CA's signature.
  auto other_crl = CreateEmptyCrl(other);
  ASSERT_TRUE(other_crl.ok());
  EXPECT_EQ(
      VerifyCrlIssuedBy(ca.cert.get(), other_crl->get(), "crl.pem").code(),
      StatusCode::kCorruption);
  EXPECT_EQ(RevokeCertificate(ca, other_crl->get(),
                              CertificateSerialHex(k->cert.get()))
                .code(),
            StatusCode::kCorruption);
}

}  // namespace
}  // namespace hall::server
