// pion: cipher_suite.go
#include "dtls/cipher_suite.hpp"

#include <cstdio>

#include "chan/fmt.hpp"
#include "dtls/errors.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm8.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_256_ccm8.hpp"
#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"

namespace dtls {

namespace ciphersuite = internal::ciphersuite;
namespace clientcertificate = pkg::crypto::clientcertificate;

// pion: cipher_suite.go CipherSuiteName
// CipherSuiteName provides the same functionality as tls.CipherSuiteName
// that appeared first in Go 1.14.
//
// Our implementation differs slightly in that it takes in a CiperSuiteID,
// like the rest of our library, instead of a uint16 like crypto/tls.
std::string CipherSuiteName(CipherSuiteID id) {
  auto suite = cipherSuiteForID(id, nullptr);
  if (suite != nullptr) {
    return suite->String();
  }
  // Go: fmt.Sprintf("0x%04X", uint16(id)) (go::fmt::Sprintf has no width flags)
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(static_cast<std::uint16_t>(id)));
  return buf;
}

// pion: cipher_suite.go cipherSuiteForID
// Taken from https://www.iana.org/assignments/tls-parameters/tls-parameters.xml
// A cipherSuite is a specific combination of key agreement, cipher and MAC
// function.
std::shared_ptr<CipherSuite> cipherSuiteForID(CipherSuiteID id, const CustomCipherSuitesFunc& customCiphers) {
  switch (id) {  // nolint:exhaustive
    case TLS_ECDHE_ECDSA_WITH_AES_128_CCM:
      return ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm();
    case TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8:
      return ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm8();
    case TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
      return std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>();
    case TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
      return std::make_shared<ciphersuite::TLSEcdheRsaWithAes128GcmSha256>();
    case TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:
      return std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256CbcSha>();
    case TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:
      return std::make_shared<ciphersuite::TLSEcdheRsaWithAes256CbcSha>();
    case TLS_PSK_WITH_AES_128_CCM:
      return ciphersuite::NewTLSPskWithAes128Ccm();
    case TLS_PSK_WITH_AES_128_CCM_8:
      return ciphersuite::NewTLSPskWithAes128Ccm8();
    case TLS_PSK_WITH_AES_256_CCM_8:
      return ciphersuite::NewTLSPskWithAes256Ccm8();
    case TLS_PSK_WITH_AES_128_GCM_SHA256:
      return std::make_shared<ciphersuite::TLSPskWithAes128GcmSha256>();
    case TLS_PSK_WITH_AES_128_CBC_SHA256:
      return std::make_shared<ciphersuite::TLSPskWithAes128CbcSha256>();
    case TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
      return std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256GcmSha384>();
    case TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:
      return std::make_shared<ciphersuite::TLSEcdheRsaWithAes256GcmSha384>();
    case TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256:
      return ciphersuite::NewTLSEcdhePskWithAes128CbcSha256();
    default:
      break;
  }

  if (customCiphers) {
    for (const auto& c : customCiphers()) {
      if (c && c->ID() == id) {
        return c;
      }
    }
  }

  return nullptr;
}

// pion: cipher_suite.go defaultCipherSuites
// CipherSuites we support in order of preference
std::vector<std::shared_ptr<CipherSuite>> defaultCipherSuites() {
  return {
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>(),
      std::make_shared<ciphersuite::TLSEcdheRsaWithAes128GcmSha256>(),
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256CbcSha>(),
      std::make_shared<ciphersuite::TLSEcdheRsaWithAes256CbcSha>(),
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256GcmSha384>(),
      std::make_shared<ciphersuite::TLSEcdheRsaWithAes256GcmSha384>(),
  };
}

// pion: cipher_suite.go allCipherSuites
std::vector<std::shared_ptr<CipherSuite>> allCipherSuites() {
  return {
      ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm(),
      ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm8(),
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>(),
      std::make_shared<ciphersuite::TLSEcdheRsaWithAes128GcmSha256>(),
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256CbcSha>(),
      std::make_shared<ciphersuite::TLSEcdheRsaWithAes256CbcSha>(),
      ciphersuite::NewTLSPskWithAes128Ccm(),
      ciphersuite::NewTLSPskWithAes128Ccm8(),
      ciphersuite::NewTLSPskWithAes256Ccm8(),
      std::make_shared<ciphersuite::TLSPskWithAes128GcmSha256>(),
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256GcmSha384>(),
      std::make_shared<ciphersuite::TLSEcdheRsaWithAes256GcmSha384>(),
  };
}

// pion: cipher_suite.go cipherSuiteIDs
std::vector<std::uint16_t> cipherSuiteIDs(const std::vector<std::shared_ptr<CipherSuite>>& cipherSuites) {
  std::vector<std::uint16_t> rtrn;
  for (const auto& c : cipherSuites) {
    rtrn.push_back(static_cast<std::uint16_t>(c->ID()));
  }
  return rtrn;
}

