// pion: pkg/crypto/elliptic/elliptic.go
#include "dtls/pkg/crypto/elliptic/elliptic.hpp"

#include <botan/bigint.h>
#include <botan/curve25519.h>
#include <botan/ec_group.h>
#include <botan/ecdh.h>
#include <botan/system_rng.h>

#include <cstdio>
#include <exception>

#include "dtls/go_p256.hpp"

namespace dtls::pkg::crypto::elliptic {

// pion: pkg/crypto/elliptic/elliptic.go Curve.String
std::string String(Curve c) {
  switch (c) {
    case P256:
      return "P-256";
    case P384:
      return "P-384";
    case X25519:
      return "X25519";
  }
  // fmt.Sprintf("%#x", uint16(c)); C's %#x prints a bare "0" for zero where Go prints "0x0"
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(c));
  return buf;
}

namespace {

// pion: pkg/crypto/elliptic/elliptic.go ellipticCurveKeypair
// (Go passes crypto/elliptic curves; here the Botan group name.)
std::pair<std::shared_ptr<Keypair>, go::error> ellipticCurveKeypair(Curve nc, const char* groupName) {
  try {
    Botan::System_RNG rng;
    const Botan::EC_Group group(groupName);
    const Botan::ECDH_PrivateKey privateKey(rng, group);
    // elliptic.Marshal: the uncompressed point 0x04 || X || Y
    const std::vector<std::uint8_t> pub = privateKey.public_value(Botan::PointGFp::UNCOMPRESSED);
    // elliptic.GenerateKey returns the scalar as (N.BitLen()+7)/8 big-endian bytes
    const auto priv = Botan::BigInt::encode_1363(privateKey.private_value(), group.get_order_bytes());
    auto kp = std::make_shared<Keypair>();
    kp->Curve = nc;
    kp->PublicKey = pub;
    kp->PrivateKey.assign(priv.begin(), priv.end());
    return {std::move(kp), nullptr};
  } catch (const std::exception& e) {
    return {nullptr, go::errors::New(e.what())};
  }
}

}  // namespace

// pion: pkg/crypto/elliptic/elliptic.go GenerateKeypair
// GenerateKeypair generates a keypair for the given Curve
std::pair<std::shared_ptr<Keypair>, go::error> GenerateKeypair(Curve c) {
  switch (c) {  // nolint:revive
    case X25519: {
      try {
        Botan::System_RNG rng;
        // tmp := make([]byte, 32); rand.Read(tmp)
        const Botan::secure_vector<std::uint8_t> tmp = rng.random_vec(32);

        // curve25519.ScalarBaseMult(&public, &private)
        const Botan::Curve25519_PrivateKey key(tmp);
        const std::vector<std::uint8_t> pub = key.public_value();
        auto kp = std::make_shared<Keypair>();
        kp->Curve = X25519;
        kp->PublicKey = pub;
        kp->PrivateKey.assign(tmp.begin(), tmp.end());
        return {std::move(kp), nullptr};
      } catch (const std::exception& e) {
        return {nullptr, go::errors::New(e.what())};
      }
    }
    case P256: {
      // elliptic.GenerateKey(elliptic.P256(), rand.Reader), on go::crypto::p256 (dtls/go_p256)
      // rather than Botan's generic curve code.
      try {
        const auto priv = go::crypto::p256::GeneratePrivateScalar();
        const auto pub = go::crypto::p256::ScalarBaseMult(priv);
        auto kp = std::make_shared<Keypair>();
        kp->Curve = P256;
        kp->PublicKey.assign(pub.begin(), pub.end());
        kp->PrivateKey.assign(priv.begin(), priv.end());
        return {std::move(kp), nullptr};
      } catch (const std::exception& e) {
        return {nullptr, go::errors::New(e.what())};
      }
    }
    case P384:
      return ellipticCurveKeypair(P384, "secp384r1");
    default:
      return {nullptr, errInvalidNamedCurve};
  }
}

}  // namespace dtls::pkg::crypto::elliptic
