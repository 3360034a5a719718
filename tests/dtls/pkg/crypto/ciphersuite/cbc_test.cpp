// Tests for pkg/crypto/ciphersuite/cbc.go (Pion has none for this package).
#include "dtls/pkg/crypto/ciphersuite/cbc.hpp"

#include <botan/mac.h>
#include <gtest/gtest.h>

#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/crypto/hash/go_crypto_hash.hpp"
#include "record_test_util.hpp"

namespace cs = dtls::pkg::crypto::ciphersuite;
namespace prf = dtls::pkg::crypto::prf;
namespace cipher = go::crypto::cipher;
namespace aes = go::crypto::aes;
using namespace ciphersuite_test;  // NOLINT

namespace {

// Keys of the Go cross-check program: the "client" writes with A and reads with B.
const auto kA = seq(16, 0x10);
const auto ivA = seq(16, 0x30);
const auto macA = seq(32, 0x50);
const auto kB = seq(16, 0x90);
const auto ivB = seq(16, 0xb0);
const auto macB = seq(32, 0xd0);
const auto k256A = seq(32, 0x01);
const auto k256B = seq(32, 0x21);

const prf::HashFunc sha1 = [] { return go::crypto::New(go::crypto::SHA1); };
const prf::HashFunc sha256 = [] { return go::crypto::New(go::crypto::SHA256); };

// SHA-1: AES-256 keys and 20-byte MAC keys (TLS_ECDHE_*_WITH_AES_256_CBC_SHA);
// SHA-256: AES-128 keys and 32-byte MAC keys (TLS_PSK_WITH_AES_128_CBC_SHA256).
std::pair<std::shared_ptr<cs::CBC>, std::shared_ptr<cs::CBC>> clientServer(bool useSha1) {
  const auto& a = useSha1 ? k256A : kA;
  const auto& b = useSha1 ? k256B : kB;
  const std::size_t macLen = useSha1 ? 20 : 32;
  const auto& h = useSha1 ? sha1 : sha256;
  auto [client, err] = cs::NewCBC(a, ivA, std::span(macA).first(macLen), b, ivB, std::span(macB).first(macLen), h);
  EXPECT_FALSE(err);
  auto [server, err2] = cs::NewCBC(b, ivB, std::span(macB).first(macLen), a, ivA, std::span(macA).first(macLen), h);
  EXPECT_FALSE(err2);
  return {client, server};
}

// Builds a record whose body is `iv || CBC-encrypt(plain)` under the server's read key (the
// client's write key), so that the padding/MAC checks after decryption can be exercised.
std::vector<std::uint8_t> forgeRecord(bool useSha1, const std::vector<std::uint8_t>& plain) {
  auto [blk, err] = aes::NewCipher(useSha1 ? k256A : kA);
  EXPECT_FALSE(err);
  const auto iv = seq(16, 0x77);
  auto enc = cipher::NewCBCEncrypter(blk, iv);
  std::vector<std::uint8_t> body = plain;
  enc->CryptBlocks(body, body);
  auto pkt = makeRecord(protocol::ContentTypeApplicationData, 1, 1, iv.size() + body.size());
  auto [hb, herr] = pkt.Header.Marshal();
  EXPECT_FALSE(herr);
  hb.insert(hb.end(), iv.begin(), iv.end());
  hb.insert(hb.end(), body.begin(), body.end());
  return hb;
}

void tamperAndTruncate(bool useSha1) {
  auto [client, server] = clientServer(useSha1);
  auto pkt = makeRecord(protocol::ContentTypeApplicationData, 5, 0x0000010203040506, 37);
  const auto payload = seq(37, 0x41);
  auto [enc, err] = client->Encrypt(pkt, rawRecord(pkt, payload));
  ASSERT_FALSE(err);
  const std::size_t macLen = useSha1 ? 20 : 32;
  // IV + payload + MAC + padding (1..16), a multiple of the block size.
  const std::size_t body = enc.size() - recordlayer::HeaderSize;
  EXPECT_EQ(body % 16, 0u);
  EXPECT_EQ(body, 16 + ((37 + macLen) / 16 + 1) * 16);
  auto [ok, okErr] = server->Decrypt(enc);
  ASSERT_FALSE(okErr) << okErr.Error();
  EXPECT_EQ(ok, expectedDecrypt(enc, payload));

  // IV, ciphertext (data, MAC, padding): every modified byte is rejected with errInvalidMAC.
  for (std::size_t i = recordlayer::HeaderSize; i < enc.size(); i++) {
    auto bad = enc;
    bad[i] ^= 0x01;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_EQ(derr, cs::errInvalidMAC) << i;
    EXPECT_TRUE(dec.empty());
  }
  // Epoch, sequence number and content type are MACed.
  for (std::size_t i = 3; i < 11; i++) {
    auto bad = enc;
    bad[i] ^= 0x01;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_EQ(derr, cs::errInvalidMAC) << i;
  }
  {
    auto bad = enc;
    bad[0] = protocol::ContentTypeAlert;
    auto [dec, derr] = server->Decrypt(bad);
    EXPECT_EQ(derr, cs::errInvalidMAC);
  }
  truncations(*server, enc);
  for (std::size_t n = recordlayer::HeaderSize; n < enc.size(); n++) {
    auto [dec, derr] = server->Decrypt(std::span(enc).first(n));
    const std::size_t b = n - recordlayer::HeaderSize;
    if (b % 16 != 0 || b < 16 + std::max<std::size_t>(macLen + 1, 16)) {
      EXPECT_EQ(derr, cs::errNotEnoughRoomForNonce) << n;
    } else {
      EXPECT_EQ(derr, cs::errInvalidMAC) << n;
    }
  }
}

}  // namespace

