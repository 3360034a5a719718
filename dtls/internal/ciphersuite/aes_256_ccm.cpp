// pion: internal/ciphersuite/aes_256_ccm.go
#include "dtls/internal/ciphersuite/aes_256_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/aes_256_ccm.go newAes256Ccm
std::shared_ptr<Aes256Ccm> newAes256Ccm(pkg::crypto::clientcertificate::Type clientCertificateType, ciphersuite::ID id,
                                        bool psk, pkg::crypto::ciphersuite::CCMTagLen cryptoCCMTagLen,
                                        ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm, bool ecc) {
  return std::make_shared<Aes256Ccm>(clientCertificateType, id, psk, cryptoCCMTagLen, keyExchangeAlgorithm, ecc);
}

// pion: internal/ciphersuite/aes_256_ccm.go Aes256Ccm.Init
go::error Aes256Ccm::Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                          std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfKeyLen = 32;
  return AesCcm::Init(masterSecret, clientRandom, serverRandom, isClient, prfKeyLen);
}

}  // namespace dtls::internal::ciphersuite
