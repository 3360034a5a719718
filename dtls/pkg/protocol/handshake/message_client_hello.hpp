// pion: pkg/protocol/handshake/message_client_hello.go
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/compression_method.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/random.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls::pkg::protocol::handshake {

/*
MessageClientHello is for when a client first connects to a server it is
required to send the client hello as its first message.  The client can also send a
client hello in response to a hello request or on its own
initiative in order to renegotiate the security parameters in an
existing connection.
*/
struct MessageClientHello : Message {
  protocol::Version Version;
  handshake::Random Random;
  std::vector<std::uint8_t> Cookie;

  std::vector<std::uint8_t> SessionID;

  std::vector<std::uint16_t> CipherSuiteIDs;
  std::vector<std::shared_ptr<protocol::CompressionMethod>> CompressionMethods;
  std::vector<std::shared_ptr<extension::Extension>> Extensions;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

inline constexpr int handshakeMessageClientHelloVariableWidthStart = 34;

}  // namespace dtls::pkg::protocol::handshake
