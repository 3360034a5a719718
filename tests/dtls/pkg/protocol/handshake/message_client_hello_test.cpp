// pion: pkg/protocol/handshake/message_client_hello_test.go
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/compression_method.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace protocol = dtls::pkg::protocol;
namespace extension = dtls::pkg::protocol::extension;
namespace elliptic = dtls::pkg::crypto::elliptic;
using handshake_test::bytes;
using handshake_test::sub;

namespace {

const bytes rawClientHello = {
    0xfe, 0xfd, 0xb6, 0x2f, 0xce, 0x5c, 0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42,
    0x62, 0x15, 0xad, 0x16, 0xc9, 0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb, 0x22, 0xd7, 0x47, 0xec,
    0xd8, 0x3d, 0xdc, 0x4b, 0x00, 0x14, 0xe6, 0x14, 0x3a, 0x1b, 0x04, 0xea, 0x9e, 0x7a, 0x14,
    0xd6, 0x6c, 0x57, 0xd0, 0x0e, 0x32, 0x85, 0x76, 0x18, 0xde, 0xd8, 0x00, 0x04, 0xc0, 0x2b,
    0xc0, 0x0a, 0x01, 0x00, 0x00, 0x08, 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,
};

const bytes rawClientHelloSessionID = {
    0xfe, 0xfd, 0xb6, 0x2f, 0xce, 0x5c, 0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42,
    0x62, 0x15, 0xad, 0x16, 0xc9, 0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb, 0x22, 0xd7, 0x47, 0xec,
    0xd8, 0x3d, 0xdc, 0x4b, 0x20, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
    0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0x14, 0xe6, 0x14, 0x3a, 0x1b, 0x04, 0xea, 0x9e,
    0x7a, 0x14, 0xd6, 0x6c, 0x57, 0xd0, 0x0e, 0x32, 0x85, 0x76, 0x18, 0xde, 0xd8, 0x00, 0x04,
    0xc0, 0x2b, 0xc0, 0x0a, 0x01, 0x00, 0x00, 0x08, 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00,
    0x1d,
};

}  // namespace

// pion: pkg/protocol/handshake/message_client_hello_test.go TestHandshakeMessageClientHello
TEST(HandshakeMessageClientHello, TestHandshakeMessageClientHello) {
  handshake::MessageClientHello parsedClientHello;
  parsedClientHello.Version = protocol::Version{0xFE, 0xFD};
  parsedClientHello.Random.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(3056586332));
  parsedClientHello.Random.RandomBytes = {0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42, 0x62,
                                          0x15, 0xad, 0x16, 0xc9, 0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb,
                                          0x22, 0xd7, 0x47, 0xec, 0xd8, 0x3d, 0xdc, 0x4b};
  parsedClientHello.SessionID = {};
  parsedClientHello.Cookie = {0xe6, 0x14, 0x3a, 0x1b, 0x04, 0xea, 0x9e, 0x7a, 0x14, 0xd6,
                              0x6c, 0x57, 0xd0, 0x0e, 0x32, 0x85, 0x76, 0x18, 0xde, 0xd8};
  parsedClientHello.CipherSuiteIDs = {
      0xc02b,
      0xc00a,
  };
  parsedClientHello.CompressionMethods = {std::make_shared<protocol::CompressionMethod>()};
  auto curves = std::make_shared<extension::SupportedEllipticCurves>();
  curves->EllipticCurves = {elliptic::X25519};
  parsedClientHello.Extensions = {curves};

  handshake::MessageClientHello c;
  if (auto err = c.Unmarshal(rawClientHello)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.Version, parsedClientHello.Version);
    EXPECT_TRUE(c.Random == parsedClientHello.Random);
    EXPECT_EQ(c.SessionID, parsedClientHello.SessionID);
    EXPECT_EQ(c.Cookie, parsedClientHello.Cookie);
    EXPECT_EQ(c.CipherSuiteIDs, parsedClientHello.CipherSuiteIDs);
    ASSERT_EQ(c.CompressionMethods.size(), parsedClientHello.CompressionMethods.size());
    for (std::size_t i = 0; i < c.CompressionMethods.size(); i++) {
      ASSERT_TRUE(c.CompressionMethods[i]);
      EXPECT_EQ(*c.CompressionMethods[i], *parsedClientHello.CompressionMethods[i]);
    }
    ASSERT_EQ(c.Extensions.size(), 1u);
    auto* got = dynamic_cast<extension::SupportedEllipticCurves*>(c.Extensions[0].get());
    ASSERT_NE(got, nullptr) << "extension is not SupportedEllipticCurves";
    EXPECT_EQ(got->EllipticCurves, curves->EllipticCurves);
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawClientHello) << "handshakeMessageClientHello marshal";
  }

  // The expected value marshals to the same bytes too.
  auto [raw2, err2] = parsedClientHello.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_EQ(raw2, rawClientHello);
}

