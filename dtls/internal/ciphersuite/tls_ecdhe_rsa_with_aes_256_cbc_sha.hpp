// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.go
#pragma once

#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.go TLSEcdheRsaWithAes256CbcSha
// TLSEcdheRsaWithAes256CbcSha implements the TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA CipherSuite
class TLSEcdheRsaWithAes256CbcSha : public TLSEcdheEcdsaWithAes256CbcSha {
 public:
  // CertificateType returns what type of certificate this CipherSuite exchanges
  pkg::crypto::clientcertificate::Type CertificateType() const override;

  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  std::string String() const override;
};

}  // namespace dtls::internal::ciphersuite
