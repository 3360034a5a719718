// pion: pkg/protocol/handshake/message_finished.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageFinished is a DTLS Handshake Message
// this message is the first one protected with the just
// negotiated algorithms, keys, and secrets.  Recipients of Finished
// messages MUST verify that the contents are correct.
//
// https://tools.ietf.org/html/rfc5246#section-7.4.9
struct MessageFinished : Message {
  std::vector<std::uint8_t> VerifyData;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::handshake
