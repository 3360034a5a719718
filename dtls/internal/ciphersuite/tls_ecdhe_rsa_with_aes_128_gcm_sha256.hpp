// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.go
#pragma once

#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.go TLSEcdheRsaWithAes128GcmSha256
// TLSEcdheRsaWithAes128GcmSha256 implements the TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 CipherSuite
class TLSEcdheRsaWithAes128GcmSha256 : public TLSEcdheEcdsaWithAes128GcmSha256 {
 public:
  // CertificateType returns what type of certificate this CipherSuite exchanges
  pkg::crypto::clientcertificate::Type CertificateType() const override;

  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  std::string String() const override;
};

}  // namespace dtls::internal::ciphersuite
