// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.go
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.go TLSEcdheRsaWithAes256GcmSha384.CertificateType
clientcertificate::Type TLSEcdheRsaWithAes256GcmSha384::CertificateType() const { return clientcertificate::RSASign; }

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.go TLSEcdheRsaWithAes256GcmSha384.ID
ciphersuite::ID TLSEcdheRsaWithAes256GcmSha384::ID() const { return TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384; }

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.go TLSEcdheRsaWithAes256GcmSha384.String
std::string TLSEcdheRsaWithAes256GcmSha384::String() const { return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"; }

}  // namespace dtls::internal::ciphersuite
