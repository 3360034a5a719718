// pion: pkg/protocol/extension/use_srtp.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"
#include "dtls/pkg/protocol/extension/srtp_protection_profile.hpp"

namespace dtls::pkg::protocol::extension {

inline constexpr std::size_t useSRTPHeaderSize = 6;

// pion: pkg/protocol/extension/use_srtp.go UseSRTP
// UseSRTP allows a Client/Server to negotiate what SRTPProtectionProfiles
// they both support
//
// https://tools.ietf.org/html/rfc8422
class UseSRTP : public Extension {
 public:
  std::vector<SRTPProtectionProfile> ProtectionProfiles;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::extension
