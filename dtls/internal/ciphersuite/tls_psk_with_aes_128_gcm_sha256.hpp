// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go
#pragma once

#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go TLSPskWithAes128GcmSha256
// TLSPskWithAes128GcmSha256 implements the TLS_PSK_WITH_AES_128_GCM_SHA256 CipherSuite
class TLSPskWithAes128GcmSha256 : public TLSEcdheEcdsaWithAes128GcmSha256 {
 public:
  // CertificateType returns what type of certificate this CipherSuite exchanges
  pkg::crypto::clientcertificate::Type CertificateType() const override;

  // KeyExchangeAlgorithm controls what key exchange algorithm is using during the handshake
  ciphersuite::KeyExchangeAlgorithm KeyExchangeAlgorithm() const override;

  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  std::string String() const override;

  // AuthenticationType controls what authentication method is using during the handshake
  ciphersuite::AuthenticationType AuthenticationType() const override;
};

}  // namespace dtls::internal::ciphersuite
