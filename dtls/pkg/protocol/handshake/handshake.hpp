// pion: pkg/protocol/handshake/handshake.go
// Package handshake provides the DTLS wire protocol for handshakes
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/error.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/handshake/header.hpp"

namespace dtls::pkg::protocol::handshake {

// pion: pkg/protocol/handshake/handshake.go Type
// Type is the unique identifier for each handshake message
// https://tools.ietf.org/html/rfc5246#section-7.4
//
// An unscoped enum (declared opaquely in header.hpp) so Pion's constant names stay verbatim at
// namespace scope. Inside classes that have the method Type(), write handshake::Type.
enum Type : std::uint8_t {
  // Types of DTLS Handshake messages we know about
  TypeHelloRequest = 0,
  TypeClientHello = 1,
  TypeServerHello = 2,
  TypeHelloVerifyRequest = 3,
  TypeCertificate = 11,
  TypeServerKeyExchange = 12,
  TypeCertificateRequest = 13,
  TypeServerHelloDone = 14,
  TypeCertificateVerify = 15,
  TypeClientKeyExchange = 16,
  TypeFinished = 20,
};

// pion: pkg/protocol/handshake/handshake.go Type.String
// String returns the string representation of this type
std::string String(Type t);

// pion: pkg/protocol/handshake/handshake.go Message
// Message is the body of a Handshake datagram
//
// Marshal is const: no message mutates itself while encoding (Go's pointer receivers there only
// avoid copies).
class Message {
 public:
  virtual ~Message() = default;
  virtual std::pair<std::vector<std::uint8_t>, go::error> Marshal() const = 0;
  virtual go::error Unmarshal(std::span<const std::uint8_t> data) = 0;
  virtual handshake::Type Type() const = 0;
};

// pion: pkg/protocol/handshake/handshake.go Handshake
// Handshake protocol is responsible for selecting a cipher spec and
// generating a master secret, which together comprise the primary
// cryptographic parameters associated with a secure session.  The
// handshake protocol can also optionally authenticate parties who have
// certificates signed by a trusted certificate authority.
// https://tools.ietf.org/html/rfc5246#section-7.3
class Handshake : public protocol::Content {
 public:
  handshake::Header Header;
  std::shared_ptr<handshake::Message> Message;

  internal::ciphersuite::types::KeyExchangeAlgorithm KeyExchangeAlgorithm =
      internal::ciphersuite::types::KeyExchangeAlgorithmNone;

  Handshake() = default;
  Handshake(handshake::Header header, std::shared_ptr<handshake::Message> message,
            internal::ciphersuite::types::KeyExchangeAlgorithm keyExchangeAlgorithm =
                internal::ciphersuite::types::KeyExchangeAlgorithmNone)
      : Header(header), Message(std::move(message)), KeyExchangeAlgorithm(keyExchangeAlgorithm) {}

  // ContentType returns what kind of content this message is carying
  protocol::ContentType ContentType() const override;

  // Marshal encodes a handshake into a binary message
  std::pair<std::vector<std::uint8_t>, go::error> Marshal() override;

  // Unmarshal decodes a handshake from a binary message
  go::error Unmarshal(std::span<const std::uint8_t> data) override;
};

}  // namespace dtls::pkg::protocol::handshake
