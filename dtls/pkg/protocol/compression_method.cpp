// pion: pkg/protocol/compression_method.go
#include "dtls/pkg/protocol/compression_method.hpp"

#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/compression_method.go CompressionMethods
std::map<CompressionMethodID, std::shared_ptr<CompressionMethod>> CompressionMethods() {
  return {
      {compressionMethodNull, std::make_shared<CompressionMethod>(CompressionMethod{compressionMethodNull})},
  };
}

// pion: pkg/protocol/compression_method.go DecodeCompressionMethods
std::pair<std::vector<std::shared_ptr<CompressionMethod>>, go::error> DecodeCompressionMethods(
    std::span<const std::uint8_t> buf) {
  if (buf.size() < 1) {
    return {{}, errBufferTooSmall};
  }
  int compressionMethodsCount = static_cast<int>(buf[0]);
  std::vector<std::shared_ptr<CompressionMethod>> c;
  for (int i = 0; i < compressionMethodsCount; i++) {
    if (buf.size() <= static_cast<std::size_t>(i + 1)) {
      return {{}, errBufferTooSmall};
    }
    auto id = static_cast<CompressionMethodID>(buf[i + 1]);
    auto methods = CompressionMethods();
    if (auto it = methods.find(id); it != methods.end()) {
      c.push_back(it->second);
    }
  }
  return {std::move(c), nullptr};
}

// pion: pkg/protocol/compression_method.go EncodeCompressionMethods
std::vector<std::uint8_t> EncodeCompressionMethods(const std::vector<std::shared_ptr<CompressionMethod>>& c) {
  std::vector<std::uint8_t> out{static_cast<std::uint8_t>(c.size())};
  for (std::size_t i = c.size(); i > 0; i--) {
    out.push_back(static_cast<std::uint8_t>(c[i - 1]->ID));
  }
  return out;
}

}  // namespace dtls::pkg::protocol
