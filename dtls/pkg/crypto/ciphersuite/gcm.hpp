// pion: pkg/crypto/ciphersuite/gcm.go
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace dtls::pkg::crypto::ciphersuite {

inline constexpr int gcmTagLength = 16;
inline constexpr int gcmNonceLength = 12;

// pion: pkg/crypto/ciphersuite/gcm.go GCM
// GCM Provides an API to Encrypt/Decrypt DTLS 1.2 Packets
class GCM {
 public:
  GCM(std::shared_ptr<go::crypto::cipher::AEAD> localGCM, std::vector<std::uint8_t> localWriteIV,
      std::shared_ptr<go::crypto::cipher::AEAD> remoteGCM, std::vector<std::uint8_t> remoteWriteIV);

  // pion: pkg/crypto/ciphersuite/gcm.go GCM.Encrypt
  // Encrypt encrypt a DTLS RecordLayer message
  std::pair<std::vector<std::uint8_t>, go::error> Encrypt(const protocol::recordlayer::RecordLayer& pkt,
                                                          std::span<const std::uint8_t> raw);

  // pion: pkg/crypto/ciphersuite/gcm.go GCM.Decrypt
  // Decrypt decrypts a DTLS RecordLayer message
  std::pair<std::vector<std::uint8_t>, go::error> Decrypt(std::span<const std::uint8_t> in);

 private:
  std::shared_ptr<go::crypto::cipher::AEAD> localGCM, remoteGCM;
  std::vector<std::uint8_t> localWriteIV, remoteWriteIV;
};

// pion: pkg/crypto/ciphersuite/gcm.go NewGCM
// NewGCM creates a DTLS GCM Cipher
std::pair<std::shared_ptr<GCM>, go::error> NewGCM(std::span<const std::uint8_t> localKey,
                                                  std::span<const std::uint8_t> localWriteIV,
                                                  std::span<const std::uint8_t> remoteKey,
                                                  std::span<const std::uint8_t> remoteWriteIV);

}  // namespace dtls::pkg::crypto::ciphersuite
