// pion: pkg/protocol/extension/alpn.go
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"

namespace dtls::pkg::protocol::extension {

// pion: pkg/protocol/extension/alpn.go ALPN
// ALPN is a TLS extension for application-layer protocol negotiation within
// the TLS handshake.
//
// https://tools.ietf.org/html/rfc7301
class ALPN : public Extension {
 public:
  std::vector<std::string> ProtocolNameList;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

// pion: pkg/protocol/extension/alpn.go ALPNProtocolSelection
// ALPNProtocolSelection negotiates a shared protocol according to #3.2 of rfc7301
std::pair<std::string, go::error> ALPNProtocolSelection(const std::vector<std::string>& supportedProtocols,
                                                        const std::vector<std::string>& peerSupportedProtocols);

}  // namespace dtls::pkg::protocol::extension
