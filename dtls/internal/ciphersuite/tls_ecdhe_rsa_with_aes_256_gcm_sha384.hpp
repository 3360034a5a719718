// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.go
#pragma once

#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.go TLSEcdheRsaWithAes256GcmSha384
// TLSEcdheRsaWithAes256GcmSha384 implements the TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 CipherSuite
class TLSEcdheRsaWithAes256GcmSha384 : public TLSEcdheEcdsaWithAes256GcmSha384 {
 public:
  // CertificateType returns what type of certificate this CipherSuite exchanges
  pkg::crypto::clientcertificate::Type CertificateType() const override;

  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  std::string String() const override;
};

}  // namespace dtls::internal::ciphersuite
