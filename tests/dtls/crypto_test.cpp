// pion: crypto_test.go (TestGenerateKeySignature), plus port additions that exercise every
// function of crypto.go: signature round trips for Ed25519, ECDSA P-256 and RSA with tampered
// signatures rejected, Go's exact RSA CertificateVerify bytes, ECDSA signature checks, and
// verifyServerCert/verifyClientCert over a CA-signed chain.
#include <gtest/gtest.h>

#include <botan/data_src.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pem.h>
#include <botan/pkcs10.h>
#include <botan/pubkey.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>
#include <botan/x509_ca.h>
#include <botan/x509self.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/sync.hpp"
#include "dtls/crypto.hpp"
#include "dtls/errors.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace elliptic = dtls::pkg::crypto::elliptic;
namespace hash = dtls::pkg::crypto::hash;
namespace selfsign = dtls::pkg::crypto::selfsign;

const char* const rawPrivateKey = R"(
-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAxIA2BrrnR2sIlATsp7aRBD/3krwZ7vt9dNeoDQAee0s6SuYP
6MBx/HPnAkwNvPS90R05a7pwRkoT6Ur4PfPhCVlUe8lV+0Eto3ZSEeHz3HdsqlM3
bso67L7Dqrc7MdVstlKcgJi8yeAoGOIL9/igOv0XBFCeznm9nznx6mnsR5cugw+1
ypXelaHmBCLV7r5SeVSh57+KhvZGbQ2fFpUaTPegRpJZXBNS8lSeWvtOv9d6N5UB
ROTAJodMZT5AfX0jB0QB9IT/0I96H6BSENH08NXOeXApMuLKvnAf361rS7cRAfRL
rWZqERMP4u6Cnk0Cnckc3WcW27kGGIbtwbqUIQIDAQABAoIBAGF7OVIdZp8Hejn0
N3L8HvT8xtUEe9kS6ioM0lGgvX5s035Uo4/T6LhUx0VcdXRH9eLHnLTUyN4V4cra
ZkxVsE3zAvZl60G6E+oDyLMWZOP6Wu4kWlub9597A5atT7BpMIVCdmFVZFLB4SJ3
AXkC3nplFAYP+Lh1rJxRIrIn2g+pEeBboWbYA++oDNuMQffDZaokTkJ8Bn1JZYh0
xEXKY8Bi2Egd5NMeZa1UFO6y8tUbZfwgVs6Enq5uOgtfayq79vZwyjj1kd29MBUD
8g8byV053ZKxbUOiOuUts97eb+fN3DIDRTcT2c+lXt/4C54M1FclJAbtYRK/qwsl
pYWKQAECgYEA4ZUbqQnTo1ICvj81ifGrz+H4LKQqe92Hbf/W51D/Umk2kP702W22
HP4CvrJRtALThJIG9m2TwUjl/WAuZIBrhSAbIvc3Fcoa2HjdRp+sO5U1ueDq7d/S
Z+PxRI8cbLbRpEdIaoR46qr/2uWZ943PHMv9h4VHPYn1w8b94hwD6vkCgYEA3v87
mFLzyM9ercnEv9zHMRlMZFQhlcUGQZvfb8BuJYl/WogyT6vRrUuM0QXULNEPlrin
mBQTqc1nCYbgkFFsD2VVt1qIyiAJsB9MD1LNV6YuvE7T2KOSadmsA4fa9PUqbr71
hf3lTTq+LeR09LebO7WgSGYY+5YKVOEGpYMR1GkCgYEAxPVQmk3HKHEhjgRYdaG5
lp9A9ZE8uruYVJWtiHgzBTxx9TV2iST+fd/We7PsHFTfY3+wbpcMDBXfIVRKDVwH
BMwchXH9+Ztlxx34bYJaegd0SmA0Hw9ugWEHNgoSEmWpM1s9wir5/ELjc7dGsFtz
uzvsl9fpdLSxDYgAAdzeGtkCgYBAzKIgrVox7DBzB8KojhtD5ToRnXD0+H/M6OKQ
srZPKhlb0V/tTtxrIx0UUEFLlKSXA6mPw6XDHfDnD86JoV9pSeUSlrhRI+Ysy6tq
eIE7CwthpPZiaYXORHZ7wCqcK/HcpJjsCs9rFbrV0yE5S3FMdIbTAvgXg44VBB7O
UbwIoQKBgDuY8gSrA5/A747wjjmsdRWK4DMTMEV4eCW1BEP7Tg7Cxd5n3xPJiYhr
nhLGN+mMnVIcv2zEMS0/eNZr1j/0BtEdx+3IC6Eq+ONY0anZ4Irt57/5QeKgKn/L
JPhfPySIPG4UmwE4gW8t79vfOKxnUu2fDD1ZXUYopan6EckACNH/
-----END RSA PRIVATE KEY-----)";

