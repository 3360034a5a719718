// pion: pkg/protocol/handshake/message_server_hello_done.go
#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"

namespace dtls::pkg::protocol::handshake {

// pion: pkg/protocol/handshake/message_server_hello_done.go MessageServerHelloDone.Type
// Type returns the Handshake Type
handshake::Type MessageServerHelloDone::Type() const { return TypeServerHelloDone; }

// pion: pkg/protocol/handshake/message_server_hello_done.go MessageServerHelloDone.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageServerHelloDone::Marshal() const {
  return {std::vector<std::uint8_t>{}, nullptr};
}

// pion: pkg/protocol/handshake/message_server_hello_done.go MessageServerHelloDone.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageServerHelloDone::Unmarshal(std::span<const std::uint8_t> /*data*/) { return nullptr; }

}  // namespace dtls::pkg::protocol::handshake
