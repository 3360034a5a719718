// pion: internal/ciphersuite/aes_256_ccm.go
#pragma once

#include <memory>

#include "dtls/internal/ciphersuite/aes_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/aes_256_ccm.go Aes256Ccm
// Aes256Ccm is a base class used by multiple AES-CCM Ciphers
class Aes256Ccm : public AesCcm {
 public:
  using AesCcm::AesCcm;

  // pion: internal/ciphersuite/aes_256_ccm.go Aes256Ccm.Init
  // Init initializes the internal Cipher with keying material
  go::error Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                 std::span<const std::uint8_t> serverRandom, bool isClient) override;
};

// pion: internal/ciphersuite/aes_256_ccm.go newAes256Ccm
std::shared_ptr<Aes256Ccm> newAes256Ccm(pkg::crypto::clientcertificate::Type clientCertificateType, ciphersuite::ID id,
                                        bool psk, pkg::crypto::ciphersuite::CCMTagLen cryptoCCMTagLen,
                                        ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm, bool ecc);

}  // namespace dtls::internal::ciphersuite