// pem.Decode + x509.ParsePKCS1PrivateKey
std::shared_ptr<Botan::Private_Key> loadRawPrivateKey() {
  Botan::DataSource_Memory src(rawPrivateKey);
  const auto der = Botan::PEM_Code::decode_check_label(src, "RSA PRIVATE KEY");
  return std::make_shared<Botan::RSA_PrivateKey>(
      Botan::AlgorithmIdentifier("RSA", Botan::AlgorithmIdentifier::USE_NULL_PARAM), der);
}

const bytes clientRandom = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                            0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
                            0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f};
const bytes serverRandom = {0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
                            0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85,
                            0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f};
const bytes publicKey = {0x20, 0x9f, 0xd7, 0xad, 0x6d, 0xcf, 0xf4, 0x29, 0x8d, 0xd3, 0xf9, 0x6d,
                         0x5b, 0x1b, 0x2a, 0xf9, 0x10, 0xa0, 0x53, 0x5b, 0x14, 0x88, 0xd7, 0xf8,
                         0xfa, 0xbb, 0x34, 0x9a, 0x98, 0x28, 0x80, 0xb6, 0x15};

}  // namespace

// pion: crypto_test.go TestGenerateKeySignature
TEST(Crypto, TestGenerateKeySignature) {
  auto key = loadRawPrivateKey();

  const bytes expectedSignature = {
      0x6f, 0x47, 0x97, 0x85, 0xcc, 0x76, 0x50, 0x93, 0xbd, 0xe2, 0x6a, 0x69, 0x0b, 0xc3, 0x03, 0xd1, 0xb7, 0xe4, 0xab, 0x88, 0x7b, 0xa6, 0x52, 0x80, 0xdf,
      0xaa, 0x25, 0x7a, 0xdb, 0x29, 0x32, 0xe4, 0xd8, 0x28, 0x28, 0xb3, 0xe8, 0x04, 0x3c, 0x38, 0x16, 0xfc, 0x78, 0xe9, 0x15, 0x7b, 0xc5, 0xbd, 0x7d, 0xfc,
      0xcd, 0x83, 0x00, 0x57, 0x4a, 0x3c, 0x23, 0x85, 0x75, 0x6b, 0x37, 0xd5, 0x89, 0x72, 0x73, 0xf0, 0x44, 0x8c, 0x00, 0x70, 0x1f, 0x6e, 0xa2, 0x81, 0xd0,
      0x09, 0xc5, 0x20, 0x36, 0xab, 0x23, 0x09, 0x40, 0x1f, 0x4d, 0x45, 0x96, 0x62, 0xbb, 0x81, 0xb0, 0x30, 0x72, 0xad, 0x3a, 0x0a, 0xac, 0x31, 0x63, 0x40,
      0x52, 0x0a, 0x27, 0xf3, 0x34, 0xde, 0x27, 0x7d, 0xb7, 0x54, 0xff, 0x0f, 0x9f, 0x5a, 0xfe, 0x07, 0x0f, 0x4e, 0x9f, 0x53, 0x04, 0x34, 0x62, 0xf4, 0x30,
      0x74, 0x83, 0x35, 0xfc, 0xe4, 0x7e, 0xbf, 0x5a, 0xc4, 0x52, 0xd0, 0xea, 0xf9, 0x61, 0x4e, 0xf5, 0x1c, 0x0e, 0x58, 0x02, 0x71, 0xfb, 0x1f, 0x34, 0x55,
      0xe8, 0x36, 0x70, 0x3c, 0xc1, 0xcb, 0xc9, 0xb7, 0xbb, 0xb5, 0x1c, 0x44, 0x9a, 0x6d, 0x88, 0x78, 0x98, 0xd4, 0x91, 0x2e, 0xeb, 0x98, 0x81, 0x23, 0x30,
      0x73, 0x39, 0x43, 0xd5, 0xbb, 0x70, 0x39, 0xba, 0x1f, 0xdb, 0x70, 0x9f, 0x91, 0x83, 0x56, 0xc2, 0xde, 0xed, 0x17, 0x6d, 0x2c, 0x3e, 0x21, 0xea, 0x36,
      0xb4, 0x91, 0xd8, 0x31, 0x05, 0x60, 0x90, 0xfd, 0xc6, 0x74, 0xa9, 0x7b, 0x18, 0xfc, 0x1c, 0x6a, 0x1c, 0x6e, 0xec, 0xd3, 0xc1, 0xc0, 0x0d, 0x11, 0x25,
      0x48, 0x37, 0x3d, 0x45, 0x11, 0xa2, 0x31, 0x14, 0x0a, 0x66, 0x9f, 0xd8, 0xac, 0x74, 0xa2, 0xcd, 0xc8, 0x79, 0xb3, 0x9e, 0xc6, 0x66, 0x25, 0xcf, 0x2c,
      0x87, 0x5e, 0x5c, 0x36, 0x75, 0x86,
  };

  auto [signature, err] =
      dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, key, hash::SHA256);
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(expectedSignature, signature) << "Signature generation failed";
}

