// pion: pkg/protocol/content.go
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "chan/error.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/content.go ContentType
// ContentType represents the IANA Registered ContentTypes
//
// https://tools.ietf.org/html/rfc4346#section-6.2.1
//
// An unscoped enum so that Pion's constant names (protocol::ContentTypeAlert, ...) stay verbatim at
// namespace scope. Inside classes that have the method ContentType(), write protocol::ContentType.
enum ContentType : std::uint8_t {
  // ContentType enums
  ContentTypeChangeCipherSpec = 20,
  ContentTypeAlert = 21,
  ContentTypeHandshake = 22,
  ContentTypeApplicationData = 23,
};

// pion: pkg/protocol/content.go Content
// Content is the top level distinguisher for a DTLS Datagram
//
// Marshal is not const: handshake.Handshake.Marshal updates its Header while encoding, as in Pion.
class Content {
 public:
  virtual ~Content() = default;
  virtual protocol::ContentType ContentType() const = 0;
  virtual std::pair<std::vector<std::uint8_t>, go::error> Marshal() = 0;
  virtual go::error Unmarshal(std::span<const std::uint8_t> data) = 0;
};

}  // namespace dtls::pkg::protocol
