// pion: pkg/protocol/handshake/message_server_hello_done_test.go
#include <gtest/gtest.h>

#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
using handshake_test::bytes;

// pion: pkg/protocol/handshake/message_server_hello_done_test.go TestHandshakeMessageServerHelloDone
TEST(HandshakeMessageServerHelloDone, TestHandshakeMessageServerHelloDone) {
  const bytes rawServerHelloDone = {};

  handshake::MessageServerHelloDone c;
  // The struct has no fields, so DeepEqual reduces to Unmarshal succeeding.
  EXPECT_FALSE(c.Unmarshal(rawServerHelloDone)) << "handshakeMessageServerHelloDone unmarshal";

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawServerHelloDone) << "handshakeMessageServerHelloDone marshal";
  }
}

// Not in Pion: type and round trip; any body is ignored, as in Go.
TEST(HandshakeMessageServerHelloDone, RoundTrip) {
  EXPECT_EQ(handshake::MessageServerHelloDone{}.Type(), handshake::TypeServerHelloDone);
  handshake_test::expectRoundTrip<handshake::MessageServerHelloDone>({});
  handshake::MessageServerHelloDone c;
  EXPECT_FALSE(c.Unmarshal(bytes{0x01, 0x02}));
  auto [raw, err] = c.Marshal();
  ASSERT_FALSE(err);
  EXPECT_TRUE(raw.empty());
}
