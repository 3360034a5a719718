// pion: pkg/protocol/recordlayer/header.go
#include "dtls/pkg/protocol/recordlayer/header.hpp"

#include <array>

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace dtls::pkg::protocol::recordlayer {

namespace util = dtls::internal::util;

// pion: pkg/protocol/recordlayer/header.go Header.Marshal
std::pair<std::vector<std::uint8_t>, go::error> Header::Marshal() const {
  if (SequenceNumber > MaxSequenceNumber) {
    return {{}, errSequenceNumberOverflow};
  }

  std::vector<std::uint8_t> out(HeaderSize);
  out[0] = static_cast<std::uint8_t>(ContentType);
  out[1] = Version.Major;
  out[2] = Version.Minor;
  util::PutBigEndianUint16(std::span(out).subspan(3), Epoch);
  util::PutBigEndianUint48(std::span(out).subspan(5), SequenceNumber);
  util::PutBigEndianUint16(std::span(out).subspan(HeaderSize - 2), ContentLen);
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/recordlayer/header.go Header.Unmarshal
go::error Header::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < HeaderSize) {
    return errBufferTooSmall;
  }
  ContentType = static_cast<protocol::ContentType>(data[0]);
  Version.Major = data[1];
  Version.Minor = data[2];
  Epoch = util::BigEndianUint16(data.subspan(3));

  // SequenceNumber is stored as uint48, make into uint64
  std::array<std::uint8_t, 8> seqCopy{};
  std::copy(data.begin() + 5, data.begin() + 11, seqCopy.begin() + 2);
  SequenceNumber = util::BigEndianUint64(seqCopy);

  if (!Version.Equal(protocol::Version1_0) && !Version.Equal(protocol::Version1_2)) {
    return errUnsupportedProtocolVersion;
  }

  return nullptr;
}

}  // namespace dtls::pkg::protocol::recordlayer
