// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm8.go
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm8.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm8.go NewTLSPskWithAes128Ccm8
std::shared_ptr<Aes128Ccm> NewTLSPskWithAes128Ccm8() {
  return newAes128Ccm(pkg::crypto::clientcertificate::Type(0), TLS_PSK_WITH_AES_128_CCM_8, true,
                      pkg::crypto::ciphersuite::CCMTagLength8, KeyExchangeAlgorithmPsk, false);
}

}  // namespace dtls::internal::ciphersuite
