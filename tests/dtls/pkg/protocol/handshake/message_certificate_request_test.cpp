// pion: pkg/protocol/handshake/message_certificate_request_test.go
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"
#include "handshake_test_helpers.hpp"

namespace handshake = dtls::pkg::protocol::handshake;
namespace clientcertificate = dtls::pkg::crypto::clientcertificate;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace signaturehash = dtls::pkg::crypto::signaturehash;
using handshake_test::bytes;

namespace {

signaturehash::Algorithm sh(hash::Algorithm h, signature::Algorithm s) {
  signaturehash::Algorithm a;
  a.Hash = h;
  a.Signature = s;
  return a;
}

std::shared_ptr<handshake::MessageCertificateRequest> expected(bool withCAs) {
  auto m = std::make_shared<handshake::MessageCertificateRequest>();
  m->CertificateTypes = {
      clientcertificate::RSASign,
      clientcertificate::ECDSASign,
  };
  m->SignatureHashAlgorithms = {
      sh(hash::SHA256, signature::ECDSA), sh(hash::SHA256, signature::RSA), sh(hash::SHA384, signature::ECDSA),
      sh(hash::SHA384, signature::RSA),   sh(hash::SHA512, signature::RSA), sh(hash::SHA1, signature::RSA),
  };
  if (withCAs) {
    const std::string test = "test";
    m->CertificateAuthoritiesNames = {bytes(test.begin(), test.end())};
  }
  return m;
}

const bytes rawWithCAs = {
    0x02, 0x01, 0x40, 0x00, 0x0C, 0x04, 0x03, 0x04, 0x01, 0x05, 0x03, 0x05, 0x01,
    0x06, 0x01, 0x02, 0x01, 0x00, 0x06, 0x00, 0x04, 0x74, 0x65, 0x73, 0x74,
};
const bytes rawWithoutCAs = {
    0x02, 0x01, 0x40, 0x00, 0x0C, 0x04, 0x03, 0x04, 0x01, 0x05,
    0x03, 0x05, 0x01, 0x06, 0x01, 0x02, 0x01, 0x00, 0x00,
};

}  // namespace

// pion: pkg/protocol/handshake/message_certificate_request_test.go TestHandshakeMessageCertificateRequest
TEST(HandshakeMessageCertificateRequest, TestHandshakeMessageCertificateRequest) {
  struct testCase {
    std::string name;
    bytes rawCertificateRequest;
    std::shared_ptr<handshake::MessageCertificateRequest> parsedCertificateRequest;
    go::error expErr;
  };
  const std::vector<testCase> cases = {
      {"valid - with CertificateAuthoritiesNames", rawWithCAs, expected(true), nullptr},
      {"valid - without CertificateAuthoritiesNames", rawWithoutCAs, expected(false), nullptr},
      {"invalid - casLength CertificateAuthoritiesNames",
       bytes{
           0x02, 0x01, 0x40, 0x00, 0x0C, 0x04, 0x03, 0x04, 0x01, 0x05,
           0x03, 0x05, 0x01, 0x06, 0x01, 0x02, 0x01, 0x01,
       },
       nullptr, handshake::errBufferTooSmall},
  };

  for (const auto& testCase : cases) {
    SCOPED_TRACE(testCase.name);
    handshake::MessageCertificateRequest c;
    if (auto err = c.Unmarshal(testCase.rawCertificateRequest)) {
      if (testCase.expErr) {
        if (go::errors::Is(err, testCase.expErr)) {
          continue;
        }
      }
      ADD_FAILURE() << err.Error();
    } else {
      ASSERT_TRUE(testCase.parsedCertificateRequest) << "expected an error";
      EXPECT_EQ(c.CertificateTypes, testCase.parsedCertificateRequest->CertificateTypes);
      EXPECT_EQ(c.SignatureHashAlgorithms, testCase.parsedCertificateRequest->SignatureHashAlgorithms);
      EXPECT_EQ(c.CertificateAuthoritiesNames, testCase.parsedCertificateRequest->CertificateAuthoritiesNames);
    }
    auto [raw, err] = c.Marshal();
    if (err) {
      ADD_FAILURE() << err.Error();
    } else {
      EXPECT_EQ(raw, testCase.rawCertificateRequest) << "parsedCertificateRequest marshal";
    }
  }
}

// Not in Pion: round trips, truncations, disagreeing length fields, unknown algorithms skipped.
TEST(HandshakeMessageCertificateRequest, RoundTripAndBadInput) {
  EXPECT_EQ(handshake::MessageCertificateRequest{}.Type(), handshake::TypeCertificateRequest);
  handshake_test::expectRoundTrip<handshake::MessageCertificateRequest>(rawWithCAs);
  handshake_test::expectRoundTrip<handshake::MessageCertificateRequest>(rawWithoutCAs);

  // rawWithoutCAs is not a prefix of rawWithCAs (the CA length differs), so every prefix fails.
  for (const auto* raw : {&rawWithCAs, &rawWithoutCAs}) {
    handshake_test::expectTruncationsFail<handshake::MessageCertificateRequest>(
        *raw, {}, [](std::size_t n, const go::error& err) {
          EXPECT_EQ(err, handshake::errBufferTooSmall) << "prefix " << n;
        });
  }

  auto unmarshal = [](const bytes& b) { return handshake::MessageCertificateRequest{}.Unmarshal(b); };
  // Certificate types length larger than the data.
  EXPECT_EQ(unmarshal(bytes{0x09, 0x01, 0x40, 0x00, 0x00}), handshake::errBufferTooSmall);
  // Signature/hash length larger than the data.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x00, 0x06, 0x04, 0x03, 0x00, 0x00}), handshake::errBufferTooSmall);
  // Odd signature/hash length.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x00, 0x03, 0x04, 0x03, 0x04}), handshake::errBufferTooSmall);
  // Distinguished names length larger than the data.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01}), handshake::errBufferTooSmall);
  // A CA length larger than the names block.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x02, 0xaa}), handshake::errBufferTooSmall);
  // A names block with one stray byte.
  EXPECT_EQ(unmarshal(bytes{0x00, 0x00, 0x00, 0x00, 0x01, 0x00}), handshake::errBufferTooSmall);

  // Unknown certificate types and hash/signature pairs are skipped, as in Go.
  handshake::MessageCertificateRequest m;
  ASSERT_FALSE(m.Unmarshal(bytes{0x03, 0x01, 0x07, 0x40, 0x00, 0x06, 0x04, 0x03, 0x09, 0x03, 0x04, 0x09, 0x00,
                                 0x00}));
  EXPECT_EQ(m.CertificateTypes, (std::vector<clientcertificate::Type>{clientcertificate::RSASign,
                                                                      clientcertificate::ECDSASign}));
  EXPECT_EQ(m.SignatureHashAlgorithms, (std::vector<signaturehash::Algorithm>{sh(hash::SHA256, signature::ECDSA)}));
  EXPECT_TRUE(m.CertificateAuthoritiesNames.empty());

  // Several CAs.
  handshake::MessageCertificateRequest cas;
  cas.CertificateAuthoritiesNames = {bytes{0x01}, bytes{}, bytes{0x02, 0x03}};
  auto [raw, err] = cas.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (bytes{0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x02, 0x03}));
  handshake_test::expectRoundTrip<handshake::MessageCertificateRequest>(raw);
  handshake::MessageCertificateRequest back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_EQ(back.CertificateAuthoritiesNames, cas.CertificateAuthoritiesNames);
}
