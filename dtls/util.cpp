// pion: util.go
#include "dtls/util.hpp"

#include <algorithm>

namespace dtls {

// pion: util.go findMatchingSRTPProfile
std::pair<SRTPProtectionProfile, bool> findMatchingSRTPProfile(std::span<const SRTPProtectionProfile> a,
                                                               std::span<const SRTPProtectionProfile> b) {
  for (const auto& aProfile : a) {
    for (const auto& bProfile : b) {
      if (aProfile == bProfile) {
        return {aProfile, true};
      }
    }
  }
  return {SRTPProtectionProfile{}, false};
}

// pion: util.go findMatchingCipherSuite
std::pair<std::shared_ptr<CipherSuite>, bool> findMatchingCipherSuite(
    const std::vector<std::shared_ptr<CipherSuite>>& a, const std::vector<std::shared_ptr<CipherSuite>>& b) {
  for (const auto& aSuite : a) {
    for (const auto& bSuite : b) {
      // (a nil interface in Go would panic on .ID(); a null entry is skipped here)
      if (!aSuite || !bSuite) continue;
      if (aSuite->ID() == bSuite->ID()) {
        return {aSuite, true};
      }
    }
  }
  return {nullptr, false};
}

// pion: util.go splitBytes
std::vector<std::vector<std::uint8_t>> splitBytes(std::span<const std::uint8_t> bytes, int splitLen) {
  std::vector<std::vector<std::uint8_t>> splitBytes;
  const std::size_t numBytes = bytes.size();
  // Go loops forever on splitLen <= 0 (i += 0) or panics on a negative slice bound; the port
  // returns the input as one chunk (or nothing for empty input) instead.
  if (splitLen <= 0) {
    if (numBytes > 0) splitBytes.emplace_back(bytes.begin(), bytes.end());
    return splitBytes;
  }
  const auto step = static_cast<std::size_t>(splitLen);
  for (std::size_t i = 0; i < numBytes; i += step) {
    std::size_t j = i + step;
    if (j > numBytes) {
      j = numBytes;
    }

    splitBytes.emplace_back(bytes.begin() + static_cast<std::ptrdiff_t>(i), bytes.begin() + static_cast<std::ptrdiff_t>(j));
  }

  return splitBytes;
}

}  // namespace dtls
