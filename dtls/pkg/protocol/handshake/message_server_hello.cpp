// pion: pkg/protocol/handshake/message_server_hello.go
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"

#include <algorithm>

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_server_hello.go MessageServerHello.Type
// Type returns the Handshake Type
handshake::Type MessageServerHello::Type() const { return TypeServerHello; }

// pion: pkg/protocol/handshake/message_server_hello.go MessageServerHello.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageServerHello::Marshal() const {
  if (!CipherSuiteID) {
    return {{}, errCipherSuiteUnset};
  } else if (CompressionMethod == nullptr) {
    return {{}, errCompressionMethodUnset};
  }

  std::vector<std::uint8_t> out(messageServerHelloVariableWidthStart);
  out[0] = Version.Major;
  out[1] = Version.Minor;

  const auto rand = Random.MarshalFixed();
  std::copy(rand.begin(), rand.end(), out.begin() + 2);

  out.push_back(static_cast<std::uint8_t>(SessionID.size()));
  out.insert(out.end(), SessionID.begin(), SessionID.end());

  out.insert(out.end(), {0x00, 0x00});
  util::PutBigEndianUint16(std::span(out).last(2), *CipherSuiteID);

  out.push_back(static_cast<std::uint8_t>(CompressionMethod->ID));

  auto [extensions, err] = extension::Marshal(Extensions);
  if (err) {
    return {{}, err};
  }

  out.insert(out.end(), extensions.begin(), extensions.end());
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_server_hello.go MessageServerHello.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageServerHello::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < 2 + RandomLength) {
    return errBufferTooSmall;
  }

  Version.Major = data[0];
  Version.Minor = data[1];

  std::array<std::uint8_t, RandomLength> random{};
  std::copy_n(data.begin() + 2, RandomLength, random.begin());
  Random.UnmarshalFixed(random);

  std::size_t currOffset = messageServerHelloVariableWidthStart;
  currOffset++;
  if (data.size() <= currOffset) {
    return errBufferTooSmall;
  }

  const std::size_t n = data[currOffset - 1];
  if (data.size() <= currOffset + n) {
    return errBufferTooSmall;
  }
  SessionID.assign(data.begin() + currOffset, data.begin() + currOffset + n);
  currOffset += SessionID.size();

  if (data.size() < currOffset + 2) {
    return errBufferTooSmall;
  }
  CipherSuiteID = util::BigEndianUint16(data.subspan(currOffset));
  currOffset += 2;

  if (data.size() <= currOffset) {
    return errBufferTooSmall;
  }
  const auto compressionMethods = protocol::CompressionMethods();
  if (auto it = compressionMethods.find(static_cast<protocol::CompressionMethodID>(data[currOffset]));
      it != compressionMethods.end()) {
    CompressionMethod = it->second;
    currOffset++;
  } else {
    return errInvalidCompressionMethod;
  }

  if (data.size() <= currOffset) {
    Extensions = {};
    return nullptr;
  }

  auto [extensions, err] = extension::Unmarshal(data.subspan(currOffset));
  if (err) {
    return err;
  }
  Extensions = std::move(extensions);
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
