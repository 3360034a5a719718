// pion: pkg/crypto/signaturehash/signaturehash_test.go
#include <gtest/gtest.h>

#include <botan/ec_group.h>
#include <botan/ecdh.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"

namespace signaturehash = dtls::pkg::crypto::signaturehash;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace tls = go::tls;

// pion: pkg/crypto/signaturehash/signaturehash_test.go TestParseSignatureSchemes
TEST(CryptoSignatureHash, TestParseSignatureSchemes) {
  struct testCase {
    std::vector<tls::SignatureScheme> input;
    std::vector<signaturehash::Algorithm> expected;
    go::error err;
    bool insecureHashes;
  };
  const std::map<std::string, testCase> cases = {
      {"Translate",
       {
           .input =
               {
                   tls::ECDSAWithP256AndSHA256,
                   tls::ECDSAWithP384AndSHA384,
                   tls::ECDSAWithP521AndSHA512,
                   tls::PKCS1WithSHA256,
                   tls::PKCS1WithSHA384,
                   tls::PKCS1WithSHA512,
                   tls::Ed25519,
               },
           .expected =
               {
                   {hash::SHA256, signature::ECDSA},
                   {hash::SHA384, signature::ECDSA},
                   {hash::SHA512, signature::ECDSA},
                   {hash::SHA256, signature::RSA},
                   {hash::SHA384, signature::RSA},
                   {hash::SHA512, signature::RSA},
                   {hash::Ed25519, signature::Ed25519},
               },
           .err = nullptr,
           .insecureHashes = false,
       }},
      {"InvalidSignatureAlgorithm",
       {
           .input =
               {
                   tls::ECDSAWithP256AndSHA256,    // Valid
                   tls::SignatureScheme(0x04FF),  // Invalid: unknown signature with SHA-256
               },
           .expected = {},
           .err = signaturehash::errInvalidSignatureAlgorithm,
           .insecureHashes = false,
       }},
      {"InvalidHashAlgorithm",
       {
           .input =
               {
                   tls::ECDSAWithP256AndSHA256,    // Valid
                   tls::SignatureScheme(0x0003),  // Invalid: ECDSA with None
               },
           .expected = {},
           .err = signaturehash::errInvalidHashAlgorithm,
           .insecureHashes = false,
       }},
      {"InsecureHashAlgorithmDenied",
       {
           .input =
               {
                   tls::ECDSAWithP256AndSHA256,  // Valid
                   tls::ECDSAWithSHA1,           // Insecure
               },
           .expected =
               {
                   {hash::SHA256, signature::ECDSA},
               },
           .err = nullptr,
           .insecureHashes = false,
       }},
      {"InsecureHashAlgorithmAllowed",
       {
           .input =
               {
                   tls::ECDSAWithP256AndSHA256,  // Valid
                   tls::ECDSAWithSHA1,           // Insecure
               },
           .expected =
               {
                   {hash::SHA256, signature::ECDSA},
                   {hash::SHA1, signature::ECDSA},
               },
           .err = nullptr,
           .insecureHashes = true,
       }},
      {"OnlyInsecureHashAlgorithm",
       {
           .input =
               {
                   tls::ECDSAWithSHA1,  // Insecure
               },
           .expected = {},
           .err = signaturehash::errNoAvailableSignatureSchemes,
           .insecureHashes = false,
       }},
  };

  for (const auto& [name, testCase] : cases) {
    SCOPED_TRACE(name);
    auto [output, err] = signaturehash::ParseSignatureSchemes(testCase.input, testCase.insecureHashes);
    if (testCase.err) {
      EXPECT_TRUE(go::errors::Is(err, testCase.err))
          << "Expected error: " << testCase.err.Error() << ", got: " << err.Error();
    } else {
      // Go's test only checks errors when one is expected; every nil-error case
      // here also yields a nil error.
      EXPECT_FALSE(err) << err.Error();
    }
    EXPECT_EQ(testCase.expected, output) << "Expected signatureHashAlgorithm mismatch";
  }
}

