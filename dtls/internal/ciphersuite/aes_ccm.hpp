// pion: internal/ciphersuite/aes_ccm.go
#pragma once

#include <atomic>
#include <memory>

#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/crypto/ciphersuite/ccm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/aes_ccm.go AesCcm
// AesCcm is a base class used by multiple AES-CCM Ciphers
// (abstract here: the 4-argument Init of the CipherSuite interface comes from Aes128Ccm/Aes256Ccm.)
class AesCcm : public CipherSuite {
 public:
  AesCcm(pkg::crypto::clientcertificate::Type clientCertificateType, ciphersuite::ID id, bool psk,
         pkg::crypto::ciphersuite::CCMTagLen cryptoCCMTagLen, ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm,
         bool ecc);

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.CertificateType
  // CertificateType returns what type of certificate this CipherSuite exchanges
  pkg::crypto::clientcertificate::Type CertificateType() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.ID
  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.String
  std::string String() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.ECC
  // ECC uses Elliptic Curve Cryptography
  bool ECC() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.KeyExchangeAlgorithm
  // KeyExchangeAlgorithm controls what key exchange algorithm is using during the handshake
  ciphersuite::KeyExchangeAlgorithm KeyExchangeAlgorithm() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.HashFunc
  // HashFunc returns the hashing func for this CipherSuite
  pkg::crypto::prf::HashFunc HashFunc() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.AuthenticationType
  // AuthenticationType controls what authentication method is using during the handshake
  ciphersuite::AuthenticationType AuthenticationType() const override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.IsInitialized
  // IsInitialized returns if the CipherSuite has keying material and can
  // encrypt/decrypt packets
  bool IsInitialized() const override;

  using CipherSuite::Init;
  // pion: internal/ciphersuite/aes_ccm.go AesCcm.Init
  // Init initializes the internal Cipher with keying material
  go::error Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                 std::span<const std::uint8_t> serverRandom, bool isClient, int prfKeyLen);

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.Encrypt
  // Encrypt encrypts a single TLS RecordLayer
  std::pair<std::vector<std::uint8_t>, go::error> Encrypt(const pkg::protocol::recordlayer::RecordLayer& pkt,
                                                          std::span<const std::uint8_t> raw) override;

  // pion: internal/ciphersuite/aes_ccm.go AesCcm.Decrypt
  // Decrypt decrypts a single TLS RecordLayer
  std::pair<std::vector<std::uint8_t>, go::error> Decrypt(std::span<const std::uint8_t> raw) override;

 private:
  std::atomic<std::shared_ptr<pkg::crypto::ciphersuite::CCM>> ccm;  // *cryptoCCM
  pkg::crypto::clientcertificate::Type clientCertificateType;
  ciphersuite::ID id;
  bool psk;
  ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm;
  pkg::crypto::ciphersuite::CCMTagLen cryptoCCMTagLen;
  bool ecc;
};

}  // namespace dtls::internal::ciphersuite
