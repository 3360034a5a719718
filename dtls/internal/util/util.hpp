// pion: internal/util/util.go
// Package util contains small helpers used across the repo
#pragma once

#include <cstdint>
#include <span>

namespace dtls::internal::util {

// pion: internal/util/util.go BigEndianUint24
// BigEndianUint24 returns the value of a big endian uint24
std::uint32_t BigEndianUint24(std::span<const std::uint8_t> raw);

// pion: internal/util/util.go PutBigEndianUint24
// PutBigEndianUint24 encodes a uint24 and places into out
void PutBigEndianUint24(std::span<std::uint8_t> out, std::uint32_t in);

// pion: internal/util/util.go PutBigEndianUint48
// PutBigEndianUint48 encodes a uint64 and places into out
void PutBigEndianUint48(std::span<std::uint8_t> out, std::uint64_t in);

// pion: internal/util/util.go Max
// Max returns the larger value
inline int Max(int a, int b) { return a > b ? a : b; }

// encoding/binary.BigEndian helpers, bounds-checked by the caller as in Go.
inline std::uint16_t BigEndianUint16(std::span<const std::uint8_t> b) {
  return static_cast<std::uint16_t>((b[0] << 8) | b[1]);
}
inline std::uint32_t BigEndianUint32(std::span<const std::uint8_t> b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}
inline std::uint64_t BigEndianUint64(std::span<const std::uint8_t> b) {
  return (std::uint64_t{BigEndianUint32(b)} << 32) | BigEndianUint32(b.subspan(4));
}
inline void PutBigEndianUint16(std::span<std::uint8_t> b, std::uint16_t v) {
  b[0] = static_cast<std::uint8_t>(v >> 8);
  b[1] = static_cast<std::uint8_t>(v);
}
inline void PutBigEndianUint32(std::span<std::uint8_t> b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}
inline void PutBigEndianUint64(std::span<std::uint8_t> b, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (56 - 8 * i));
}

}  // namespace dtls::internal::util