// Not in Pion: the error texts. Go formats the scheme with %04x, and
// tls.SignatureScheme is a Stringer, so Go prints the hex of its String(); the
// expected texts are what Pion returns under Go 1.19.
TEST(CryptoSignatureHash, ParseSignatureSchemesErrorText) {
  {
    const std::vector<tls::SignatureScheme> in{tls::SignatureScheme(0x04FF)};
    EXPECT_EQ(signaturehash::ParseSignatureSchemes(in, false).second.Error(),
              "SignatureScheme 5369676e6174757265536368656d65283132373929: invalid signature algorithm");
  }
  {
    const std::vector<tls::SignatureScheme> in{tls::SignatureScheme(0x0003)};
    EXPECT_EQ(signaturehash::ParseSignatureSchemes(in, false).second.Error(),
              "SignatureScheme 5369676e6174757265536368656d65283329: invalid hash algorithm");
  }
  {
    // hash 7 is not a known hash algorithm
    const std::vector<tls::SignatureScheme> in{tls::SignatureScheme(0x0703)};
    EXPECT_EQ(signaturehash::ParseSignatureSchemes(in, false).second.Error(),
              "SignatureScheme 5369676e6174757265536368656d65283137393529: invalid hash algorithm");
  }
  {
    // RSA-PSS: signature byte 0x04 is not a TLS 1.2 signature algorithm
    const std::vector<tls::SignatureScheme> in{tls::PSSWithSHA256};
    auto [out, err] = signaturehash::ParseSignatureSchemes(in, false);
    EXPECT_TRUE(go::errors::Is(err, signaturehash::errInvalidSignatureAlgorithm));
    EXPECT_TRUE(out.empty());
  }
}

// Not in Pion: no schemes means the default list.
TEST(CryptoSignatureHash, ParseSignatureSchemesDefault) {
  auto [out, err] = signaturehash::ParseSignatureSchemes({}, false);
  ASSERT_FALSE(err);
  EXPECT_EQ(out, signaturehash::Algorithms());
  EXPECT_EQ(out.size(), 7u);
}

// Not in Pion: SelectSignatureScheme / isCompatible over each key type.
TEST(CryptoSignatureHash, SelectSignatureScheme) {
  Botan::System_RNG rng;
  const std::shared_ptr<Botan::Private_Key> ed = std::make_shared<Botan::Ed25519_PrivateKey>(rng);
  const std::shared_ptr<Botan::Private_Key> ec =
      std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
  const std::shared_ptr<Botan::Private_Key> rsa = std::make_shared<Botan::RSA_PrivateKey>(rng, 1024);
  const std::shared_ptr<Botan::Private_Key> ecdh =
      std::make_shared<Botan::ECDH_PrivateKey>(rng, Botan::EC_Group("secp256r1"));

  const auto all = signaturehash::Algorithms();
  {
    auto [a, err] = signaturehash::SelectSignatureScheme(all, ed);
    ASSERT_FALSE(err);
    EXPECT_EQ(a, (signaturehash::Algorithm{hash::Ed25519, signature::Ed25519}));
  }
  {
    auto [a, err] = signaturehash::SelectSignatureScheme(all, ec);
    ASSERT_FALSE(err);
    EXPECT_EQ(a, (signaturehash::Algorithm{hash::SHA256, signature::ECDSA}));
  }
  {
    auto [a, err] = signaturehash::SelectSignatureScheme(all, rsa);
    ASSERT_FALSE(err);
    EXPECT_EQ(a, (signaturehash::Algorithm{hash::SHA256, signature::RSA}));
  }
  {
    // preference order is the caller's
    const std::vector<signaturehash::Algorithm> pref{{hash::SHA512, signature::RSA},
                                                     {hash::SHA384, signature::ECDSA}};
    auto [a, err] = signaturehash::SelectSignatureScheme(pref, ec);
    ASSERT_FALSE(err);
    EXPECT_EQ(a, (signaturehash::Algorithm{hash::SHA384, signature::ECDSA}));
  }
  for (const auto& key : {ecdh, std::shared_ptr<Botan::Private_Key>{}}) {
    auto [a, err] = signaturehash::SelectSignatureScheme(all, key);
    EXPECT_EQ(err, signaturehash::errNoAvailableSignatureSchemes);
    EXPECT_EQ(a, signaturehash::Algorithm{});
  }
  {
    const std::vector<signaturehash::Algorithm> onlyRSA{{hash::SHA256, signature::RSA}};
    auto [a, err] = signaturehash::SelectSignatureScheme(onlyRSA, ed);
    EXPECT_EQ(err, signaturehash::errNoAvailableSignatureSchemes);
  }
}
