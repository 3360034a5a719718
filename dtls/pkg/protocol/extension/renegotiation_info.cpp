// pion: pkg/protocol/extension/renegotiation_info.go
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;

// pion: pkg/protocol/extension/renegotiation_info.go RenegotiationInfo.TypeValue
extension::TypeValue RenegotiationInfo::TypeValue() const { return RenegotiationInfoTypeValue; }

// pion: pkg/protocol/extension/renegotiation_info.go RenegotiationInfo.Marshal
std::pair<std::vector<std::uint8_t>, go::error> RenegotiationInfo::Marshal() const {
  std::vector<std::uint8_t> out(renegotiationInfoHeaderSize);

  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(TypeValue()));
  util::PutBigEndianUint16(std::span(out).subspan(2), 1);  // length
  out[4] = RenegotiatedConnection;
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/extension/renegotiation_info.go RenegotiationInfo.Unmarshal
go::error RenegotiationInfo::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < renegotiationInfoHeaderSize) {
    return errBufferTooSmall;
  } else if (static_cast<extension::TypeValue>(util::BigEndianUint16(data)) != TypeValue()) {
    return errInvalidExtensionType;
  }

  RenegotiatedConnection = data[4];

  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
