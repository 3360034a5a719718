// pion: pkg/crypto/ciphersuite/cbc.go
#pragma once

#include <botan/mac.h>

#include <mutex>

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls::pkg::crypto::ciphersuite {

// pion: pkg/crypto/ciphersuite/cbc.go cbcMode
// block ciphers using cipher block chaining.
// (Go: interface { cipher.BlockMode; SetIV([]byte) }, obtained from cipher.NewCBCEncrypter /
// NewCBCDecrypter with a type assertion. Here it pairs the BlockMode with its SetIV side.)
class cbcMode {
 public:
  // The type assertion `m.(cbcMode)`: nullptr when m has no SetIV.
  static std::shared_ptr<cbcMode> from(std::shared_ptr<go::crypto::cipher::BlockMode> m);

  int BlockSize() const { return mode->BlockSize(); }
  void CryptBlocks(std::span<std::uint8_t> dst, std::span<const std::uint8_t> src) { mode->CryptBlocks(dst, src); }
  void SetIV(std::span<const std::uint8_t> iv) { setter->SetIV(iv); }

 private:
  std::shared_ptr<go::crypto::cipher::BlockMode> mode;
  go::crypto::cipher::ivSetter* setter = nullptr;
};

// pion: pkg/crypto/ciphersuite/cbc.go CBC
// CBC Provides an API to Encrypt/Decrypt DTLS 1.2 Packets
class CBC {
 public:
  CBC(std::shared_ptr<cbcMode> writeCBC, std::vector<std::uint8_t> writeMac, std::shared_ptr<cbcMode> readCBC,
      std::vector<std::uint8_t> readMac, prf::HashFunc h);

  // pion: pkg/crypto/ciphersuite/cbc.go CBC.Encrypt
  // Encrypt encrypt a DTLS RecordLayer message
  std::pair<std::vector<std::uint8_t>, go::error> Encrypt(const protocol::recordlayer::RecordLayer& pkt,
                                                          std::span<const std::uint8_t> raw);

  // pion: pkg/crypto/ciphersuite/cbc.go CBC.Decrypt
  // Decrypt decrypts a DTLS RecordLayer message
  std::pair<std::vector<std::uint8_t>, go::error> Decrypt(std::span<const std::uint8_t> in);

  // pion: pkg/crypto/ciphersuite/cbc.go CBC.hmac
  std::pair<std::vector<std::uint8_t>, go::error> hmac(std::uint16_t epoch, std::uint64_t sequenceNumber,
                                                       protocol::ContentType contentType,
                                                       protocol::Version protocolVersion,
                                                       std::span<const std::uint8_t> payload,
                                                       std::span<const std::uint8_t> key,
                                                       const prf::HashFunc& hf) const;

 private:
  // Go's BlockModes are not safe for concurrent use either; Encrypt and Decrypt each own one.
  std::shared_ptr<cbcMode> writeCBC, readCBC;
  std::vector<std::uint8_t> writeMac, readMac;
  prf::HashFunc h;
  // Port addition: the keyed HMACs for writeMac and readMac, made on first use and reused for
  // every record (Go builds one per record with hmac.New; creating and keying Botan's costs
  // more than MACing a small record). Each has its own lock, as Encrypt and Decrypt may run at
  // the same time.
  struct keyedMAC {
    std::mutex mu;
    std::unique_ptr<Botan::MessageAuthenticationCode> mac;
  };
  mutable keyedMAC writeHMAC, readHMAC;
};

// pion: pkg/crypto/ciphersuite/cbc.go NewCBC
// NewCBC creates a DTLS CBC Cipher
std::pair<std::shared_ptr<CBC>, go::error> NewCBC(std::span<const std::uint8_t> localKey,
                                                  std::span<const std::uint8_t> localWriteIV,
                                                  std::span<const std::uint8_t> localMac,
                                                  std::span<const std::uint8_t> remoteKey,
                                                  std::span<const std::uint8_t> remoteWriteIV,
                                                  std::span<const std::uint8_t> remoteMac, prf::HashFunc h);

}  // namespace dtls::pkg::crypto::ciphersuite
