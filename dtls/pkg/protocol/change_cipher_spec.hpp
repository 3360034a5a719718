// pion: pkg/protocol/change_cipher_spec.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/content.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/change_cipher_spec.go ChangeCipherSpec
// ChangeCipherSpec protocol exists to signal transitions in
// ciphering strategies.  The protocol consists of a single message,
// which is encrypted and compressed under the current (not the pending)
// connection state.  The message consists of a single byte of value 1.
// https://tools.ietf.org/html/rfc5246#section-7.1
class ChangeCipherSpec : public Content {
 public:
  // ContentType returns the ContentType of this content
  protocol::ContentType ContentType() const override;
  // Marshal encodes the ChangeCipherSpec to binary
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() override;
  // Unmarshal populates the ChangeCipherSpec from binary
  go::error Unmarshal(std::span<const std::uint8_t> data) override;

  // Go's struct comparison (the struct is empty, so all values are equal).
  bool operator==(const ChangeCipherSpec&) const { return true; }
};

}  // namespace dtls::pkg::protocol
