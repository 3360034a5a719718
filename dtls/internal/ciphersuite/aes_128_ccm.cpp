// pion: internal/ciphersuite/aes_128_ccm.go
#include "dtls/internal/ciphersuite/aes_128_ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/aes_128_ccm.go newAes128Ccm
std::shared_ptr<Aes128Ccm> newAes128Ccm(pkg::crypto::clientcertificate::Type clientCertificateType, ciphersuite::ID id,
                                        bool psk, pkg::crypto::ciphersuite::CCMTagLen cryptoCCMTagLen,
                                        ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm, bool ecc) {
  return std::make_shared<Aes128Ccm>(clientCertificateType, id, psk, cryptoCCMTagLen, keyExchangeAlgorithm, ecc);
}

// pion: internal/ciphersuite/aes_128_ccm.go Aes128Ccm.Init
go::error Aes128Ccm::Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                          std::span<const std::uint8_t> serverRandom, bool isClient) {
  constexpr int prfKeyLen = 16;
  return AesCcm::Init(masterSecret, clientRandom, serverRandom, isClient, prfKeyLen);
}

}  // namespace dtls::internal::ciphersuite
