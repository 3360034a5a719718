// pion: pkg/protocol/handshake/message_client_key_exchange.go
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageClientKeyExchange is a DTLS Handshake Message
// With this message, the premaster secret is set, either by direct
// transmission of the RSA-encrypted secret or by the transmission of
// Diffie-Hellman parameters that will allow each side to agree upon
// the same premaster secret.
//
// https://tools.ietf.org/html/rfc5246#section-7.4.7
//
// IdentityHint and PublicKey are std::optional because Pion distinguishes a nil slice (field
// absent from the wire) from an empty one (field present with length 0).
struct MessageClientKeyExchange : Message {
  std::optional<std::vector<std::uint8_t>> IdentityHint;
  std::optional<std::vector<std::uint8_t>> PublicKey;

  // for unmarshaling
  internal::ciphersuite::types::KeyExchangeAlgorithm KeyExchangeAlgorithm =
      internal::ciphersuite::types::KeyExchangeAlgorithmNone;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::handshake
