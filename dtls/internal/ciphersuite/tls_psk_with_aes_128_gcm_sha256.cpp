// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;

// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go TLSPskWithAes128GcmSha256.CertificateType
clientcertificate::Type TLSPskWithAes128GcmSha256::CertificateType() const { return clientcertificate::Type(0); }

// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go TLSPskWithAes128GcmSha256.KeyExchangeAlgorithm
ciphersuite::KeyExchangeAlgorithm TLSPskWithAes128GcmSha256::KeyExchangeAlgorithm() const {
  return KeyExchangeAlgorithmPsk;
}

// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go TLSPskWithAes128GcmSha256.ID
ciphersuite::ID TLSPskWithAes128GcmSha256::ID() const { return TLS_PSK_WITH_AES_128_GCM_SHA256; }

// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go TLSPskWithAes128GcmSha256.String
std::string TLSPskWithAes128GcmSha256::String() const { return "TLS_PSK_WITH_AES_128_GCM_SHA256"; }

// pion: internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.go TLSPskWithAes128GcmSha256.AuthenticationType
ciphersuite::AuthenticationType TLSPskWithAes128GcmSha256::AuthenticationType() const {
  return AuthenticationTypePreSharedKey;
}

}  // namespace dtls::internal::ciphersuite
