// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go
#pragma once

#include <atomic>
#include <memory>

#include "dtls/internal/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/crypto/ciphersuite/gcm.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.go TLSEcdheEcdsaWithAes128GcmSha256
// TLSEcdheEcdsaWithAes128GcmSha256  represents a TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 CipherSuite
class TLSEcdheEcdsaWithAes128GcmSha256 : public CipherSuite {
 public:
  // CertificateType returns what type of certficate this CipherSuite exchanges
  pkg::crypto::clientcertificate::Type CertificateType() const override;

  // KeyExchangeAlgorithm controls what key exchange algorithm is using during the handshake
  ciphersuite::KeyExchangeAlgorithm KeyExchangeAlgorithm() const override;

  // ECC uses Elliptic Curve Cryptography
  bool ECC() const override;

  // ID returns the ID of the CipherSuite
  ciphersuite::ID ID() const override;

  std::string String() const override;

  // HashFunc returns the hashing func for this CipherSuite
  pkg::crypto::prf::HashFunc HashFunc() const override;

  // AuthenticationType controls what authentication method is using during the handshake
  ciphersuite::AuthenticationType AuthenticationType() const override;

  // IsInitialized returns if the CipherSuite has keying material and can
  // encrypt/decrypt packets
  bool IsInitialized() const override;

  // Init initializes the internal Cipher with keying material
  go::error Init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                 std::span<const std::uint8_t> serverRandom, bool isClient) override;

  // Encrypt encrypts a single TLS RecordLayer
  std::pair<std::vector<std::uint8_t>, go::error> Encrypt(const pkg::protocol::recordlayer::RecordLayer& pkt,
                                                          std::span<const std::uint8_t> raw) override;

  // Decrypt decrypts a single TLS RecordLayer
  std::pair<std::vector<std::uint8_t>, go::error> Decrypt(std::span<const std::uint8_t> raw) override;

 protected:
  go::error init(std::span<const std::uint8_t> masterSecret, std::span<const std::uint8_t> clientRandom,
                 std::span<const std::uint8_t> serverRandom, bool isClient, int prfMacLen, int prfKeyLen, int prfIvLen,
                 const pkg::crypto::prf::HashFunc& hashFunc);

 private:
  std::atomic<std::shared_ptr<pkg::crypto::ciphersuite::GCM>> gcm;  // *cryptoGCM
};

}  // namespace dtls::internal::ciphersuite
