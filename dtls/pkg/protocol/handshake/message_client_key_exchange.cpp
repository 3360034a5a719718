// pion: pkg/protocol/handshake/message_client_key_exchange.go
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace types = dtls::internal::ciphersuite::types;
namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_client_key_exchange.go MessageClientKeyExchange.Type
// Type returns the Handshake Type
handshake::Type MessageClientKeyExchange::Type() const { return TypeClientKeyExchange; }

// pion: pkg/protocol/handshake/message_client_key_exchange.go MessageClientKeyExchange.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageClientKeyExchange::Marshal() const {
  if (!IdentityHint && !PublicKey) {
    return {{}, errInvalidClientKeyExchange};
  }

  std::vector<std::uint8_t> out;
  if (IdentityHint) {
    out = {0x00, 0x00};
    out.insert(out.end(), IdentityHint->begin(), IdentityHint->end());
    util::PutBigEndianUint16(out, static_cast<std::uint16_t>(out.size() - 2));
  }

  if (PublicKey) {
    out.push_back(static_cast<std::uint8_t>(PublicKey->size()));
    out.insert(out.end(), PublicKey->begin(), PublicKey->end());
  }

  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_client_key_exchange.go MessageClientKeyExchange.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageClientKeyExchange::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < 2) {
    return errBufferTooSmall;
  } else if (KeyExchangeAlgorithm == types::KeyExchangeAlgorithmNone) {
    return errCipherSuiteUnset;
  }

  std::size_t offset = 0;
  if (types::Has(KeyExchangeAlgorithm, types::KeyExchangeAlgorithmPsk)) {
    const std::size_t pskLength = util::BigEndianUint16(data);
    if (pskLength > data.size() - 2) {
      return errBufferTooSmall;
    }

    IdentityHint.emplace(data.begin() + 2, data.begin() + 2 + pskLength);
    offset += pskLength + 2;
  }

  if (types::Has(KeyExchangeAlgorithm, types::KeyExchangeAlgorithmEcdhe)) {
    // Deviation: Go indexes data[offset] unchecked and panics when a PSK identity consumed all of
    // data; report a short buffer instead.
    if (offset >= data.size()) {
      return errBufferTooSmall;
    }
    const std::size_t publicKeyLength = data[offset];
    if (publicKeyLength > data.size() - 1 - offset) {
      return errBufferTooSmall;
    }

    // As in Pion, everything after the length byte is taken as the public key.
    PublicKey.emplace(data.begin() + offset + 1, data.end());
  }

  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