// pion: cipher_suite.go parseCipherSuites
std::pair<std::vector<std::shared_ptr<CipherSuite>>, go::error> parseCipherSuites(
    const std::optional<std::vector<CipherSuiteID>>& userSelectedSuites, const CustomCipherSuitesFunc& customCipherSuites,
    bool includeCertificateSuites, bool includePSKSuites) {
  auto cipherSuitesForIDs =
      [](const std::vector<CipherSuiteID>& ids) -> std::pair<std::vector<std::shared_ptr<CipherSuite>>, go::error> {
    std::vector<std::shared_ptr<CipherSuite>> cipherSuites;
    for (auto id : ids) {
      auto c = cipherSuiteForID(id, nullptr);
      if (c == nullptr) {
        return {{}, go::make_error<invalidCipherSuiteError>(id)};
      }
      cipherSuites.push_back(std::move(c));
    }
    return {std::move(cipherSuites), nullptr};
  };

  std::vector<std::shared_ptr<CipherSuite>> cipherSuites;
  std::size_t i = 0;
  if (userSelectedSuites.has_value()) {
    auto [cs, err] = cipherSuitesForIDs(*userSelectedSuites);
    if (err) {
      return {{}, err};
    }
    cipherSuites = std::move(cs);
  } else {
    cipherSuites = defaultCipherSuites();
  }

  // Put CustomCipherSuites before ID selected suites
  if (customCipherSuites) {
    auto custom = customCipherSuites();
    custom.insert(custom.end(), cipherSuites.begin(), cipherSuites.end());
    cipherSuites = std::move(custom);
  }

  bool foundCertificateSuite = false, foundPSKSuite = false, foundAnonymousSuite = false;
  for (std::size_t k = 0; k < cipherSuites.size(); ++k) {
    auto c = cipherSuites[k];
    if (!c) continue;  // (Go would panic calling a method on a nil CipherSuite)
    if (includeCertificateSuites && c->AuthenticationType() == CipherSuiteAuthenticationTypeCertificate) {
      foundCertificateSuite = true;
    } else if (includePSKSuites && c->AuthenticationType() == CipherSuiteAuthenticationTypePreSharedKey) {
      foundPSKSuite = true;
    } else if (c->AuthenticationType() == CipherSuiteAuthenticationTypeAnonymous) {
      foundAnonymousSuite = true;
    } else {
      continue;
    }
    cipherSuites[i] = c;
    i++;
  }

  if (includeCertificateSuites && !foundCertificateSuite && !foundAnonymousSuite) {
    return {{}, errNoAvailableCertificateCipherSuite};
  } else if (includePSKSuites && !foundPSKSuite) {
    return {{}, errNoAvailablePSKCipherSuite};
  } else if (i == 0) {
    return {{}, errNoAvailableCipherSuites};
  }

  cipherSuites.resize(i);
  return {std::move(cipherSuites), nullptr};
}

// pion: cipher_suite.go filterCipherSuitesForCertificate
std::vector<std::shared_ptr<CipherSuite>> filterCipherSuitesForCertificate(
    const go::tls::Certificate* cert, const std::vector<std::shared_ptr<CipherSuite>>& cipherSuites) {
  if (cert == nullptr || cert->key == nullptr) {
    return cipherSuites;
  }
  // Go: a type switch on cert.PrivateKey; here the Botan key's algorithm name. Any other key type
  // leaves certType at its zero value, as in Go.
  clientcertificate::Type certType{};
  const std::string algo = cert->key->algo_name();
  if (algo == "Ed25519" || algo == "ECDSA") {
    certType = clientcertificate::ECDSASign;
  } else if (algo == "RSA") {
    certType = clientcertificate::RSASign;
  }

  std::vector<std::shared_ptr<CipherSuite>> filtered;
  for (const auto& c : cipherSuites) {
    if (c->AuthenticationType() != CipherSuiteAuthenticationTypeCertificate || certType == c->CertificateType()) {
      filtered.push_back(c);
    }
  }
  return filtered;
}

// pion: cipher_suite_go114.go toTLSCipherSuite
// Convert from our cipherSuite interface to a tls.CipherSuite struct
static go::tls::CipherSuite toTLSCipherSuite(const CipherSuite& c) {
  return go::tls::CipherSuite{
      .ID = static_cast<std::uint16_t>(c.ID()),
      .Name = c.String(),
      .SupportedVersions = {VersionDTLS12},
      .Insecure = false,
  };
}

std::vector<go::tls::CipherSuite> CipherSuites() {
  auto suites = allCipherSuites();
  std::vector<go::tls::CipherSuite> res;
  res.reserve(suites.size());
  for (const auto& c : suites) {
    res.push_back(toTLSCipherSuite(*c));
  }
  return res;
}

std::vector<go::tls::CipherSuite> InsecureCipherSuites() { return {}; }

}  // namespace dtls