namespace {

std::shared_ptr<Botan::Private_Key> newKey(const std::string& kind) {
  Botan::System_RNG rng;
  if (kind == "ed25519") return std::make_shared<Botan::Ed25519_PrivateKey>(rng);
  if (kind == "ecdsa") return std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
  return std::make_shared<Botan::RSA_PrivateKey>(rng, 2048);
}

// The DER of a selfsign certificate for key (what a peer sends in its Certificate message).
std::vector<bytes> rawCertsFor(const std::shared_ptr<Botan::Private_Key>& key) {
  auto [cert, err] = selfsign::SelfSign(key);
  EXPECT_FALSE(err) << err.Error();
  return {cert.chain.front().BER_encode()};
}

}  // namespace

// Port addition: generateKeySignature / verifyKeySignature and generateCertificateVerify /
// verifyCertificateVerify agree for each key type Pion supports, and a tampered signature or
// message is rejected.
TEST(Crypto, SignatureRoundTrip) {
  for (const std::string kind : {"ed25519", "ecdsa", "rsa"}) {
    SCOPED_TRACE(kind);
    auto key = newKey(kind);
    const auto raw = rawCertsFor(key);

    // ServerKeyExchange signature
    auto [sig, err] = dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, key,
                                                 hash::SHA256);
    ASSERT_FALSE(err) << err.Error();
    const auto msg = dtls::valueKeyMessage(clientRandom, serverRandom, publicKey, elliptic::X25519);
    EXPECT_FALSE(dtls::verifyKeySignature(msg, sig, hash::SHA256, raw));

    auto badMsg = msg;
    badMsg[0] ^= 0x01;
    auto errBadMsg = dtls::verifyKeySignature(badMsg, sig, hash::SHA256, raw);
    ASSERT_TRUE(errBadMsg);

    auto badSig = sig;
    badSig[badSig.size() / 2] ^= 0x01;
    auto errBadSig = dtls::verifyKeySignature(msg, badSig, hash::SHA256, raw);
    ASSERT_TRUE(errBadSig);
    if (kind == "rsa") {
      // Pion returns rsa.VerifyPKCS1v15's error as is.
      EXPECT_EQ(errBadMsg.Error(), "crypto/rsa: verification error");
    } else {
      EXPECT_EQ(errBadMsg, dtls::errKeySignatureMismatch);
    }

    // CertificateVerify
    const bytes bodies = {'h', 'a', 'n', 'd', 's', 'h', 'a', 'k', 'e'};
    auto [cv, cvErr] = dtls::generateCertificateVerify(bodies, key, hash::SHA256);
    ASSERT_FALSE(cvErr) << cvErr.Error();
    EXPECT_FALSE(dtls::verifyCertificateVerify(bodies, hash::SHA256, cv, raw));
    auto badCV = cv;
    badCV.back() ^= 0x80;
    EXPECT_TRUE(dtls::verifyCertificateVerify(bodies, hash::SHA256, badCV, raw));
    const bytes otherBodies = {'o', 't', 'h', 'e', 'r'};
    EXPECT_TRUE(dtls::verifyCertificateVerify(otherBodies, hash::SHA256, cv, raw));

    // A signature by another key of the same type does not verify.
    const auto otherRaw = rawCertsFor(newKey(kind));
    EXPECT_TRUE(dtls::verifyKeySignature(msg, sig, hash::SHA256, otherRaw));
  }
}

// Port addition: crypto.cpp keeps Botan signers per (key, padding) while the key lives. Each
// signature must still be the key's own: repeated signatures, two hashes alternating (two
// paddings for RSA), keys freed and new ones made (the allocator hands out the same addresses;
// a signer of a dead key must never sign for a new one), and concurrent signing with one key
// from fibers on two worker threads.
TEST(Crypto, PooledSignersStayWithTheirKey) {
  const auto msg = dtls::valueKeyMessage(clientRandom, serverRandom, publicKey, elliptic::X25519);
  for (const std::string kind : {"ed25519", "ecdsa", "rsa"}) {
    SCOPED_TRACE(kind);
    for (int generation = 0; generation < 3; generation++) {
      auto key = newKey(kind);
      const auto raw = rawCertsFor(key);
      for (int i = 0; i < 4; i++) {
        const auto h = i % 2 ? hash::SHA384 : hash::SHA256;
        auto [sig, err] = dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, key, h);
        ASSERT_FALSE(err) << err.Error();
        EXPECT_FALSE(dtls::verifyKeySignature(msg, sig, h, raw)) << "generation " << generation << " i " << i;
      }
    }
  }

  // A new key at a dead key's address (built in the same storage; the shared_ptr's deleter only
  // destroys): RSA signers share the key's data, so a signer kept for the old key would sign
  // with the old key.
  {
    alignas(Botan::RSA_PrivateKey) unsigned char storage[sizeof(Botan::RSA_PrivateKey)];
    auto destroyOnly = [](Botan::Private_Key* p) { p->~Private_Key(); };
    Botan::System_RNG rng;
    std::shared_ptr<Botan::Private_Key> first(new (storage) Botan::RSA_PrivateKey(rng, 2048), destroyOnly);
    auto [s1, e1] =
        dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, first, hash::SHA256);
    ASSERT_FALSE(e1) << e1.Error();
    EXPECT_FALSE(dtls::verifyKeySignature(msg, s1, hash::SHA256, rawCertsFor(first)));
    const Botan::Private_Key* firstAddress = first.get();
    first.reset();
    std::shared_ptr<Botan::Private_Key> second(new (storage) Botan::RSA_PrivateKey(rng, 2048), destroyOnly);
    ASSERT_EQ(second.get(), firstAddress);
    auto [s2, e2] =
        dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, second, hash::SHA256);
    ASSERT_FALSE(e2) << e2.Error();
    EXPECT_FALSE(dtls::verifyKeySignature(msg, s2, hash::SHA256, rawCertsFor(second)));
    second.reset();
  }

  auto key = newKey("rsa");
  const auto raw = rawCertsFor(key);
  std::atomic<int> good{0}, bad{0};
  go::run({.threads = 2}, [&] {
    go::sync::WaitGroup wg;
    for (int f = 0; f < 8; f++) {
      wg.Add(1);
      go::go([&] {
        for (int i = 0; i < 6; i++) {
          auto [sig, err] =
              dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, key, hash::SHA256);
          (!err && !dtls::verifyKeySignature(msg, sig, hash::SHA256, raw) ? good : bad)++;
        }
        wg.Done();
      });
    }
    wg.Wait();
  });
  EXPECT_EQ(good.load(), 48);
  EXPECT_EQ(bad.load(), 0);
}

