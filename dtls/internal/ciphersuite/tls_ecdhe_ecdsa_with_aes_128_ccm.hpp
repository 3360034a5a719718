// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.go
#pragma once

#include <memory>

#include "dtls/internal/ciphersuite/aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.go NewTLSEcdheEcdsaWithAes128Ccm
// NewTLSEcdheEcdsaWithAes128Ccm constructs a TLS_ECDHE_ECDSA_WITH_AES_128_CCM Cipher
std::shared_ptr<Aes128Ccm> NewTLSEcdheEcdsaWithAes128Ccm();

}  // namespace dtls::internal::ciphersuite
