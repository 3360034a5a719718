// pion: pkg/protocol/recordlayer/recordlayer.go
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace dtls::pkg::protocol::recordlayer {

namespace util = dtls::internal::util;
namespace alert = dtls::pkg::protocol::alert;
namespace handshake = dtls::pkg::protocol::handshake;

// pion: pkg/protocol/recordlayer/recordlayer.go RecordLayer.Marshal
std::pair<std::vector<std::uint8_t>, go::error> RecordLayer::Marshal() {
  // port: Go would panic on a nil Content (nil interface method call); a null Content returns
  // errInvalidContentType instead of crashing.
  if (!Content) {
    return {{}, errInvalidContentType};
  }
  auto [contentRaw, err] = Content->Marshal();
  if (err) {
    return {{}, err};
  }

  Header.ContentLen = static_cast<std::uint16_t>(contentRaw.size());
  Header.ContentType = Content->ContentType();

  auto [headerRaw, herr] = Header.Marshal();
  if (herr) {
    return {{}, herr};
  }

  headerRaw.insert(headerRaw.end(), contentRaw.begin(), contentRaw.end());
  return {std::move(headerRaw), nullptr};
}

// pion: pkg/protocol/recordlayer/recordlayer.go RecordLayer.Unmarshal
go::error RecordLayer::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < HeaderSize) {
    return errBufferTooSmall;
  }
  if (auto err = Header.Unmarshal(data)) {
    return err;
  }

  switch (static_cast<protocol::ContentType>(data[0])) {
    case protocol::ContentTypeChangeCipherSpec:
      Content = std::make_shared<protocol::ChangeCipherSpec>();
      break;
    case protocol::ContentTypeAlert:
      Content = std::make_shared<alert::Alert>();
      break;
    case protocol::ContentTypeHandshake:
      Content = std::make_shared<handshake::Handshake>();
      break;
    case protocol::ContentTypeApplicationData:
      Content = std::make_shared<protocol::ApplicationData>();
      break;
    default:
      return errInvalidContentType;
  }

  return Content->Unmarshal(data.subspan(HeaderSize));
}

// pion: pkg/protocol/recordlayer/recordlayer.go UnpackDatagram
std::pair<std::vector<std::vector<std::uint8_t>>, go::error> UnpackDatagram(std::span<const std::uint8_t> buf) {
  std::vector<std::vector<std::uint8_t>> out;
  for (std::size_t offset = 0; buf.size() != offset;) {
    if (buf.size() - offset <= HeaderSize) {
      return {{}, errInvalidPacketLength};
    }

    std::size_t pktLen = (HeaderSize + static_cast<std::size_t>(util::BigEndianUint16(buf.subspan(offset + 11))));
    if (offset + pktLen > buf.size()) {
      return {{}, errInvalidPacketLength};
    }

    out.emplace_back(buf.begin() + static_cast<std::ptrdiff_t>(offset),
                     buf.begin() + static_cast<std::ptrdiff_t>(offset + pktLen));
    offset += pktLen;
  }
  return {std::move(out), nullptr};
}

}  // namespace dtls::pkg::protocol::recordlayer
