// pion: internal/util/util.go
#include "dtls/internal/util/util.hpp"

namespace dtls::internal::util {

// pion: internal/util/util.go BigEndianUint24
std::uint32_t BigEndianUint24(std::span<const std::uint8_t> raw) {
  if (raw.size() < 3) return 0;
  return (std::uint32_t{raw[0]} << 16) | (std::uint32_t{raw[1]} << 8) | raw[2];
}

// pion: internal/util/util.go PutBigEndianUint24
void PutBigEndianUint24(std::span<std::uint8_t> out, std::uint32_t in) {
  // Go copies min(len(out), 3) bytes of the low 24 bits.
  const std::uint8_t tmp[3] = {static_cast<std::uint8_t>(in >> 16), static_cast<std::uint8_t>(in >> 8),
                               static_cast<std::uint8_t>(in)};
  for (std::size_t i = 0; i < out.size() && i < 3; ++i) out[i] = tmp[i];
}

// pion: internal/util/util.go PutBigEndianUint48
void PutBigEndianUint48(std::span<std::uint8_t> out, std::uint64_t in) {
  std::uint8_t tmp[6];
  for (int i = 0; i < 6; ++i) tmp[i] = static_cast<std::uint8_t>(in >> (40 - 8 * i));
  for (std::size_t i = 0; i < out.size() && i < 6; ++i) out[i] = tmp[i];
}

}  // namespace dtls::internal::util
