// Tests for pkg/crypto/ciphersuite/gcm.go (Pion has none for this package).
#include "dtls/pkg/crypto/ciphersuite/gcm.hpp"

#include <botan/aead.h>
#include <gtest/gtest.h>

#include <random>

#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "record_test_util.hpp"

namespace cs = dtls::pkg::crypto::ciphersuite;
namespace cipher = go::crypto::cipher;
namespace aes = go::crypto::aes;
using namespace ciphersuite_test;  // NOLINT

namespace {

// Keys of the Go cross-check program: the "client" writes with A and reads with B.
const auto kA = seq(16, 0x10);
const auto ivA = seq(16, 0x30);
const auto kB = seq(16, 0x90);
const auto ivB = seq(16, 0xb0);

std::pair<std::shared_ptr<cs::GCM>, std::shared_ptr<cs::GCM>> clientServer() {
  auto [client, err] = cs::NewGCM(kA, std::span(ivA).first(4), kB, std::span(ivB).first(4));
  EXPECT_FALSE(err);
  auto [server, err2] = cs::NewGCM(kB, std::span(ivB).first(4), kA, std::span(ivA).first(4));
  EXPECT_FALSE(err2);
  return {client, server};
}

}  // namespace

// The GCM specification (McGrew & Viega), test cases 3 and 4, through the cipher.AEAD wrapper.
TEST(CipherSuiteGCM, AEADKnownAnswerGCMSpec) {
  auto [blk, err] = aes::NewCipher(hexDecode("feffe9928665731c6d6a8f9467308308"));
  ASSERT_FALSE(err);
  auto [g, gerr] = cipher::NewGCM(blk);
  ASSERT_FALSE(gerr);
  EXPECT_EQ(g->NonceSize(), 12);
  EXPECT_EQ(g->Overhead(), 16);
  const auto iv = hexDecode("cafebabefacedbaddecaf888");
  const auto p = hexDecode(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
      "ba637b391aafd255");
  const auto c = hexDecode(
      "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac97"
      "3d58e091473f5985");
  // Test case 3: no additional data.
  auto want3 = c;
  auto tag3 = hexDecode("4d5c2af327cd64a62cf35abd2ba6fab4");
  want3.insert(want3.end(), tag3.begin(), tag3.end());
  EXPECT_EQ(g->Seal({}, iv, p, {}), want3);
  auto [p3, e3] = g->Open({}, iv, want3, {});
  ASSERT_FALSE(e3);
  EXPECT_EQ(p3, p);

  // Test case 4: 60-byte plaintext, 20 bytes of additional data.
  const auto ad = hexDecode("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  std::vector<std::uint8_t> p4(p.begin(), p.begin() + 60);
  std::vector<std::uint8_t> want4(c.begin(), c.begin() + 60);
  auto tag4 = hexDecode("5bc94fbc3221a5db94fae95ae7121a47");
  want4.insert(want4.end(), tag4.begin(), tag4.end());
  EXPECT_EQ(g->Seal({0xaa}, iv, p4, ad), [&] {
    std::vector<std::uint8_t> v{0xaa};
    v.insert(v.end(), want4.begin(), want4.end());
    return v;
  }());
  auto [o4, e4] = g->Open({}, iv, want4, ad);
  ASSERT_FALSE(e4);
  EXPECT_EQ(o4, p4);

  // Any modified byte of ciphertext, tag or additional data fails with Go's error.
  for (std::size_t i = 0; i < want4.size(); i++) {
    auto bad = want4;
    bad[i] ^= 0x10;
    auto [o, e] = g->Open({}, iv, bad, ad);
    EXPECT_EQ(e, cipher::errOpen) << i;
    EXPECT_TRUE(o.empty());
  }
  for (std::size_t i = 0; i < ad.size(); i++) {
    auto bad = ad;
    bad[i] ^= 0x01;
    auto [o, e] = g->Open({}, iv, want4, bad);
    EXPECT_EQ(e, cipher::errOpen) << i;
  }
  // Shorter than a tag.
  for (std::size_t n = 0; n < 16; n++) {
    auto [o, e] = g->Open({}, iv, std::span(want4).first(n), ad);
    EXPECT_EQ(e, cipher::errOpen) << n;
  }
  // A nonce of the wrong size is a panic in Go.
  EXPECT_THROW((void)g->Seal({}, std::span(iv).first(8), p4, ad), go::crypto::panic_error);
  EXPECT_THROW((void)g->Open({}, std::span(iv).first(8), want4, ad), go::crypto::panic_error);
}

// The port's GCM (gcm.go's construction on AES and GHASH) against Botan's GCM_Mode, an
// independent implementation: every plaintext length 0..600 (whole blocks, partial blocks, the
// empty message), additional data 0..40 bytes, AES-128/192/256, random keys and nonces. Each
// ciphertext must match byte for byte and open again; one flipped bit must not open.
TEST(CipherSuiteGCM, MatchesBotanGCMModeOverLengths) {
  std::mt19937 rng(20261205);
  auto bytes = [&](std::size_t n) {
    std::vector<std::uint8_t> b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    return b;
  };
  for (std::size_t keyLen : {16u, 24u, 32u}) {
    const auto key = bytes(keyLen);
    auto [blk, err] = aes::NewCipher(key);
    ASSERT_FALSE(err);
    auto [g, gerr] = cipher::NewGCM(blk);
    ASSERT_FALSE(gerr);
    const std::string name = "AES-" + std::to_string(keyLen * 8) + "/GCM(16)";
    auto ref = Botan::AEAD_Mode::create_or_throw(name, Botan::ENCRYPTION);
    ref->set_key(key.data(), key.size());
    for (std::size_t n = 0; n <= 600; n++) {
      const auto nonce = bytes(12);
      const auto pt = bytes(n);
      const auto ad = bytes(rng() % 41);
      ref->set_associated_data(ad.data(), ad.size());
      ref->start(nonce.data(), nonce.size());
      Botan::secure_vector<std::uint8_t> want(pt.begin(), pt.end());
      ref->finish(want);
      const auto got = g->Seal({}, nonce, pt, ad);
      ASSERT_EQ(got, std::vector<std::uint8_t>(want.begin(), want.end())) << name << " n=" << n << " ad=" << ad.size();
      auto [opened, oerr] = g->Open({}, nonce, got, ad);
      ASSERT_FALSE(oerr) << name << " n=" << n;
      ASSERT_EQ(opened, pt) << name << " n=" << n;
      auto bad = got;
      bad[rng() % bad.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
      auto [o2, e2] = g->Open({}, nonce, bad, ad);
      ASSERT_EQ(e2, cipher::errOpen) << name << " n=" << n;
      ASSERT_TRUE(o2.empty());
    }
  }
}

TEST(CipherSuiteGCM, NewGCMKeyErrors) {
  const auto iv = seq(4, 0);
  auto [g, err] = cs::NewGCM(seq(15, 0), iv, kB, iv);
  EXPECT_TRUE(go::errors::As<aes::KeySizeError>(err));
  EXPECT_EQ(g, nullptr);
  auto [g2, err2] = cs::NewGCM(kA, iv, seq(33, 0), iv);
  EXPECT_TRUE(go::errors::As<aes::KeySizeError>(err2));
  EXPECT_EQ(g2, nullptr);
  for (std::size_t n : {16u, 24u, 32u}) {
    auto [g3, err3] = cs::NewGCM(seq(n, 1), iv, seq(n, 2), iv);
    EXPECT_FALSE(err3);
    EXPECT_NE(g3, nullptr);
  }
}

// Records produced by Pion's Go GCM (fixed keys above, random nonce), decrypted by the port.
TEST(CipherSuiteGCM, DecryptPionRecords) {
  auto [client, server] = clientServer();
  const auto r1 = hexDecode("16fefd00020000000000070019ee7753305dc5efd9ddbe5628458d5106ced07ea01a7525faa0");
  const auto r48 = hexDecode(
      "16fefd0002000000000007004885dedfbb103541e864c72dd4a697f2f9ff421288f8eb0f731df1cddd634e9dacee88c3d5368e9449172d50"
      "8276adceb4a59d84ee7e0aa1896930a4ff078dcebd79025ab24a944e8f");
  auto [d1, e1] = server->Decrypt(r1);
  ASSERT_FALSE(e1) << e1.Error();
  EXPECT_EQ(d1, expectedDecrypt(r1, {'x'}));
  auto [d48, e48] = server->Decrypt(r48);
  ASSERT_FALSE(e48) << e48.Error();
  EXPECT_EQ(d48, expectedDecrypt(r48, seq(48, 0)));
  // The client cannot open its own records (wrong direction keys).
  auto [dc, ec] = client->Decrypt(r1);
  EXPECT_TRUE(go::errors::Is(ec, cs::errDecryptPacket));
  EXPECT_TRUE(dc.empty());
}

TEST(CipherSuiteGCM, RoundTrip) {
  auto [client, server] = clientServer();
  roundTrip(*client, *server, 8 + cs::gcmTagLength);
  roundTrip(*server, *client, 8 + cs::gcmTagLength);
}

TEST(CipherSuiteGCM, TamperAndTruncate) {
  auto [client, server] = clientServer();
  auto pkt = makeRecord(protocol::ContentTypeHandshake, 3, 0x0000aabbccddeeff, 20);
  const auto payload = seq(20, 0x61);
  auto [enc, err] = client->Encrypt(pkt, rawRecord(pkt, payload));
  ASSERT_FALSE(err);
  ASSERT_EQ(enc.size(), recordlayer::HeaderSize + 8 + 20 + cs::gcmTagLength);

  // Explicit nonce, ciphertext and tag bytes.
  for (std::size_t i = recordlayer::HeaderSize; i < enc.size(); i++) {
    auto bad = enc;
    bad[i] ^= 0x01;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket)) << i;
    // Go: fmt.Errorf("%w: %v", errDecryptPacket, err) wraps errDecryptPacket and only formats err.
    EXPECT_FALSE(go::errors::Is(derr, cipher::errOpen)) << i;
    EXPECT_EQ(derr.Error(), "dtls temporary: failed to decrypt packet: cipher: message authentication failed");
    EXPECT_TRUE(dec.empty());
  }
  // Authenticated header fields: epoch (3-4) and sequence number (5-10) are additional data.
  for (std::size_t i = 3; i < 11; i++) {
    auto bad = enc;
    bad[i] ^= 0x01;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket)) << i;
  }
  // Content type is authenticated too (except that ChangeCipherSpec records are passed through).
  {
    auto bad = enc;
    bad[0] = protocol::ContentTypeApplicationData;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket));
  }
  // An unsupported version fails in Header.Unmarshal.
  {
    auto bad = enc;
    bad[2] = 0x00;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, recordlayer::errUnsupportedProtocolVersion));
  }
  truncations(*server, enc);
  // Up to header + explicit nonce there is no room for the nonce.
  for (std::size_t n = recordlayer::HeaderSize; n <= recordlayer::HeaderSize + 8; n++) {
    auto [dec, derr] = server->Decrypt(std::span(enc).first(n));
    EXPECT_EQ(derr, cs::errNotEnoughRoomForNonce) << n;
  }
  for (std::size_t n = recordlayer::HeaderSize + 9; n < enc.size(); n++) {
    auto [dec, derr] = server->Decrypt(std::span(enc).first(n));
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket)) << n;
  }
}

TEST(CipherSuiteGCM, ChangeCipherSpecPassesThrough) {
  auto [client, server] = clientServer();
  const std::vector<std::uint8_t> ccs = {0x14, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 1};
  auto [dec, err] = server->Decrypt(ccs);
  ASSERT_FALSE(err);
  EXPECT_EQ(dec, ccs);
}

TEST(CipherSuiteGCM, EncryptShortRaw) {
  auto [client, server] = clientServer();
  auto pkt = makeRecord(protocol::ContentTypeHandshake, 0, 0, 0);
  auto [enc, err] = client->Encrypt(pkt, std::vector<std::uint8_t>(12));
  EXPECT_TRUE(go::errors::Is(err, recordlayer::errBufferTooSmall));
  EXPECT_TRUE(enc.empty());
}
