// pion: cipher_suite_test.go
#include <gtest/gtest.h>

#include <botan/auto_rng.h>
#include <botan/rsa.h>

#include <memory>
#include <string>
#include <vector>

#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/time.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/config.hpp"
#include "dtls/conn_test_helpers.hpp"
#include "dtls/conn.hpp"
#include "dtls/errors.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace {

using namespace std::chrono_literals;
namespace ciphersuite = dtls::internal::ciphersuite;
namespace gtime = go::time;
using dtls::CipherSuite;
using dtls::CipherSuiteID;

// pion: cipher_suite_test.go TestCipherSuiteName
TEST(CipherSuite, CipherSuiteName) {
  struct testCase {
    CipherSuiteID suite;
    std::string expected;
  };
  const std::vector<testCase> testCases = {
      {dtls::TLS_ECDHE_ECDSA_WITH_AES_128_CCM, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
      {static_cast<CipherSuiteID>(0x0000), "0x0000"},
  };

  for (const auto& testCase : testCases) {
    auto res = dtls::CipherSuiteName(testCase.suite);
    EXPECT_EQ(res, testCase.expected) << "Expected: " << testCase.expected << ", got " << res;
  }
}

// pion: cipher_suite_test.go TestAllCipherSuites
TEST(CipherSuite, AllCipherSuites) {
  auto actual = dtls::allCipherSuites().size();
  EXPECT_NE(actual, 0u);
}

// CustomCipher that is just used to assert Custom IDs work
class testCustomCipherSuite final : public ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256 {
 public:
  explicit testCustomCipherSuite(dtls::CipherSuiteAuthenticationType a) : authenticationType(a) {}
  dtls::CipherSuiteAuthenticationType authenticationType;

  ciphersuite::ID ID() const override { return static_cast<ciphersuite::ID>(0xFFFF); }
  ciphersuite::AuthenticationType AuthenticationType() const override { return authenticationType; }
};

using dtls::testClient;
using dtls::testServer;

// pion/transport test.CheckRoutines: the fibers a test started have ended.
// (Deadline timers' fibers may linger until their timer fires: wait up to 2 s.)
struct checkRoutines {
  int base = go::num_goroutine();
  ~checkRoutines() {
    auto start = gtime::Now();
    while (go::num_goroutine() > base && gtime::Since(start) < 2s) gtime::Sleep(10ms);
    EXPECT_LE(go::num_goroutine(), base) << "fibers leaked";
  }
};

// pion: cipher_suite_test.go TestCustomCipherSuite
// Assert that two connections that pass in a CipherSuite with a CustomID works
// (needs a running Conn: conn.cpp.)
TEST(CipherSuite, CustomCipherSuite) {
  struct result {
    std::shared_ptr<dtls::Conn> c;
    go::error err;
  };

  go::run([] {
    // Check for leaking routines
    checkRoutines report;

    auto runTest = [](const dtls::CustomCipherSuitesFunc& cipherFactory) {
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * gtime::Second);

      auto [ca, cb] = dtls::internal::net::dpipe::Pipe();
      auto c = go::make_chan<result>();

      go::go([ctx = ctx, ca = ca, c, cipherFactory] {
        dtls::Config cfg;
        cfg.CipherSuites = std::vector<CipherSuiteID>{};
        cfg.CustomCipherSuites = cipherFactory;
        auto [client, err] = testClient(ctx, ca, &cfg, true);
        c.send(result{client, err});
      });

      dtls::Config scfg;
      scfg.CipherSuites = std::vector<CipherSuiteID>{};
      scfg.CustomCipherSuites = cipherFactory;
      auto [server, err] = testServer(ctx, cb, &scfg, true);

      auto clientResult = c.recv();

      if (err) {
        ADD_FAILURE() << err.Error();
      } else {
        (void)server->Close();
      }

      if (clientResult.err) {
        ADD_FAILURE() << clientResult.err.Error();
      } else {
        (void)clientResult.c->Close();
      }
      cancel();
    };

    {
      SCOPED_TRACE("Custom ID");
      runTest([] {
        return std::vector<std::shared_ptr<CipherSuite>>{
            std::make_shared<testCustomCipherSuite>(dtls::CipherSuiteAuthenticationTypeCertificate)};
      });
    }

    {
      SCOPED_TRACE("Anonymous Cipher");
      runTest([] {
        return std::vector<std::shared_ptr<CipherSuite>>{
            std::make_shared<testCustomCipherSuite>(dtls::CipherSuiteAuthenticationTypeAnonymous)};
      });
    }
  });
}

