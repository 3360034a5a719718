// Port addition: the go::x509 shim (dtls/go_x509.hpp) behaves as the parts of Go's crypto/x509
// Pion relies on: ParseCertificate's strictness, AppendCertsFromPEM, SystemCertPool, and
// Certificate.Verify's checks and error strings.
#include <gtest/gtest.h>

#include <botan/ecdsa.h>
#include <botan/pem.h>
#include <botan/pkcs10.h>
#include <botan/system_rng.h>
#include <botan/x509_ca.h>
#include <botan/x509self.h>

#include <chrono>
#include <string>
#include <vector>

#include "dtls/go_x509.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace selfsign = dtls::pkg::crypto::selfsign;

go::tls::Certificate selfSigned(const std::string& cn, const std::vector<std::string>& sans = {}) {
  auto [c, err] = selfsign::GenerateSelfSignedWithDNS(cn, sans);
  EXPECT_FALSE(err) << err.Error();
  return c;
}

std::string pemOf(const go::x509::Certificate& c) { return Botan::PEM_Code::encode(c.BER_encode(), "CERTIFICATE"); }

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST(GoX509, ParseCertificate) {
  const auto c = selfSigned("parse.test");
  const bytes der = c.chain.front().BER_encode();
  auto [cert, err] = go::x509::ParseCertificate(der);
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(*cert, c.chain.front());

  // Malformed inputs are errors, never exceptions.
  for (const bytes& bad : {bytes{}, bytes{0x30}, bytes{0x30, 0x03, 0x02, 0x01, 0x01}, bytes{0x04, 0x00},
                           bytes(der.begin(), der.begin() + static_cast<std::ptrdiff_t>(der.size() / 2))}) {
    auto [cert2, err2] = go::x509::ParseCertificate(bad);
    EXPECT_EQ(cert2, nullptr);
    ASSERT_TRUE(err2);
    EXPECT_TRUE(startsWith(err2.Error(), "x509: ")) << err2.Error();
  }

  // Trailing data and PEM text are rejected as Go does.
  bytes trailing = der;
  trailing.push_back(0x00);
  auto [cert3, err3] = go::x509::ParseCertificate(trailing);
  EXPECT_EQ(cert3, nullptr);
  ASSERT_TRUE(err3);
  EXPECT_EQ(err3.Error(), "x509: trailing data");
  const std::string pem = pemOf(c.chain.front());
  auto [cert4, err4] = go::x509::ParseCertificate(bytes(pem.begin(), pem.end()));
  EXPECT_EQ(cert4, nullptr);
  EXPECT_TRUE(err4);
}

// The parse cache (go_x509.cpp certCache): the same DER gives the same object with its key
// loaded once; the 32 most recent distinct certificates are kept; failures are not kept, and a
// copy made elsewhere still has its public key.
TEST(GoX509, ParseCertificateKeepsRecentParses) {
  const auto c = selfSigned("cache.test");
  const bytes der = c.chain.front().BER_encode();
  auto [first, err1] = go::x509::ParseCertificate(der);
  auto [again, err2] = go::x509::ParseCertificate(der);
  ASSERT_FALSE(err1);
  ASSERT_FALSE(err2);
  EXPECT_EQ(first.get(), again.get()) << "one parse for one certificate";
  const auto key = go::x509::PublicKey(*first);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(key.get(), go::x509::PublicKey(*again).get()) << "one key for one parse";
  EXPECT_EQ(key->public_key_bits(), c.chain.front().subject_public_key_bitstring());

  // A certificate not from ParseCertificate (a copy, or one Botan parsed) loads its key.
  const go::x509::Certificate copy = *first;
  const auto copyKey = go::x509::PublicKey(copy);
  ASSERT_NE(copyKey, nullptr);
  EXPECT_EQ(copyKey->public_key_bits(), key->public_key_bits());

  // 32 other certificates later the first has been dropped: parsing it again parses anew, to an
  // equal certificate.
  for (int i = 0; i < 32; ++i) {
    const auto other = selfSigned("other" + std::to_string(i) + ".test");
    ASSERT_FALSE(go::x509::ParseCertificate(other.chain.front().BER_encode()).second);
  }
  auto [third, err3] = go::x509::ParseCertificate(der);
  ASSERT_FALSE(err3);
  EXPECT_NE(third.get(), first.get());
  EXPECT_EQ(*third, *first);

  // A malformed certificate stays an error every time (never cached as a success).
  bytes bad = der;
  bad.resize(der.size() - 1);
  for (int i = 0; i < 2; ++i) EXPECT_TRUE(go::x509::ParseCertificate(bad).second);
}

TEST(GoX509, AppendCertsFromPEM) {
  const auto a = selfSigned("a.test");
  const auto b = selfSigned("b.test");
  const std::string data = "junk before\n" + pemOf(a.chain.front()) + "# comment\n" +
                           Botan::PEM_Code::encode(bytes{1, 2, 3}, "PRIVATE KEY") +
                           "-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n" +
                           pemOf(b.chain.front());
  auto pool = go::x509::NewCertPool();
  EXPECT_TRUE(pool->AppendCertsFromPEM(bytes(data.begin(), data.end())));
  ASSERT_EQ(pool->Certs().size(), 2u);
  EXPECT_EQ(pool->Certs()[0], a.chain.front());
  EXPECT_EQ(pool->Certs()[1], b.chain.front());

  const std::string none = "no certificates here";
  EXPECT_FALSE(pool->AppendCertsFromPEM(bytes(none.begin(), none.end())));
  EXPECT_EQ(pool->Certs().size(), 2u);
}

