// pion: pkg/protocol/handshake/message_server_key_exchange.go
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageServerKeyExchange supports ECDH and PSK
//
// IdentityHint is std::optional because Pion distinguishes a nil slice (no hint on the wire) from
// an empty one (a zero-length hint is written).
struct MessageServerKeyExchange : Message {
  std::optional<std::vector<std::uint8_t>> IdentityHint;

  crypto::elliptic::CurveType EllipticCurveType{};
  crypto::elliptic::Curve NamedCurve{};
  std::vector<std::uint8_t> PublicKey;
  crypto::hash::Algorithm HashAlgorithm{};
  crypto::signature::Algorithm SignatureAlgorithm{};
  std::vector<std::uint8_t> Signature;

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
