// pion: pkg/protocol/compression_method.go
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/compression_method.go CompressionMethodID
// CompressionMethodID is the ID for a CompressionMethod
using CompressionMethodID = std::uint8_t;

inline constexpr CompressionMethodID compressionMethodNull = 0;

// pion: pkg/protocol/compression_method.go CompressionMethod
// CompressionMethod represents a TLS Compression Method
struct CompressionMethod {
  CompressionMethodID ID = 0;

  // Go's struct comparison (==).
  bool operator==(const CompressionMethod&) const = default;
};

// pion: pkg/protocol/compression_method.go CompressionMethods
// CompressionMethods returns all supported CompressionMethods
std::map<CompressionMethodID, std::shared_ptr<CompressionMethod>> CompressionMethods();

// pion: pkg/protocol/compression_method.go DecodeCompressionMethods
// DecodeCompressionMethods the given compression methods
std::pair<std::vector<std::shared_ptr<CompressionMethod>>, go::error> DecodeCompressionMethods(
    std::span<const std::uint8_t> buf);

// pion: pkg/protocol/compression_method.go EncodeCompressionMethods
// EncodeCompressionMethods the given compression methods
std::vector<std::uint8_t> EncodeCompressionMethods(const std::vector<std::shared_ptr<CompressionMethod>>& c);

}  // namespace dtls::pkg::protocol
