// pion: pkg/protocol/handshake/message_certificate_request.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"

namespace dtls::pkg::protocol::handshake {

/*
MessageCertificateRequest is so a non-anonymous server can optionally
request a certificate from the client, if appropriate for the selected cipher
suite.  This message, if sent, will immediately follow the ServerKeyExchange
message (if it is sent; otherwise, this message follows the
server's Certificate message).

https://tools.ietf.org/html/rfc5246#section-7.4.4
*/
struct MessageCertificateRequest : Message {
  std::vector<crypto::clientcertificate::Type> CertificateTypes;
  std::vector<crypto::signaturehash::Algorithm> SignatureHashAlgorithms;
  std::vector<std::vector<std::uint8_t>> CertificateAuthoritiesNames;

  // Type returns the Handshake Type
  handshake::Type Type() const override;

  // Marshal encodes the Handshake
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() const override;

  // Unmarshal populates the message from encoded data
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

inline constexpr int messageCertificateRequestMinLength = 5;

}  // namespace dtls::pkg::protocol::handshake
