// pion: pkg/protocol/extension/supported_elliptic_curves.go
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;
namespace elliptic = dtls::pkg::crypto::elliptic;

// pion: pkg/protocol/extension/supported_elliptic_curves.go SupportedEllipticCurves.TypeValue
extension::TypeValue SupportedEllipticCurves::TypeValue() const { return SupportedEllipticCurvesTypeValue; }

// pion: pkg/protocol/extension/supported_elliptic_curves.go SupportedEllipticCurves.Marshal
std::pair<std::vector<std::uint8_t>, go::error> SupportedEllipticCurves::Marshal() const {
  std::vector<std::uint8_t> out(supportedGroupsHeaderSize);

  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(TypeValue()));
  util::PutBigEndianUint16(std::span(out).subspan(2), static_cast<std::uint16_t>(2 + (EllipticCurves.size() * 2)));
  util::PutBigEndianUint16(std::span(out).subspan(4), static_cast<std::uint16_t>(EllipticCurves.size() * 2));

  for (auto v : EllipticCurves) {
    out.insert(out.end(), {0x00, 0x00});
    util::PutBigEndianUint16(std::span(out).subspan(out.size() - 2), static_cast<std::uint16_t>(v));
  }

  return {std::move(out), nullptr};
}

// pion: pkg/protocol/extension/supported_elliptic_curves.go SupportedEllipticCurves.Unmarshal
go::error SupportedEllipticCurves::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() <= supportedGroupsHeaderSize) {
    return errBufferTooSmall;
  } else if (static_cast<extension::TypeValue>(util::BigEndianUint16(data)) != TypeValue()) {
    return errInvalidExtensionType;
  }

  std::size_t groupCount = util::BigEndianUint16(data.subspan(4)) / 2;
  if (supportedGroupsHeaderSize + (groupCount * 2) > data.size()) {
    return errLengthMismatch;
  }

  for (std::size_t i = 0; i < groupCount; i++) {
    auto supportedGroupID =
        static_cast<elliptic::Curve>(util::BigEndianUint16(data.subspan(supportedGroupsHeaderSize + (i * 2))));
    auto curves = elliptic::Curves();
    if (curves.find(supportedGroupID) != curves.end()) {
      EllipticCurves.push_back(supportedGroupID);
    }
  }
  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
