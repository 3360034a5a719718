// pion: pkg/protocol/compression_method_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/compression_method.hpp"
#include "dtls/pkg/protocol/errors.hpp"

namespace protocol = dtls::pkg::protocol;

// pion: pkg/protocol/compression_method_test.go TestDecodeCompressionMethods
TEST(CompressionMethod, DecodeCompressionMethods) {
  struct testCase {
    std::vector<std::uint8_t> buf;
    std::vector<std::shared_ptr<protocol::CompressionMethod>> result;
    go::error err;
  };
  std::vector<testCase> testCases{
      {{}, {}, protocol::errBufferTooSmall},
  };

  for (const auto& tc : testCases) {
    auto [res, err] = protocol::DecodeCompressionMethods(tc.buf);
    ASSERT_TRUE(go::errors::Is(err, tc.err)) << "Unexpected error " << err.Error();
    EXPECT_TRUE(res.empty());
  }
}

// Round trip and bad input beyond Pion's test.
TEST(CompressionMethod, RoundTripAndTruncation) {
  std::vector<std::uint8_t> raw{0x01, 0x00};
  auto [c, err] = protocol::DecodeCompressionMethods(raw);
  ASSERT_FALSE(err) << err.Error();
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0]->ID, 0);
  EXPECT_EQ(protocol::EncodeCompressionMethods(c), raw);

  // Unknown IDs are skipped, as in Pion.
  std::vector<std::uint8_t> unknown{0x02, 0x01, 0x00};
  auto [c2, err2] = protocol::DecodeCompressionMethods(unknown);
  ASSERT_FALSE(err2);
  ASSERT_EQ(c2.size(), 1u);
  EXPECT_EQ(c2[0]->ID, 0);

  // Count larger than the data.
  for (const auto& bad : std::vector<std::vector<std::uint8_t>>{{0x01}, {0x02, 0x00}, {0xff, 0x00, 0x00}}) {
    auto [c3, err3] = protocol::DecodeCompressionMethods(bad);
    EXPECT_TRUE(go::errors::Is(err3, protocol::errBufferTooSmall));
    EXPECT_TRUE(c3.empty());
  }

  EXPECT_EQ(protocol::EncodeCompressionMethods({}), (std::vector<std::uint8_t>{0x00}));
  EXPECT_EQ(protocol::CompressionMethods().size(), 1u);
}
