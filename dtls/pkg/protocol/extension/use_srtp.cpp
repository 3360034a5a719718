// pion: pkg/protocol/extension/use_srtp.go
#include "dtls/pkg/protocol/extension/use_srtp.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;

// pion: pkg/protocol/extension/use_srtp.go UseSRTP.TypeValue
extension::TypeValue UseSRTP::TypeValue() const { return UseSRTPTypeValue; }

// pion: pkg/protocol/extension/use_srtp.go UseSRTP.Marshal
std::pair<std::vector<std::uint8_t>, go::error> UseSRTP::Marshal() const {
  std::vector<std::uint8_t> out(useSRTPHeaderSize);

  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(TypeValue()));
  util::PutBigEndianUint16(std::span(out).subspan(2),
                           static_cast<std::uint16_t>(2 + (ProtectionProfiles.size() * 2) + /* MKI Length */ 1));
  util::PutBigEndianUint16(std::span(out).subspan(4), static_cast<std::uint16_t>(ProtectionProfiles.size() * 2));

  for (auto v : ProtectionProfiles) {
    out.insert(out.end(), {0x00, 0x00});
    util::PutBigEndianUint16(std::span(out).subspan(out.size() - 2), static_cast<std::uint16_t>(v));
  }

  out.push_back(0x00); /* MKI Length */
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/extension/use_srtp.go UseSRTP.Unmarshal
go::error UseSRTP::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() <= useSRTPHeaderSize) {
    return errBufferTooSmall;
  } else if (static_cast<extension::TypeValue>(util::BigEndianUint16(data)) != TypeValue()) {
    return errInvalidExtensionType;
  }

  std::size_t profileCount = util::BigEndianUint16(data.subspan(4)) / 2;
  if (supportedGroupsHeaderSize + (profileCount * 2) > data.size()) {
    return errLengthMismatch;
  }

  for (std::size_t i = 0; i < profileCount; i++) {
    auto supportedProfile =
        static_cast<SRTPProtectionProfile>(util::BigEndianUint16(data.subspan(useSRTPHeaderSize + (i * 2))));
    auto profiles = srtpProtectionProfiles();
    if (profiles.find(supportedProfile) != profiles.end()) {
      ProtectionProfiles.push_back(supportedProfile);
    }
  }
  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
