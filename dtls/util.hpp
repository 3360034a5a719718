// pion: util.go
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "dtls/cipher_suite.hpp"
#include "dtls/srtp_protection_profile.hpp"

namespace dtls {

// pion: util.go findMatchingSRTPProfile
std::pair<SRTPProtectionProfile, bool> findMatchingSRTPProfile(std::span<const SRTPProtectionProfile> a,
                                                               std::span<const SRTPProtectionProfile> b);

// pion: util.go findMatchingCipherSuite
std::pair<std::shared_ptr<CipherSuite>, bool> findMatchingCipherSuite(
    const std::vector<std::shared_ptr<CipherSuite>>& a, const std::vector<std::shared_ptr<CipherSuite>>& b);

// pion: util.go splitBytes
std::vector<std::vector<std::uint8_t>> splitBytes(std::span<const std::uint8_t> bytes, int splitLen);

}  // namespace dtls
