// pion: pkg/protocol/extension/supported_signature_algorithms_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/supported_signature_algorithms.hpp"

namespace extension = dtls::pkg::protocol::extension;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace signaturehash = dtls::pkg::crypto::signaturehash;

// pion: pkg/protocol/extension/supported_signature_algorithms_test.go TestExtensionSupportedSignatureAlgorithms
TEST(ExtensionSupportedSignatureAlgorithms, ExtensionSupportedSignatureAlgorithms) {
  const std::vector<std::uint8_t> rawExtensionSupportedSignatureAlgorithms{
      0x00, 0x0d,  //
      0x00, 0x08,  //
      0x00, 0x06,  //
      0x04, 0x03,  //
      0x05, 0x03,  //
      0x06, 0x03,
  };
  extension::SupportedSignatureAlgorithms parsedExtensionSupportedSignatureAlgorithms;
  parsedExtensionSupportedSignatureAlgorithms.SignatureHashAlgorithms = {
      {hash::SHA256, signature::ECDSA},
      {hash::SHA384, signature::ECDSA},
      {hash::SHA512, signature::ECDSA},
  };

  auto [raw, err] = parsedExtensionSupportedSignatureAlgorithms.Marshal();
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(raw, rawExtensionSupportedSignatureAlgorithms) << "extensionSupportedSignatureAlgorithms marshal";
}

// Identity, truncations, bad lengths, unknown algorithms (beyond Pion).
TEST(ExtensionSupportedSignatureAlgorithms, RoundTripAndBadInput) {
  extension::SupportedSignatureAlgorithms ext;
  ext.SignatureHashAlgorithms = {
      {hash::SHA256, signature::ECDSA},
      {hash::SHA384, signature::RSA},
      {hash::Ed25519, signature::Ed25519},
  };
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(ext.TypeValue(), extension::SupportedSignatureAlgorithmsTypeValue);

  extension::SupportedSignatureAlgorithms back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_EQ(back.SignatureHashAlgorithms, ext.SignatureHashAlgorithms);
  EXPECT_EQ(back.Marshal().first, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::SupportedSignatureAlgorithms e;
    auto uerr = e.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    if (n <= extension::supportedSignatureAlgorithmsHeaderSize) {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errBufferTooSmall)) << n;
    } else {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errLengthMismatch)) << n;
    }
  }
  auto bad = raw;
  bad[5] = 0x08;
  extension::SupportedSignatureAlgorithms e;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errLengthMismatch));
  bad = raw;
  bad[1] = 0x0e;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errInvalidExtensionType));
  // Unknown hash (7) and unknown signature (2) are skipped.
  extension::SupportedSignatureAlgorithms u;
  ASSERT_FALSE(u.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0d, 0x00, 0x08, 0x00, 0x06, 0x07, 0x03, 0x04, 0x02, 0x04, 0x01}));
  EXPECT_EQ(u.SignatureHashAlgorithms,
            (std::vector<signaturehash::Algorithm>{{hash::SHA256, signature::RSA}}));
}
