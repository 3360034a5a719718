// pion: pkg/protocol/extension/renegotiation_info.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"

namespace dtls::pkg::protocol::extension {

inline constexpr std::size_t renegotiationInfoHeaderSize = 5;

// pion: pkg/protocol/extension/renegotiation_info.go RenegotiationInfo
// RenegotiationInfo allows a Client/Server to
// communicate their renegotation support
//
// https://tools.ietf.org/html/rfc5746
class RenegotiationInfo : public Extension {
 public:
  std::uint8_t RenegotiatedConnection = 0;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::extension
