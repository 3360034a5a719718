// pion: pkg/protocol/handshake/header.go
#include "dtls/pkg/protocol/handshake/header.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/header.go Header.Marshal
// Marshal encodes the Header
std::pair<std::vector<std::uint8_t>, go::error> Header::Marshal() const {
  std::vector<std::uint8_t> out(HeaderLength);
  std::span<std::uint8_t> o(out);

  out[0] = static_cast<std::uint8_t>(Type);
  util::PutBigEndianUint24(o.subspan(1), Length);
  util::PutBigEndianUint16(o.subspan(4), MessageSequence);
  util::PutBigEndianUint24(o.subspan(6), FragmentOffset);
  util::PutBigEndianUint24(o.subspan(9), FragmentLength);
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/header.go Header.Unmarshal
// Unmarshal populates the header from encoded data
go::error Header::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < HeaderLength) {
    return errBufferTooSmall;
  }

  Type = static_cast<handshake::Type>(data[0]);
  Length = util::BigEndianUint24(data.subspan(1));
  MessageSequence = util::BigEndianUint16(data.subspan(4));
  FragmentOffset = util::BigEndianUint24(data.subspan(6));
  FragmentLength = util::BigEndianUint24(data.subspan(9));
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
