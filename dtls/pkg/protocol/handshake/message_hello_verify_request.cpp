// pion: pkg/protocol/handshake/message_hello_verify_request.go
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"

#include <algorithm>

#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

// pion: pkg/protocol/handshake/message_hello_verify_request.go MessageHelloVerifyRequest.Type
// Type returns the Handshake Type
handshake::Type MessageHelloVerifyRequest::Type() const { return TypeHelloVerifyRequest; }

// pion: pkg/protocol/handshake/message_hello_verify_request.go MessageHelloVerifyRequest.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageHelloVerifyRequest::Marshal() const {
  if (Cookie.size() > 255) {
    return {{}, errCookieTooLong};
  }

  std::vector<std::uint8_t> out(3 + Cookie.size());
  out[0] = Version.Major;
  out[1] = Version.Minor;
  out[2] = static_cast<std::uint8_t>(Cookie.size());
  std::copy(Cookie.begin(), Cookie.end(), out.begin() + 3);

  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_hello_verify_request.go MessageHelloVerifyRequest.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageHelloVerifyRequest::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < 3) {
    return errBufferTooSmall;
  }
  Version.Major = data[0];
  Version.Minor = data[1];
  const std::size_t cookieLength = data[2];
  if (data.size() < cookieLength + 3) {
    return errBufferTooSmall;
  }
  Cookie.assign(data.begin() + 3, data.begin() + 3 + cookieLength);
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