// Port addition: Go's ecdsa.Sign over hashAlgorithm.Digest(msg) is the ordinary ECDSA signature
// with that hash over msg, DER encoded: any verifier (here Botan's EMSA1(SHA-384)) accepts it.
TEST(Crypto, ECDSAKeySignatureIsStandard) {
  auto key = newKey("ecdsa");
  auto [sig, err] =
      dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, key, hash::SHA384);
  ASSERT_FALSE(err) << err.Error();
  ASSERT_GE(sig.size(), 8u);
  EXPECT_EQ(sig[0], 0x30);  // asn1 SEQUENCE {R, S}
  const auto msg = dtls::valueKeyMessage(clientRandom, serverRandom, publicKey, elliptic::X25519);
  Botan::PK_Verifier verifier(*key, "EMSA1(SHA-384)", Botan::DER_SEQUENCE);
  EXPECT_TRUE(verifier.verify_message(msg, sig));
  EXPECT_FALSE(dtls::verifyKeySignature(msg, sig, hash::SHA384, rawCertsFor(key)));
}

// Port addition: generateCertificateVerify with RSA hashes with SHA-256 and signs that digest
// declaring hashAlgorithm; bytes produced by Go 1.19 (rsa.PrivateKey.Sign of
// sha256("handshake bodies for certificate verify") with crypto.SHA256) for rawPrivateKey.
TEST(Crypto, GenerateCertificateVerifyRSAMatchesGo) {
  auto key = loadRawPrivateKey();
  const std::string text = "handshake bodies for certificate verify";
  const bytes bodies(text.begin(), text.end());
  const bytes expected = {
      0x53, 0x5a, 0x55, 0x71, 0x0e, 0x5d, 0xa3, 0x26, 0xd3, 0x55, 0xbd, 0xc8, 0x7f, 0xfa, 0x62, 0x3d,
      0xb9, 0xc9, 0x94, 0x69, 0x3f, 0x55, 0x50, 0xc0, 0x55, 0x38, 0x84, 0x5d, 0xc1, 0x8c, 0x3e, 0x6b,
      0xb4, 0x35, 0x48, 0x87, 0x95, 0x8b, 0xf8, 0xc0, 0xba, 0x75, 0x26, 0x91, 0xe6, 0xeb, 0xbb, 0x75,
      0x74, 0xb6, 0x6c, 0x6e, 0x02, 0xfd, 0xc5, 0x40, 0x3d, 0xe9, 0x76, 0x05, 0x5b, 0xb8, 0x5a, 0x26,
      0x2d, 0x35, 0xda, 0x4b, 0xc1, 0x1b, 0x99, 0xd3, 0xc3, 0xec, 0x68, 0xa2, 0xeb, 0xd5, 0x9b, 0xcf,
      0x0a, 0x4e, 0x87, 0x03, 0xb5, 0x13, 0xbc, 0xfd, 0x84, 0x6b, 0xc3, 0xc8, 0x80, 0xc5, 0xfd, 0x22,
      0xc3, 0x8a, 0x14, 0xce, 0x7b, 0xb7, 0x3e, 0x97, 0x2c, 0x4d, 0x36, 0x73, 0xdf, 0x04, 0x66, 0x64,
      0xa0, 0x24, 0xbf, 0xd0, 0xe4, 0x0c, 0xd7, 0x2a, 0x7b, 0x62, 0x1d, 0x83, 0xee, 0xae, 0x16, 0xa3,
      0x8e, 0x25, 0xf8, 0xbd, 0x4a, 0x74, 0x35, 0x16, 0xe9, 0x4d, 0x79, 0xa8, 0x7b, 0xcb, 0x50, 0xde,
      0x9a, 0xec, 0x99, 0x45, 0x25, 0x9d, 0x48, 0x84, 0xb5, 0x8a, 0x82, 0xa5, 0xf3, 0xac, 0xdd, 0x9b,
      0x0e, 0xdf, 0x28, 0x37, 0x90, 0x96, 0x3a, 0xaf, 0x33, 0x1e, 0x18, 0x06, 0x6c, 0xb2, 0x7a, 0x3e,
      0x77, 0x7e, 0x14, 0x6c, 0xce, 0x9f, 0x68, 0xa4, 0x5b, 0xad, 0xf4, 0xce, 0xc2, 0x2a, 0x6f, 0xd4,
      0x44, 0xf2, 0x4f, 0x43, 0xe3, 0xe9, 0xe3, 0x51, 0xf5, 0xb8, 0x7a, 0xd6, 0x9c, 0x40, 0x4b, 0x85,
      0x2b, 0xb4, 0x46, 0x2d, 0x6d, 0x35, 0xdb, 0x32, 0xf1, 0xe5, 0xe7, 0x25, 0x75, 0x74, 0xea, 0x41,
      0xb1, 0x4c, 0xdc, 0xac, 0x1a, 0xdd, 0xd2, 0x37, 0xcb, 0x14, 0x9f, 0xbd, 0x26, 0x44, 0xd3, 0x13,
      0x37, 0xc5, 0x17, 0xe0, 0x12, 0x7d, 0xcb, 0x35, 0x02, 0xc9, 0x1c, 0x17, 0xf7, 0xaa, 0xdd, 0xd0,
  };
  auto [sig, err] = dtls::generateCertificateVerify(bodies, key, hash::SHA256);
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(expected, sig);

  // Go's SignPKCS1v15 rejects a digest whose length is not the declared hash's.
  auto [sig384, err384] = dtls::generateCertificateVerify(bodies, key, hash::SHA384);
  EXPECT_TRUE(sig384.empty());
  ASSERT_TRUE(err384);
  EXPECT_EQ(err384.Error(), "crypto/rsa: input must be hashed message");
}

