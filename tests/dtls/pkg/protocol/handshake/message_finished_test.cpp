// pion: pkg/protocol/handshake/message_finished_test.go
#include <gtest/gtest.h>

#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
using handshake_test::bytes;

// pion: pkg/protocol/handshake/message_finished_test.go TestHandshakeMessageFinished
TEST(HandshakeMessageFinished, TestHandshakeMessageFinished) {
  const bytes rawFinished = {
      0x01, 0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
  };
  handshake::MessageFinished parsedFinished;
  parsedFinished.VerifyData = rawFinished;

  handshake::MessageFinished c;
  if (auto err = c.Unmarshal(rawFinished)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.VerifyData, parsedFinished.VerifyData) << "handshakeMessageFinished unmarshal";
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawFinished) << "handshakeMessageFinished marshal";
  }
}

// Not in Pion: type, round trip, and that every prefix (Finished has no length fields) is accepted
// verbatim.
TEST(HandshakeMessageFinished, RoundTripAndTruncations) {
  const bytes raw = {0x01, 0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C};
  EXPECT_EQ(handshake::MessageFinished{}.Type(), handshake::TypeFinished);
  handshake_test::expectRoundTrip<handshake::MessageFinished>(raw);
  for (std::size_t n = 0; n <= raw.size(); n++) {
    const bytes prefix = handshake_test::sub(raw, 0, n);
    handshake::MessageFinished m;
    ASSERT_FALSE(m.Unmarshal(prefix));
    EXPECT_EQ(m.VerifyData, prefix);
  }
  // Unmarshal copies its input.
  bytes data = raw;
  handshake::MessageFinished m;
  ASSERT_FALSE(m.Unmarshal(data));
  data[0] = 0xff;
  EXPECT_EQ(m.VerifyData[0], 0x01);
}
