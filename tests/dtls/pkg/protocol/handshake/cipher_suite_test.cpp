// pion: pkg/protocol/handshake/cipher_suite_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/handshake/cipher_suite.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
using handshake_test::bytes;

// pion: pkg/protocol/handshake/cipher_suite_test.go TestDecodeCipherSuiteIDs
TEST(HandshakeCipherSuite, TestDecodeCipherSuiteIDs) {
  struct testCase {
    bytes buf;
    std::vector<std::uint16_t> result;
    go::error err;
  };
  const std::vector<testCase> testCases = {
      {bytes{}, {}, handshake::errBufferTooSmall},
  };

  for (const auto& tc : testCases) {
    auto [result, err] = handshake::decodeCipherSuiteIDs(tc.buf);
    EXPECT_TRUE(go::errors::Is(err, tc.err)) << "Unexpected error " << err.Error();
  }
}

// Not in Pion: encode -> decode identity, every truncation, and a length field that disagrees.
TEST(HandshakeCipherSuite, RoundTripAndBadInput) {
  const std::vector<std::uint16_t> ids{0xc02b, 0xc00a, 0x00ff};
  const bytes encoded = handshake::encodeCipherSuiteIDs(ids);
  EXPECT_EQ(encoded, (bytes{0x00, 0x06, 0xc0, 0x2b, 0xc0, 0x0a, 0x00, 0xff}));

  auto [decoded, err] = handshake::decodeCipherSuiteIDs(encoded);
  ASSERT_FALSE(err);
  EXPECT_EQ(decoded, ids);
  EXPECT_EQ(handshake::encodeCipherSuiteIDs(decoded), encoded);

  EXPECT_EQ(handshake::encodeCipherSuiteIDs({}), (bytes{0x00, 0x00}));
  auto [none, err0] = handshake::decodeCipherSuiteIDs(bytes{0x00, 0x00});
  ASSERT_FALSE(err0);
  EXPECT_TRUE(none.empty());

  for (std::size_t n = 0; n < encoded.size(); n++) {
    const bytes prefix(encoded.begin(), encoded.begin() + static_cast<std::ptrdiff_t>(n));
    auto [r, e] = handshake::decodeCipherSuiteIDs(prefix);
    EXPECT_TRUE(go::errors::Is(e, handshake::errBufferTooSmall)) << "prefix " << n;
  }

  // Declared length larger than the data.
  auto [r1, e1] = handshake::decodeCipherSuiteIDs(bytes{0x00, 0x08, 0xc0, 0x2b, 0xc0, 0x0a, 0x00, 0xff});
  EXPECT_TRUE(go::errors::Is(e1, handshake::errBufferTooSmall));
  // Odd declared length: the count rounds down, as in Go.
  auto [r2, e2] = handshake::decodeCipherSuiteIDs(bytes{0x00, 0x03, 0xc0, 0x2b, 0xc0});
  ASSERT_FALSE(e2);
  EXPECT_EQ(r2, (std::vector<std::uint16_t>{0xc02b}));
}
