// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.go
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.hpp"

namespace dtls::internal::ciphersuite {

namespace clientcertificate = pkg::crypto::clientcertificate;

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.go TLSEcdheRsaWithAes256CbcSha.CertificateType
clientcertificate::Type TLSEcdheRsaWithAes256CbcSha::CertificateType() const { return clientcertificate::RSASign; }

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.go TLSEcdheRsaWithAes256CbcSha.ID
ciphersuite::ID TLSEcdheRsaWithAes256CbcSha::ID() const { return TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA; }

// pion: internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.go TLSEcdheRsaWithAes256CbcSha.String
std::string TLSEcdheRsaWithAes256CbcSha::String() const { return "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"; }

}  // namespace dtls::internal::ciphersuite
