// pion: pkg/protocol/application_data.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/content.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/application_data.go ApplicationData
// ApplicationData messages are carried by the record layer and are
// fragmented, compressed, and encrypted based on the current connection
// state.  The messages are treated as transparent data to the record
// layer.
// https://tools.ietf.org/html/rfc5246#section-10
class ApplicationData : public Content {
 public:
  ApplicationData() = default;
  explicit ApplicationData(std::vector<std::uint8_t> data) : Data(std::move(data)) {}

  std::vector<std::uint8_t> Data;

  // ContentType returns the ContentType of this content
  protocol::ContentType ContentType() const override;
  // Marshal encodes the ApplicationData to binary
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() override;
  // Unmarshal populates the ApplicationData from binary
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol
