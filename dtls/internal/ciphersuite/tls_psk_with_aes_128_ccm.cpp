// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm.go
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm.go NewTLSPskWithAes128Ccm
std::shared_ptr<Aes128Ccm> NewTLSPskWithAes128Ccm() {
  return newAes128Ccm(pkg::crypto::clientcertificate::Type(0), TLS_PSK_WITH_AES_128_CCM, true,
                      pkg::crypto::ciphersuite::CCMTagLength, KeyExchangeAlgorithmPsk, false);
}

}  // namespace dtls::internal::ciphersuite
