// pion: pkg/protocol/extension/server_name.go
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"

namespace dtls::pkg::protocol::extension {

inline constexpr std::uint8_t serverNameTypeDNSHostName = 0;

// pion: pkg/protocol/extension/server_name.go ServerName
// ServerName allows the client to inform the server the specific
// name it wishes to contact. Useful if multiple DNS names resolve
// to one IP
//
// https://tools.ietf.org/html/rfc6066#section-3
//
// The data member keeps Pion's name ServerName (legal C++: the class declares no constructor).
// Inside member functions ServerName is the field; outside it is the class.
class ServerName : public Extension {
 public:
  std::string ServerName;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::extension
