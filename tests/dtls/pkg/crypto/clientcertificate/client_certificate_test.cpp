// Pion has no client_certificate_test.go; this pins pkg/crypto/clientcertificate/client_certificate.go.
#include <gtest/gtest.h>

#include "dtls/pkg/crypto/clientcertificate/client_certificate.hpp"

namespace clientcertificate = dtls::pkg::crypto::clientcertificate;

TEST(CryptoClientCertificate, Types) {
  EXPECT_EQ(int(clientcertificate::RSASign), 1);
  EXPECT_EQ(int(clientcertificate::ECDSASign), 64);
  const auto types = clientcertificate::Types();
  EXPECT_EQ(types.size(), 2u);
  EXPECT_TRUE(types.at(clientcertificate::RSASign));
  EXPECT_TRUE(types.at(clientcertificate::ECDSASign));
  EXPECT_EQ(types.count(clientcertificate::Type(2)), 0u);
}
