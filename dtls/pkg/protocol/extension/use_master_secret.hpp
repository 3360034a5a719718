// pion: pkg/protocol/extension/use_master_secret.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"

namespace dtls::pkg::protocol::extension {

inline constexpr std::size_t useExtendedMasterSecretHeaderSize = 4;

// pion: pkg/protocol/extension/use_master_secret.go UseExtendedMasterSecret
// UseExtendedMasterSecret defines a TLS extension that contextually binds the
// master secret to a log of the full handshake that computes it, thus
// preventing MITM attacks.
class UseExtendedMasterSecret : public Extension {
 public:
  bool Supported = false;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::extension
