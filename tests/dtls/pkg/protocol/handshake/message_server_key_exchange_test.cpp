// pion: pkg/protocol/handshake/message_server_key_exchange_test.go
#include <gtest/gtest.h>

#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace types = dtls::internal::ciphersuite::types;
namespace elliptic = dtls::pkg::crypto::elliptic;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
using handshake_test::bytes;
using handshake_test::sub;

namespace {

const bytes rawHashSignature = {
    0x03, 0x00, 0x1d, 0x41, 0x04, 0x0c, 0xb9, 0xa3, 0xb9, 0x90, 0x71, 0x35, 0x4a, 0x08, 0x66, 0xaf,
    0xd6, 0x88, 0x58, 0x29, 0x69, 0x98, 0xf1, 0x87, 0x0f, 0xb5, 0xa8, 0xcd, 0x92, 0xf6, 0x2b, 0x08,
    0x0c, 0xd4, 0x16, 0x5b, 0xcc, 0x81, 0xf2, 0x58, 0x91, 0x8e, 0x62, 0xdf, 0xc1, 0xec, 0x72, 0xe8,
    0x47, 0x24, 0x42, 0x96, 0xb8, 0x7b, 0xee, 0xe7, 0x0d, 0xdc, 0x44, 0xec, 0xf3, 0x97, 0x6b, 0x1b,
    0x45, 0x28, 0xac, 0x3f, 0x35, 0x02, 0x03, 0x00, 0x47, 0x30, 0x45, 0x02, 0x21, 0x00, 0xb2, 0x0b,
    0x22, 0x95, 0x3d, 0x56, 0x57, 0x6a, 0x3f, 0x85, 0x30, 0x6f, 0x55, 0xc3, 0xf4, 0x24, 0x1b, 0x21,
    0x07, 0xe5, 0xdf, 0xba, 0x24, 0x02, 0x68, 0x95, 0x1f, 0x6e, 0x13, 0xbd, 0x9f, 0xaa, 0x02, 0x20,
    0x49, 0x9c, 0x9d, 0xdf, 0x84, 0x60, 0x33, 0x27, 0x96, 0x9e, 0x58, 0x6d, 0x72, 0x13, 0xe7, 0x3a,
    0xe8, 0xdf, 0x43, 0x75, 0xc7, 0xb9, 0x37, 0x6e, 0x90, 0xe5, 0x3b, 0x81, 0xd4, 0xda, 0x68, 0xcd,
};

const bytes rawAnonymous = {
    0x03, 0x00, 0x1d, 0x41, 0x04, 0x0c, 0xb9, 0xa3, 0xb9, 0x90, 0x71, 0x35, 0x4a, 0x08, 0x66, 0xaf,
    0xd6, 0x88, 0x58, 0x29, 0x69, 0x98, 0xf1, 0x87, 0x0f, 0xb5, 0xa8, 0xcd, 0x92, 0xf6, 0x2b, 0x08,
    0x0c, 0xd4, 0x16, 0x5b, 0xcc, 0x81, 0xf2, 0x58, 0x91, 0x8e, 0x62, 0xdf, 0xc1, 0xec, 0x72, 0xe8,
    0x47, 0x24, 0x42, 0x96, 0xb8, 0x7b, 0xee, 0xe7, 0x0d, 0xdc, 0x44, 0xec, 0xf3, 0x97, 0x6b, 0x1b,
    0x45, 0x28, 0xac, 0x3f, 0x35,
};

std::function<void(handshake::MessageServerKeyExchange&)> withKEA(types::KeyExchangeAlgorithm kea) {
  return [kea](handshake::MessageServerKeyExchange& m) { m.KeyExchangeAlgorithm = kea; };
}

void expectSame(const handshake::MessageServerKeyExchange& got, const handshake::MessageServerKeyExchange& want) {
  EXPECT_EQ(got.IdentityHint, want.IdentityHint);
  EXPECT_EQ(got.EllipticCurveType, want.EllipticCurveType);
  EXPECT_EQ(got.NamedCurve, want.NamedCurve);
  EXPECT_EQ(got.PublicKey, want.PublicKey);
  EXPECT_EQ(got.HashAlgorithm, want.HashAlgorithm);
  EXPECT_EQ(got.SignatureAlgorithm, want.SignatureAlgorithm);
  EXPECT_EQ(got.Signature, want.Signature);
  EXPECT_EQ(got.KeyExchangeAlgorithm, want.KeyExchangeAlgorithm);
}

}  // namespace

