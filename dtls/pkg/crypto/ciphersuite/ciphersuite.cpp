// pion: pkg/crypto/ciphersuite/ciphersuite.go
#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"

#include <array>

#include "dtls/internal/util/util.hpp"

namespace dtls::pkg::crypto::ciphersuite {

namespace util = dtls::internal::util;

// pion: pkg/crypto/ciphersuite/ciphersuite.go generateAEADAdditionalData
std::array<std::uint8_t, 13> generateAEADAdditionalData(const protocol::recordlayer::Header& h, int payloadLen) {
  std::array<std::uint8_t, 13> additionalData{};
  // SequenceNumber MUST be set first
  // we only want uint48, clobbering an extra 2 (using uint64, Golang doesn't have uint48)
  util::PutBigEndianUint64(additionalData, h.SequenceNumber);
  util::PutBigEndianUint16(additionalData, h.Epoch);
  additionalData[8] = static_cast<std::uint8_t>(h.ContentType);
  additionalData[9] = h.Version.Major;
  additionalData[10] = h.Version.Minor;
  util::PutBigEndianUint16(std::span<std::uint8_t>(additionalData).subspan(additionalData.size() - 2),
                           static_cast<std::uint16_t>(payloadLen));

  return additionalData;
}

// pion: pkg/crypto/ciphersuite/ciphersuite.go examinePadding
std::pair<int, std::uint8_t> examinePadding(std::span<const std::uint8_t> payload) {
  if (payload.size() < 1) {
    return {0, 0};
  }

  const std::uint8_t paddingLen = payload[payload.size() - 1];
  const std::uint64_t t = static_cast<std::uint64_t>(payload.size() - 1) - static_cast<std::uint64_t>(paddingLen);
  // if len(payload) >= (paddingLen - 1) then the MSB of t is zero
  // (Go: byte(int32(^t) >> 31); the conversion to int32 keeps the low 32 bits.)
  std::uint8_t good = static_cast<std::uint8_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(~t)) >> 31);

  // The maximum possible padding length plus the actual length field
  std::size_t toCheck = 256;
  // The length of the padded data is public, so we can use an if here
  if (toCheck > payload.size()) {
    toCheck = payload.size();
  }

  for (std::size_t i = 0; i < toCheck; i++) {
    const std::uint64_t ti = static_cast<std::uint64_t>(paddingLen) - static_cast<std::uint64_t>(i);
    // if i <= paddingLen then the MSB of t is zero
    const std::uint8_t mask =
        static_cast<std::uint8_t>(static_cast<std::int32_t>(static_cast<std::uint32_t>(~ti)) >> 31);
    const std::uint8_t b = payload[payload.size() - 1 - i];
    // Go: good &^= mask&paddingLen ^ mask&b
    good = static_cast<std::uint8_t>(good & ~((mask & paddingLen) ^ (mask & b)));
  }

  // We AND together the bits of good and replicate the result across
  // all the bits.
  good = static_cast<std::uint8_t>(good & (good << 4));
  good = static_cast<std::uint8_t>(good & (good << 2));
  good = static_cast<std::uint8_t>(good & (good << 1));
  good = static_cast<std::uint8_t>(static_cast<std::int8_t>(good) >> 7);

  const int toRemove = static_cast<int>(paddingLen) + 1;

  return {toRemove, good};
}

}  // namespace dtls::pkg::crypto::ciphersuite
