// pion: pkg/crypto/ciphersuite/cbc.go
#include "dtls/pkg/crypto/ciphersuite/cbc.hpp"

#include <botan/mac.h>

#include <array>

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace dtls::pkg::crypto::ciphersuite {

namespace aes = go::crypto::aes;
namespace cipher = go::crypto::cipher;
namespace rand = go::crypto::rand;
namespace subtle = go::crypto::subtle;
namespace recordlayer = protocol::recordlayer;
namespace util = dtls::internal::util;

std::shared_ptr<cbcMode> cbcMode::from(std::shared_ptr<cipher::BlockMode> m) {
  auto* s = dynamic_cast<cipher::ivSetter*>(m.get());
  if (s == nullptr) {
    return nullptr;
  }
  auto r = std::make_shared<cbcMode>();
  r->mode = std::move(m);
  r->setter = s;
  return r;
}

CBC::CBC(std::shared_ptr<cbcMode> writeCBC_, std::vector<std::uint8_t> writeMac_, std::shared_ptr<cbcMode> readCBC_,
         std::vector<std::uint8_t> readMac_, prf::HashFunc h_)
    : writeCBC(std::move(writeCBC_)),
      readCBC(std::move(readCBC_)),
      writeMac(std::move(writeMac_)),
      readMac(std::move(readMac_)),
      h(std::move(h_)) {}

// pion: pkg/crypto/ciphersuite/cbc.go NewCBC
std::pair<std::shared_ptr<CBC>, go::error> NewCBC(std::span<const std::uint8_t> localKey,
                                                  std::span<const std::uint8_t> localWriteIV,
                                                  std::span<const std::uint8_t> localMac,
                                                  std::span<const std::uint8_t> remoteKey,
                                                  std::span<const std::uint8_t> remoteWriteIV,
                                                  std::span<const std::uint8_t> remoteMac, prf::HashFunc h) {
  auto [writeBlock, err] = aes::NewCipher(localKey);
  if (err) {
    return {nullptr, err};
  }

  auto [readBlock, err2] = aes::NewCipher(remoteKey);
  if (err2) {
    return {nullptr, err2};
  }

  auto writeCBC = cbcMode::from(cipher::NewCBCEncrypter(writeBlock, localWriteIV));
  if (!writeCBC) {
    return {nullptr, errFailedToCast};
  }

  auto readCBC = cbcMode::from(cipher::NewCBCDecrypter(readBlock, remoteWriteIV));
  if (!readCBC) {
    return {nullptr, errFailedToCast};
  }

  return {std::make_shared<CBC>(writeCBC, std::vector<std::uint8_t>(localMac.begin(), localMac.end()), readCBC,
                                std::vector<std::uint8_t>(remoteMac.begin(), remoteMac.end()), std::move(h)),
          nullptr};
}

// pion: pkg/crypto/ciphersuite/cbc.go CBC.Encrypt
std::pair<std::vector<std::uint8_t>, go::error> CBC::Encrypt(const recordlayer::RecordLayer& pkt,
                                                             std::span<const std::uint8_t> raw) {
  if (raw.size() < static_cast<std::size_t>(recordlayer::HeaderSize)) {
    // port: Go would panic slicing raw[recordlayer.HeaderSize:].
    return {{}, recordlayer::errBufferTooSmall};
  }
  std::vector<std::uint8_t> payload(raw.begin() + recordlayer::HeaderSize, raw.end());
  raw = raw.first(recordlayer::HeaderSize);
  const int blockSize = writeCBC->BlockSize();

  // Generate + Append MAC
  const auto& hdr = pkt.Header;

  auto [MAC, err] = hmac(hdr.Epoch, hdr.SequenceNumber, hdr.ContentType, hdr.Version, payload, writeMac, h);
  if (err) {
    return {{}, err};
  }
  payload.insert(payload.end(), MAC.begin(), MAC.end());

  // Generate + Append padding
  std::vector<std::uint8_t> padding(static_cast<std::size_t>(blockSize - static_cast<int>(payload.size()) % blockSize));
  const std::size_t paddingLen = padding.size();
  for (std::size_t i = 0; i < paddingLen; i++) {
    padding[i] = static_cast<std::uint8_t>(paddingLen - 1);
  }
  payload.insert(payload.end(), padding.begin(), padding.end());

  // Generate IV
  std::vector<std::uint8_t> iv(static_cast<std::size_t>(blockSize));
  if (auto [n, rerr] = rand::Read(iv); rerr) {
    return {{}, rerr};
  }

  // Set IV + Encrypt + Prepend IV
  writeCBC->SetIV(iv);
  writeCBC->CryptBlocks(payload, payload);
  payload.insert(payload.begin(), iv.begin(), iv.end());

  // Prepend unencrypte header with encrypted payload
  std::vector<std::uint8_t> out(raw.begin(), raw.end());
  out.insert(out.end(), payload.begin(), payload.end());

  // Update recordLayer size to include IV+MAC+Padding
  util::PutBigEndianUint16(std::span<std::uint8_t>(out).subspan(recordlayer::HeaderSize - 2),
                           static_cast<std::uint16_t>(out.size() - recordlayer::HeaderSize));

  return {std::move(out), nullptr};
}

// pion: pkg/crypto/ciphersuite/cbc.go CBC.Decrypt
std::pair<std::vector<std::uint8_t>, go::error> CBC::Decrypt(std::span<const std::uint8_t> in) {
  const std::size_t blockSize = static_cast<std::size_t>(readCBC->BlockSize());
  const auto mac = h();

  recordlayer::Header hdr;
  auto err = hdr.Unmarshal(in);
  // port: Pion slices body := in[recordlayer.HeaderSize:] before Unmarshal (a panic on a short
  // buffer); here the body is taken once Unmarshal has checked the length.
  if (err) {
    return {{}, err};
  } else if (hdr.ContentType == protocol::ContentTypeChangeCipherSpec) {
    // Nothing to encrypt with ChangeCipherSpec
    return {std::vector<std::uint8_t>(in.begin(), in.end()), nullptr};
  }
  if (in.size() < static_cast<std::size_t>(recordlayer::HeaderSize)) {
    return {{}, recordlayer::errBufferTooSmall};  // (Header.Unmarshal already guarantees this)
  }
  std::vector<std::uint8_t> body(in.begin() + recordlayer::HeaderSize, in.end());
  if (body.size() % blockSize != 0 ||
      body.size() < blockSize + static_cast<std::size_t>(util::Max(static_cast<int>(mac->output_length()) + 1,
                                                                   static_cast<int>(blockSize)))) {
    return {{}, errNotEnoughRoomForNonce};
  }

  // Set + remove per record IV
  readCBC->SetIV(std::span<const std::uint8_t>(body).first(blockSize));
  body.erase(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(blockSize));

  // Decrypt
  readCBC->CryptBlocks(body, body);

  // Padding+MAC needs to be checked in constant time
  // Otherwise we reveal information about the level of correctness
  auto [paddingLen, paddingGood] = examinePadding(body);
  if (paddingGood != 255) {
    return {{}, errInvalidMAC};
  }

  const std::size_t macSize = mac->output_length();
  if (body.size() < macSize) {
    return {{}, errInvalidMAC};
  }

  // port: Pion computes dataEnd without checking it; a valid-looking padding longer than
  // len(body)-macSize makes it negative and Go panics slicing body[dataEnd:]. Rejected here.
  const std::ptrdiff_t dataEnd = static_cast<std::ptrdiff_t>(body.size()) - static_cast<std::ptrdiff_t>(macSize) -
                                 static_cast<std::ptrdiff_t>(paddingLen);
  if (dataEnd < 0) {
    return {{}, errInvalidMAC};
  }

  const auto expectedMAC = std::span<const std::uint8_t>(body).subspan(static_cast<std::size_t>(dataEnd), macSize);
  auto [actualMAC, herr] =
      hmac(hdr.Epoch, hdr.SequenceNumber, hdr.ContentType, hdr.Version,
           std::span<const std::uint8_t>(body).first(static_cast<std::size_t>(dataEnd)), readMac, h);

  // Compute Local MAC and compare
  if (herr || subtle::ConstantTimeCompare(actualMAC, expectedMAC) != 1) {
    return {{}, errInvalidMAC};
  }

  std::vector<std::uint8_t> r(in.begin(), in.begin() + recordlayer::HeaderSize);
  r.insert(r.end(), body.begin(), body.begin() + dataEnd);
  return {std::move(r), nullptr};
}

// pion: pkg/crypto/ciphersuite/cbc.go CBC.hmac
std::pair<std::vector<std::uint8_t>, go::error> CBC::hmac(std::uint16_t epoch, std::uint64_t sequenceNumber,
                                                          protocol::ContentType contentType,
                                                          protocol::Version protocolVersion,
                                                          std::span<const std::uint8_t> payload,
                                                          std::span<const std::uint8_t> key,
                                                          const prf::HashFunc& hf) const {
  // Go: hmac.New(hf, key) — reused when key is this CBC's own write or read MAC key.
  keyedMAC* cached = key.data() == writeMac.data() && key.size() == writeMac.size()  ? &writeHMAC
                     : key.data() == readMac.data() && key.size() == readMac.size() ? &readHMAC
                                                                                      : nullptr;
  std::unique_lock<std::mutex> lock;
  std::unique_ptr<Botan::MessageAuthenticationCode> fresh;
  Botan::MessageAuthenticationCode* mac = nullptr;
  if (cached) {
    lock = std::unique_lock<std::mutex>(cached->mu);
    if (!cached->mac) {
      cached->mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(" + hf()->name() + ")");
      cached->mac->set_key(key.data(), key.size());
    }
    mac = cached->mac.get();
  } else {
    fresh = Botan::MessageAuthenticationCode::create_or_throw("HMAC(" + hf()->name() + ")");
    fresh->set_key(key.data(), key.size());
    mac = fresh.get();
  }

  std::array<std::uint8_t, 13> msg{};

  util::PutBigEndianUint16(msg, epoch);
  util::PutBigEndianUint48(std::span<std::uint8_t>(msg).subspan(2), sequenceNumber);
  msg[8] = static_cast<std::uint8_t>(contentType);
  msg[9] = protocolVersion.Major;
  msg[10] = protocolVersion.Minor;
  util::PutBigEndianUint16(std::span<std::uint8_t>(msg).subspan(11), static_cast<std::uint16_t>(payload.size()));

  mac->update(msg.data(), msg.size());
  mac->update(payload.data(), payload.size());

  const auto sum = mac->final();
  return {std::vector<std::uint8_t>(sum.begin(), sum.end()), nullptr};
}

}  // namespace dtls::pkg::crypto::ciphersuite
