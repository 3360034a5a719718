// pion: pkg/protocol/extension/supported_signature_algorithms.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"

namespace dtls::pkg::protocol::extension {

inline constexpr std::size_t supportedSignatureAlgorithmsHeaderSize = 6;

// pion: pkg/protocol/extension/supported_signature_algorithms.go SupportedSignatureAlgorithms
// SupportedSignatureAlgorithms allows a Client/Server to
// negotiate what SignatureHash Algorithms they both support
//
// https://tools.ietf.org/html/rfc5246#section-7.4.1.4.1
class SupportedSignatureAlgorithms : public Extension {
 public:
  std::vector<crypto::signaturehash::Algorithm> SignatureHashAlgorithms;

  // TypeValue returns the extension TypeValue
  extension::TypeValue TypeValue() const override;
  // Marshal encodes the extension
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;
  // Unmarshal populates the extension from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::extension
