// pion: pkg/protocol/extension/supported_point_formats.go
#include "dtls/pkg/protocol/extension/supported_point_formats.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;
namespace elliptic = dtls::pkg::crypto::elliptic;

// pion: pkg/protocol/extension/supported_point_formats.go SupportedPointFormats.TypeValue
extension::TypeValue SupportedPointFormats::TypeValue() const { return SupportedPointFormatsTypeValue; }

// pion: pkg/protocol/extension/supported_point_formats.go SupportedPointFormats.Marshal
std::pair<std::vector<std::uint8_t>, go::error> SupportedPointFormats::Marshal() const {
  std::vector<std::uint8_t> out(supportedPointFormatsSize);

  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(TypeValue()));
  util::PutBigEndianUint16(std::span(out).subspan(2), static_cast<std::uint16_t>(1 + (PointFormats.size())));
  out[4] = static_cast<std::uint8_t>(PointFormats.size());

  for (auto v : PointFormats) {
    out.push_back(static_cast<std::uint8_t>(v));
  }
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/extension/supported_point_formats.go SupportedPointFormats.Unmarshal
//
// As in Pion, the count is read as a uint16 from data[4:6] (the format-list length byte and the first
// format) and bounded with supportedGroupsHeaderSize; kept verbatim, every read stays in bounds.
go::error SupportedPointFormats::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() <= supportedPointFormatsSize) {
    return errBufferTooSmall;
  } else if (static_cast<extension::TypeValue>(util::BigEndianUint16(data)) != TypeValue()) {
    return errInvalidExtensionType;
  }

  std::size_t pointFormatCount = util::BigEndianUint16(data.subspan(4));
  if (supportedGroupsHeaderSize + (pointFormatCount) > data.size()) {
    return errLengthMismatch;
  }

  for (std::size_t i = 0; i < pointFormatCount; i++) {
    auto p = static_cast<elliptic::CurvePointFormat>(data[supportedPointFormatsSize + i]);
    switch (p) {
      case elliptic::CurvePointFormatUncompressed:
        PointFormats.push_back(p);
        break;
      default:
        break;
    }
  }
  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
