// pion: certificate_test.go (TestGetCertificate), plus port additions for
// CertificateRequestInfo.SupportsCertificate and handshakeConfig.getClientCertificate.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dtls/errors.hpp"
#include "dtls/handshaker.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace {

namespace selfsign = dtls::pkg::crypto::selfsign;

}  // namespace

// pion: certificate_test.go TestGetCertificate
TEST(Certificate, TestGetCertificate) {
  auto [certificateWildcard, err1] = selfsign::GenerateSelfSignedWithDNS("*.test.test");
  ASSERT_FALSE(err1) << err1.Error();

  auto [certificateTest, err2] = selfsign::GenerateSelfSignedWithDNS("test.test", {"www.test.test", "pop.test.test"});
  ASSERT_FALSE(err2) << err2.Error();

  auto [certificateRandom, err3] = selfsign::GenerateSelfSigned();
  ASSERT_FALSE(err3) << err3.Error();

  struct testCase {
    std::vector<go::tls::Certificate> localCertificates;
    std::string desc;
    std::string serverName;
    go::tls::Certificate expectedCertificate;
    dtls::GetCertificateFunc getCertificate;
  };
  const std::vector<testCase> testCases = {
      {
          {certificateRandom, certificateTest, certificateWildcard},
          "Simple match in CN",
          "test.test",
          certificateTest,
          nullptr,
      },
      {
          {certificateRandom, certificateTest, certificateWildcard},
          "Simple match in SANs",
          "www.test.test",
          certificateTest,
          nullptr,
      },
      {
          {certificateRandom, certificateTest, certificateWildcard},
          "Wildcard match",
          "foo.test.test",
          certificateWildcard,
          nullptr,
      },
      {
          {certificateRandom, certificateTest, certificateWildcard},
          "No match return first",
          "foo.bar",
          certificateRandom,
          nullptr,
      },
      {
          {},
          "Get certificate from callback",
          "",
          certificateTest,
          [certificateTest = certificateTest](const dtls::ClientHelloInfo*)
              -> std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> {
            return {std::make_shared<const go::tls::Certificate>(certificateTest), nullptr};
          },
      },
  };

  for (const auto& test : testCases) {
    SCOPED_TRACE(test.desc);
    dtls::handshakeConfig cfg;
    cfg.localCertificates = test.localCertificates;
    cfg.localGetCertificate = test.getCertificate;
    dtls::ClientHelloInfo info;
    info.ServerName = test.serverName;
    auto [cert, err] = cfg.getCertificate(&info);
    ASSERT_FALSE(err) << err.Error();
    ASSERT_NE(cert, nullptr);

    // reflect.DeepEqual(cert.Leaf, test.expectedCertificate.Leaf)
    ASSERT_FALSE(cert->chain.empty());
    EXPECT_EQ(cert->chain.front(), test.expectedCertificate.chain.front()) << "Certificate does not match";
  }
}

// Port addition: getCertificate's remaining branches (no certificates, one certificate, no
// server name, a trailing dot and upper case in the server name).
TEST(Certificate, GetCertificateBranches) {
  auto [a, errA] = selfsign::GenerateSelfSignedWithDNS("a.test");
  ASSERT_FALSE(errA);
  auto [b, errB] = selfsign::GenerateSelfSignedWithDNS("b.test");
  ASSERT_FALSE(errB);

  {
    dtls::handshakeConfig cfg;
    dtls::ClientHelloInfo info{"a.test", {}};
    auto [cert, err] = cfg.getCertificate(&info);
    EXPECT_EQ(cert, nullptr);
    EXPECT_EQ(err, dtls::errNoCertificates);
  }
  {
    dtls::handshakeConfig cfg;
    cfg.localCertificates = {b};
    dtls::ClientHelloInfo info{"a.test", {}};
    auto [cert, err] = cfg.getCertificate(&info);
    ASSERT_FALSE(err);
    EXPECT_EQ(cert->chain.front(), b.chain.front());
  }
  {
    dtls::handshakeConfig cfg;
    cfg.localCertificates = {a, b};
    dtls::ClientHelloInfo info{"", {}};
    auto [cert, err] = cfg.getCertificate(&info);
    ASSERT_FALSE(err);
    EXPECT_EQ(cert->chain.front(), a.chain.front());

    dtls::ClientHelloInfo info2{"B.Test.", {}};
    auto [cert2, err2] = cfg.getCertificate(&info2);
    ASSERT_FALSE(err2);
    EXPECT_EQ(cert2->chain.front(), b.chain.front());
    ASSERT_TRUE(cfg.nameToCertificate.has_value());
    EXPECT_EQ(cfg.nameToCertificate->at("a.test"), 0u);
    EXPECT_EQ(cfg.nameToCertificate->at("b.test"), 1u);
  }
  {
    // The callback is used only when there are no certificates or a server name is given; its
    // error is returned.
    dtls::handshakeConfig cfg;
    cfg.localCertificates = {a};
    const go::error errCallback = go::errors::New("callback failed");
    int calls = 0;
    cfg.localGetCertificate = [&](const dtls::ClientHelloInfo*)
        -> std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> {
      ++calls;
      return {nullptr, errCallback};
    };
    dtls::ClientHelloInfo noName{"", {}};
    auto [cert, err] = cfg.getCertificate(&noName);
    EXPECT_EQ(calls, 0);
    ASSERT_FALSE(err);
    EXPECT_EQ(cert->chain.front(), a.chain.front());
    dtls::ClientHelloInfo named{"a.test", {}};
    auto [cert2, err2] = cfg.getCertificate(&named);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(cert2, nullptr);
    EXPECT_EQ(err2, errCallback);
  }
}

// Port addition: SupportsCertificate matches the chain's issuers against AcceptableCAs, and
// getClientCertificate picks the first supported certificate (or an empty one).
TEST(Certificate, GetClientCertificate) {
  auto [a, errA] = selfsign::GenerateSelfSignedWithDNS("a.test");
  ASSERT_FALSE(errA);
  auto [b, errB] = selfsign::GenerateSelfSignedWithDNS("b.test");
  ASSERT_FALSE(errB);

  dtls::CertificateRequestInfo any;
  EXPECT_FALSE(any.SupportsCertificate(a));

  dtls::CertificateRequestInfo wantB;
  wantB.AcceptableCAs = {b.chain.front().raw_issuer_dn()};
  EXPECT_EQ(wantB.SupportsCertificate(a), dtls::errNotAcceptableCertificateChain);
  EXPECT_FALSE(wantB.SupportsCertificate(b));

  dtls::handshakeConfig cfg;
  cfg.localCertificates = {a, b};
  auto [cert, err] = cfg.getClientCertificate(&wantB);
  ASSERT_FALSE(err);
  ASSERT_EQ(cert->chain.size(), 1u);
  EXPECT_EQ(cert->chain.front(), b.chain.front());

  dtls::CertificateRequestInfo wantOther;
  wantOther.AcceptableCAs = {{0x30, 0x00}};
  auto [none, errNone] = cfg.getClientCertificate(&wantOther);
  ASSERT_FALSE(errNone);
  ASSERT_NE(none, nullptr);
  EXPECT_TRUE(none->chain.empty());
  EXPECT_EQ(none->key, nullptr);

  cfg.localGetClientCertificate = [&](const dtls::CertificateRequestInfo*)
      -> std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> {
    return {std::make_shared<const go::tls::Certificate>(a), nullptr};
  };
  auto [fromCallback, errCallback] = cfg.getClientCertificate(&wantB);
  ASSERT_FALSE(errCallback);
  EXPECT_EQ(fromCallback->chain.front(), a.chain.front());
}