TEST(CipherSuiteCBC, NewCBCErrors) {
  auto [c, err] = cs::NewCBC(seq(20, 0), ivA, macA, kB, ivB, macB, sha256);
  EXPECT_TRUE(go::errors::As<aes::KeySizeError>(err));
  EXPECT_EQ(c, nullptr);
  auto [c2, err2] = cs::NewCBC(kA, ivA, macA, seq(1, 0), ivB, macB, sha256);
  EXPECT_TRUE(go::errors::As<aes::KeySizeError>(err2));
  EXPECT_EQ(c2, nullptr);
  // Go's cipher.NewCBCEncrypter panics on an IV that is not one block long.
  EXPECT_THROW((void)cs::NewCBC(kA, std::span(ivA).first(4), macA, kB, ivB, macB, sha256), go::crypto::panic_error);
}

// Records produced by Pion's Go CBC (fixed keys above, random IV), decrypted by the port.
TEST(CipherSuiteCBC, DecryptPionRecords) {
  struct tc {
    bool useSha1;
    std::string rec;
    std::vector<std::uint8_t> payload;
  };
  const std::vector<tc> cases = {
      {true,
       "16fefd00020000000000070030e0d8362d1e6a88a0b70ea127c91e1a6542809620dcf59d5e5c7801a9938e7ff51a28f2af12b0075a6ddcd"
       "1"
       "7dce083c10",
       {'x'}},
      {true,
       "16fefd0002000000000007006033981dabfd7034d7d794269a8284aad505e4a17543965d0a4bd7ce8673697430b9e5cd9566b66cb5bb938"
       "1"
       "c03239d6bacab786d2a9058fb1f4beeddc9b3da0162101018056217c18550e0ca3593a583a3fba938d1b7fb94bd8d1f7b68853ccf2",
       seq(48, 0)},
      {false,
       "16fefd00020000000000070040397c97fb9827bbe7c55a13b02d5185b241819f2d31f254f39ba386dc50f4b36927f229217d15a6b921261"
       "0"
       "f13d6fb9304220e9dc3c2f65a65eda333a94e758be",
       {'x'}},
      {false,
       "16fefd00020000000000070070eeffc541438b633ffd10a555b895b9fa68e98fac34ab8fce2c2585e709194196179ad98bf9baddfdddd3e"
       "d"
       "685cad60ec9bd1b351d66c67535f46d4fb7741697ce9fe4dc1dfe4bbabeb99facf984c383ce7acdd04cdc33dc91fa681511e4fa957e06fc"
       "3"
       "f7d5cd4d5dc3849a1afc7261dd",
       seq(48, 0)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.rec);
    auto [client, server] = clientServer(c.useSha1);
    const auto rec = hexDecode(c.rec);
    auto [dec, err] = server->Decrypt(rec);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(dec, expectedDecrypt(rec, c.payload));
    auto [dc, ec] = client->Decrypt(rec);
    EXPECT_EQ(ec, cs::errInvalidMAC);
  }
}

TEST(CipherSuiteCBC, RoundTripSHA1) {
  auto [client, server] = clientServer(true);
  roundTrip(*client, *server, 16 + 20 + 1);
  roundTrip(*server, *client, 16 + 20 + 1);
}

TEST(CipherSuiteCBC, RoundTripSHA256) {
  auto [client, server] = clientServer(false);
  roundTrip(*client, *server, 16 + 32 + 1);
  roundTrip(*server, *client, 16 + 32 + 1);
}

TEST(CipherSuiteCBC, TamperAndTruncateSHA1) { tamperAndTruncate(true); }

