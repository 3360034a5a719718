// Pion has no signature_test.go; this pins pkg/crypto/signature/signature.go.
#include <gtest/gtest.h>

#include "dtls/pkg/crypto/signature/signature.hpp"

namespace signature = dtls::pkg::crypto::signature;

TEST(CryptoSignature, AlgorithmValues) {
  EXPECT_EQ(int(signature::Anonymous), 0);
  EXPECT_EQ(int(signature::RSA), 1);
  EXPECT_EQ(int(signature::ECDSA), 3);
  EXPECT_EQ(int(signature::Ed25519), 7);
  const auto all = signature::Algorithms();
  EXPECT_EQ(all.size(), 4u);
  for (auto a : {signature::Anonymous, signature::RSA, signature::ECDSA, signature::Ed25519}) {
    EXPECT_EQ(all.count(a), 1u) << int(a);
  }
  EXPECT_EQ(all.count(signature::Algorithm(2)), 0u);
}