// Port addition: ECDSA signatures with R or S zero or negative are errInvalidECDSASignature;
// a signature that is not DER is an asn1 error.
TEST(Crypto, VerifyECDSASignatureChecks) {
  auto key = newKey("ecdsa");
  const auto raw = rawCertsFor(key);
  const bytes msg = {1, 2, 3};
  const bytes zeroR = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01};
  const bytes negativeS = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0xff};
  EXPECT_EQ(dtls::verifyKeySignature(msg, zeroR, hash::SHA256, raw), dtls::errInvalidECDSASignature);
  EXPECT_EQ(dtls::verifyCertificateVerify(msg, hash::SHA256, negativeS, raw), dtls::errInvalidECDSASignature);

  const bytes notDER = {0x30, 0x10, 0x02};
  auto err = dtls::verifyKeySignature(msg, notDER, hash::SHA256, raw);
  ASSERT_TRUE(err);
  EXPECT_NE(err, dtls::errInvalidECDSASignature);
  EXPECT_NE(err, dtls::errKeySignatureMismatch);
  EXPECT_TRUE(dtls::verifyKeySignature(msg, bytes{}, hash::SHA256, raw));

  // R and S in range but wrong: a mismatch.
  const bytes wrong = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01};
  EXPECT_EQ(dtls::verifyKeySignature(msg, wrong, hash::SHA256, raw), dtls::errKeySignatureMismatch);
}

// Port addition: verify* with no certificate or a malformed one, and generate* with a key Pion
// does not support.
TEST(Crypto, BadInputs) {
  const bytes msg = {1, 2, 3};
  const bytes sig = {4, 5, 6};
  EXPECT_EQ(dtls::verifyKeySignature(msg, sig, hash::SHA256, {}), dtls::errLengthMismatch);
  EXPECT_EQ(dtls::verifyCertificateVerify(msg, hash::SHA256, sig, {}), dtls::errLengthMismatch);
  const std::vector<bytes> garbage = {{0x30, 0x03, 0x01, 0x02}};
  EXPECT_TRUE(dtls::verifyKeySignature(msg, sig, hash::SHA256, garbage));
  EXPECT_TRUE(dtls::verifyCertificateVerify(msg, hash::SHA256, sig, garbage));

  auto [certs, err] = dtls::loadCerts({});
  EXPECT_EQ(err, dtls::errLengthMismatch);
  auto [certs2, err2] = dtls::loadCerts(garbage);
  EXPECT_TRUE(err2);

  std::shared_ptr<Botan::Private_Key> none;
  auto [s1, e1] = dtls::generateKeySignature(clientRandom, serverRandom, publicKey, elliptic::X25519, none,
                                             hash::SHA256);
  EXPECT_EQ(e1, dtls::errKeySignatureGenerateUnimplemented);
  auto [s2, e2] = dtls::generateCertificateVerify(msg, none, hash::SHA256);
  EXPECT_EQ(e2, dtls::errInvalidSignatureAlgorithm);
}