// Port addition: cipherSuiteForID covers every supported ID with the matching suite, finds
// custom suites, and returns null for unknown IDs.
TEST(CipherSuite, CipherSuiteForID) {
  for (const auto& s : dtls::allCipherSuites()) {
    auto c = dtls::cipherSuiteForID(s->ID(), nullptr);
    ASSERT_NE(c, nullptr) << dtls::CipherSuiteName(s->ID());
    EXPECT_EQ(c->ID(), s->ID());
  }
  for (CipherSuiteID id : {dtls::TLS_PSK_WITH_AES_128_CBC_SHA256, dtls::TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256}) {
    auto c = dtls::cipherSuiteForID(id, nullptr);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->ID(), id);
  }
  EXPECT_EQ(dtls::cipherSuiteForID(static_cast<CipherSuiteID>(0xFFFF), nullptr), nullptr);
  auto custom = std::make_shared<testCustomCipherSuite>(dtls::CipherSuiteAuthenticationTypeCertificate);
  auto found = dtls::cipherSuiteForID(static_cast<CipherSuiteID>(0xFFFF), [custom] {
    return std::vector<std::shared_ptr<CipherSuite>>{custom};
  });
  EXPECT_EQ(found, custom);
  EXPECT_EQ(dtls::CipherSuiteName(static_cast<CipherSuiteID>(0xC0AB)), "0xC0AB");
}

// Port addition: parseCipherSuites (cipher_suite.go) — defaults, custom-first order, filtering
// and its three errors.
TEST(CipherSuite, ParseCipherSuites) {
  {
    auto [suites, err] = dtls::parseCipherSuites(std::nullopt, nullptr, true, false);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(dtls::cipherSuiteIDs(suites), dtls::cipherSuiteIDs(dtls::defaultCipherSuites()));
  }
  {
    auto [suites, err] = dtls::parseCipherSuites(std::vector<CipherSuiteID>{static_cast<CipherSuiteID>(0x0000)},
                                                 nullptr, true, false);
    EXPECT_TRUE(go::errors::Is(err, go::make_error<dtls::invalidCipherSuiteError>(static_cast<CipherSuiteID>(0))))
        << err.Error();
    EXPECT_EQ(err.Error(), "CipherSuite with id(0) is not valid");
    EXPECT_TRUE(suites.empty());
  }
  {
    // PSK suites are dropped when only certificate suites are wanted.
    auto [suites, err] = dtls::parseCipherSuites(
        std::vector<CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM_8, dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256},
        nullptr, true, false);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(dtls::cipherSuiteIDs(suites),
              (std::vector<std::uint16_t>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}));
  }
  {
    auto [suites, err] = dtls::parseCipherSuites(std::vector<CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM_8},
                                                 nullptr, true, false);
    EXPECT_EQ(err, dtls::errNoAvailableCertificateCipherSuite);
  }
  {
    auto [suites, err] = dtls::parseCipherSuites(
        std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}, nullptr, false, true);
    EXPECT_EQ(err, dtls::errNoAvailablePSKCipherSuite);
  }
  {
    auto [suites, err] = dtls::parseCipherSuites(std::vector<CipherSuiteID>{}, nullptr, false, false);
    EXPECT_EQ(err, dtls::errNoAvailableCipherSuites);
  }
  {
    // Put CustomCipherSuites before ID selected suites; an anonymous suite satisfies the
    // certificate requirement.
    auto custom = std::make_shared<testCustomCipherSuite>(dtls::CipherSuiteAuthenticationTypeAnonymous);
    auto [suites, err] = dtls::parseCipherSuites(
        std::vector<CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM},
        [custom] { return std::vector<std::shared_ptr<CipherSuite>>{custom}; }, true, true);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(dtls::cipherSuiteIDs(suites), (std::vector<std::uint16_t>{0xFFFF, dtls::TLS_PSK_WITH_AES_128_CCM}));
  }
}

// Port addition: filterCipherSuitesForCertificate keeps non-certificate suites and the
// certificate suites matching the key type.
TEST(CipherSuite, FilterCipherSuitesForCertificate) {
  auto all = dtls::allCipherSuites();
  EXPECT_EQ(dtls::filterCipherSuitesForCertificate(nullptr, all).size(), all.size());

  auto [ecdsaCert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
  ASSERT_FALSE(err) << err.Error();
  for (const auto& c : dtls::filterCipherSuitesForCertificate(&ecdsaCert, all)) {
    if (c->AuthenticationType() == dtls::CipherSuiteAuthenticationTypeCertificate) {
      EXPECT_EQ(c->CertificateType(), dtls::pkg::crypto::clientcertificate::ECDSASign) << c->String();
    }
  }

  Botan::AutoSeeded_RNG rng;
  go::tls::Certificate rsaCert{ecdsaCert.chain, std::make_shared<Botan::RSA_PrivateKey>(rng, 1024)};
  auto filtered = dtls::filterCipherSuitesForCertificate(&rsaCert, all);
  bool sawRSA = false, sawPSK = false;
  for (const auto& c : filtered) {
    if (c->AuthenticationType() == dtls::CipherSuiteAuthenticationTypeCertificate) {
      EXPECT_EQ(c->CertificateType(), dtls::pkg::crypto::clientcertificate::RSASign) << c->String();
      sawRSA = true;
    } else {
      sawPSK = true;
    }
  }
  EXPECT_TRUE(sawRSA);
  EXPECT_TRUE(sawPSK);
}

}  // namespace
