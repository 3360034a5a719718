// pion: pkg/protocol/extension/srtp_protection_profile.go
#pragma once

#include <cstdint>
#include <map>

namespace dtls::pkg::protocol::extension {

// pion: pkg/protocol/extension/srtp_protection_profile.go SRTPProtectionProfile
// SRTPProtectionProfile defines the parameters and options that are in effect for the SRTP processing
// https://tools.ietf.org/html/rfc5764#section-4.1.2
enum SRTPProtectionProfile : std::uint16_t {
  SRTP_AES128_CM_HMAC_SHA1_80 = 0x0001,  // nolint
  SRTP_AES128_CM_HMAC_SHA1_32 = 0x0002,  // nolint
  SRTP_AEAD_AES_128_GCM = 0x0007,        // nolint
  SRTP_AEAD_AES_256_GCM = 0x0008,        // nolint
};

// pion: pkg/protocol/extension/srtp_protection_profile.go srtpProtectionProfiles
inline std::map<SRTPProtectionProfile, bool> srtpProtectionProfiles() {
  return std::map<SRTPProtectionProfile, bool>{
      {SRTP_AES128_CM_HMAC_SHA1_80, true},
      {SRTP_AES128_CM_HMAC_SHA1_32, true},
      {SRTP_AEAD_AES_128_GCM, true},
      {SRTP_AEAD_AES_256_GCM, true},
  };
}

}  // namespace dtls::pkg::protocol::extension
