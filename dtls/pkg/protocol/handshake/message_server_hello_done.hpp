// pion: pkg/protocol/handshake/message_server_hello_done.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageServerHelloDone is final non-encrypted message from server
// this communicates server has sent all its handshake messages and next
// should be MessageFinished
struct MessageServerHelloDone : Message {
  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::handshake
