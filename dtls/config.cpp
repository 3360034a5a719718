// pion: config.go
#include "dtls/config.hpp"

#include <string>

#include "dtls/errors.hpp"

namespace dtls {

// pion: config.go Config.connectContextMaker
std::pair<go::context::Context, go::context::CancelFunc> Config::connectContextMaker() const {
  if (!ConnectContextMaker) {
    return defaultConnectContextMaker();
  }
  return ConnectContextMaker();
}

// pion: config.go Config.includeCertificateSuites
bool Config::includeCertificateSuites() const {
  return !PSK || !Certificates.empty() || GetCertificate != nullptr || GetClientCertificate != nullptr;
}

// pion: config.go defaultConnectContextMaker
std::pair<go::context::Context, go::context::CancelFunc> defaultConnectContextMaker() {
  return go::context::WithTimeout(go::context::Background(), 30 * go::time::Second);
}

// pion: config.go validateConfig
go::error validateConfig(const Config* config) {
  if (config == nullptr) {
    return errNoConfigProvided;
  } else if (config->PSKIdentityHint.has_value() && !config->PSK) {
    return errIdentityNoPSK;
  }

  for (const auto& cert : config->Certificates) {
    // Go: cert.Certificate == nil (no DER certificates in the chain)
    if (cert.chain.empty()) {
      return errInvalidCertificate;
    }
    if (cert.key != nullptr) {
      // Go: a type switch accepting ed25519.PrivateKey, *ecdsa.PrivateKey and *rsa.PrivateKey;
      // here the Botan key's algorithm name.
      const std::string algo = cert.key->algo_name();
      if (algo != "Ed25519" && algo != "ECDSA" && algo != "RSA") {
        return errInvalidPrivateKey;
      }
    }
  }

  auto [_, err] = parseCipherSuites(config->CipherSuites, config->CustomCipherSuites, config->includeCertificateSuites(),
                                    static_cast<bool>(config->PSK));
  return err;
}

}  // namespace dtls
