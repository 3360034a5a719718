// pion: internal/ciphersuite/tls_psk_with_aes_256_ccm8.go
#include "dtls/internal/ciphersuite/tls_psk_with_aes_256_ccm8.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_256_ccm8.go NewTLSPskWithAes256Ccm8
std::shared_ptr<Aes256Ccm> NewTLSPskWithAes256Ccm8() {
  return newAes256Ccm(pkg::crypto::clientcertificate::Type(0), TLS_PSK_WITH_AES_256_CCM_8, true,
                      pkg::crypto::ciphersuite::CCMTagLength8, KeyExchangeAlgorithmPsk, false);
}

}  // namespace dtls::internal::ciphersuite
