// pion: pkg/protocol/handshake/message_client_key_exchange_test.go
#include <gtest/gtest.h>

#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace types = dtls::internal::ciphersuite::types;
using handshake_test::bytes;
using handshake_test::sub;

namespace {
const bytes rawClientKeyExchange = {
    0x20, 0x26, 0x78, 0x4a, 0x78, 0x70, 0xc1, 0xf9, 0x71, 0xea, 0x50, 0x4a, 0xb5, 0xbb, 0x00, 0x76,
    0x02, 0x05, 0xda, 0xf7, 0xd0, 0x3f, 0xe3, 0xf7, 0x4e, 0x8a, 0x14, 0x6f, 0xb7, 0xe0, 0xc0, 0xff,
    0x54,
};

std::function<void(handshake::MessageClientKeyExchange&)> withKEA(types::KeyExchangeAlgorithm kea) {
  return [kea](handshake::MessageClientKeyExchange& m) { m.KeyExchangeAlgorithm = kea; };
}
}  // namespace

// pion: pkg/protocol/handshake/message_client_key_exchange_test.go TestHandshakeMessageClientKeyExchange
TEST(HandshakeMessageClientKeyExchange, TestHandshakeMessageClientKeyExchange) {
  handshake::MessageClientKeyExchange parsedClientKeyExchange;
  parsedClientKeyExchange.PublicKey = sub(rawClientKeyExchange, 1);
  parsedClientKeyExchange.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;

  handshake::MessageClientKeyExchange c;
  c.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;
  if (auto err = c.Unmarshal(rawClientKeyExchange)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.IdentityHint, parsedClientKeyExchange.IdentityHint);
    EXPECT_EQ(c.PublicKey, parsedClientKeyExchange.PublicKey);
    EXPECT_EQ(c.KeyExchangeAlgorithm, parsedClientKeyExchange.KeyExchangeAlgorithm);
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawClientKeyExchange) << "handshakeMessageClientKeyExchange marshal";
  }
}

// Not in Pion: PSK and ECDHE_PSK encodings, truncations, disagreeing lengths, and errors.
TEST(HandshakeMessageClientKeyExchange, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageClientKeyExchange{}.Type(), handshake::TypeClientKeyExchange);
  handshake_test::expectRoundTrip<handshake::MessageClientKeyExchange>(rawClientKeyExchange,
                                                                      withKEA(types::KeyExchangeAlgorithmEcdhe));

  const bytes psk = {0x00, 0x03, 'a', 'b', 'c'};
  handshake_test::expectRoundTrip<handshake::MessageClientKeyExchange>(psk, withKEA(types::KeyExchangeAlgorithmPsk));
  handshake::MessageClientKeyExchange p;
  p.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmPsk;
  ASSERT_FALSE(p.Unmarshal(psk));
  EXPECT_EQ(p.IdentityHint, (bytes{'a', 'b', 'c'}));
  EXPECT_FALSE(p.PublicKey.has_value());

  // An empty PSK identity is present on the wire (Go's non-nil empty slice).
  handshake_test::expectRoundTrip<handshake::MessageClientKeyExchange>(bytes{0x00, 0x00},
                                                                      withKEA(types::KeyExchangeAlgorithmPsk));

  const auto ecdhePsk = types::KeyExchangeAlgorithmPsk | types::KeyExchangeAlgorithmEcdhe;
  const bytes both = {0x00, 0x02, 'i', 'd', 0x03, 0x01, 0x02, 0x03};
  handshake_test::expectRoundTrip<handshake::MessageClientKeyExchange>(both, withKEA(ecdhePsk));
  handshake::MessageClientKeyExchange b;
  b.KeyExchangeAlgorithm = ecdhePsk;
  ASSERT_FALSE(b.Unmarshal(both));
  EXPECT_EQ(b.IdentityHint, (bytes{'i', 'd'}));
  EXPECT_EQ(b.PublicKey, (bytes{0x01, 0x02, 0x03}));

  // Truncations. For ECDHE the length byte 0x20 asks for 32 bytes, so every prefix fails; for
  // ECDHE_PSK the prefix that ends right after the identity has no public key length byte.
  handshake_test::expectTruncationsFail<handshake::MessageClientKeyExchange>(
      rawClientKeyExchange, {}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
      },
      withKEA(types::KeyExchangeAlgorithmEcdhe));
  handshake_test::expectTruncationsFail<handshake::MessageClientKeyExchange>(
      psk, {}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
      },
      withKEA(types::KeyExchangeAlgorithmPsk));
  handshake_test::expectTruncationsFail<handshake::MessageClientKeyExchange>(
      both, {}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
      },
      withKEA(ecdhePsk));

  // Disagreeing lengths.
  auto unmarshal = [](const bytes& d, types::KeyExchangeAlgorithm kea) {
    handshake::MessageClientKeyExchange m;
    m.KeyExchangeAlgorithm = kea;
    return m.Unmarshal(d);
  };
  EXPECT_EQ(unmarshal(bytes{0x00, 0x04, 'a', 'b', 'c'}, types::KeyExchangeAlgorithmPsk), handshake::errBufferTooSmall);
  EXPECT_EQ(unmarshal(bytes{0x04, 0x01, 0x02, 0x03}, types::KeyExchangeAlgorithmEcdhe), handshake::errBufferTooSmall);
  EXPECT_EQ(unmarshal(bytes{0x00, 0x02, 'i', 'd', 0x04, 0x01, 0x02, 0x03}, ecdhePsk), handshake::errBufferTooSmall);
  // Deviation from Pion (which panics): the PSK identity consumes all data under ECDHE_PSK.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x02, 'i', 'd'}, ecdhePsk), handshake::errBufferTooSmall);
  // As in Pion, a public key length shorter than the data takes the rest anyway.
  handshake::MessageClientKeyExchange loose;
  loose.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;
  ASSERT_FALSE(loose.Unmarshal(bytes{0x01, 0xaa, 0xbb}));
  EXPECT_EQ(loose.PublicKey, (bytes{0xaa, 0xbb}));

  EXPECT_EQ(unmarshal(rawClientKeyExchange, types::KeyExchangeAlgorithmNone), handshake::errCipherSuiteUnset);
  EXPECT_EQ(unmarshal(bytes{0x00}, types::KeyExchangeAlgorithmNone), handshake::errBufferTooSmall);

  handshake::MessageClientKeyExchange empty;
  auto [out, err] = empty.Marshal();
  EXPECT_EQ(err, handshake::errInvalidClientKeyExchange);
  EXPECT_TRUE(out.empty());
}
