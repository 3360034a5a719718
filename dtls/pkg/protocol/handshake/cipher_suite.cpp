// pion: pkg/protocol/handshake/cipher_suite.go
#include "dtls/pkg/protocol/handshake/cipher_suite.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/cipher_suite.go decodeCipherSuiteIDs
std::pair<std::vector<std::uint16_t>, go::error> decodeCipherSuiteIDs(std::span<const std::uint8_t> buf) {
  if (buf.size() < 2) {
    return {{}, errBufferTooSmall};
  }
  const std::size_t cipherSuitesCount = util::BigEndianUint16(buf) / 2;
  std::vector<std::uint16_t> rtrn(cipherSuitesCount);
  for (std::size_t i = 0; i < cipherSuitesCount; i++) {
    if (buf.size() < (i * 2 + 4)) {
      return {{}, errBufferTooSmall};
    }

    rtrn[i] = util::BigEndianUint16(buf.subspan((i * 2) + 2));
  }
  return {std::move(rtrn), nullptr};
}

// pion: pkg/protocol/handshake/cipher_suite.go encodeCipherSuiteIDs
std::vector<std::uint8_t> encodeCipherSuiteIDs(std::span<const std::uint16_t> cipherSuiteIDs) {
  std::vector<std::uint8_t> out{0x00, 0x00};
  util::PutBigEndianUint16(std::span(out).last(2), static_cast<std::uint16_t>(cipherSuiteIDs.size() * 2));
  for (auto id : cipherSuiteIDs) {
    out.insert(out.end(), {0x00, 0x00});
    util::PutBigEndianUint16(std::span(out).last(2), id);
  }
  return out;
}

}  // namespace dtls::pkg::protocol::handshake
