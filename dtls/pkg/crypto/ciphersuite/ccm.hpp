// pion: pkg/crypto/ciphersuite/ccm.go
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/ccm/ccm.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace dtls::pkg::crypto::ciphersuite {

// pion: pkg/crypto/ciphersuite/ccm.go CCMTagLen
// CCMTagLen is the length of Authentication Tag
enum CCMTagLen : int {
  // CCM Enums
  CCMTagLength8 = 8,
  CCMTagLength = 16,
};
inline constexpr int ccmNonceLength = 12;

// pion: pkg/crypto/ciphersuite/ccm.go CCM
// CCM Provides an API to Encrypt/Decrypt DTLS 1.2 Packets
class CCM {
 public:
  CCM(std::shared_ptr<ccm::CCM> localCCM, std::vector<std::uint8_t> localWriteIV, std::shared_ptr<ccm::CCM> remoteCCM,
      std::vector<std::uint8_t> remoteWriteIV, CCMTagLen tagLen);

  // pion: pkg/crypto/ciphersuite/ccm.go CCM.Encrypt
  // Encrypt encrypt a DTLS RecordLayer message
  std::pair<std::vector<std::uint8_t>, go::error> Encrypt(const protocol::recordlayer::RecordLayer& pkt,
                                                          std::span<const std::uint8_t> raw);

  // pion: pkg/crypto/ciphersuite/ccm.go CCM.Decrypt
  // Decrypt decrypts a DTLS RecordLayer message
  std::pair<std::vector<std::uint8_t>, go::error> Decrypt(std::span<const std::uint8_t> in);

 private:
  std::shared_ptr<ccm::CCM> localCCM, remoteCCM;
  std::vector<std::uint8_t> localWriteIV, remoteWriteIV;
  CCMTagLen tagLen;
};

// pion: pkg/crypto/ciphersuite/ccm.go NewCCM
// NewCCM creates a DTLS GCM Cipher
std::pair<std::shared_ptr<CCM>, go::error> NewCCM(CCMTagLen tagLen, std::span<const std::uint8_t> localKey,
                                                  std::span<const std::uint8_t> localWriteIV,
                                                  std::span<const std::uint8_t> remoteKey,
                                                  std::span<const std::uint8_t> remoteWriteIV);

}  // namespace dtls::pkg::crypto::ciphersuite
