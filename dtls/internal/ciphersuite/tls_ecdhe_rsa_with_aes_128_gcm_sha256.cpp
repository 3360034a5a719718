// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.go
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.go TLSEcdheRsaWithAes128GcmSha256.CertificateType
clientcertificate::Type TLSEcdheRsaWithAes128GcmSha256::CertificateType() const { return clientcertificate::RSASign; }

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.go TLSEcdheRsaWithAes128GcmSha256.ID
ciphersuite::ID TLSEcdheRsaWithAes128GcmSha256::ID() const { return TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256; }

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.go TLSEcdheRsaWithAes128GcmSha256.String
std::string TLSEcdheRsaWithAes128GcmSha256::String() const { return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"; }

}  // namespace dtls::internal::ciphersuite
