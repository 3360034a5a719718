// pion: pkg/crypto/fingerprint/hash_test.go
#include <gtest/gtest.h>

#include "chan/error.hpp"
#include "dtls/pkg/crypto/fingerprint/hash.hpp"

namespace fingerprint = dtls::pkg::crypto::fingerprint;

// pion: pkg/crypto/fingerprint/hash_test.go TestHashFromString
TEST(CryptoFingerprintHash, TestHashFromString) {
  {
    SCOPED_TRACE("InvalidHashAlgorithm");
    auto [h, err] = fingerprint::HashFromString("invalid-hash-algorithm");
    EXPECT_TRUE(go::errors::Is(err, fingerprint::errInvalidHashAlgorithm))
        << "Expected error '" << fingerprint::errInvalidHashAlgorithm.Error() << "' for invalid hash name, got '"
        << err.Error() << "'";
  }
  {
    SCOPED_TRACE("ValidHashAlgorithm");
    auto [h, err] = fingerprint::HashFromString("sha-512");
    ASSERT_FALSE(err) << "Unexpected error for valid hash name, got '" << err.Error() << "'";
    EXPECT_EQ(h, go::crypto::SHA512) << "Expected hash ID of " << int(go::crypto::SHA512) << ", got " << int(h);
  }
  {
    SCOPED_TRACE("ValidCaseInsensitiveHashAlgorithm");
    auto [h, err] = fingerprint::HashFromString("SHA-512");
    ASSERT_FALSE(err) << "Unexpected error for valid hash name, got '" << err.Error() << "'";
    EXPECT_EQ(h, go::crypto::SHA512) << "Expected hash ID of " << int(go::crypto::SHA512) << ", got " << int(h);
  }
}

// pion: pkg/crypto/fingerprint/hash_test.go TestStringFromHash_Roundtrip
TEST(CryptoFingerprintHash, TestStringFromHash_Roundtrip) {
  const auto m = fingerprint::nameToHash();
  ASSERT_EQ(m.size(), 6u);
  for (const auto& [name, h] : m) {
    auto [s, err] = fingerprint::StringFromHash(h);
    ASSERT_FALSE(err) << "Unexpected error for valid hash algorithm, got '" << err.Error() << "'";
    EXPECT_EQ(s, name);
    auto [h2, err2] = fingerprint::HashFromString(s);
    ASSERT_FALSE(err2) << "Unexpected error for valid hash name, got '" << err2.Error() << "'";
    EXPECT_EQ(h, h2) << "Hash value doesn't match";
  }
}

// Not in Pion: a hash without a name is an error.
TEST(CryptoFingerprintHash, StringFromUnnamedHash) {
  auto [s, err] = fingerprint::StringFromHash(go::crypto::SHA3_256);
  EXPECT_EQ(err, fingerprint::errInvalidHashAlgorithm);
  EXPECT_EQ(s, "");
}
