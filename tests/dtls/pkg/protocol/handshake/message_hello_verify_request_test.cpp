// pion: pkg/protocol/handshake/message_hello_verify_request_test.go
#include <gtest/gtest.h>

#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace protocol = dtls::pkg::protocol;
using handshake_test::bytes;

namespace {
const bytes rawHelloVerifyRequest = {
    0xfe, 0xff, 0x14, 0x25, 0xfb, 0xee, 0xb3, 0x7c, 0x95, 0xcf, 0x00,
    0xeb, 0xad, 0xe2, 0xef, 0xc7, 0xfd, 0xbb, 0xed, 0xf7, 0x1f, 0x6c, 0xcd,
};
}  // namespace

// pion: pkg/protocol/handshake/message_hello_verify_request_test.go TestHandshakeMessageHelloVerifyRequest
TEST(HandshakeMessageHelloVerifyRequest, TestHandshakeMessageHelloVerifyRequest) {
  handshake::MessageHelloVerifyRequest parsedHelloVerifyRequest;
  parsedHelloVerifyRequest.Version = protocol::Version{0xFE, 0xFF};
  parsedHelloVerifyRequest.Cookie = {0x25, 0xfb, 0xee, 0xb3, 0x7c, 0x95, 0xcf, 0x00, 0xeb, 0xad,
                                     0xe2, 0xef, 0xc7, 0xfd, 0xbb, 0xed, 0xf7, 0x1f, 0x6c, 0xcd};

  handshake::MessageHelloVerifyRequest h;
  if (auto err = h.Unmarshal(rawHelloVerifyRequest)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(h.Version, parsedHelloVerifyRequest.Version) << "handshakeMessageClientHello unmarshal";
    EXPECT_EQ(h.Cookie, parsedHelloVerifyRequest.Cookie) << "handshakeMessageClientHello unmarshal";
  }

  auto [raw, err] = h.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawHelloVerifyRequest) << "handshakeMessageClientHello marshal";
  }
}

// Not in Pion: round trip, truncations, disagreeing cookie length, oversized cookie.
TEST(HandshakeMessageHelloVerifyRequest, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageHelloVerifyRequest{}.Type(), handshake::TypeHelloVerifyRequest);
  handshake_test::expectRoundTrip<handshake::MessageHelloVerifyRequest>(rawHelloVerifyRequest);
  handshake_test::expectRoundTrip<handshake::MessageHelloVerifyRequest>(bytes{0xfe, 0xfd, 0x00});

  handshake_test::expectTruncationsFail<handshake::MessageHelloVerifyRequest>(
      rawHelloVerifyRequest, {}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
      });

  // Cookie length larger than the data.
  bytes bad = rawHelloVerifyRequest;
  bad[2] = 0x15;
  handshake::MessageHelloVerifyRequest h;
  EXPECT_EQ(h.Unmarshal(bad), handshake::errBufferTooSmall);
  // Trailing bytes after the cookie are ignored, as in Go.
  bad = rawHelloVerifyRequest;
  bad[2] = 0x13;
  ASSERT_FALSE(h.Unmarshal(bad));
  EXPECT_EQ(h.Cookie, handshake_test::sub(rawHelloVerifyRequest, 3, 22));

  handshake::MessageHelloVerifyRequest big;
  big.Cookie.assign(256, 0xaa);
  auto [out, err] = big.Marshal();
  EXPECT_EQ(err, handshake::errCookieTooLong);
  EXPECT_TRUE(go::errors::As<protocol::FatalError>(err));
  big.Cookie.assign(255, 0xaa);
  auto [out2, err2] = big.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_EQ(out2.size(), 3u + 255u);
  EXPECT_EQ(out2[2], 255);
}
