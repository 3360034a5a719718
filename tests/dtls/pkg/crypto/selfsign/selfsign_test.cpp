// Pion has no selfsign_test.go (selfsign is itself a test helper); these tests
// pin what pkg/crypto/selfsign/selfsign.go's certificates carry.
#include <gtest/gtest.h>

#include <botan/curve25519.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pkix_enums.h>
#include <botan/pkix_types.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>
#include <botan/x509_key.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dtls/pkg/crypto/fingerprint/fingerprint.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"
#include "dtls/pkg/crypto/signaturehash/signaturehash.hpp"

namespace selfsign = dtls::pkg::crypto::selfsign;
namespace fingerprint = dtls::pkg::crypto::fingerprint;
namespace signaturehash = dtls::pkg::crypto::signaturehash;

namespace {

void checkCert(const go::tls::Certificate& c, const std::string& cn, const std::vector<std::string>& dnsNames,
               bool isRSA) {
  ASSERT_EQ(c.chain.size(), 1u);
  ASSERT_NE(c.key, nullptr);
  const auto& leaf = c.chain.front();
  // self-signed and verifiable with its own key
  EXPECT_TRUE(leaf.is_self_signed());
  std::unique_ptr<Botan::Public_Key> pub(leaf.subject_public_key());
  EXPECT_TRUE(leaf.check_signature(*pub));
  EXPECT_EQ(Botan::X509::BER_encode(*pub), c.key->subject_public_key());
  // Subject CN and DNS names: cn followed by sans
  ASSERT_EQ(leaf.subject_info("X520.CommonName").size(), 1u);
  EXPECT_EQ(leaf.subject_info("X520.CommonName")[0], cn);
  auto dns = leaf.subject_alt_name().get_attribute("DNS");
  std::sort(dns.begin(), dns.end());
  auto wantDNS = dnsNames;
  std::sort(wantDNS.begin(), wantDNS.end());
  EXPECT_EQ(dns, wantDNS);
  // CA, v3, key usage as Go sets it, ext key usage client+server auth
  EXPECT_TRUE(leaf.is_CA_cert());
  EXPECT_EQ(leaf.x509_version(), 3u);
  int want = Botan::DIGITAL_SIGNATURE | Botan::KEY_CERT_SIGN;
  if (isRSA) want |= Botan::KEY_ENCIPHERMENT;
  EXPECT_EQ(static_cast<int>(leaf.constraints()), want);
  const auto eku = leaf.extended_key_usage();
  EXPECT_NE(std::find(eku.begin(), eku.end(), Botan::OID::from_string("PKIX.ClientAuth")), eku.end());
  EXPECT_NE(std::find(eku.begin(), eku.end(), Botan::OID::from_string("PKIX.ServerAuth")), eku.end());
  // NotBefore ~ now, NotAfter ~ one month later
  const auto now = std::chrono::system_clock::now();
  const auto nb = leaf.not_before().to_std_timepoint();
  const auto na = leaf.not_after().to_std_timepoint();
  EXPECT_LE(nb, now + std::chrono::seconds(1));
  EXPECT_GE(nb, now - std::chrono::minutes(5));
  EXPECT_GE(na - nb, std::chrono::hours(24 * 28));
  EXPECT_LE(na - nb, std::chrono::hours(24 * 31 + 1));
  // random serial
  EXPECT_FALSE(leaf.serial_number().empty());
  // usable by fingerprint
  auto [fp, err] = fingerprint::Fingerprint(leaf, go::crypto::SHA256);
  EXPECT_FALSE(err);
  EXPECT_EQ(fp.size(), 95u);
}

}  // namespace