namespace {

// A certificate for dnsName issued by (caCert, caKey), valid from now for a day.
Botan::X509_Certificate issue(const Botan::X509_Certificate& caCert, const Botan::Private_Key& caKey,
                              const Botan::Private_Key& key, const std::string& dnsName,
                              const std::vector<std::string>& extKeyUsages, bool isCA = false) {
  Botan::System_RNG rng;
  Botan::X509_Cert_Options opts("", 0);
  opts.common_name = dnsName;
  opts.dns = dnsName;
  for (const auto& u : extKeyUsages) opts.add_ex_constraint(u);
  if (isCA) opts.CA_key();
  const auto req = Botan::X509::create_cert_req(opts, key, "SHA-256", rng);
  Botan::X509_CA ca(caCert, caKey, "SHA-256", rng);
  const auto now = std::chrono::system_clock::now();
  return ca.sign_request(req, rng, Botan::X509_Time(now - std::chrono::hours(1)),
                         Botan::X509_Time(now + std::chrono::hours(24)));
}

}  // namespace

// Port addition: verifyServerCert over a selfsign CA and a leaf it issued: a good chain, a wrong
// server name, an unknown authority; verifyClientCert wants the ClientAuth usage.
TEST(Crypto, VerifyServerCert) {
  for (const std::string caKind : {"ecdsa", "ed25519", "rsa"}) {
    SCOPED_TRACE(caKind);
    auto caKey = newKey(caKind);
    auto [ca, caErr] = selfsign::WithDNS(caKey, "ca.test");
    ASSERT_FALSE(caErr) << caErr.Error();
    const auto& caCert = ca.chain.front();
    auto leafKey = newKey("ecdsa");
    const auto leaf = issue(caCert, *caKey, *leafKey, "example.com", {"PKIX.ServerAuth"});

    auto roots = go::x509::NewCertPool();
    roots->AddCert(caCert);
    const std::vector<bytes> raw = {leaf.BER_encode()};

    // good chain
    auto [chains, err] = dtls::verifyServerCert(raw, roots, "example.com");
    ASSERT_FALSE(err) << err.Error();
    ASSERT_EQ(chains.size(), 1u);
    ASSERT_EQ(chains[0].size(), 2u);
    EXPECT_EQ(chains[0][0], leaf);
    EXPECT_EQ(chains[0][1], caCert);

    // no server name: no hostname check
    auto [chains2, err2] = dtls::verifyServerCert(raw, roots, "");
    EXPECT_FALSE(err2) << err2.Error();

    // wrong name
    auto [chains3, err3] = dtls::verifyServerCert(raw, roots, "other.com");
    EXPECT_TRUE(chains3.empty());
    ASSERT_TRUE(err3);
    EXPECT_EQ(err3.Error(), "x509: certificate is valid for example.com, not other.com");

    // unknown authority
    auto [other, otherErr] = selfsign::WithDNS(newKey("ecdsa"), "ca.test");
    ASSERT_FALSE(otherErr);
    auto otherRoots = go::x509::NewCertPool();
    otherRoots->AddCert(other.chain.front());
    auto [chains4, err4] = dtls::verifyServerCert(raw, otherRoots, "example.com");
    EXPECT_TRUE(chains4.empty());
    ASSERT_TRUE(err4);
    EXPECT_EQ(err4.Error().rfind("x509: certificate signed by unknown authority", 0), 0u) << err4.Error();

    // the leaf only has ServerAuth
    auto [chains5, err5] = dtls::verifyClientCert(raw, roots);
    ASSERT_TRUE(err5);
    EXPECT_EQ(err5.Error(), "x509: certificate specifies an incompatible key usage");

    const auto clientLeaf = issue(caCert, *caKey, *leafKey, "client", {"PKIX.ClientAuth"});
    auto [chains6, err6] = dtls::verifyClientCert({clientLeaf.BER_encode()}, roots);
    EXPECT_FALSE(err6) << err6.Error();
    EXPECT_EQ(chains6.size(), 1u);
  }
}

// Port addition: an intermediate CA sent after the leaf (rawCertificates[1:]) completes the chain.
TEST(Crypto, VerifyServerCertIntermediate) {
  auto rootKey = newKey("ecdsa");
  auto [root, rootErr] = selfsign::WithDNS(rootKey, "root.test");
  ASSERT_FALSE(rootErr);
  auto interKey = newKey("ecdsa");
  const auto inter = issue(root.chain.front(), *rootKey, *interKey, "inter.test", {}, true);
  auto leafKey = newKey("ecdsa");
  const auto leaf = issue(inter, *interKey, *leafKey, "example.com", {"PKIX.ServerAuth"});

  auto roots = go::x509::NewCertPool();
  roots->AddCert(root.chain.front());
  auto [chains, err] = dtls::verifyServerCert({leaf.BER_encode(), inter.BER_encode()}, roots, "example.com");
  ASSERT_FALSE(err) << err.Error();
  ASSERT_EQ(chains.size(), 1u);
  EXPECT_EQ(chains[0].size(), 3u);

  auto [chains2, err2] = dtls::verifyServerCert({leaf.BER_encode()}, roots, "example.com");
  ASSERT_TRUE(err2);
  EXPECT_EQ(err2.Error(), "x509: certificate signed by unknown authority");
}

