// pion: pkg/protocol/handshake/message_certificate.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageCertificate is a DTLS Handshake Message
// it can contain either a Client or Server Certificate
//
// https://tools.ietf.org/html/rfc5246#section-7.4.2
struct MessageCertificate : Message {
  // Raw DER certificates, as Go's [][]byte.
  std::vector<std::vector<std::uint8_t>> Certificate;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

inline constexpr int handshakeMessageCertificateLengthFieldSize = 3;

}  // namespace dtls::pkg::protocol::handshake
