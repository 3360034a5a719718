// pion: pkg/protocol/handshake/cipher_suite.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls::pkg::protocol::handshake {

// pion: pkg/protocol/handshake/cipher_suite.go decodeCipherSuiteIDs
std::pair<std::vector<std::uint16_t>, go::error> decodeCipherSuiteIDs(std::span<const std::uint8_t> buf);

// pion: pkg/protocol/handshake/cipher_suite.go encodeCipherSuiteIDs
std::vector<std::uint8_t> encodeCipherSuiteIDs(std::span<const std::uint16_t> cipherSuiteIDs);

}  // namespace dtls::pkg::protocol::handshake
