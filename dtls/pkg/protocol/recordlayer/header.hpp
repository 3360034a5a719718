// pion: pkg/protocol/recordlayer/header.go
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls::pkg::protocol::recordlayer {

// pion: pkg/protocol/recordlayer/header.go Header
// Header implements a TLS RecordLayer header
struct Header {
  protocol::ContentType ContentType{};
  std::uint16_t ContentLen = 0;
  protocol::Version Version{};
  std::uint16_t Epoch = 0;
  std::uint64_t SequenceNumber = 0;  // uint48 in spec

  // Marshal encodes a TLS RecordLayer Header to binary
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const;
  // Unmarshal populates a TLS RecordLayer Header from binary
  go::error Unmarshal(std::span<const std::uint8_t> data);

  // Go's struct comparison (==).
  bool operator==(const Header&) const = default;
};

// RecordLayer enums
inline constexpr std::size_t HeaderSize = 13;
inline constexpr std::uint64_t MaxSequenceNumber = 0x0000FFFFFFFFFFFF;

}  // namespace dtls::pkg::protocol::recordlayer
