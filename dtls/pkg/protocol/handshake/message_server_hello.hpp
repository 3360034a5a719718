// pion: pkg/protocol/handshake/message_server_hello.go
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
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

// MessageServerHello is sent in response to a ClientHello
// message when it was able to find an acceptable set of algorithms.
// If it cannot find such a match, it will respond with a handshake
// failure alert.
//
// https://tools.ietf.org/html/rfc5246#section-7.4.1.3
//
// Go's *uint16 CipherSuiteID is a std::optional (nil = unset); *protocol.CompressionMethod is a
// shared_ptr, as protocol.CompressionMethods() hands them out.
struct MessageServerHello : Message {
  protocol::Version Version;
  handshake::Random Random;

  std::vector<std::uint8_t> SessionID;

  std::optional<std::uint16_t> CipherSuiteID;
  std::shared_ptr<protocol::CompressionMethod> CompressionMethod;
  std::vector<std::shared_ptr<extension::Extension>> Extensions;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

inline constexpr int messageServerHelloVariableWidthStart = 2 + RandomLength;

}  // namespace dtls::pkg::protocol::handshake
