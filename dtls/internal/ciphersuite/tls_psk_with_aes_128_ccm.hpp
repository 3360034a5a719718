// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm.go
#pragma once

#include <memory>

#include "dtls/internal/ciphersuite/aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_psk_with_aes_128_ccm.go NewTLSPskWithAes128Ccm
// NewTLSPskWithAes128Ccm returns the TLS_PSK_WITH_AES_128_CCM CipherSuite
std::shared_ptr<Aes128Ccm> NewTLSPskWithAes128Ccm();

}  // namespace dtls::internal::ciphersuite
