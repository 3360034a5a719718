// pion: pkg/protocol/handshake/message_server_key_exchange.go
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace elliptic = dtls::pkg::crypto::elliptic;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace types = dtls::internal::ciphersuite::types;
namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_server_key_exchange.go MessageServerKeyExchange.Type
// Type returns the Handshake Type
handshake::Type MessageServerKeyExchange::Type() const { return TypeServerKeyExchange; }

// pion: pkg/protocol/handshake/message_server_key_exchange.go MessageServerKeyExchange.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageServerKeyExchange::Marshal() const {
  std::vector<std::uint8_t> out;
  if (IdentityHint) {
    out = {0x00, 0x00};
    out.insert(out.end(), IdentityHint->begin(), IdentityHint->end());
    util::PutBigEndianUint16(out, static_cast<std::uint16_t>(out.size() - 2));
  }

  if (EllipticCurveType == 0 || PublicKey.empty()) {
    return {std::move(out), nullptr};
  }
  out.insert(out.end(), {static_cast<std::uint8_t>(EllipticCurveType), 0x00, 0x00});
  util::PutBigEndianUint16(std::span(out).last(2), static_cast<std::uint16_t>(NamedCurve));

  out.push_back(static_cast<std::uint8_t>(PublicKey.size()));
  out.insert(out.end(), PublicKey.begin(), PublicKey.end());
  if (HashAlgorithm != hash::None && Signature.empty()) {
    return {{}, errInvalidHashAlgorithm};
  } else if (HashAlgorithm == hash::None && !Signature.empty()) {
    return {{}, errInvalidHashAlgorithm};
  } else if (SignatureAlgorithm == signature::Anonymous && (HashAlgorithm != hash::None || !Signature.empty())) {
    return {{}, errInvalidSignatureAlgorithm};
  } else if (SignatureAlgorithm == signature::Anonymous) {
    return {std::move(out), nullptr};
  }

  out.insert(out.end(), {static_cast<std::uint8_t>(HashAlgorithm), static_cast<std::uint8_t>(SignatureAlgorithm),
                         0x00, 0x00});
  util::PutBigEndianUint16(std::span(out).last(2), static_cast<std::uint16_t>(Signature.size()));
  out.insert(out.end(), Signature.begin(), Signature.end());

  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_server_key_exchange.go MessageServerKeyExchange.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageServerKeyExchange::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < 2) {
    return errBufferTooSmall;
  } else if (KeyExchangeAlgorithm == types::KeyExchangeAlgorithmNone) {
    return errCipherSuiteUnset;
  }

  const std::size_t hintLength = util::BigEndianUint16(data);
  if (hintLength <= data.size() - 2 && types::Has(KeyExchangeAlgorithm, types::KeyExchangeAlgorithmPsk)) {
    IdentityHint.emplace(data.begin() + 2, data.begin() + 2 + hintLength);
    data = data.subspan(2 + hintLength);
  }
  if (KeyExchangeAlgorithm == types::KeyExchangeAlgorithmPsk) {
    if (data.empty()) {
      return nullptr;
    }
    return errLengthMismatch;
  }

  if (!types::Has(KeyExchangeAlgorithm, types::KeyExchangeAlgorithmEcdhe)) {
    return errLengthMismatch;
  }

  // Deviation: Go indexes data[0] unchecked and panics when a PSK identity hint consumed all of
  // data (ECDHE_PSK); report a short buffer instead.
  if (data.empty()) {
    return errBufferTooSmall;
  }
  if (elliptic::CurveTypes().count(static_cast<elliptic::CurveType>(data[0])) != 0) {
    EllipticCurveType = static_cast<elliptic::CurveType>(data[0]);
  } else {
    return errInvalidEllipticCurveType;
  }

  if (data.subspan(1).size() < 2) {
    return errBufferTooSmall;
  }
  NamedCurve = static_cast<elliptic::Curve>(util::BigEndianUint16(data.subspan(1, 2)));
  if (elliptic::Curves().count(NamedCurve) == 0) {
    return errInvalidNamedCurve;
  }
  if (data.size() < 4) {
    return errBufferTooSmall;
  }

  const std::size_t publicKeyLength = data[3];
  std::size_t offset = 4 + publicKeyLength;
  if (data.size() < offset) {
    return errBufferTooSmall;
  }
  PublicKey.assign(data.begin() + 4, data.begin() + offset);

  // Anon connection doesn't contains hashAlgorithm, signatureAlgorithm, signature
  if (data.size() == offset) {
    return nullptr;
  } else if (data.size() <= offset) {
    return errBufferTooSmall;
  }

  HashAlgorithm = static_cast<hash::Algorithm>(data[offset]);
  if (hash::Algorithms().count(HashAlgorithm) == 0) {
    return errInvalidHashAlgorithm;
  }
  offset++;
  if (data.size() <= offset) {
    return errBufferTooSmall;
  }
  SignatureAlgorithm = static_cast<signature::Algorithm>(data[offset]);
  if (signature::Algorithms().count(SignatureAlgorithm) == 0) {
    return errInvalidSignatureAlgorithm;
  }
  offset++;
  if (data.size() < offset + 2) {
    return errBufferTooSmall;
  }
  const std::size_t signatureLength = util::BigEndianUint16(data.subspan(offset));
  offset += 2;
  if (data.size() < offset + signatureLength) {
    return errBufferTooSmall;
  }
  Signature.assign(data.begin() + offset, data.begin() + offset + signatureLength);
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
