// pion: srtp_protection_profile.go
#pragma once

#include "dtls/pkg/protocol/extension/srtp_protection_profile.hpp"

namespace dtls {

// SRTPProtectionProfile defines the parameters and options that are in effect for the SRTP processing
// https://tools.ietf.org/html/rfc5764#section-4.1.2
using SRTPProtectionProfile = pkg::protocol::extension::SRTPProtectionProfile;

inline constexpr SRTPProtectionProfile SRTP_AES128_CM_HMAC_SHA1_80 = pkg::protocol::extension::SRTP_AES128_CM_HMAC_SHA1_80;
inline constexpr SRTPProtectionProfile SRTP_AES128_CM_HMAC_SHA1_32 = pkg::protocol::extension::SRTP_AES128_CM_HMAC_SHA1_32;
inline constexpr SRTPProtectionProfile SRTP_AEAD_AES_128_GCM = pkg::protocol::extension::SRTP_AEAD_AES_128_GCM;
inline constexpr SRTPProtectionProfile SRTP_AEAD_AES_256_GCM = pkg::protocol::extension::SRTP_AEAD_AES_256_GCM;

}  // namespace dtls
