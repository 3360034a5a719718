// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.go
#pragma once

#include <memory>

#include "dtls/internal/ciphersuite/aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.go NewTLSEcdheEcdsaWithAes128Ccm8
// NewTLSEcdheEcdsaWithAes128Ccm8 creates a new TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 CipherSuite
std::shared_ptr<Aes128Ccm> NewTLSEcdheEcdsaWithAes128Ccm8();

}  // namespace dtls::internal::ciphersuite
