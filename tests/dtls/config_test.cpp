// pion: config_test.go
#include <gtest/gtest.h>

#include <botan/auto_rng.h>
#include <botan/dl_group.h>
#include <botan/dsa.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/rsa.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chan/go.hpp"
#include "dtls/config.hpp"
#include "dtls/errors.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace {

using dtls::CipherSuiteID;

// pion: config_test.go TestValidateConfig
TEST(Config, ValidateConfig) {
  auto [cert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
  ASSERT_FALSE(err) << "TestValidateConfig: Config validation error(" << err.Error()
                    << "), self signed certificate not generated";
  Botan::AutoSeeded_RNG rng;
  // Go: dsa.GenerateParameters(..., dsa.L1024N160) then dsa.GenerateKey
  auto dsaPrivateKey = std::make_shared<Botan::DSA_PrivateKey>(rng, Botan::DL_Group("dsa/jce/1024"));
  auto rsaPrivateKey = std::make_shared<Botan::RSA_PrivateKey>(rng, 2048);

  auto psk = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
    return {{}, nullptr};
  };

  struct testCase {
    std::optional<dtls::Config> config;  // nullopt: Go's nil *Config
    bool wantAnyErr = false;
    go::error expErr;
  };
  std::map<std::string, testCase> cases;

  cases["Empty config"] = {std::nullopt, false, dtls::errNoConfigProvided};
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM_8,
                                                dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.PSK = psk;
    c.Certificates = {cert};
    cases["PSK and Certificate, valid cipher suites"] = {c, false, nullptr};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.PSK = psk;
    c.Certificates = {cert};
    cases["PSK and Certificate, no PSK cipher suite"] = {c, false, dtls::errNoAvailablePSKCipherSuite};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM_8};
    c.PSK = psk;
    c.Certificates = {cert};
    cases["PSK and Certificate, no non-PSK cipher suite"] = {c, false, dtls::errNoAvailableCertificateCipherSuite};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.PSK = nullptr;
    c.PSKIdentityHint = std::vector<std::uint8_t>{};
    cases["PSK identity hint with not PSK"] = {c, false, dtls::errIdentityNoPSK};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.Certificates = {go::tls::Certificate{cert.chain, dsaPrivateKey}};
    cases["Invalid private key"] = {c, false, dtls::errInvalidPrivateKey};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.Certificates = {go::tls::Certificate{{}, cert.key}};
    cases["PrivateKey without Certificate"] = {c, false, dtls::errInvalidCertificate};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{static_cast<CipherSuiteID>(0x0000)};
    cases["Invalid cipher suites"] = {c, true, nullptr};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.Certificates = {cert, go::tls::Certificate{cert.chain, rsaPrivateKey}};
    cases["Valid config"] = {c, false, nullptr};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.GetCertificate = [&](const dtls::ClientHelloInfo*)
        -> std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> {
      return {std::make_shared<go::tls::Certificate>(go::tls::Certificate{cert.chain, rsaPrivateKey}), nullptr};
    };
    cases["Valid config with get certificate"] = {c, false, nullptr};
  }
  {
    dtls::Config c;
    c.CipherSuites = std::vector<CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    c.GetClientCertificate = [&](const dtls::CertificateRequestInfo*)
        -> std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> {
      return {std::make_shared<go::tls::Certificate>(go::tls::Certificate{cert.chain, rsaPrivateKey}), nullptr};
    };
    cases["Valid config with get client certificate"] = {c, false, nullptr};
  }

  for (const auto& [name, testCase] : cases) {
    SCOPED_TRACE(name);
    go::error verr = dtls::validateConfig(testCase.config ? &*testCase.config : nullptr);
    if (testCase.expErr || testCase.wantAnyErr) {
      if (testCase.expErr) {
        EXPECT_TRUE(go::errors::Is(verr, testCase.expErr))
            << "TestValidateConfig: Config validation error exp(" << testCase.expErr.Error() << ") failed("
            << verr.Error() << ")";
      }
      EXPECT_TRUE(verr) << "TestValidateConfig: Config validation expected an error";
    } else {
      // (Go's test does not check the valid cases; a valid config must validate.)
      EXPECT_FALSE(verr) << verr.Error();
    }
  }
}

// Port addition: the key types validateConfig accepts (config.go: ed25519, *ecdsa, *rsa).
TEST(Config, ValidateConfigKeyTypes) {
  auto [cert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
  ASSERT_FALSE(err) << err.Error();
  Botan::AutoSeeded_RNG rng;
  std::vector<std::shared_ptr<Botan::Private_Key>> keys = {
      std::make_shared<Botan::Ed25519_PrivateKey>(rng),
      std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1")),
      std::make_shared<Botan::RSA_PrivateKey>(rng, 1024),
  };
  for (const auto& k : keys) {
    dtls::Config c;
    c.Certificates = {go::tls::Certificate{cert.chain, k}};
    EXPECT_FALSE(dtls::validateConfig(&c)) << k->algo_name();
  }
  // A certificate without a key is not checked for its key type.
  dtls::Config c;
  c.Certificates = {go::tls::Certificate{cert.chain, nullptr}};
  EXPECT_FALSE(dtls::validateConfig(&c));
}

// Port addition: connectContextMaker / includeCertificateSuites (config.go).
TEST(Config, ConnectContextMakerAndIncludeCertificateSuites) {
  go::run([] {
    dtls::Config c;
    auto [ctx, cancel] = c.connectContextMaker();
    auto [deadline, ok] = ctx->Deadline();
    EXPECT_TRUE(ok) << "defaultConnectContextMaker has a 30 s timeout";
    EXPECT_GT(deadline, go::time::Now() + 29 * go::time::Second);
    cancel();
    EXPECT_TRUE(go::errors::Is(ctx->Err(), go::context::Canceled));

    bool called = false;
    c.ConnectContextMaker = [&] {
      called = true;
      return go::context::WithCancel(go::context::Background());
    };
    auto [ctx2, cancel2] = c.connectContextMaker();
    EXPECT_TRUE(called);
    cancel2();

    EXPECT_TRUE(c.includeCertificateSuites());  // PSK == nil
    c.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> { return {{}, nullptr}; };
    EXPECT_FALSE(c.includeCertificateSuites());
    c.GetClientCertificate = [](const dtls::CertificateRequestInfo*)
        -> std::pair<std::shared_ptr<const go::tls::Certificate>, go::error> { return {nullptr, nullptr}; };
    EXPECT_TRUE(c.includeCertificateSuites());
  });
}

}  // namespace
