// pion: pkg/protocol/handshake/message_finished.go
#include "dtls/pkg/protocol/handshake/message_finished.hpp"

namespace dtls::pkg::protocol::handshake {

// pion: pkg/protocol/handshake/message_finished.go MessageFinished.Type
// Type returns the Handshake Type
handshake::Type MessageFinished::Type() const { return TypeFinished; }

// pion: pkg/protocol/handshake/message_finished.go MessageFinished.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageFinished::Marshal() const {
  return {std::vector<std::uint8_t>(VerifyData.begin(), VerifyData.end()), nullptr};
}

// pion: pkg/protocol/handshake/message_finished.go MessageFinished.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageFinished::Unmarshal(std::span<const std::uint8_t> data) {
  VerifyData.assign(data.begin(), data.end());
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