// pion: pkg/protocol/handshake/message_server_key_exchange_test.go TestHandshakeMessageServerKeyExchange
TEST(HandshakeMessageServerKeyExchange, TestHandshakeMessageServerKeyExchange) {
  auto test = [](const bytes& rawServerKeyExchange, const handshake::MessageServerKeyExchange& parsedServerKeyExchange) {
    handshake::MessageServerKeyExchange c;
    c.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;
    if (auto err = c.Unmarshal(rawServerKeyExchange)) {
      ADD_FAILURE() << err.Error();
    } else {
      expectSame(c, parsedServerKeyExchange);
    }

    auto [raw, err] = c.Marshal();
    if (err) {
      ADD_FAILURE() << err.Error();
    } else {
      EXPECT_EQ(raw, rawServerKeyExchange) << "handshakeMessageServerKeyExchange marshal";
    }
  };

  {
    SCOPED_TRACE("Hash+Signature");
    handshake::MessageServerKeyExchange parsedServerKeyExchange;
    parsedServerKeyExchange.EllipticCurveType = elliptic::CurveTypeNamedCurve;
    parsedServerKeyExchange.NamedCurve = elliptic::X25519;
    parsedServerKeyExchange.PublicKey = sub(rawHashSignature, 4, 69);
    parsedServerKeyExchange.HashAlgorithm = hash::SHA1;
    parsedServerKeyExchange.SignatureAlgorithm = signature::ECDSA;
    parsedServerKeyExchange.Signature = sub(rawHashSignature, 73, 144);
    parsedServerKeyExchange.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;

    test(rawHashSignature, parsedServerKeyExchange);
  }

  {
    SCOPED_TRACE("Anonymous");
    handshake::MessageServerKeyExchange parsedServerKeyExchange;
    parsedServerKeyExchange.EllipticCurveType = elliptic::CurveTypeNamedCurve;
    parsedServerKeyExchange.NamedCurve = elliptic::X25519;
    parsedServerKeyExchange.PublicKey = sub(rawAnonymous, 4, 69);
    parsedServerKeyExchange.HashAlgorithm = hash::None;
    parsedServerKeyExchange.SignatureAlgorithm = signature::Anonymous;
    parsedServerKeyExchange.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;

    test(rawAnonymous, parsedServerKeyExchange);
  }
}

