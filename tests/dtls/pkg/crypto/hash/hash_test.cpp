// pion: pkg/crypto/hash/hash_test.go
#include <gtest/gtest.h>

#include <botan/hex.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "dtls/pkg/crypto/fingerprint/hash.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"

namespace hash = dtls::pkg::crypto::hash;
namespace fingerprint = dtls::pkg::crypto::fingerprint;

// pion: pkg/crypto/hash/hash_test.go TestHashAlgorithm_StringRoundtrip
TEST(CryptoHash, TestHashAlgorithm_StringRoundtrip) {
  int checked = 0;
  for (const auto algo : hash::Algorithms()) {
    if (algo == hash::Ed25519 || algo == hash::None) {
      continue;
    }

    const std::string str = hash::String(algo);
    const auto hash1 = hash::CryptoHash(algo);
    auto [hash2, err] = fingerprint::HashFromString(str);
    ASSERT_FALSE(err) << "fingerprint.HashFromString failed: " << err.Error();
    EXPECT_EQ(hash1, hash2) << "Hash algorithm mismatch, input: " << int(hash1) << ", after roundtrip: " << int(hash2);
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

// Not in Pion: Digest of "abc" (the FIPS 180 / RFC 1321 "abc" vectors; also
// what Pion's Algorithm.Digest returns under Go 1.19), nil for None/Ed25519/unknown.
TEST(CryptoHash, Digest) {
  const std::string abc = "abc";
  const std::vector<std::uint8_t> in(abc.begin(), abc.end());
  const struct {
    hash::Algorithm a;
    const char* want;
  } cases[] = {
      {hash::MD5, "900150983cd24fb0d6963f7d28e17f72"},
      {hash::SHA1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
      {hash::SHA224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
      {hash::SHA256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {hash::SHA384,
       "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
      {hash::SHA512,
       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e"
       "2a9ac94fa54ca49f"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Botan::hex_encode(hash::Digest(c.a, in), false), c.want) << hash::String(c.a);
  }
  EXPECT_TRUE(hash::Digest(hash::None, in).empty());
  EXPECT_TRUE(hash::Digest(hash::Ed25519, in).empty());
  EXPECT_TRUE(hash::Digest(hash::Algorithm(7), in).empty());
}

// Not in Pion: String, Insecure and CryptoHash over every value, as in hash.go.
TEST(CryptoHash, StringInsecureCryptoHash) {
  EXPECT_EQ(hash::String(hash::None), "none");
  EXPECT_EQ(hash::String(hash::MD5), "md5");
  EXPECT_EQ(hash::String(hash::SHA1), "sha-1");
  EXPECT_EQ(hash::String(hash::SHA224), "sha-224");
  EXPECT_EQ(hash::String(hash::SHA256), "sha-256");
  EXPECT_EQ(hash::String(hash::SHA384), "sha-384");
  EXPECT_EQ(hash::String(hash::SHA512), "sha-512");
  EXPECT_EQ(hash::String(hash::Ed25519), "null");
  EXPECT_EQ(hash::String(hash::Algorithm(7)), "unknown or unsupported hash algorithm");

  EXPECT_TRUE(hash::Insecure(hash::None));
  EXPECT_TRUE(hash::Insecure(hash::MD5));
  EXPECT_TRUE(hash::Insecure(hash::SHA1));
  EXPECT_FALSE(hash::Insecure(hash::SHA224));
  EXPECT_FALSE(hash::Insecure(hash::SHA256));
  EXPECT_FALSE(hash::Insecure(hash::SHA384));
  EXPECT_FALSE(hash::Insecure(hash::SHA512));
  EXPECT_FALSE(hash::Insecure(hash::Ed25519));

  EXPECT_EQ(hash::CryptoHash(hash::None), go::crypto::Hash(0));
  EXPECT_EQ(hash::CryptoHash(hash::MD5), go::crypto::MD5);
  EXPECT_EQ(hash::CryptoHash(hash::SHA1), go::crypto::SHA1);
  EXPECT_EQ(hash::CryptoHash(hash::SHA224), go::crypto::SHA224);
  EXPECT_EQ(hash::CryptoHash(hash::SHA256), go::crypto::SHA256);
  EXPECT_EQ(hash::CryptoHash(hash::SHA384), go::crypto::SHA384);
  EXPECT_EQ(hash::CryptoHash(hash::SHA512), go::crypto::SHA512);
  EXPECT_EQ(hash::CryptoHash(hash::Ed25519), go::crypto::Hash(0));
  EXPECT_EQ(hash::CryptoHash(hash::Algorithm(99)), go::crypto::Hash(0));

  EXPECT_EQ(hash::Algorithms().size(), 8u);
}

// Not in Pion: go::crypto::Hash (Go's crypto.Hash) constants, sizes and availability.
TEST(CryptoHash, GoCryptoHash) {
  EXPECT_EQ(int(go::crypto::MD4), 1);
  EXPECT_EQ(int(go::crypto::SHA256), 5);
  EXPECT_EQ(int(go::crypto::SHA512), 7);
  EXPECT_EQ(int(go::crypto::BLAKE2b_512), 19);
  for (auto h : {go::crypto::MD5, go::crypto::SHA1, go::crypto::SHA224, go::crypto::SHA256, go::crypto::SHA384,
                 go::crypto::SHA512}) {
    ASSERT_TRUE(go::crypto::Available(h)) << go::crypto::String(h);
    EXPECT_EQ(go::crypto::New(h)->output_length(), go::crypto::Size(h)) << go::crypto::String(h);
  }
  EXPECT_EQ(go::crypto::String(go::crypto::SHA256), "SHA-256");
  EXPECT_EQ(go::crypto::String(go::crypto::Hash(42)), "unknown hash value 42");
  EXPECT_FALSE(go::crypto::Available(go::crypto::Hash(0)));
  EXPECT_FALSE(go::crypto::Available(go::crypto::MD5SHA1));
  EXPECT_FALSE(go::crypto::Available(go::crypto::Hash(0xFFFFFFFF)));
  EXPECT_THROW(go::crypto::New(go::crypto::Hash(0xFFFFFFFF)), std::invalid_argument);
  EXPECT_THROW(go::crypto::Size(go::crypto::Hash(0)), std::invalid_argument);
}
