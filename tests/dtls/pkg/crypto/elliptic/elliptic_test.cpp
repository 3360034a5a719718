// pion: pkg/crypto/elliptic/elliptic_test.go
#include <gtest/gtest.h>

#include <botan/ec_group.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/crypto/prf/prf.hpp"

namespace elliptic = dtls::pkg::crypto::elliptic;
namespace prf = dtls::pkg::crypto::prf;

// pion: pkg/crypto/elliptic/elliptic_test.go TestString
TEST(CryptoElliptic, TestString) {
  const struct {
    elliptic::Curve in;
    const char* out;
  } tests[] = {
      {elliptic::X25519, "X25519"},
      {elliptic::P256, "P-256"},
      {elliptic::P384, "P-384"},
      {elliptic::Curve(0), "0x0"},
  };

  for (const auto& tt : tests) {
    SCOPED_TRACE(tt.out);
    EXPECT_EQ(elliptic::String(tt.in), tt.out) << "Expected: " << tt.out << ", got: " << elliptic::String(tt.in);
  }
  // Go's %#x for other values (checked against Pion under Go 1.19)
  EXPECT_EQ(elliptic::String(elliptic::Curve(0x1e)), "0x1e");
  EXPECT_EQ(elliptic::String(elliptic::Curve(0xabcd)), "0xabcd");
}

// Not in Pion: constants and the curve sets.
TEST(CryptoElliptic, Constants) {
  EXPECT_EQ(int(elliptic::X25519), 0x001d);
  EXPECT_EQ(int(elliptic::P256), 0x0017);
  EXPECT_EQ(int(elliptic::P384), 0x0018);
  EXPECT_EQ(int(elliptic::CurvePointFormatUncompressed), 0);
  EXPECT_EQ(int(elliptic::CurveTypeNamedCurve), 3);
  EXPECT_EQ(elliptic::CurveTypes().size(), 1u);
  EXPECT_EQ(elliptic::CurveTypes().count(elliptic::CurveTypeNamedCurve), 1u);
  const auto curves = elliptic::Curves();
  EXPECT_EQ(curves.size(), 3u);
  EXPECT_TRUE(curves.at(elliptic::X25519));
  EXPECT_TRUE(curves.at(elliptic::P256));
  EXPECT_TRUE(curves.at(elliptic::P384));
}

// Not in Pion: GenerateKeypair encodings, and that two keypairs agree on a
// premaster secret through prf.PreMasterSecret (what a handshake does).
TEST(CryptoElliptic, GenerateKeypair) {
  const struct {
    elliptic::Curve c;
    std::size_t pubLen, privLen;
  } cases[] = {
      {elliptic::X25519, 32, 32},
      {elliptic::P256, 65, 32},
      {elliptic::P384, 97, 48},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(elliptic::String(tc.c));
    auto [a, errA] = elliptic::GenerateKeypair(tc.c);
    ASSERT_FALSE(errA) << errA.Error();
    auto [b, errB] = elliptic::GenerateKeypair(tc.c);
    ASSERT_FALSE(errB) << errB.Error();
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->Curve, tc.c);
    EXPECT_EQ(a->PublicKey.size(), tc.pubLen);
    EXPECT_EQ(a->PrivateKey.size(), tc.privLen);
    EXPECT_NE(a->PrivateKey, b->PrivateKey);
    EXPECT_NE(a->PublicKey, b->PublicKey);
    if (tc.c != elliptic::X25519) {
      EXPECT_EQ(a->PublicKey[0], 0x04) << "uncompressed point";
    }
    auto [s1, e1] = prf::PreMasterSecret(b->PublicKey, a->PrivateKey, tc.c);
    auto [s2, e2] = prf::PreMasterSecret(a->PublicKey, b->PrivateKey, tc.c);
    ASSERT_FALSE(e1) << e1.Error();
    ASSERT_FALSE(e2) << e2.Error();
    EXPECT_EQ(s1, s2);
    EXPECT_EQ(s1.size(), tc.c == elliptic::P384 ? 48u : 32u);
  }
}

// Not in Pion: P-256/P-384 public keys are the uncompressed encoding of
// private*G, so the private bytes are the big-endian scalar.
TEST(CryptoElliptic, GenerateKeypairPublicMatchesPrivate) {
  for (auto [c, group] : {std::pair{elliptic::P256, "secp256r1"}, std::pair{elliptic::P384, "secp384r1"}}) {
    auto [kp, err] = elliptic::GenerateKeypair(c);
    ASSERT_FALSE(err);
    const Botan::EC_Group g(group);
    const Botan::BigInt k(kp->PrivateKey.data(), kp->PrivateKey.size());
    const auto pub = g.get_base_point() * k;
    EXPECT_EQ(pub.encode(Botan::PointGFp::UNCOMPRESSED), kp->PublicKey);
  }
}

TEST(CryptoElliptic, GenerateKeypairInvalidCurve) {
  auto [kp, err] = elliptic::GenerateKeypair(elliptic::Curve(0x0019));
  EXPECT_EQ(err, elliptic::errInvalidNamedCurve);
  EXPECT_EQ(kp, nullptr);
}