// Not in Pion: round trips (ECDHE, PSK, ECDHE_PSK), truncations, disagreeing lengths, errors.
TEST(HandshakeMessageServerKeyExchange, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageServerKeyExchange{}.Type(), handshake::TypeServerKeyExchange);
  const auto ecdhe = withKEA(types::KeyExchangeAlgorithmEcdhe);
  const auto pskOnly = withKEA(types::KeyExchangeAlgorithmPsk);
  const auto ecdhePskKEA = types::KeyExchangeAlgorithmPsk | types::KeyExchangeAlgorithmEcdhe;
  const auto ecdhePsk = withKEA(ecdhePskKEA);

  handshake_test::expectRoundTrip<handshake::MessageServerKeyExchange>(rawHashSignature, ecdhe);
  handshake_test::expectRoundTrip<handshake::MessageServerKeyExchange>(rawAnonymous, ecdhe);

  const bytes psk = {0x00, 0x04, 'h', 'i', 'n', 't'};
  handshake_test::expectRoundTrip<handshake::MessageServerKeyExchange>(psk, pskOnly);
  // An empty hint is present on the wire (Go's non-nil empty slice).
  handshake_test::expectRoundTrip<handshake::MessageServerKeyExchange>(bytes{0x00, 0x00}, pskOnly);

  bytes both = {0x00, 0x02, 'i', 'd'};
  both.insert(both.end(), rawAnonymous.begin(), rawAnonymous.end());
  handshake_test::expectRoundTrip<handshake::MessageServerKeyExchange>(both, ecdhePsk);
  handshake::MessageServerKeyExchange b;
  b.KeyExchangeAlgorithm = ecdhePskKEA;
  ASSERT_FALSE(b.Unmarshal(both));
  EXPECT_EQ(b.IdentityHint, (bytes{'i', 'd'}));
  EXPECT_EQ(b.PublicKey, sub(rawAnonymous, 4, 69));

  // Truncations: the anonymous encoding (69 bytes) is a complete prefix of the signed one.
  handshake_test::expectTruncationsFail<handshake::MessageServerKeyExchange>(
      rawHashSignature, {rawAnonymous.size()}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
      },
      ecdhe);
  handshake_test::expectTruncationsFail<handshake::MessageServerKeyExchange>(
      psk, {}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, n < 2 ? handshake::errBufferTooSmall : handshake::errLengthMismatch) << "prefix " << n;
      },
      pskOnly);
  // ECDHE_PSK: a prefix that cuts the hint leaves the hint length unconsumed, which is then read as
  // an (invalid) curve type 0x00.
  handshake_test::expectTruncationsFail<handshake::MessageServerKeyExchange>(both, {}, nullptr, ecdhePsk);

  auto unmarshal = [](const bytes& d, types::KeyExchangeAlgorithm kea) {
    handshake::MessageServerKeyExchange m;
    m.KeyExchangeAlgorithm = kea;
    return m.Unmarshal(d);
  };
  const auto E = types::KeyExchangeAlgorithmEcdhe;
  EXPECT_EQ(unmarshal(rawAnonymous, types::KeyExchangeAlgorithmNone), handshake::errCipherSuiteUnset);
  EXPECT_EQ(unmarshal(bytes{0x03}, E), handshake::errBufferTooSmall);

  bytes bad = rawHashSignature;
  bad[0] = 0x01;
  EXPECT_EQ(unmarshal(bad, E), handshake::errInvalidEllipticCurveType);
  bad = rawHashSignature;
  bad[2] = 0x1e;
  EXPECT_EQ(unmarshal(bad, E), handshake::errInvalidNamedCurve);
  bad = rawHashSignature;
  bad[3] = 0xff;  // public key length beyond the data
  EXPECT_EQ(unmarshal(bad, E), handshake::errBufferTooSmall);
  bad = rawHashSignature;
  bad[69] = 0x07;  // hash algorithm Pion does not know
  EXPECT_EQ(unmarshal(bad, E), handshake::errInvalidHashAlgorithm);
  bad = rawHashSignature;
  bad[70] = 0x02;  // signature algorithm Pion does not know
  EXPECT_EQ(unmarshal(bad, E), handshake::errInvalidSignatureAlgorithm);
  bad = rawHashSignature;
  bad[72] = 0x48;  // signature length one too large
  EXPECT_EQ(unmarshal(bad, E), handshake::errBufferTooSmall);
  // A signature length shorter than the data takes just that many bytes, as in Go.
  bad = rawHashSignature;
  bad[72] = 0x46;
  handshake::MessageServerKeyExchange shortSig;
  shortSig.KeyExchangeAlgorithm = E;
  ASSERT_FALSE(shortSig.Unmarshal(bad));
  EXPECT_EQ(shortSig.Signature, sub(rawHashSignature, 73, 143));

  // PSK only: trailing data, or a hint length beyond the data, is a length mismatch.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x01, 'a', 'b'}, types::KeyExchangeAlgorithmPsk), handshake::errLengthMismatch);
  EXPECT_EQ(unmarshal(bytes{0x00, 0x05, 'a', 'b'}, types::KeyExchangeAlgorithmPsk), handshake::errLengthMismatch);
  // Deviation from Pion (which panics): under ECDHE_PSK the hint consumes all data.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x02, 'i', 'd'}, ecdhePskKEA), handshake::errBufferTooSmall);

  // Marshal consistency checks.
  auto marshalErr = [](hash::Algorithm h, signature::Algorithm s, bytes sig) {
    handshake::MessageServerKeyExchange m;
    m.EllipticCurveType = elliptic::CurveTypeNamedCurve;
    m.NamedCurve = elliptic::X25519;
    m.PublicKey = {0x01, 0x02};
    m.HashAlgorithm = h;
    m.SignatureAlgorithm = s;
    m.Signature = std::move(sig);
    return m.Marshal().second;
  };
  EXPECT_EQ(marshalErr(hash::SHA256, signature::ECDSA, {}), handshake::errInvalidHashAlgorithm);
  EXPECT_EQ(marshalErr(hash::None, signature::ECDSA, {0x01}), handshake::errInvalidHashAlgorithm);
  EXPECT_EQ(marshalErr(hash::SHA256, signature::Anonymous, {0x01}), handshake::errInvalidSignatureAlgorithm);
  EXPECT_FALSE(marshalErr(hash::None, signature::Anonymous, {}));
  EXPECT_FALSE(marshalErr(hash::SHA256, signature::ECDSA, {0x01}));

  // Without a curve type or public key only the (optional) hint is written.
  handshake::MessageServerKeyExchange hintOnly;
  hintOnly.IdentityHint = bytes{'x'};
  hintOnly.HashAlgorithm = hash::SHA256;  // ignored, as in Go
  auto [out, err] = hintOnly.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(out, (bytes{0x00, 0x01, 'x'}));
  auto [none, err2] = handshake::MessageServerKeyExchange{}.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_TRUE(none.empty());
}
