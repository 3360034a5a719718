// pion: pkg/protocol/extension/extension.go
// Package extension implements the extension values in the ClientHello/ServerHello
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls::pkg::protocol::extension {

// pion: pkg/protocol/extension/extension.go TypeValue
// TypeValue is the 2 byte value for a TLS Extension as registered in the IANA
//
// https://www.iana.org/assignments/tls-extensiontype-values/tls-extensiontype-values.xhtml
//
// Inside classes with the method TypeValue(), write extension::TypeValue for the type.
enum TypeValue : std::uint16_t {
  // TypeValue constants
  ServerNameTypeValue = 0,
  SupportedEllipticCurvesTypeValue = 10,
  SupportedPointFormatsTypeValue = 11,
  SupportedSignatureAlgorithmsTypeValue = 13,
  UseSRTPTypeValue = 14,
  ALPNTypeValue = 16,
  UseExtendedMasterSecretTypeValue = 23,
  RenegotiationInfoTypeValue = 65281,
};

// pion: pkg/protocol/extension/extension.go Extension
// Extension represents a single TLS extension
class Extension {
 public:
  virtual ~Extension() = default;
  virtual std::pair<std::vector<std::uint8_t>, go::error> Marshal() const = 0;
  virtual go::error Unmarshal(std::span<const std::uint8_t> data) = 0;
  virtual extension::TypeValue TypeValue() const = 0;
};

// pion: pkg/protocol/extension/extension.go Unmarshal
// Unmarshal many extensions at once
std::pair<std::vector<std::shared_ptr<Extension>>, go::error> Unmarshal(std::span<const std::uint8_t> buf);

// pion: pkg/protocol/extension/extension.go Marshal
// Marshal many extensions at once
std::pair<std::vector<std::uint8_t>, go::error> Marshal(const std::vector<std::shared_ptr<Extension>>& e);

}  // namespace dtls::pkg::protocol::extension
