// Pion has no test for internal/ciphersuite/types; this pins
// authentication_type.go and key_exchange_algorithm.go.
#include <gtest/gtest.h>

#include "dtls/internal/ciphersuite/types/authentication_type.hpp"
#include "dtls/internal/ciphersuite/types/key_exchange_algorithm.hpp"

namespace types = dtls::internal::ciphersuite::types;

TEST(CiphersuiteTypes, AuthenticationType) {
  EXPECT_EQ(int(types::AuthenticationTypeCertificate), 1);
  EXPECT_EQ(int(types::AuthenticationTypePreSharedKey), 2);
  EXPECT_EQ(int(types::AuthenticationTypeAnonymous), 3);
}

// pion: internal/ciphersuite/types/key_exchange_algorithm.go KeyExchangeAlgorithm.Has
TEST(CiphersuiteTypes, KeyExchangeAlgorithmHas) {
  // KeyExchangeAlgorithmPsk = iota << 1 with iota == 1, Ecdhe follows with iota == 2
  EXPECT_EQ(int(types::KeyExchangeAlgorithmNone), 0);
  EXPECT_EQ(int(types::KeyExchangeAlgorithmPsk), 2);
  EXPECT_EQ(int(types::KeyExchangeAlgorithmEcdhe), 4);

  const auto both = types::KeyExchangeAlgorithmPsk | types::KeyExchangeAlgorithmEcdhe;
  EXPECT_TRUE(types::Has(both, types::KeyExchangeAlgorithmPsk));
  EXPECT_TRUE(types::Has(both, types::KeyExchangeAlgorithmEcdhe));
  EXPECT_TRUE(types::Has(types::KeyExchangeAlgorithmPsk, types::KeyExchangeAlgorithmPsk));
  EXPECT_FALSE(types::Has(types::KeyExchangeAlgorithmPsk, types::KeyExchangeAlgorithmEcdhe));
  EXPECT_FALSE(types::Has(types::KeyExchangeAlgorithmEcdhe, types::KeyExchangeAlgorithmPsk));
  EXPECT_FALSE(types::Has(types::KeyExchangeAlgorithmNone, types::KeyExchangeAlgorithmPsk));
  // Everything Has None, as (a & 0) == 0 in Go.
  EXPECT_TRUE(types::Has(types::KeyExchangeAlgorithmNone, types::KeyExchangeAlgorithmNone));
  EXPECT_TRUE(types::Has(types::KeyExchangeAlgorithmEcdhe, types::KeyExchangeAlgorithmNone));
}
