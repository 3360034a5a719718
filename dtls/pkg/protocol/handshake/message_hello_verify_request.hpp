// pion: pkg/protocol/handshake/message_hello_verify_request.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageHelloVerifyRequest is as follows:
//
//   struct {
//     ProtocolVersion server_version;
//     opaque cookie<0..2^8-1>;
//   } HelloVerifyRequest;
//
//   The HelloVerifyRequest message type is hello_verify_request(3).
//
//   When the client sends its ClientHello message to the server, the server
//   MAY respond with a HelloVerifyRequest message.  This message contains
//   a stateless cookie generated using the technique of [PHOTURIS].  The
//   client MUST retransmit the ClientHello with the cookie added.
//
//   https://tools.ietf.org/html/rfc6347#section-4.2.1
struct MessageHelloVerifyRequest : Message {
  protocol::Version Version;
  std::vector<std::uint8_t> Cookie;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::handshake
