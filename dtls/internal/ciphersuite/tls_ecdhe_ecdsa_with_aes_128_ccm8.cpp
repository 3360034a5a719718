// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.go
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.go NewTLSEcdheEcdsaWithAes128Ccm8
std::shared_ptr<Aes128Ccm> NewTLSEcdheEcdsaWithAes128Ccm8() {
  return newAes128Ccm(pkg::crypto::clientcertificate::ECDSASign, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, false,
                      pkg::crypto::ciphersuite::CCMTagLength8, KeyExchangeAlgorithmEcdhe, true);
}

}  // namespace dtls::internal::ciphersuite
