// pion: pkg/protocol/handshake/random.go
#pragma once

#include <array>
#include <chrono>
#include <cstdint>

#include "chan/error.hpp"

namespace dtls::pkg::protocol::handshake {

// Consts for Random in Handshake
inline constexpr int RandomBytesLength = 28;
inline constexpr int RandomLength = RandomBytesLength + 4;

// Random value that is used in ClientHello and ServerHello
//
// https://tools.ietf.org/html/rfc4346#section-7.4.1.2
struct Random {
  // Go's time.Time; only whole seconds travel on the wire.
  std::chrono::system_clock::time_point GMTUnixTime{};
  std::array<std::uint8_t, RandomBytesLength> RandomBytes{};

  // MarshalFixed encodes the Handshake
  std::array<std::uint8_t, RandomLength> MarshalFixed() const;

  // UnmarshalFixed populates the message from encoded data
  void UnmarshalFixed(const std::array<std::uint8_t, RandomLength>& data);

  // Populate fills the handshakeRandom with random values
  // may be called multiple times
  go::error Populate();

  friend bool operator==(const Random&, const Random&) = default;
};

}  // namespace dtls::pkg::protocol::handshake
