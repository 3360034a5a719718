// Tests for pkg/crypto/ciphersuite/ccm.go (Pion has none for this package).
#include "dtls/pkg/crypto/ciphersuite/ccm.hpp"

#include <gtest/gtest.h>

#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "record_test_util.hpp"

namespace cs = dtls::pkg::crypto::ciphersuite;
namespace ccm = dtls::pkg::crypto::ccm;
namespace aes = go::crypto::aes;
using namespace ciphersuite_test;  // NOLINT

namespace {

// Keys of the Go cross-check program: the "client" writes with A and reads with B.
// CCM (16-byte tag) uses AES-128 keys, CCM_8 AES-256 keys.
const auto kA = seq(16, 0x10);
const auto ivA = seq(16, 0x30);
const auto kB = seq(16, 0x90);
const auto ivB = seq(16, 0xb0);
const auto k256A = seq(32, 0x01);
const auto k256B = seq(32, 0x21);

std::pair<std::shared_ptr<cs::CCM>, std::shared_ptr<cs::CCM>> clientServer(cs::CCMTagLen tagLen) {
  const auto& a = tagLen == cs::CCMTagLength ? kA : k256A;
  const auto& b = tagLen == cs::CCMTagLength ? kB : k256B;
  auto [client, err] = cs::NewCCM(tagLen, a, std::span(ivA).first(4), b, std::span(ivB).first(4));
  EXPECT_FALSE(err);
  auto [server, err2] = cs::NewCCM(tagLen, b, std::span(ivB).first(4), a, std::span(ivA).first(4));
  EXPECT_FALSE(err2);
  return {client, server};
}

void tamperAndTruncate(cs::CCMTagLen tagLen) {
  auto [client, server] = clientServer(tagLen);
  auto pkt = makeRecord(protocol::ContentTypeApplicationData, 1, 77, 33);
  const auto payload = seq(33, 0x20);
  auto [enc, err] = client->Encrypt(pkt, rawRecord(pkt, payload));
  ASSERT_FALSE(err);
  ASSERT_EQ(enc.size(), recordlayer::HeaderSize + 8 + 33 + static_cast<std::size_t>(tagLen));
  auto [ok, okErr] = server->Decrypt(enc);
  ASSERT_FALSE(okErr);
  EXPECT_EQ(ok, expectedDecrypt(enc, payload));

  // Explicit nonce, ciphertext and tag bytes.
  for (std::size_t i = recordlayer::HeaderSize; i < enc.size(); i++) {
    auto bad = enc;
    bad[i] ^= 0x80;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket)) << i;
    EXPECT_EQ(derr.Error(), "dtls temporary: failed to decrypt packet: ccm: message authentication failed") << i;
    EXPECT_TRUE(dec.empty());
  }
  // Epoch and sequence number are additional data.
  for (std::size_t i = 3; i < 11; i++) {
    auto bad = enc;
    bad[i] ^= 0x01;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket)) << i;
  }
  {
    auto bad = enc;
    bad[0] = protocol::ContentTypeHandshake;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket));
  }
  truncations(*server, enc);
  for (std::size_t n = recordlayer::HeaderSize; n <= recordlayer::HeaderSize + 8; n++) {
    auto [dec, derr] = server->Decrypt(std::span(enc).first(n));
    EXPECT_EQ(derr, cs::errNotEnoughRoomForNonce) << n;
  }
  for (std::size_t n = recordlayer::HeaderSize + 9; n < enc.size(); n++) {
    auto [dec, derr] = server->Decrypt(std::span(enc).first(n));
    EXPECT_TRUE(go::errors::Is(derr, cs::errDecryptPacket)) << n;
    const bool shortOfTag = n - recordlayer::HeaderSize - 8 < static_cast<std::size_t>(tagLen);
    EXPECT_EQ(derr.Error(), shortOfTag ? "dtls temporary: failed to decrypt packet: ccm: ciphertext too short"
                                       : "dtls temporary: failed to decrypt packet: ccm: message authentication failed")
        << n;
  }
}

}  // namespace

TEST(CipherSuiteCCM, Constants) {
  EXPECT_EQ(cs::CCMTagLength8, 8);
  EXPECT_EQ(cs::CCMTagLength, 16);
  EXPECT_EQ(cs::ccmNonceLength, 12);
}

