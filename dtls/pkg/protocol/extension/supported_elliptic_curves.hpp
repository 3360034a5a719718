// pion: pkg/protocol/extension/supported_elliptic_curves.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"

namespace dtls::pkg::protocol::extension {

inline constexpr std::size_t supportedGroupsHeaderSize = 6;

// pion: pkg/protocol/extension/supported_elliptic_curves.go SupportedEllipticCurves
// SupportedEllipticCurves allows a Client/Server to communicate
// what curves they both support
//
// https://tools.ietf.org/html/rfc8422#section-5.1.1
class SupportedEllipticCurves : public Extension {
 public:
  std::vector<crypto::elliptic::Curve> EllipticCurves;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::extension
