// pion: pkg/protocol/handshake/message_certificate_verify.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

// MessageCertificateVerify provide explicit verification of a
// client certificate.
//
// https://tools.ietf.org/html/rfc5246#section-7.4.8
struct MessageCertificateVerify : Message {
  crypto::hash::Algorithm HashAlgorithm{};
  crypto::signature::Algorithm SignatureAlgorithm{};
  std::vector<std::uint8_t> Signature;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

inline constexpr int handshakeMessageCertificateVerifyMinLength = 4;

}  // namespace dtls::pkg::protocol::handshake
