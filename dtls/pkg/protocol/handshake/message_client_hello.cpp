// pion: pkg/protocol/handshake/message_client_hello.go
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"

#include <algorithm>

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/cipher_suite.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_client_hello.go MessageClientHello.Type
// Type returns the Handshake Type
handshake::Type MessageClientHello::Type() const { return TypeClientHello; }

// pion: pkg/protocol/handshake/message_client_hello.go MessageClientHello.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageClientHello::Marshal() const {
  if (Cookie.size() > 255) {
    return {{}, errCookieTooLong};
  }

  std::vector<std::uint8_t> out(handshakeMessageClientHelloVariableWidthStart);
  out[0] = Version.Major;
  out[1] = Version.Minor;

  const auto rand = Random.MarshalFixed();
  std::copy(rand.begin(), rand.end(), out.begin() + 2);

  out.push_back(static_cast<std::uint8_t>(SessionID.size()));
  out.insert(out.end(), SessionID.begin(), SessionID.end());

  out.push_back(static_cast<std::uint8_t>(Cookie.size()));
  out.insert(out.end(), Cookie.begin(), Cookie.end());
  const auto cipherSuites = encodeCipherSuiteIDs(CipherSuiteIDs);
  out.insert(out.end(), cipherSuites.begin(), cipherSuites.end());
  const auto compressionMethods = protocol::EncodeCompressionMethods(CompressionMethods);
  out.insert(out.end(), compressionMethods.begin(), compressionMethods.end());

  auto [extensions, err] = extension::Marshal(Extensions);
  if (err) {
    return {{}, err};
  }

  out.insert(out.end(), extensions.begin(), extensions.end());
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_client_hello.go MessageClientHello.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageClientHello::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < 2 + RandomLength) {
    return errBufferTooSmall;
  }

  Version.Major = data[0];
  Version.Minor = data[1];

  std::array<std::uint8_t, RandomLength> random{};
  std::copy_n(data.begin() + 2, RandomLength, random.begin());
  Random.UnmarshalFixed(random);

  // rest of packet has variable width sections
  std::size_t currOffset = handshakeMessageClientHelloVariableWidthStart;

  currOffset++;
  if (data.size() <= currOffset) {
    return errBufferTooSmall;
  }
  std::size_t n = data[currOffset - 1];
  if (data.size() <= currOffset + n) {
    return errBufferTooSmall;
  }
  SessionID.assign(data.begin() + currOffset, data.begin() + currOffset + n);
  currOffset += SessionID.size();

  currOffset++;
  if (data.size() <= currOffset) {
    return errBufferTooSmall;
  }
  n = data[currOffset - 1];
  if (data.size() <= currOffset + n) {
    return errBufferTooSmall;
  }
  Cookie.assign(data.begin() + currOffset, data.begin() + currOffset + n);
  currOffset += Cookie.size();

  // Cipher Suites
  if (data.size() < currOffset) {
    return errBufferTooSmall;
  }
  auto [cipherSuiteIDs, err] = decodeCipherSuiteIDs(data.subspan(currOffset));
  if (err) {
    return err;
  }
  CipherSuiteIDs = std::move(cipherSuiteIDs);
  if (data.size() < currOffset + 2) {
    return errBufferTooSmall;
  }
  currOffset += util::BigEndianUint16(data.subspan(currOffset)) + 2;

  // Compression Methods
  if (data.size() < currOffset) {
    return errBufferTooSmall;
  }
  auto [compressionMethods, cerr] = protocol::DecodeCompressionMethods(data.subspan(currOffset));
  if (cerr) {
    return cerr;
  }
  CompressionMethods = std::move(compressionMethods);
  // Go checks `len(data) < currOffset` here; DecodeCompressionMethods has already required a byte
  // at currOffset, so `<=` is equivalent and keeps the read below visibly in bounds.
  if (data.size() <= currOffset) {
    return errBufferTooSmall;
  }
  currOffset += data[currOffset] + 1;
  if (data.size() < currOffset) {  // guaranteed by DecodeCompressionMethods; Go would panic slicing
    return errBufferTooSmall;
  }

  // Extensions
  auto [extensions, eerr] = extension::Unmarshal(data.subspan(currOffset));
  if (eerr) {
    return eerr;
  }
  Extensions = std::move(extensions);
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
