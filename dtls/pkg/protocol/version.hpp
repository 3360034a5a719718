// pion: pkg/protocol/version.go
// Package protocol provides the DTLS wire format
#pragma once

#include <cstdint>

namespace dtls::pkg::protocol {

// pion: pkg/protocol/version.go Version
// Version is the minor/major value in the RecordLayer
// and ClientHello/ServerHello
//
// https://tools.ietf.org/html/rfc4346#section-6.2.1
struct Version {
  std::uint8_t Major = 0;
  std::uint8_t Minor = 0;

  // pion: pkg/protocol/version.go Version.Equal
  // Equal determines if two protocol versions are equal
  constexpr bool Equal(Version x) const { return Major == x.Major && Minor == x.Minor; }

  // Go's struct comparison (==).
  constexpr bool operator==(const Version&) const = default;
};

// Version enums
inline constexpr Version Version1_0{0xfe, 0xff};
inline constexpr Version Version1_2{0xfe, 0xfd};

}  // namespace dtls::pkg::protocol
