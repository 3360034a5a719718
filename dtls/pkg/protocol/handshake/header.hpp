// pion: pkg/protocol/handshake/header.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls::pkg::protocol::handshake {

// Type is declared opaquely here (fixed underlying type, so complete) and defined with its
// enumerators in handshake.hpp, as Go declares it in handshake.go.
enum Type : std::uint8_t;

// HeaderLength msg_len for Handshake messages assumes an extra
// 12 bytes for sequence, fragment and version information vs TLS
inline constexpr int HeaderLength = 12;

// Header is the static first 12 bytes of each RecordLayer
// of type Handshake. These fields allow us to support message loss, reordering, and
// message fragmentation,
//
// https://tools.ietf.org/html/rfc6347#section-4.2.2
struct Header {
  handshake::Type Type{};
  std::uint32_t Length = 0;  // uint24 in spec
  std::uint16_t MessageSequence = 0;
  std::uint32_t FragmentOffset = 0;  // uint24 in spec
  std::uint32_t FragmentLength = 0;  // uint24 in spec

  // Marshal encodes the Header
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const;

  // Unmarshal populates the header from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data);

  friend bool operator==(const Header&, const Header&) = default;
};

}  // namespace dtls::pkg::protocol::handshake