namespace {

// Produced by Go 1.19's crypto/x509, crypto/ecdsa and crypto/ed25519 (self-signed certificates,
// then Sign as Pion calls it: ECDSA over sha256(msg) resp. sha256(bodies); Ed25519 over the
// message itself) with msg = "server key exchange params", bodies = "handshake bodies".
const bytes goECDSACert = {
      0x30, 0x82, 0x01, 0x06, 0x30, 0x81, 0xad, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x30,
      0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30, 0x0d, 0x31, 0x0b, 0x30,
      0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x02, 0x67, 0x6f, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36,
      0x31, 0x31, 0x32, 0x35, 0x30, 0x30, 0x32, 0x34, 0x33, 0x36, 0x5a, 0x17, 0x0d, 0x34, 0x36, 0x31,
      0x31, 0x32, 0x35, 0x30, 0x31, 0x32, 0x34, 0x33, 0x36, 0x5a, 0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09,
      0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x02, 0x67, 0x6f, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a,
      0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07,
      0x03, 0x42, 0x00, 0x04, 0x7b, 0xb3, 0xd0, 0x40, 0xd5, 0xf2, 0x6a, 0x22, 0x06, 0x34, 0x89, 0x47,
      0xef, 0x13, 0xd6, 0xde, 0x14, 0x0f, 0xa3, 0x9a, 0x37, 0xb2, 0x97, 0x97, 0x0e, 0x6d, 0xe6, 0x20,
      0x32, 0x95, 0xe3, 0xc5, 0x78, 0xf9, 0x0b, 0x41, 0x1d, 0xd2, 0xb5, 0x93, 0xb7, 0x8b, 0xa5, 0xb0,
      0x10, 0xff, 0x5c, 0x37, 0xce, 0x39, 0x31, 0x27, 0xfb, 0xd7, 0x70, 0xad, 0xe6, 0xb9, 0xa4, 0x2e,
      0x99, 0x3d, 0x7f, 0x2e, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
      0x03, 0x48, 0x00, 0x30, 0x45, 0x02, 0x21, 0x00, 0xe6, 0xe8, 0x58, 0xae, 0x4d, 0xde, 0x33, 0x27,
      0xd9, 0xbc, 0x47, 0xd2, 0x53, 0x5f, 0xa5, 0xbe, 0x69, 0xd2, 0x29, 0xa1, 0x29, 0x80, 0x26, 0x15,
      0xe5, 0xba, 0xd7, 0x44, 0x00, 0x12, 0x3f, 0x74, 0x02, 0x20, 0x7c, 0x91, 0x3a, 0xb6, 0x62, 0xe7,
      0xae, 0x14, 0x1c, 0xf6, 0x2a, 0xa4, 0x61, 0x9e, 0x31, 0x30, 0xfe, 0xde, 0x14, 0xcf, 0x8f, 0x79,
      0x27, 0xfe, 0x7b, 0xb1, 0xcb, 0x7d, 0x18, 0x4d, 0x7e, 0x94,
  };
const bytes goECDSAKeySignature = {
      0x30, 0x45, 0x02, 0x20, 0x30, 0x5c, 0x17, 0xbb, 0xd1, 0x25, 0x5c, 0x65, 0x44, 0x8f, 0xd6, 0xf3,
      0x8e, 0xf2, 0xc4, 0x7d, 0x4b, 0xc7, 0x5b, 0xa7, 0x72, 0x6d, 0xd4, 0x73, 0x84, 0x9f, 0x7d, 0x6f,
      0x15, 0xbb, 0xd4, 0x07, 0x02, 0x21, 0x00, 0xdf, 0x88, 0x3c, 0x13, 0xb7, 0x7a, 0xbf, 0x66, 0x9c,
      0xe3, 0x96, 0x26, 0xf1, 0xa1, 0x81, 0xfd, 0xee, 0x56, 0x74, 0x99, 0xf4, 0x3c, 0x67, 0x69, 0x70,
      0x47, 0xfd, 0x48, 0x80, 0xf4, 0x95, 0x7c,
  };
const bytes goECDSACertificateVerify = {
      0x30, 0x45, 0x02, 0x21, 0x00, 0xe3, 0xab, 0xf4, 0x7c, 0x92, 0x1c, 0xff, 0x7b, 0x45, 0x58, 0xe2,
      0x01, 0xa6, 0x94, 0x8f, 0xde, 0xcc, 0x00, 0x18, 0x92, 0x4a, 0x7f, 0x0a, 0x48, 0xa5, 0x44, 0x36,
      0xc3, 0x88, 0xbb, 0x2c, 0xe1, 0x02, 0x20, 0x70, 0x49, 0x65, 0xc6, 0x75, 0x83, 0x80, 0x5e, 0x64,
      0x03, 0xd3, 0x5e, 0x07, 0xe9, 0x98, 0x86, 0x51, 0x09, 0x92, 0xd8, 0x52, 0xc3, 0x61, 0x9f, 0xec,
      0xec, 0xfd, 0x74, 0x96, 0x41, 0xfc, 0xc2,
  };
const bytes goEd25519Cert = {
      0x30, 0x81, 0xc5, 0x30, 0x79, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06,
      0x03, 0x2b, 0x65, 0x70, 0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13,
      0x02, 0x67, 0x6f, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32, 0x35, 0x30, 0x30, 0x32,
      0x34, 0x33, 0x36, 0x5a, 0x17, 0x0d, 0x34, 0x36, 0x31, 0x31, 0x32, 0x35, 0x30, 0x31, 0x32, 0x34,
      0x33, 0x36, 0x5a, 0x30, 0x0d, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x02,
      0x67, 0x6f, 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, 0x78, 0xc4,
      0x10, 0x3d, 0x83, 0xc6, 0xc6, 0xe7, 0x6a, 0x42, 0x1f, 0x24, 0x71, 0xc2, 0xfd, 0x59, 0x92, 0xe3,
      0x9f, 0xb1, 0x28, 0xd1, 0x28, 0x61, 0x61, 0x28, 0x66, 0x2b, 0x79, 0xf4, 0xa8, 0x4d, 0x30, 0x05,
      0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x41, 0x00, 0x79, 0x13, 0x7b, 0xed, 0xb5, 0xca, 0x70, 0x6d,
      0xe2, 0xbd, 0x3b, 0x3e, 0x94, 0x96, 0x12, 0xa4, 0x8c, 0x11, 0x64, 0xac, 0xdf, 0x11, 0x03, 0x66,
      0x47, 0x51, 0x50, 0xa7, 0x1a, 0xab, 0x0c, 0x2a, 0xef, 0xfe, 0x9a, 0x8f, 0xbb, 0xd1, 0x67, 0x9e,
      0x29, 0x9a, 0xfd, 0x7a, 0x95, 0xcd, 0x79, 0xab, 0x9c, 0xc7, 0xf5, 0x17, 0x89, 0xbd, 0xb8, 0xca,
      0x57, 0xec, 0x25, 0x13, 0x49, 0x27, 0xeb, 0x01,
  };
const bytes goEd25519KeySignature = {
      0x41, 0x0c, 0x30, 0xd7, 0x5f, 0x6f, 0xdd, 0x28, 0x1f, 0x7a, 0x0d, 0xb5, 0x68, 0x79, 0x21, 0x0f,
      0x2c, 0x3c, 0x6b, 0xed, 0x68, 0xe5, 0x53, 0xd7, 0xfc, 0x8a, 0x10, 0xd5, 0x32, 0x1c, 0x55, 0xa0,
      0x3b, 0x46, 0xf7, 0x0e, 0x8e, 0x5f, 0x22, 0xd8, 0x21, 0x46, 0x62, 0x42, 0xd5, 0x7b, 0x89, 0x12,
      0xf6, 0xf9, 0x2e, 0xda, 0x36, 0x79, 0x04, 0xbb, 0x42, 0x52, 0xe5, 0x3e, 0x57, 0xc6, 0x98, 0x01,
  };
const bytes goEd25519CertificateVerify = {
      0x6b, 0xad, 0x35, 0x6c, 0xd6, 0x1a, 0x6a, 0x80, 0x3e, 0x72, 0xd2, 0xda, 0xb4, 0x06, 0x73, 0x48,
      0x50, 0x2a, 0x0d, 0x5a, 0x8e, 0x33, 0x76, 0xa2, 0x8c, 0x9f, 0xf4, 0x36, 0x6e, 0x0a, 0xd0, 0xe0,
      0x1b, 0xa0, 0x7d, 0x51, 0xb5, 0x16, 0xdc, 0xcd, 0xe6, 0x92, 0xfa, 0xb8, 0x1c, 0x44, 0xa9, 0x95,
      0x68, 0x1b, 0x19, 0xac, 0x28, 0x31, 0xca, 0xbc, 0x26, 0xe1, 0xa4, 0xdb, 0x08, 0xe1, 0x78, 0x0e,
  };

}  // namespace

// Port addition: signatures made by Go (Pion's peer) verify here, and fail for other messages.
TEST(Crypto, VerifyGoSignatures) {
  const std::string m = "server key exchange params";
  const std::string b = "handshake bodies";
  const bytes msg(m.begin(), m.end());
  const bytes bodies(b.begin(), b.end());
  for (const auto& [cert, ks, cv] : {std::tuple{goECDSACert, goECDSAKeySignature, goECDSACertificateVerify},
                                     std::tuple{goEd25519Cert, goEd25519KeySignature, goEd25519CertificateVerify}}) {
    const std::vector<bytes> raw = {cert};
    EXPECT_FALSE(dtls::verifyKeySignature(msg, ks, hash::SHA256, raw));
    EXPECT_FALSE(dtls::verifyCertificateVerify(bodies, hash::SHA256, cv, raw));
    EXPECT_EQ(dtls::verifyKeySignature(bodies, ks, hash::SHA256, raw), dtls::errKeySignatureMismatch);
    EXPECT_EQ(dtls::verifyCertificateVerify(msg, hash::SHA256, cv, raw), dtls::errKeySignatureMismatch);
  }
}