TEST(CipherSuiteCCM, NewCCMErrors) {
  const auto iv = seq(4, 0);
  auto [c, err] = cs::NewCCM(cs::CCMTagLength, seq(10, 0), iv, kB, iv);
  EXPECT_TRUE(go::errors::As<aes::KeySizeError>(err));
  EXPECT_EQ(c, nullptr);
  auto [c2, err2] = cs::NewCCM(cs::CCMTagLength, kA, iv, seq(31, 0), iv);
  EXPECT_TRUE(go::errors::As<aes::KeySizeError>(err2));
  // A tag length ccm.NewCCM refuses.
  auto [c3, err3] = cs::NewCCM(static_cast<cs::CCMTagLen>(7), kA, iv, kB, iv);
  EXPECT_EQ(err3, ccm::errInvalidTagSize);
  EXPECT_EQ(c3, nullptr);
}

// Records produced by Pion's Go CCM (fixed keys above, random nonce), decrypted by the port.
TEST(CipherSuiteCCM, DecryptPionRecords) {
  struct tc {
    cs::CCMTagLen tagLen;
    std::string rec;
    std::vector<std::uint8_t> payload;
  };
  const std::vector<tc> cases = {
      {cs::CCMTagLength, "16fefd000200000000000700198e5c758b188aa13dd7d5d5fab6e0a1d09c4e85faa382c78e9f", {'x'}},
      {cs::CCMTagLength,
       "16fefd00020000000000070048059fad9473cf55dc4514106c2d7156d89eb51f84a3fa3c6252ac1d28176b52e1b1bb40f8ccf5ddbc812e4"
       "f01"
       "7358a2ec6f94be9019ea7526fb4421b29ade4fdaab495e747b867f0f",
       seq(48, 0)},
      {cs::CCMTagLength8, "16fefd000200000000000700119ef036f33634a42369bcb4986e3ca6138a", {'x'}},
      {cs::CCMTagLength8,
       "16fefd0002000000000007004018586ef610cb4d79cc5394f8a7c14295b7f291dd563b3e4dc6187eed48d863786732c1d442d4a382c7014"
       "3"
       "effe855075b725493a31aa2c032578fe3d213a9cc9",
       seq(48, 0)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rec);
    auto [client, server] = clientServer(c.tagLen);
    const auto rec = hexDecode(c.rec);
    auto [dec, err] = server->Decrypt(rec);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(dec, expectedDecrypt(rec, c.payload));
    auto [dc, ec] = client->Decrypt(rec);
    EXPECT_TRUE(go::errors::Is(ec, cs::errDecryptPacket));
  }
}

TEST(CipherSuiteCCM, RoundTripCCM) {
  auto [client, server] = clientServer(cs::CCMTagLength);
  roundTrip(*client, *server, 8 + 16);
  roundTrip(*server, *client, 8 + 16);
}

TEST(CipherSuiteCCM, RoundTripCCM8) {
  auto [client, server] = clientServer(cs::CCMTagLength8);
  roundTrip(*client, *server, 8 + 8);
  roundTrip(*server, *client, 8 + 8);
}

TEST(CipherSuiteCCM, TamperAndTruncateCCM) { tamperAndTruncate(cs::CCMTagLength); }

TEST(CipherSuiteCCM, TamperAndTruncateCCM8) { tamperAndTruncate(cs::CCMTagLength8); }

TEST(CipherSuiteCCM, ChangeCipherSpecPassesThrough) {
  auto [client, server] = clientServer(cs::CCMTagLength8);
  const std::vector<std::uint8_t> ccs = {0x14, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 1};
  auto [dec, err] = server->Decrypt(ccs);
  ASSERT_FALSE(err);
  EXPECT_EQ(dec, ccs);
}

TEST(CipherSuiteCCM, EncryptShortRaw) {
  auto [client, server] = clientServer(cs::CCMTagLength);
  auto pkt = makeRecord(protocol::ContentTypeHandshake, 0, 0, 0);
  auto [enc, err] = client->Encrypt(pkt, std::vector<std::uint8_t>(5));
  EXPECT_TRUE(go::errors::Is(err, recordlayer::errBufferTooSmall));
}
