// pion: pkg/crypto/ciphersuite/gcm.go
#include "dtls/pkg/crypto/ciphersuite/gcm.hpp"

#include <algorithm>
#include <array>

#include "chan/fmt.hpp"
#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace dtls::pkg::crypto::ciphersuite {

namespace aes = go::crypto::aes;
namespace cipher = go::crypto::cipher;
namespace rand = go::crypto::rand;
namespace recordlayer = protocol::recordlayer;
namespace util = dtls::internal::util;

GCM::GCM(std::shared_ptr<cipher::AEAD> localGCM_, std::vector<std::uint8_t> localWriteIV_,
         std::shared_ptr<cipher::AEAD> remoteGCM_, std::vector<std::uint8_t> remoteWriteIV_)
    : localGCM(std::move(localGCM_)),
      remoteGCM(std::move(remoteGCM_)),
      localWriteIV(std::move(localWriteIV_)),
      remoteWriteIV(std::move(remoteWriteIV_)) {}

// pion: pkg/crypto/ciphersuite/gcm.go NewGCM
std::pair<std::shared_ptr<GCM>, go::error> NewGCM(std::span<const std::uint8_t> localKey,
                                                  std::span<const std::uint8_t> localWriteIV,
                                                  std::span<const std::uint8_t> remoteKey,
                                                  std::span<const std::uint8_t> remoteWriteIV) {
  auto [localBlock, err] = aes::NewCipher(localKey);
  if (err) {
    return {nullptr, err};
  }
  auto [localGCM, err2] = cipher::NewGCM(localBlock);
  if (err2) {
    return {nullptr, err2};
  }

  auto [remoteBlock, err3] = aes::NewCipher(remoteKey);
  if (err3) {
    return {nullptr, err3};
  }
  auto [remoteGCM, err4] = cipher::NewGCM(remoteBlock);
  if (err4) {
    return {nullptr, err4};
  }

  return {std::make_shared<GCM>(localGCM, std::vector<std::uint8_t>(localWriteIV.begin(), localWriteIV.end()),
                                remoteGCM, std::vector<std::uint8_t>(remoteWriteIV.begin(), remoteWriteIV.end())),
          nullptr};
}

// pion: pkg/crypto/ciphersuite/gcm.go GCM.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> GCM::Encrypt(const recordlayer::RecordLayer& pkt,
                                                             std::span<const std::uint8_t> raw) {
  if (raw.size() < static_cast<std::size_t>(recordlayer::HeaderSize)) {
    // port: Go would panic slicing raw[recordlayer.HeaderSize:].
    return {{}, recordlayer::errBufferTooSmall};
  }
  auto payload = raw.subspan(recordlayer::HeaderSize);
  raw = raw.first(recordlayer::HeaderSize);

  if (localWriteIV.size() < 4) {
    // Go panics slicing g.localWriteIV[:4].
    throw go::crypto::panic_error(go::errors::New("ciphersuite: GCM local write IV shorter than 4 bytes"));
  }
  std::array<std::uint8_t, gcmNonceLength> nonce{};  // Go: make([]byte, gcmNonceLength)
  std::copy_n(localWriteIV.begin(), 4, nonce.begin());
  if (auto [n, err] = rand::Read(std::span<std::uint8_t>(nonce).subspan(4)); err) {
    return {{}, err};
  }

  const auto additionalData = generateAEADAdditionalData(pkt.Header, static_cast<int>(payload.size()));
  // Go seals into a fresh slice and copies header, explicit nonce and ciphertext into r; here
  // Seal appends the ciphertext to r directly (same bytes, one copy fewer).
  std::vector<std::uint8_t> r;
  r.reserve(raw.size() + (nonce.size() - 4) + payload.size() + static_cast<std::size_t>(localGCM->Overhead()));
  r.insert(r.end(), raw.begin(), raw.end());
  r.insert(r.end(), nonce.begin() + 4, nonce.end());
  r = localGCM->Seal(std::move(r), nonce, payload, additionalData);

  // Update recordLayer size to include explicit nonce
  util::PutBigEndianUint16(std::span<std::uint8_t>(r).subspan(recordlayer::HeaderSize - 2),
                           static_cast<std::uint16_t>(r.size() - recordlayer::HeaderSize));
  return {std::move(r), nullptr};
}

// pion: pkg/crypto/ciphersuite/gcm.go GCM.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> GCM::Decrypt(std::span<const std::uint8_t> in) {
  recordlayer::Header h;
  auto err = h.Unmarshal(in);
  if (err) {
    return {{}, err};
  } else if (h.ContentType == protocol::ContentTypeChangeCipherSpec) {
    // Nothing to encrypt with ChangeCipherSpec
    return {std::vector<std::uint8_t>(in.begin(), in.end()), nullptr};
  } else if (in.size() <= static_cast<std::size_t>(8 + recordlayer::HeaderSize)) {
    return {{}, errNotEnoughRoomForNonce};
  }

  if (remoteWriteIV.size() < 4) {
    // Go panics slicing g.remoteWriteIV[:4].
    throw go::crypto::panic_error(go::errors::New("ciphersuite: GCM remote write IV shorter than 4 bytes"));
  }
  std::array<std::uint8_t, gcmNonceLength> nonce{};  // Go: remoteWriteIV[:4] then the explicit nonce
  std::copy_n(remoteWriteIV.begin(), 4, nonce.begin());
  std::copy_n(in.begin() + recordlayer::HeaderSize, 8, nonce.begin() + 4);
  auto out = in.subspan(recordlayer::HeaderSize + 8);

  const auto additionalData = generateAEADAdditionalData(h, static_cast<int>(out.size()) - gcmTagLength);
  // Go opens in place and returns append(in[:HeaderSize], out...); here in is read-only, so Open
  // appends the plaintext to a copy of the header (the same bytes, one buffer).
  std::vector<std::uint8_t> r;
  r.reserve(recordlayer::HeaderSize + out.size());
  r.insert(r.end(), in.begin(), in.begin() + recordlayer::HeaderSize);
  auto [plain, openErr] = remoteGCM->Open(std::move(r), nonce, out, additionalData);
  if (openErr) {
    return {{}, go::fmt::Errorf("%w: %v", errDecryptPacket, openErr)};
  }
  return {std::move(plain), nullptr};
}

}  // namespace dtls::pkg::crypto::ciphersuite