// pion: pkg/protocol/handshake/message_client_hello_test.go TestHandshakeMessageClientHelloSessionID
TEST(HandshakeMessageClientHello, TestHandshakeMessageClientHelloSessionID) {
  const bytes sessionID = {
      0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee,
      0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd,
      0xfe, 0xff,
  };

  handshake::MessageClientHello c;
  if (auto err = c.Unmarshal(rawClientHelloSessionID)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.SessionID, sessionID) << "handshakeMessageClientHello invalid SessionID";
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawClientHelloSessionID) << "handshakeMessageClientHello marshal";
  }
}

// Not in Pion: round trips, truncations, disagreeing length fields, cookie limit.
TEST(HandshakeMessageClientHello, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageClientHello{}.Type(), handshake::TypeClientHello);
  handshake_test::expectRoundTrip<handshake::MessageClientHello>(rawClientHello);
  handshake_test::expectRoundTrip<handshake::MessageClientHello>(rawClientHelloSessionID);

  // The only strict prefix that parses ends right after the compression methods (no extensions,
  // which Pion's extension.Unmarshal accepts as an empty list).
  const std::size_t noExtensions = rawClientHello.size() - 10;
  handshake_test::expectTruncationsFail<handshake::MessageClientHello>(
      rawClientHello, {noExtensions}, [&](std::size_t n, const go::error& err) {
        // Before the compression methods this package reports the error itself; a cut inside them
        // is reported by protocol.DecodeCompressionMethods, after them by extension.Unmarshal.
        if (n < 62) {
          EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
        } else if (n < noExtensions) {
          EXPECT_EQ(err, protocol::errBufferTooSmall) << "prefix " << n;
        }
      });
  handshake_test::expectTruncationsFail<handshake::MessageClientHello>(
      rawClientHelloSessionID, {rawClientHelloSessionID.size() - 10}, nullptr);
  // Without extensions, Marshal still writes the (empty) extensions length, as Pion does.
  handshake::MessageClientHello noExt;
  ASSERT_FALSE(noExt.Unmarshal(sub(rawClientHello, 0, noExtensions)));
  EXPECT_TRUE(noExt.Extensions.empty());
  auto [noExtRaw, noExtErr] = noExt.Marshal();
  ASSERT_FALSE(noExtErr);
  bytes withEmptyExt = sub(rawClientHello, 0, noExtensions);
  withEmptyExt.insert(withEmptyExt.end(), {0x00, 0x00});
  EXPECT_EQ(noExtRaw, withEmptyExt);
  handshake_test::expectRoundTrip<handshake::MessageClientHello>(withEmptyExt);

  auto unmarshal = [](const bytes& b) { return handshake::MessageClientHello{}.Unmarshal(b); };
  bytes bad = rawClientHello;
  bad[34] = 0x50;  // session id length beyond the data
  EXPECT_EQ(unmarshal(bad), handshake::errBufferTooSmall);
  bad = rawClientHello;
  bad[35] = 0x40;  // cookie length beyond the data
  EXPECT_EQ(unmarshal(bad), handshake::errBufferTooSmall);
  bad = rawClientHello;
  bad[57] = 0x40;  // cipher suites length beyond the data
  EXPECT_EQ(unmarshal(bad), handshake::errBufferTooSmall);
  bad = rawClientHello;
  bad[62] = 0x20;  // compression methods count beyond the data
  EXPECT_TRUE(unmarshal(bad));
  bad = rawClientHello;
  bad[65] = 0x09;  // extensions length disagrees with the data
  EXPECT_TRUE(unmarshal(bad));

  handshake::MessageClientHello big;
  big.Cookie.assign(256, 0x01);
  EXPECT_EQ(big.Marshal().second, handshake::errCookieTooLong);
}

// Not in Pion: a ClientHello built field by field marshals as the wire format prescribes.
TEST(HandshakeMessageClientHello, MarshalFromFields) {
  handshake::MessageClientHello m;
  m.Version = protocol::Version1_2;
  m.Random.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(0x01020304));
  m.Random.RandomBytes.fill(0xaa);
  m.SessionID = {0x01};
  m.Cookie = {0x02, 0x03};
  m.CipherSuiteIDs = {0xc0ae};
  m.CompressionMethods = protocol::DecodeCompressionMethods(bytes{0x01, 0x00}).first;
  auto [raw, err] = m.Marshal();
  ASSERT_FALSE(err);
  bytes want = {0xfe, 0xfd, 0x01, 0x02, 0x03, 0x04};
  want.insert(want.end(), 28, 0xaa);
  want.insert(want.end(), {0x01, 0x01, 0x02, 0x02, 0x03, 0x00, 0x02, 0xc0, 0xae, 0x01, 0x00, 0x00, 0x00});
  EXPECT_EQ(raw, want);
  handshake_test::expectRoundTrip<handshake::MessageClientHello>(raw);
}
