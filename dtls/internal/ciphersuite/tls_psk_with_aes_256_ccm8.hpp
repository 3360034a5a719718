// pion: internal/ciphersuite/tls_psk_with_aes_256_ccm8.go
#pragma once

#include <memory>

#include "dtls/internal/ciphersuite/aes_256_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_256_ccm8.go NewTLSPskWithAes256Ccm8
// NewTLSPskWithAes256Ccm8 returns the TLS_PSK_WITH_AES_256_CCM_8 CipherSuite
std::shared_ptr<Aes256Ccm> NewTLSPskWithAes256Ccm8();

}  // namespace dtls::internal::ciphersuite