TEST(CipherSuiteCBC, TamperAndTruncateSHA256) { tamperAndTruncate(false); }

// Decrypted plaintext whose padding is malformed, or well formed but so long that no room is
// left for the MAC (Pion would panic slicing body[dataEnd:] with a negative dataEnd), is rejected.
TEST(CipherSuiteCBC, ForgedPadding) {
  for (bool useSha1 : {true, false}) {
    SCOPED_TRACE(useSha1);
    auto [client, server] = clientServer(useSha1);
    const std::size_t blocks = useSha1 ? 2 : 3;  // the minimum body: IV + max(macLen+1, 16) rounded up

    // Valid padding covering the whole plaintext: dataEnd < 0.
    std::vector<std::uint8_t> allPad(blocks * 16, static_cast<std::uint8_t>(blocks * 16 - 1));
    auto [d1, e1] = server->Decrypt(forgeRecord(useSha1, allPad));
    EXPECT_EQ(e1, cs::errInvalidMAC);
    EXPECT_TRUE(d1.empty());

    // Valid padding one byte too long for the MAC.
    const std::size_t macLen = useSha1 ? 20 : 32;
    const std::size_t padLen = blocks * 16 - macLen + 1;  // toRemove
    std::vector<std::uint8_t> longPad(blocks * 16, 0x00);
    for (std::size_t i = 0; i < padLen; i++) longPad[longPad.size() - 1 - i] = static_cast<std::uint8_t>(padLen - 1);
    auto [d2, e2] = server->Decrypt(forgeRecord(useSha1, longPad));
    EXPECT_EQ(e2, cs::errInvalidMAC);

    // Padding length byte larger than the plaintext.
    std::vector<std::uint8_t> hugePad(blocks * 16, 0xff);
    auto [d3, e3] = server->Decrypt(forgeRecord(useSha1, hugePad));
    EXPECT_EQ(e3, cs::errInvalidMAC);

    // Inconsistent padding bytes.
    std::vector<std::uint8_t> badPad(blocks * 16, 0x03);
    badPad[badPad.size() - 3] = 0x02;
    auto [d4, e4] = server->Decrypt(forgeRecord(useSha1, badPad));
    EXPECT_EQ(e4, cs::errInvalidMAC);

    // Well-formed padding, no data, but a wrong MAC.
    std::vector<std::uint8_t> zeroData(blocks * 16, 0x00);
    const std::size_t pad2 = blocks * 16 - macLen;
    for (std::size_t i = 0; i < pad2; i++) zeroData[zeroData.size() - 1 - i] = static_cast<std::uint8_t>(pad2 - 1);
    auto [d5, e5] = server->Decrypt(forgeRecord(useSha1, zeroData));
    EXPECT_EQ(e5, cs::errInvalidMAC);
  }
}

TEST(CipherSuiteCBC, HMACMatchesRFC) {
  // CBC.hmac is HMAC(key, epoch || seq48 || type || version || length || payload) (RFC 6347 4.1.2.1).
  auto [client, server] = clientServer(false);
  const auto key = seq(32, 0);
  auto [mac, err] = client->hmac(0x0001, 0x0000000000000002, protocol::ContentTypeApplicationData, protocol::Version1_2,
                                 std::vector<std::uint8_t>{'a', 'b', 'c'}, key, sha256);
  ASSERT_FALSE(err);
  ASSERT_EQ(mac.size(), 32u);
  // The same MAC computed over the explicit message.
  auto h = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  h->set_key(key.data(), key.size());
  const std::vector<std::uint8_t> msg = {0, 1, 0, 0, 0, 0, 0, 2, 23, 0xfe, 0xfd, 0, 3, 'a', 'b', 'c'};
  h->update(msg.data(), msg.size());
  const auto want = h->final();
  EXPECT_EQ(mac, std::vector<std::uint8_t>(want.begin(), want.end()));
}

TEST(CipherSuiteCBC, ChangeCipherSpecPassesThrough) {
  auto [client, server] = clientServer(true);
  const std::vector<std::uint8_t> ccs = {0x14, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 1, 1};
  auto [dec, err] = server->Decrypt(ccs);
  ASSERT_FALSE(err);
  EXPECT_EQ(dec, ccs);
}

TEST(CipherSuiteCBC, EncryptShortRaw) {
  auto [client, server] = clientServer(true);
  auto pkt = makeRecord(protocol::ContentTypeHandshake, 0, 0, 0);
  auto [enc, err] = client->Encrypt(pkt, std::vector<std::uint8_t>(1));
  EXPECT_TRUE(go::errors::Is(err, recordlayer::errBufferTooSmall));
}
