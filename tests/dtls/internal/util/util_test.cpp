// Tests for dtls/internal/util (Pion has no test file for it; these pin the Go behaviour).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "dtls/internal/util/util.hpp"

namespace util = dtls::internal::util;

TEST(Util, BigEndianUint24) {
  std::array<std::uint8_t, 3> b{0x01, 0x02, 0x03};
  EXPECT_EQ(util::BigEndianUint24(b), 0x010203u);
  EXPECT_EQ(util::BigEndianUint24(std::span<const std::uint8_t>(b).first(2)), 0u) << "short input is 0, as in Go";
  std::array<std::uint8_t, 3> out{};
  util::PutBigEndianUint24(out, 0xAABBCCDD);
  EXPECT_EQ(out, (std::array<std::uint8_t, 3>{0xBB, 0xCC, 0xDD}));
  std::array<std::uint8_t, 6> o6{};
  util::PutBigEndianUint48(o6, 0x0000112233445566ull);
  EXPECT_EQ(o6, (std::array<std::uint8_t, 6>{0x11, 0x22, 0x33, 0x44, 0x55, 0x66}));
  EXPECT_EQ(util::Max(3, 9), 9);
}
