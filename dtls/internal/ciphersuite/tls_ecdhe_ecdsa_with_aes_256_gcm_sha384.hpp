// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go
#pragma once

#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.go TLSEcdheEcdsaWithAes256GcmSha384
// TLSEcdheEcdsaWithAes256GcmSha384  represents a TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 CipherSuite
class TLSEcdheEcdsaWithAes256GcmSha384 : public TLSEcdheEcdsaWithAes128GcmSha256 {
 public:
  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  std::string String() const override;

  // HashFunc returns the hashing func for this CipherSuite
  pkg::crypto::prf::HashFunc HashFunc() const override;

  // Init initializes the internal Cipher with keying material
  go::error Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                 std::span<const std::uint8_t> serverRandom, bool isClient) override;
};

}  // namespace dtls::internal::ciphersuite
