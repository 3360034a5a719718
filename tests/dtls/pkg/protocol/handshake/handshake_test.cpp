// Tests for pkg/protocol/handshake/handshake.go, header.go and random.go (Pion has no test files
// for them; these pin the Go behaviour).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"
#include "dtls/pkg/protocol/errors.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/header.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"
#include "dtls/pkg/protocol/handshake/message_server_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/random.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace protocol = dtls::pkg::protocol;
namespace types = dtls::internal::ciphersuite::types;
using handshake_test::bytes;
using handshake_test::sub;

TEST(HandshakeHeader, MarshalUnmarshal) {
  handshake::Header h;
  h.Type = handshake::TypeClientHello;
  h.Length = 0x0a0b0c;
  h.MessageSequence = 0x0102;
  h.FragmentOffset = 0x030405;
  h.FragmentLength = 0xabcdef;
  auto [raw, err] = h.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (bytes{0x01, 0x0a, 0x0b, 0x0c, 0x01, 0x02, 0x03, 0x04, 0x05, 0xab, 0xcd, 0xef}));
  EXPECT_EQ(raw.size(), static_cast<std::size_t>(handshake::HeaderLength));

  handshake::Header back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_EQ(back, h);

  // uint24 fields keep only the low 24 bits on the wire, as util.PutBigEndianUint24 does.
  h.Length = 0xff000001;
  EXPECT_EQ(h.Marshal().first[3], 0x01);
  EXPECT_EQ(h.Marshal().first[1], 0x00);

  for (std::size_t n = 0; n < raw.size(); n++) {
    const bytes prefix = sub(raw, 0, n);
    handshake::Header p;
    EXPECT_EQ(p.Unmarshal(prefix), handshake::errBufferTooSmall) << "prefix " << n;
  }
  // Trailing bytes are not the header's business.
  bytes longer = raw;
  longer.push_back(0x99);
  handshake::Header l;
  ASSERT_FALSE(l.Unmarshal(longer));
  EXPECT_EQ(l, back);
}

TEST(HandshakeType, String) {
  EXPECT_EQ(handshake::String(handshake::TypeHelloRequest), "HelloRequest");
  EXPECT_EQ(handshake::String(handshake::TypeClientHello), "ClientHello");
  EXPECT_EQ(handshake::String(handshake::TypeServerHello), "ServerHello");
  EXPECT_EQ(handshake::String(handshake::TypeHelloVerifyRequest), "HelloVerifyRequest");
  EXPECT_EQ(handshake::String(handshake::TypeCertificate), "TypeCertificate");
  EXPECT_EQ(handshake::String(handshake::TypeServerKeyExchange), "ServerKeyExchange");
  EXPECT_EQ(handshake::String(handshake::TypeCertificateRequest), "CertificateRequest");
  EXPECT_EQ(handshake::String(handshake::TypeServerHelloDone), "ServerHelloDone");
  EXPECT_EQ(handshake::String(handshake::TypeCertificateVerify), "CertificateVerify");
  EXPECT_EQ(handshake::String(handshake::TypeClientKeyExchange), "ClientKeyExchange");
  EXPECT_EQ(handshake::String(handshake::TypeFinished), "Finished");
  EXPECT_EQ(handshake::String(static_cast<handshake::Type>(99)), "");
}

TEST(HandshakeRandom, MarshalUnmarshalPopulate) {
  handshake::Random r;
  r.GMTUnixTime = std::chrono::system_clock::time_point(std::chrono::seconds(0xb62fce5c));
  for (int i = 0; i < handshake::RandomBytesLength; i++) r.RandomBytes[i] = static_cast<std::uint8_t>(i);
  const auto fixed = r.MarshalFixed();
  EXPECT_EQ(fixed[0], 0xb6);
  EXPECT_EQ(fixed[1], 0x2f);
  EXPECT_EQ(fixed[2], 0xce);
  EXPECT_EQ(fixed[3], 0x5c);
  for (int i = 0; i < handshake::RandomBytesLength; i++) EXPECT_EQ(fixed[4 + i], i);

  handshake::Random back;
  back.UnmarshalFixed(fixed);
  EXPECT_TRUE(back == r);

  // Sub-second precision is dropped on the wire (time.Time.Unix()).
  handshake::Random frac = r;
  frac.GMTUnixTime += std::chrono::milliseconds(999);
  EXPECT_EQ(frac.MarshalFixed(), fixed);

  handshake::Random p1;
  handshake::Random p2;
  const auto before = std::chrono::system_clock::now();
  ASSERT_FALSE(p1.Populate());
  ASSERT_FALSE(p2.Populate());
  const auto after = std::chrono::system_clock::now();
  EXPECT_GE(p1.GMTUnixTime, before);
  EXPECT_LE(p2.GMTUnixTime, after);
  // 28 random bytes colliding, or being all zero, would mean the RNG is not used.
  EXPECT_NE(p1.RandomBytes, p2.RandomBytes);
  EXPECT_NE(p1.RandomBytes, (std::array<std::uint8_t, handshake::RandomBytesLength>{}));
}

