// pion: pkg/protocol/handshake/message_certificate_verify_test.go
#include <gtest/gtest.h>

#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
using handshake_test::bytes;
using handshake_test::sub;

namespace {
const bytes rawCertificateVerify = {
    0x04, 0x03, 0x00, 0x47, 0x30, 0x45, 0x02, 0x20, 0x6b, 0x63, 0x17, 0xad, 0xbe, 0xb7, 0x7b, 0x0f,
    0x86, 0x73, 0x39, 0x1e, 0xba, 0xb3, 0x50, 0x9c, 0xce, 0x9c, 0xe4, 0x8b, 0xe5, 0x13, 0x07, 0x59,
    0x18, 0x1f, 0xe5, 0xa0, 0x2b, 0xca, 0xa6, 0xad, 0x02, 0x21, 0x00, 0xd3, 0xb5, 0x01, 0xbe, 0x87,
    0x6c, 0x04, 0xa1, 0xdc, 0x28, 0xaa, 0x5f, 0xf7, 0x1e, 0x9c, 0xc0, 0x1e, 0x00, 0x2c, 0xe5, 0x94,
    0xbb, 0x03, 0x0e, 0xf1, 0xcb, 0x28, 0x22, 0x33, 0x23, 0x88, 0xad,
};
}  // namespace

// pion: pkg/protocol/handshake/message_certificate_verify_test.go TestHandshakeMessageCertificateVerify
TEST(HandshakeMessageCertificateVerify, TestHandshakeMessageCertificateVerify) {
  handshake::MessageCertificateVerify parsedCertificateVerify;
  parsedCertificateVerify.HashAlgorithm = static_cast<hash::Algorithm>(rawCertificateVerify[0]);
  parsedCertificateVerify.SignatureAlgorithm = static_cast<signature::Algorithm>(rawCertificateVerify[1]);
  parsedCertificateVerify.Signature = sub(rawCertificateVerify, 4);

  handshake::MessageCertificateVerify c;
  if (auto err = c.Unmarshal(rawCertificateVerify)) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(c.HashAlgorithm, parsedCertificateVerify.HashAlgorithm);
    EXPECT_EQ(c.SignatureAlgorithm, parsedCertificateVerify.SignatureAlgorithm);
    EXPECT_EQ(c.Signature, parsedCertificateVerify.Signature);
  }

  auto [raw, err] = c.Marshal();
  if (err) {
    ADD_FAILURE() << err.Error();
  } else {
    EXPECT_EQ(raw, rawCertificateVerify) << "handshakeMessageCertificateVerify marshal";
  }
}

// Not in Pion: round trip, truncations, disagreeing signature length, unknown algorithms.
TEST(HandshakeMessageCertificateVerify, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageCertificateVerify{}.Type(), handshake::TypeCertificateVerify);
  handshake_test::expectRoundTrip<handshake::MessageCertificateVerify>(rawCertificateVerify);
  handshake_test::expectRoundTrip<handshake::MessageCertificateVerify>(bytes{0x04, 0x03, 0x00, 0x00});

  handshake_test::expectTruncationsFail<handshake::MessageCertificateVerify>(
      rawCertificateVerify, {}, [](std::size_t n, const go::error& err) {
        EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
      });

  auto unmarshal = [](const bytes& b) { return handshake::MessageCertificateVerify{}.Unmarshal(b); };
  bytes bad = rawCertificateVerify;
  bad[3] = 0x48;  // signature length one too large
  EXPECT_EQ(unmarshal(bad), handshake::errBufferTooSmall);
  bad[3] = 0x46;  // one too small
  EXPECT_EQ(unmarshal(bad), handshake::errBufferTooSmall);
  bad = rawCertificateVerify;
  bad[0] = 0x07;  // not a hash.Algorithm Pion knows
  EXPECT_EQ(unmarshal(bad), handshake::errInvalidHashAlgorithm);
  bad = rawCertificateVerify;
  bad[1] = 0x02;  // not a signature.Algorithm Pion knows
  EXPECT_EQ(unmarshal(bad), handshake::errInvalidSignatureAlgorithm);
}
