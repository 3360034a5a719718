// pion: compression_method.go
#pragma once

#include <memory>
#include <vector>

#include "dtls/pkg/protocol/compression_method.hpp"

namespace dtls {

// pion: compression_method.go defaultCompressionMethods
inline std::vector<std::shared_ptr<pkg::protocol::CompressionMethod>> defaultCompressionMethods() {
  return {std::make_shared<pkg::protocol::CompressionMethod>()};
}

}  // namespace dtls
