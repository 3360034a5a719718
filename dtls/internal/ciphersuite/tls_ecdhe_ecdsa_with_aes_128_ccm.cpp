// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.go
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.go NewTLSEcdheEcdsaWithAes128Ccm
std::shared_ptr<Aes128Ccm> NewTLSEcdheEcdsaWithAes128Ccm() {
  return newAes128Ccm(pkg::crypto::clientcertificate::ECDSASign, TLS_ECDHE_ECDSA_WITH_AES_128_CCM, false,
                      pkg::crypto::ciphersuite::CCMTagLength, KeyExchangeAlgorithmEcdhe, true);
}

}  // namespace dtls::internal::ciphersuite