// pion: pkg/crypto/selfsign/selfsign.go GenerateSelfSigned
TEST(CryptoSelfSign, GenerateSelfSigned) {
  auto [cert, err] = selfsign::GenerateSelfSigned();
  ASSERT_FALSE(err) << err.Error();
  checkCert(cert, "self-signed cert", {"self-signed cert"}, false);
  // ECDSA P-256 key, like Pion
  const auto* ec = dynamic_cast<const Botan::ECDSA_PrivateKey*>(cert.key.get());
  ASSERT_NE(ec, nullptr);
  EXPECT_EQ(ec->domain(), Botan::EC_Group("secp256r1"));
  EXPECT_EQ(cert.chain.front().signature_algorithm().get_oid(), Botan::OID::from_string("ECDSA/EMSA1(SHA-256)"));
  // selectable for a handshake
  auto [alg, errSel] = signaturehash::SelectSignatureScheme(signaturehash::Algorithms(), cert.key);
  EXPECT_FALSE(errSel);
  EXPECT_EQ(alg.Signature, dtls::pkg::crypto::signature::ECDSA);

  auto [cert2, err2] = selfsign::GenerateSelfSigned();
  ASSERT_FALSE(err2);
  EXPECT_NE(cert.chain.front().serial_number(), cert2.chain.front().serial_number());
}

// pion: pkg/crypto/selfsign/selfsign.go GenerateSelfSignedWithDNS
TEST(CryptoSelfSign, GenerateSelfSignedWithDNS) {
  auto [cert, err] = selfsign::GenerateSelfSignedWithDNS("localhost", {"example.com", "a.example.com"});
  ASSERT_FALSE(err) << err.Error();
  checkCert(cert, "localhost", {"localhost", "example.com", "a.example.com"}, false);

  auto [only, errOnly] = selfsign::GenerateSelfSignedWithDNS("only.cn");
  ASSERT_FALSE(errOnly) << errOnly.Error();
  checkCert(only, "only.cn", {"only.cn"}, false);
}

// pion: pkg/crypto/selfsign/selfsign.go WithDNS / SelfSign over each key type
TEST(CryptoSelfSign, WithDNSKeyTypes) {
  Botan::System_RNG rng;
  {
    SCOPED_TRACE("Ed25519");
    auto key = std::make_shared<Botan::Ed25519_PrivateKey>(rng);
    auto [cert, err] = selfsign::WithDNS(key, "ed", {"ed.example"});
    ASSERT_FALSE(err) << err.Error();
    checkCert(cert, "ed", {"ed", "ed.example"}, false);
    EXPECT_EQ(cert.chain.front().signature_algorithm().get_oid(), Botan::OID::from_string("Ed25519"));
  }
  {
    SCOPED_TRACE("P-384");
    auto key = std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp384r1"));
    auto [cert, err] = selfsign::SelfSign(key);
    ASSERT_FALSE(err) << err.Error();
    checkCert(cert, "self-signed cert", {"self-signed cert"}, false);
    EXPECT_EQ(cert.chain.front().signature_algorithm().get_oid(), Botan::OID::from_string("ECDSA/EMSA1(SHA-384)"));
  }
  {
    SCOPED_TRACE("RSA");
    auto key = std::make_shared<Botan::RSA_PrivateKey>(rng, 2048);
    auto [cert, err] = selfsign::SelfSign(key);
    ASSERT_FALSE(err) << err.Error();
    checkCert(cert, "self-signed cert", {"self-signed cert"}, true);
    EXPECT_EQ(cert.chain.front().signature_algorithm().get_oid(), Botan::OID::from_string("RSA/EMSA3(SHA-256)"));
  }
}

// pion: pkg/crypto/selfsign/selfsign.go WithDNS errInvalidPrivateKey
TEST(CryptoSelfSign, InvalidPrivateKey) {
  Botan::System_RNG rng;
  auto [c1, e1] = selfsign::SelfSign(nullptr);
  EXPECT_EQ(e1, selfsign::errInvalidPrivateKey);
  EXPECT_TRUE(c1.chain.empty());
  auto [c2, e2] = selfsign::SelfSign(std::make_shared<Botan::Curve25519_PrivateKey>(rng));
  EXPECT_EQ(e2, selfsign::errInvalidPrivateKey);
  EXPECT_TRUE(c2.chain.empty());
  EXPECT_EQ(c2.key, nullptr);
}
