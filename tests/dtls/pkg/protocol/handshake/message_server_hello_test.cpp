// pion: pkg/protocol/handshake/message_server_hello_test.go
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "dtls/pkg/protocol/compression_method.hpp"
#include "dtls/pkg/protocol/extension/extension.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/version.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace protocol = dtls::pkg::protocol;
namespace extension = dtls::pkg::protocol::extension;
using handshake_test::bytes;
using handshake_test::sub;

namespace {

const bytes rawServerHello = {
    0xfe, 0xfd, 0x21, 0x63, 0x32, 0x21, 0x81, 0x0e, 0x98, 0x6c,
    0x85, 0x3d, 0xa4, 0x39, 0xaf, 0x5f, 0xd6, 0x5c, 0xcc, 0x20,
    0x7f, 0x7c, 0x78, 0xf1, 0x5f, 0x7e, 0x1c, 0xb7, 0xa1, 0x1e,
    0xcf, 0x63, 0x84, 0x28, 0x00, 0xc0, 0x2b, 0x00, 0x00, 0x00,
};

const bytes rawServerHelloSessionID = {
    0xfe, 0xfd, 0x21, 0x63, 0x32, 0x21, 0x81, 0x0e, 0x98, 0x6c,
    0x85, 0x3d, 0xa4, 0x39, 0xaf, 0x5f, 0xd6, 0x5c, 0xcc, 0x20,
    0x7f, 0x7c, 0x78, 0xf1, 0x5f, 0x7e, 0x1c, 0xb7, 0xa1, 0x1e,
    0xcf, 0x63, 0x84, 0x28, 0x20, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4,
    0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee,
    0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, 0xc0, 0x2b, 0x00,
    0x00, 0x00,
};

}  // namespace

// pion: pkg/protocol/handshake/message_server_hello_test.go TestHandshakeMessageServerHello
TEST(HandshakeMessageServerHello, TestHandshakeMessageServerHello) {
  const std::uint16_t cipherSuiteID = 0xc02b;

  handshake::MessageServerHello parsedServerHello;
  parsedServerHello.Version = protocol::Version{0xFE, 0xFD};
  parsedServerHello.Random.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(560149025));
  parsedServerHello.Random.RandomBytes = {0x81, 0x0e, 0x98, 0x6c, 0x85, 0x3d, 0xa4, 0x39, 0xaf, 0x5f,
                                          0xd6, 0x5c, 0xcc, 0x20, 0x7f, 0x7c, 0x78, 0xf1, 0x5f, 0x7e,
                                          0x1c, 0xb7, 0xa1, 0x1e, 0xcf, 0x63, 0x84, 0x28};
  parsedServerHello.SessionID = {};
  parsedServerHello.CipherSuiteID = cipherSuiteID;
  parsedServerHello.CompressionMethod = std::make_shared<protocol::CompressionMethod>();
  parsedServerHello.Extensions = {};

  handshake::MessageServerHello c;
  if (auto err = c.Unmarshal(rawServerHello)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.Version, parsedServerHello.Version);
    EXPECT_TRUE(c.Random == parsedServerHello.Random);
    EXPECT_EQ(c.SessionID, parsedServerHello.SessionID);
    EXPECT_EQ(c.CipherSuiteID, parsedServerHello.CipherSuiteID);
    ASSERT_TRUE(c.CompressionMethod);
    EXPECT_EQ(*c.CompressionMethod, *parsedServerHello.CompressionMethod);
    EXPECT_TRUE(c.Extensions.empty());
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawServerHello) << "handshakeMessageServerHello marshal";
  }
}

// pion: pkg/protocol/handshake/message_server_hello_test.go TestHandshakeMessageServerHelloSessionID
TEST(HandshakeMessageServerHello, TestHandshakeMessageServerHelloSessionID) {
  const bytes sessionID = {
      0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
      0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf2, 0xf3,
      0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd,
      0xfe, 0xff,
  };

  handshake::MessageServerHello c;
  if (auto err = c.Unmarshal(rawServerHelloSessionID)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.SessionID, sessionID) << "handshakeMessageServerHello invalid SessionID";
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawServerHelloSessionID) << "handshakeMessageServerHello marshal";
  }
}

// Not in Pion: round trips, truncations, disagreeing lengths, unset fields.
TEST(HandshakeMessageServerHello, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageServerHello{}.Type(), handshake::TypeServerHello);
  handshake_test::expectRoundTrip<handshake::MessageServerHello>(rawServerHello);
  handshake_test::expectRoundTrip<handshake::MessageServerHello>(rawServerHelloSessionID);

  // The prefix that stops after the compression method parses with no extensions; marshaling it
  // appends the empty extensions length, as Pion does.
  for (const auto* raw : {&rawServerHello, &rawServerHelloSessionID}) {
    const std::size_t noExtensions = raw->size() - 2;
    handshake_test::expectTruncationsFail<handshake::MessageServerHello>(
        *raw, {noExtensions}, [&](std::size_t n, const go::error& err) {
          if (n < noExtensions) {
            EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
          }
        });
    handshake::MessageServerHello m;
    ASSERT_FALSE(m.Unmarshal(sub(*raw, 0, noExtensions)));
    EXPECT_TRUE(m.Extensions.empty());
    auto [out, err] = m.Marshal();
    ASSERT_FALSE(err);
    EXPECT_EQ(out, *raw);
  }

  auto unmarshal = [](const bytes& b) { return handshake::MessageServerHello{}.Unmarshal(b); };
  bytes bad = rawServerHello;
  bad[34] = 0x04;  // session id length beyond the data
  EXPECT_EQ(unmarshal(bad), handshake::errBufferTooSmall);
  bad = rawServerHello;
  bad[37] = 0x01;  // unknown compression method
  EXPECT_EQ(unmarshal(bad), handshake::errInvalidCompressionMethod);
  bad = rawServerHello;
  bad[39] = 0x01;  // extensions length disagrees with the data
  EXPECT_TRUE(unmarshal(bad));

  // With an extension.
  bytes withExt = sub(rawServerHello, 0, 38);
  withExt.insert(withExt.end(), {0x00, 0x04, 0x00, 0x17, 0x00, 0x00});
  handshake_test::expectRoundTrip<handshake::MessageServerHello>(withExt);
  handshake::MessageServerHello e;
  ASSERT_FALSE(e.Unmarshal(withExt));
  ASSERT_EQ(e.Extensions.size(), 1u);
  EXPECT_EQ(e.Extensions[0]->TypeValue(), extension::UseExtendedMasterSecretTypeValue);

  handshake::MessageServerHello unset;
  EXPECT_EQ(unset.Marshal().second, handshake::errCipherSuiteUnset);
  unset.CipherSuiteID = 0xc02b;
  EXPECT_EQ(unset.Marshal().second, handshake::errCompressionMethodUnset);
  unset.CompressionMethod = protocol::CompressionMethods().at(0);
  EXPECT_FALSE(unset.Marshal().second);
}