TEST(GoX509, SystemCertPool) {
  auto [pool, err] = go::x509::SystemCertPool();
  if (err) {
    GTEST_SKIP() << "no system roots on this host: " << err.Error();
  }
  ASSERT_NE(pool, nullptr);
  EXPECT_FALSE(pool->Certs().empty());
  // A copy: changing it leaves the next caller's pool as it was.
  const auto n = pool->Certs().size();
  pool->AddCert(selfSigned("x.test").chain.front());
  auto [pool2, err2] = go::x509::SystemCertPool();
  ASSERT_FALSE(err2);
  EXPECT_EQ(pool2->Certs().size(), n);

  // Roots == nil uses the system pool, which does not know a self-signed certificate.
  go::x509::VerifyOptions opts;
  auto [chains, verr] = go::x509::Verify(selfSigned("x.test").chain.front(), opts);
  EXPECT_TRUE(chains.empty());
  ASSERT_TRUE(verr);
  EXPECT_EQ(verr.Error(), "x509: certificate signed by unknown authority");
}

TEST(GoX509, VerifySelfSignedInRoots) {
  const auto c = selfSigned("self.test", {"*.wild.test", "10.0.0.1"});
  auto roots = go::x509::NewCertPool();
  roots->AddCert(c.chain.front());

  go::x509::VerifyOptions opts;
  opts.Roots = roots;
  opts.DNSName = "SELF.test";
  auto [chains, err] = go::x509::Verify(c.chain.front(), opts);
  ASSERT_FALSE(err) << err.Error();
  ASSERT_EQ(chains.size(), 1u);
  ASSERT_EQ(chains[0].size(), 1u);

  opts.DNSName = "x.wild.test";
  EXPECT_FALSE(go::x509::Verify(c.chain.front(), opts).second);
  opts.DNSName = "x.y.wild.test";  // a wildcard covers one label only
  auto err2 = go::x509::Verify(c.chain.front(), opts).second;
  ASSERT_TRUE(err2);
  EXPECT_EQ(err2.Error(), "x509: certificate is valid for self.test, *.wild.test, 10.0.0.1, not x.y.wild.test");
  opts.DNSName = "10.0.0.2";
  auto err3 = go::x509::Verify(c.chain.front(), opts).second;
  ASSERT_TRUE(err3);
  EXPECT_EQ(err3.Error(), "x509: cannot validate certificate for 10.0.0.2 because it doesn't contain any IP SANs");
}

TEST(GoX509, VerifyValidityPeriod) {
  const auto c = selfSigned("time.test");
  auto roots = go::x509::NewCertPool();
  roots->AddCert(c.chain.front());
  go::x509::VerifyOptions opts;
  opts.Roots = roots;

  opts.CurrentTime = go::time::Now() + 60 * 24 * go::time::Hour;  // selfsign certificates last a month
  auto err = go::x509::Verify(c.chain.front(), opts).second;
  ASSERT_TRUE(err);
  EXPECT_TRUE(startsWith(err.Error(), "x509: certificate has expired or is not yet valid: current time ")) << err.Error();
  EXPECT_NE(err.Error().find(" is after "), std::string::npos) << err.Error();

  opts.CurrentTime = go::time::Now() - 2 * 24 * go::time::Hour;
  auto err2 = go::x509::Verify(c.chain.front(), opts).second;
  ASSERT_TRUE(err2);
  EXPECT_NE(err2.Error().find(" is before "), std::string::npos) << err2.Error();

  opts.CurrentTime = go::time::Now() + 24 * go::time::Hour;
  EXPECT_FALSE(go::x509::Verify(c.chain.front(), opts).second);
}

TEST(GoX509, VerifyKeyUsagesAndLegacyCommonName) {
  Botan::System_RNG rng;
  auto caKey = std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
  auto [ca, caErr] = selfsign::WithDNS(caKey, "ca.test");
  ASSERT_FALSE(caErr);
  Botan::ECDSA_PrivateKey leafKey(rng, Botan::EC_Group("secp256r1"));

  // A leaf with only a Common Name (no SAN) and the ClientAuth usage.
  Botan::X509_Cert_Options o("", 0);
  o.common_name = "legacy.test";
  o.add_ex_constraint("PKIX.ClientAuth");
  const auto req = Botan::X509::create_cert_req(o, leafKey, "SHA-256", rng);
  Botan::X509_CA signer(ca.chain.front(), *caKey, "SHA-256", rng);
  const auto now = std::chrono::system_clock::now();
  const auto leaf = signer.sign_request(req, rng, Botan::X509_Time(now - std::chrono::hours(1)),
                                        Botan::X509_Time(now + std::chrono::hours(1)));

  auto roots = go::x509::NewCertPool();
  roots->AddCert(ca.chain.front());
  go::x509::VerifyOptions opts;
  opts.Roots = roots;
  opts.DNSName = "legacy.test";
  auto err = go::x509::Verify(leaf, opts).second;
  ASSERT_TRUE(err);
  EXPECT_EQ(err.Error(), "x509: certificate relies on legacy Common Name field, use SANs instead");

  opts.DNSName.clear();
  // empty KeyUsages: ServerAuth, which the leaf lacks
  auto err2 = go::x509::Verify(leaf, opts).second;
  ASSERT_TRUE(err2);
  EXPECT_EQ(err2.Error(), "x509: certificate specifies an incompatible key usage");
  opts.KeyUsages = {go::x509::ExtKeyUsageClientAuth};
  EXPECT_FALSE(go::x509::Verify(leaf, opts).second);
  opts.KeyUsages = {go::x509::ExtKeyUsageAny};
  EXPECT_FALSE(go::x509::Verify(leaf, opts).second);
  opts.KeyUsages = {go::x509::ExtKeyUsageServerAuth, go::x509::ExtKeyUsageClientAuth};
  EXPECT_FALSE(go::x509::Verify(leaf, opts).second);
}