namespace {

bytes withHeader(handshake::Type t, const bytes& body, std::uint16_t seq = 0) {
  handshake::Header h;
  h.Type = t;
  h.Length = static_cast<std::uint32_t>(body.size());
  h.MessageSequence = seq;
  h.FragmentLength = h.Length;
  bytes out = h.Marshal().first;
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace

// Handshake.Unmarshal dispatches on the type byte and Marshal re-frames the message.
TEST(HandshakeHandshake, MarshalUnmarshalEveryType) {
  struct testCase {
    handshake::Type type;
    bytes body;
    types::KeyExchangeAlgorithm kea;
  };
  const std::vector<testCase> cases = {
      {handshake::TypeClientHello,
       {0xfe, 0xfd, 0xb6, 0x2f, 0xce, 0x5c, 0x42, 0x54, 0xff, 0x86, 0xe1, 0x24, 0x41, 0x91, 0x42,
        0x62, 0x15, 0xad, 0x16, 0xc9, 0x15, 0x8d, 0x95, 0x71, 0x8a, 0xbb, 0x22, 0xd7, 0x47, 0xec,
        0xd8, 0x3d, 0xdc, 0x4b, 0x00, 0x00, 0x00, 0x04, 0xc0, 0x2b, 0xc0, 0x0a, 0x01, 0x00, 0x00,
        0x08, 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d},
       types::KeyExchangeAlgorithmNone},
      {handshake::TypeServerHello,
       {0xfe, 0xfd, 0x21, 0x63, 0x32, 0x21, 0x81, 0x0e, 0x98, 0x6c, 0x85, 0x3d, 0xa4, 0x39,
        0xaf, 0x5f, 0xd6, 0x5c, 0xcc, 0x20, 0x7f, 0x7c, 0x78, 0xf1, 0x5f, 0x7e, 0x1c, 0xb7,
        0xa1, 0x1e, 0xcf, 0x63, 0x84, 0x28, 0x00, 0xc0, 0x2b, 0x00, 0x00, 0x00},
       types::KeyExchangeAlgorithmNone},
      {handshake::TypeHelloVerifyRequest, {0xfe, 0xff, 0x02, 0xaa, 0xbb}, types::KeyExchangeAlgorithmNone},
      {handshake::TypeCertificate, {0x00, 0x00, 0x05, 0x00, 0x00, 0x02, 0x30, 0x00}, types::KeyExchangeAlgorithmNone},
      {handshake::TypeServerKeyExchange, {0x03, 0x00, 0x1d, 0x01, 0x04}, types::KeyExchangeAlgorithmEcdhe},
      {handshake::TypeServerKeyExchange, {0x00, 0x02, 'i', 'd'}, types::KeyExchangeAlgorithmPsk},
      {handshake::TypeCertificateRequest, {0x01, 0x40, 0x00, 0x02, 0x04, 0x03, 0x00, 0x00},
       types::KeyExchangeAlgorithmNone},
      {handshake::TypeServerHelloDone, {}, types::KeyExchangeAlgorithmNone},
      {handshake::TypeCertificateVerify, {0x04, 0x03, 0x00, 0x01, 0x30}, types::KeyExchangeAlgorithmNone},
      {handshake::TypeClientKeyExchange, {0x02, 0x01, 0x02}, types::KeyExchangeAlgorithmEcdhe},
      {handshake::TypeClientKeyExchange, {0x00, 0x01, 'p'}, types::KeyExchangeAlgorithmPsk},
      {handshake::TypeFinished, {0x01, 0x02, 0x03}, types::KeyExchangeAlgorithmNone},
  };

  for (const auto& tc : cases) {
    SCOPED_TRACE(handshake::String(tc.type));
    const bytes raw = withHeader(tc.type, tc.body, 7);
    handshake::Handshake h;
    h.KeyExchangeAlgorithm = tc.kea;
    EXPECT_EQ(h.ContentType(), protocol::ContentTypeHandshake);
    auto err = h.Unmarshal(raw);
    ASSERT_FALSE(err) << err.Error();
    ASSERT_TRUE(h.Message);
    EXPECT_EQ(h.Message->Type(), tc.type);
    EXPECT_EQ(h.Header.Type, tc.type);
    EXPECT_EQ(h.Header.MessageSequence, 7);
    EXPECT_EQ(h.Header.Length, tc.body.size());

    auto [out, merr] = h.Marshal();
    ASSERT_FALSE(merr) << merr.Error();
    EXPECT_EQ(out, raw);

    // Every truncation of the record breaks the declared length.
    for (std::size_t n = 0; n < raw.size(); n++) {
      const bytes prefix = sub(raw, 0, n);
      handshake::Handshake t;
      t.KeyExchangeAlgorithm = tc.kea;
      EXPECT_EQ(t.Unmarshal(prefix), n < 12 ? handshake::errBufferTooSmall : handshake::errLengthMismatch)
          << "prefix " << n;
    }
  }

  // The key exchange algorithm reaches ServerKeyExchange and ClientKeyExchange.
  handshake::Handshake h;
  h.KeyExchangeAlgorithm = types::KeyExchangeAlgorithmEcdhe;
  ASSERT_FALSE(h.Unmarshal(withHeader(handshake::TypeClientKeyExchange, {0x02, 0x01, 0x02})));
  auto* cke = dynamic_cast<handshake::MessageClientKeyExchange*>(h.Message.get());
  ASSERT_NE(cke, nullptr);
  EXPECT_EQ(cke->KeyExchangeAlgorithm, types::KeyExchangeAlgorithmEcdhe);
  EXPECT_EQ(cke->PublicKey, (bytes{0x01, 0x02}));
  // Without it they cannot be parsed.
  handshake::Handshake none;
  EXPECT_EQ(none.Unmarshal(withHeader(handshake::TypeClientKeyExchange, {0x02, 0x01, 0x02})),
            handshake::errCipherSuiteUnset);
  EXPECT_EQ(none.Unmarshal(withHeader(handshake::TypeServerKeyExchange, {0x03, 0x00, 0x1d, 0x01, 0x04})),
            handshake::errCipherSuiteUnset);
}

TEST(HandshakeHandshake, Errors) {
  // Message unset.
  handshake::Handshake empty;
  auto [o1, e1] = empty.Marshal();
  EXPECT_EQ(e1, handshake::errHandshakeMessageUnset);
  EXPECT_TRUE(go::errors::As<protocol::InternalError>(e1));

  // Fragmented handshakes cannot be marshaled.
  handshake::Handshake frag(handshake::Header{}, std::make_shared<handshake::MessageFinished>());
  frag.Header.FragmentOffset = 1;
  EXPECT_EQ(frag.Marshal().second, handshake::errUnableToMarshalFragmented);
  frag.Header.FragmentOffset = 0;
  auto [fo, fe] = frag.Marshal();
  ASSERT_FALSE(fe);
  EXPECT_EQ(fo, withHeader(handshake::TypeFinished, {}));

  // A message's own Marshal error is passed through.
  auto sh = std::make_shared<handshake::MessageServerHello>();
  handshake::Handshake withErr(handshake::Header{}, sh);
  EXPECT_EQ(withErr.Marshal().second, handshake::errCipherSuiteUnset);

  // Marshal fills in type and lengths.
  auto fin = std::make_shared<handshake::MessageFinished>();
  fin->VerifyData = {0x01, 0x02};
  handshake::Handshake hf(handshake::Header{}, fin);
  hf.Header.Type = handshake::TypeClientHello;  // overwritten
  hf.Header.Length = 99;                         // overwritten
  hf.Header.MessageSequence = 0x0203;
  auto [out, err] = hf.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(out, (bytes{0x14, 0x00, 0x00, 0x02, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x02}));
  EXPECT_EQ(hf.Header.Type, handshake::TypeFinished);
  EXPECT_EQ(hf.Header.Length, 2u);
  EXPECT_EQ(hf.Header.FragmentLength, 2u);

  handshake::Handshake h;
  // Length disagrees with the data.
  bytes raw = withHeader(handshake::TypeFinished, {0x01, 0x02});
  raw[3] = 0x03;
  EXPECT_EQ(h.Unmarshal(raw), handshake::errLengthMismatch);
  // Fragment length disagrees with the length.
  raw = withHeader(handshake::TypeFinished, {0x01, 0x02});
  raw[11] = 0x01;
  EXPECT_EQ(h.Unmarshal(raw), handshake::errLengthMismatch);
  // Trailing data.
  raw = withHeader(handshake::TypeFinished, {0x01, 0x02});
  raw.push_back(0x00);
  EXPECT_EQ(h.Unmarshal(raw), handshake::errLengthMismatch);
  // HelloRequest and unknown types are not implemented.
  EXPECT_EQ(h.Unmarshal(withHeader(handshake::TypeHelloRequest, {})), handshake::errNotImplemented);
  EXPECT_EQ(h.Unmarshal(withHeader(static_cast<handshake::Type>(4), {})), handshake::errNotImplemented);
  EXPECT_EQ(h.Unmarshal(withHeader(static_cast<handshake::Type>(0xff), {0x01})), handshake::errNotImplemented);
  // A message's own Unmarshal error is passed through.
  EXPECT_EQ(h.Unmarshal(withHeader(handshake::TypeHelloVerifyRequest, {0xfe, 0xff})), handshake::errBufferTooSmall);
  // Short header.
  EXPECT_EQ(h.Unmarshal(bytes{0x14, 0x00}), handshake::errBufferTooSmall);
  EXPECT_TRUE(go::errors::As<protocol::TemporaryError>(handshake::errBufferTooSmall));
}
