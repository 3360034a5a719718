// pion: pkg/crypto/ciphersuite/ccm.go
#include "dtls/pkg/crypto/ciphersuite/ccm.hpp"

#include <algorithm>

#include "chan/fmt.hpp"
#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace dtls::pkg::crypto::ciphersuite {

namespace aes = go::crypto::aes;
namespace rand = go::crypto::rand;
namespace recordlayer = protocol::recordlayer;
namespace util = dtls::internal::util;

CCM::CCM(std::shared_ptr<ccm::CCM> localCCM_, std::vector<std::uint8_t> localWriteIV_,
         std::shared_ptr<ccm::CCM> remoteCCM_, std::vector<std::uint8_t> remoteWriteIV_, CCMTagLen tagLen_)
    : localCCM(std::move(localCCM_)),
      remoteCCM(std::move(remoteCCM_)),
      localWriteIV(std::move(localWriteIV_)),
      remoteWriteIV(std::move(remoteWriteIV_)),
      tagLen(tagLen_) {}

// pion: pkg/crypto/ciphersuite/ccm.go NewCCM
std::pair<std::shared_ptr<CCM>, go::error> NewCCM(CCMTagLen tagLen, std::span<const std::uint8_t> localKey,
                                                  std::span<const std::uint8_t> localWriteIV,
                                                  std::span<const std::uint8_t> remoteKey,
                                                  std::span<const std::uint8_t> remoteWriteIV) {
  auto [localBlock, err] = aes::NewCipher(localKey);
  if (err) {
    return {nullptr, err};
  }
  auto [localCCM, err2] = ccm::NewCCM(localBlock, static_cast<int>(tagLen), ccmNonceLength);
  if (err2) {
    return {nullptr, err2};
  }

  auto [remoteBlock, err3] = aes::NewCipher(remoteKey);
  if (err3) {
    return {nullptr, err3};
  }
  auto [remoteCCM, err4] = ccm::NewCCM(remoteBlock, static_cast<int>(tagLen), ccmNonceLength);
  if (err4) {
    return {nullptr, err4};
  }

  return {
      std::make_shared<CCM>(localCCM, std::vector<std::uint8_t>(localWriteIV.begin(), localWriteIV.end()), remoteCCM,
                            std::vector<std::uint8_t>(remoteWriteIV.begin(), remoteWriteIV.end()), tagLen),
      nullptr};
}

// pion: pkg/crypto/ciphersuite/ccm.go CCM.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> CCM::Encrypt(const recordlayer::RecordLayer& pkt,
                                                             std::span<const std::uint8_t> raw) {
  if (raw.size() < static_cast<std::size_t>(recordlayer::HeaderSize)) {
    // port: Go would panic slicing raw[recordlayer.HeaderSize:].
    return {{}, recordlayer::errBufferTooSmall};
  }
  auto payload = raw.subspan(recordlayer::HeaderSize);
  raw = raw.first(recordlayer::HeaderSize);

  if (localWriteIV.size() < 4) {
    // Go panics slicing c.localWriteIV[:4].
    throw go::crypto::panic_error(go::errors::New("ciphersuite: CCM local write IV shorter than 4 bytes"));
  }
  std::vector<std::uint8_t> nonce(localWriteIV.begin(), localWriteIV.begin() + 4);
  nonce.resize(4 + 8);
  if (auto [n, err] = rand::Read(std::span<std::uint8_t>(nonce).subspan(4)); err) {
    return {{}, err};
  }

  const auto additionalData = generateAEADAdditionalData(pkt.Header, static_cast<int>(payload.size()));
  auto encryptedPayload = localCCM->Seal({}, nonce, payload, additionalData);

  encryptedPayload.insert(encryptedPayload.begin(), nonce.begin() + 4, nonce.end());
  std::vector<std::uint8_t> out(raw.begin(), raw.end());
  out.insert(out.end(), encryptedPayload.begin(), encryptedPayload.end());

  // Update recordLayer size to include explicit nonce
  util::PutBigEndianUint16(std::span<std::uint8_t>(out).subspan(recordlayer::HeaderSize - 2),
                           static_cast<std::uint16_t>(out.size() - recordlayer::HeaderSize));
  return {std::move(out), nullptr};
}

// pion: pkg/crypto/ciphersuite/ccm.go CCM.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> CCM::Decrypt(std::span<const std::uint8_t> in) {
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
    // Go panics slicing c.remoteWriteIV[:4].
    throw go::crypto::panic_error(go::errors::New("ciphersuite: CCM remote write IV shorter than 4 bytes"));
  }
  std::vector<std::uint8_t> nonce(remoteWriteIV.begin(), remoteWriteIV.begin() + 4);
  nonce.insert(nonce.end(), in.begin() + recordlayer::HeaderSize, in.begin() + recordlayer::HeaderSize + 8);
  auto out = in.subspan(recordlayer::HeaderSize + 8);

  const auto additionalData = generateAEADAdditionalData(h, static_cast<int>(out.size()) - static_cast<int>(tagLen));
  auto [plain, openErr] = remoteCCM->Open({}, nonce, out, additionalData);
  if (openErr) {
    return {{}, go::fmt::Errorf("%w: %v", errDecryptPacket, openErr)};
  }
  std::vector<std::uint8_t> r(in.begin(), in.begin() + recordlayer::HeaderSize);
  r.insert(r.end(), plain.begin(), plain.end());
  return {std::move(r), nullptr};
}

}  // namespace dtls::pkg::crypto::ciphersuite
