// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm8.go
#pragma once

#include <memory>

#include "dtls/internal/ciphersuite/aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm8.go NewTLSPskWithAes128Ccm8
// NewTLSPskWithAes128Ccm8 returns the TLS_PSK_WITH_AES_128_CCM_8 CipherSuite
std::shared_ptr<Aes128Ccm> NewTLSPskWithAes128Ccm8();

}  // namespace dtls::internal::ciphersuite
