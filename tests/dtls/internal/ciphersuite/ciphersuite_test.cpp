// Tests for internal/ciphersuite (Pion has no tests for this package).
#include "dtls/internal/ciphersuite/ciphersuite.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dtls/internal/ciphersuite/aes_128_ccm.hpp"
#include "dtls/internal/ciphersuite/aes_256_ccm.hpp"
#include "dtls/internal/ciphersuite/aes_ccm.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_ccm8.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_cbc_sha.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_256_gcm_sha384.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_psk_with_aes_128_cbc_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_cbc_sha.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_256_gcm_sha384.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_cbc_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm8.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_256_ccm8.hpp"
#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace ciphersuite = dtls::internal::ciphersuite;
namespace clientcertificate = dtls::pkg::crypto::clientcertificate;
namespace cryptociphersuite = dtls::pkg::crypto::ciphersuite;
namespace protocol = dtls::pkg::protocol;
namespace recordlayer = dtls::pkg::protocol::recordlayer;

namespace {

std::vector<std::uint8_t> hexDecode(const std::string& s) {
  std::vector<std::uint8_t> r;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    r.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  }
  return r;
}

struct suiteCase {
  std::function<std::shared_ptr<ciphersuite::CipherSuite>()> make;
  ciphersuite::ID id;
  std::uint16_t idValue;
  std::string str;    // CipherSuite.String()
  std::string idStr;  // ID.String()
  clientcertificate::Type certificateType;
  ciphersuite::KeyExchangeAlgorithm keyExchangeAlgorithm;
  bool ecc;
  ciphersuite::AuthenticationType authenticationType;
  std::size_t hashSize;
  std::size_t aeadTag;  // 0 for CBC suites
  // A record encrypted by Pion's Go suite, initialized as client with the secrets below.
  std::string pionRecord;
};

// Expected values taken from Pion's Go suites (printed by a Go program using pion/dtls v2.2.6).
const std::vector<suiteCase>& suiteCases() {
  static const std::vector<suiteCase> cases = {
      {[] { return std::shared_ptr<ciphersuite::CipherSuite>(ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm()); },
       ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_128_CCM, 0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM",
       "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", clientcertificate::Type(64), ciphersuite::KeyExchangeAlgorithm(4), true,
       ciphersuite::AuthenticationType(1), 32, 16,
       "17fefd000100010203040500410bbe4d61387e2d263796932c7316d68024c3500a56a03ea0bb56bdeec7697db935e54aa184d0152e8f6a"
       "31f63b2d60395db18cd9b78678cbf1fbc3319aec9b08d9"},
      {[] { return std::shared_ptr<ciphersuite::CipherSuite>(ciphersuite::NewTLSEcdheEcdsaWithAes128Ccm8()); },
       ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8",
       "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", clientcertificate::Type(64), ciphersuite::KeyExchangeAlgorithm(4), true,
       ciphersuite::AuthenticationType(1), 32, 8,
       "17fefd00010001020304050039f753ada1689d290ec328509537aa93475d02005e2872591abec541bae03a679aaf1e353451b27b3666c4"
       "1a97586bfc752145ab164c2f3f6b88"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(
             std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>());
       },
       ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
       "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", clientcertificate::Type(64), ciphersuite::KeyExchangeAlgorithm(4),
       true, ciphersuite::AuthenticationType(1), 32, 16,
       "17fefd000100010203040500415746f4c9adb220531c18652611e005c77a435ebc1ff0aee9822601fc151126db57295937f9a2d67d6145"
       "7e265b1cd7da6bd401d198990d6623a48f6c3a86e9fa65"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(
             std::make_shared<ciphersuite::TLSEcdheRsaWithAes128GcmSha256>());
       },
       ciphersuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
       "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", clientcertificate::Type(1), ciphersuite::KeyExchangeAlgorithm(4), true,
       ciphersuite::AuthenticationType(1), 32, 16,
       "17fefd000100010203040500414e248ed168085600b7b288dfdc64df6cbfdd2c4a1c82d1bb5947e44128570862ffc1c14be05ccfb20a08"
       "2141a8b64e55cf1159964f423a8c33943139ab2686af37"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(
             std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256CbcSha>());
       },
       ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
       "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", clientcertificate::Type(64), ciphersuite::KeyExchangeAlgorithm(4), true,
       ciphersuite::AuthenticationType(1), 32, 0,
       "17fefd0001000102030405005076f3381b2a96ee22f1ad0b6dc9d0a7caf8afe60ca18191775077c2e5afe1b735d286d1e702dbfcf62cda"
       "cfbaa0ca3f7bece10d5947e5676247aa350276f5a745a69544c9938cee555ee0dff6876f64c3"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(std::make_shared<ciphersuite::TLSEcdheRsaWithAes256CbcSha>());
       },
       ciphersuite::TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
       "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", clientcertificate::Type(1), ciphersuite::KeyExchangeAlgorithm(4), true,
       ciphersuite::AuthenticationType(1), 32, 0,
       "17fefd00010001020304050050ce87ed5d7e91aa81e18f7bb670e8b124133bae443893953d60f3bce0745c91255a07fed27a6931c52fc3"
       "90f466d0ce2f516990598898065bf8d302e9fed3054ab573a7ac358cfe9307c2c0298da176cc"},
      {[] { return std::shared_ptr<ciphersuite::CipherSuite>(ciphersuite::NewTLSPskWithAes128Ccm()); },
       ciphersuite::TLS_PSK_WITH_AES_128_CCM, 0xc0a4, "TLS_PSK_WITH_AES_128_CCM", "TLS_PSK_WITH_AES_128_CCM",
       clientcertificate::Type(0), ciphersuite::KeyExchangeAlgorithm(2), false, ciphersuite::AuthenticationType(2), 32,
       16,
       "17fefd00010001020304050041e7e5d150b9627d4081929e45a033c90bc50ee8d8a07189aaf453f5c5774bc7fcda9846390e618a633124"
       "a5fa631c1811149c33ee584c9802e0ede68142111802ab"},
      {[] { return std::shared_ptr<ciphersuite::CipherSuite>(ciphersuite::NewTLSPskWithAes128Ccm8()); },
       ciphersuite::TLS_PSK_WITH_AES_128_CCM_8, 0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8", "TLS_PSK_WITH_AES_128_CCM_8",
       clientcertificate::Type(0), ciphersuite::KeyExchangeAlgorithm(2), false, ciphersuite::AuthenticationType(2), 32,
       8,
       "17fefd000100010203040500392e55eabda42e2a7a4380a89db609bdcfb6d2c4e9c7c75f893cd4c42b8289102a67df63dedf50b9cbddeb"
       "ec7714d3582df24f51c18263efe502"},
      {[] { return std::shared_ptr<ciphersuite::CipherSuite>(ciphersuite::NewTLSPskWithAes256Ccm8()); },
       ciphersuite::TLS_PSK_WITH_AES_256_CCM_8, 0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8", "TLS_PSK_WITH_AES_256_CCM_8",
       clientcertificate::Type(0), ciphersuite::KeyExchangeAlgorithm(2), false, ciphersuite::AuthenticationType(2), 32,
       8,
       "17fefd00010001020304050039db6f7884bb7e4035b1fd34fec43032e9c3e05c0af179525feda7bc3ffa6adf49a424e535b5abccb1a65c"
       "d52567c6cf644b5aff44d640b291b8"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(std::make_shared<ciphersuite::TLSPskWithAes128GcmSha256>());
       },
       ciphersuite::TLS_PSK_WITH_AES_128_GCM_SHA256, 0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256",
       "TLS_PSK_WITH_AES_128_GCM_SHA256", clientcertificate::Type(0), ciphersuite::KeyExchangeAlgorithm(2), true,
       ciphersuite::AuthenticationType(2), 32, 16,
       "17fefd00010001020304050041c08a99c3bd7a052957ffe9bda1d5220a41076d6b3c30cf02eab41e1d94a14c5f530b3c03c9f96b83980c"
       "91933ae1c65fe4187a5acc6aea984f4f223396e49d3b66"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(std::make_shared<ciphersuite::TLSPskWithAes128CbcSha256>());
       },
       ciphersuite::TLS_PSK_WITH_AES_128_CBC_SHA256, 0x00ae, "TLS_PSK_WITH_AES_128_CBC_SHA256",
       "TLS_PSK_WITH_AES_128_CBC_SHA256", clientcertificate::Type(0), ciphersuite::KeyExchangeAlgorithm(2), false,
       ciphersuite::AuthenticationType(2), 32, 0,
       "17fefd000100010203040500603f50676a3551a13de94eee269b50c1635ba9e836fabc54c2635c4a11cf4631b309586afe5fd76e702262"
       "7d2e3470fa5a0608b326eef08e7f50c9ecfb7a240399ab18f55379b5e70845fbc0123b3c745f1b223cc4e005d48a3051ab063bbaeabc"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(
             std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes256GcmSha384>());
       },
       ciphersuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
       "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", clientcertificate::Type(64), ciphersuite::KeyExchangeAlgorithm(4),
       true, ciphersuite::AuthenticationType(1), 48, 16,
       "17fefd00010001020304050041c515bd3b066fe198e30ffcdb64b90f070f97f37104fc7515c3e39bed6438a8caaa571960a91aa9f5382d"
       "74725978fa1c93a15b922f591b79d26d3e0729711e5201"},
      {[] {
         return std::shared_ptr<ciphersuite::CipherSuite>(
             std::make_shared<ciphersuite::TLSEcdheRsaWithAes256GcmSha384>());
       },
       ciphersuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
       "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", clientcertificate::Type(1), ciphersuite::KeyExchangeAlgorithm(4), true,
       ciphersuite::AuthenticationType(1), 48, 16,
       "17fefd00010001020304050041f307e832b83646b2842d66ad1714f9b8c497aef7ae4b27f26b0b92f8565053386962c8c54e840f32e312"
       "34489ad75e9f1aa2eb4bb7c1f9b99861ebf3b3a2201100"},
      {[] { return std::shared_ptr<ciphersuite::CipherSuite>(ciphersuite::NewTLSEcdhePskWithAes128CbcSha256()); },
       ciphersuite::TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256, 0xc037, "TLS-ECDHE-PSK-WITH-AES-128-CBC-SHA256",
       "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256", clientcertificate::Type(0), ciphersuite::KeyExchangeAlgorithm(6), true,
       ciphersuite::AuthenticationType(2), 32, 0,
       "17fefd00010001020304050060513732ed6e44cb712f82ff9df053dcabe8a084b86cd316c1292c91aef33d47c73f3e4d0943be2033f4b4"
       "f03fc2dcd59a6dd501ba0dc1f58b2ba72ade61b2db06786d3411a7865f8c97a3c6f295099bd6992a40f2063bbb72835b3cf957f1fabb"},
  };
  return cases;
}

// The secrets the Go program initialized the suites with.
std::vector<std::uint8_t> masterSecret() {
  std::vector<std::uint8_t> b(48);
  for (std::size_t i = 0; i < b.size(); i++) b[i] = static_cast<std::uint8_t>(i * 3);
  return b;
}
std::vector<std::uint8_t> clientRandom() {
  std::vector<std::uint8_t> b(32);
  for (std::size_t i = 0; i < b.size(); i++) b[i] = static_cast<std::uint8_t>(0x40 + i);
  return b;
}
std::vector<std::uint8_t> serverRandom() {
  std::vector<std::uint8_t> b(32);
  for (std::size_t i = 0; i < b.size(); i++) b[i] = static_cast<std::uint8_t>(0x80 + i);
  return b;
}
const std::string pionPayload = "pion dtls cross-check payload, 41 bytes!!";

recordlayer::RecordLayer makeRecord(std::size_t payloadLen, std::uint64_t seqNum) {
  recordlayer::RecordLayer pkt;
  pkt.Header.ContentType = protocol::ContentTypeApplicationData;
  pkt.Header.Version = protocol::Version1_2;
  pkt.Header.Epoch = 1;
  pkt.Header.SequenceNumber = seqNum;
  pkt.Header.ContentLen = static_cast<std::uint16_t>(payloadLen);
  return pkt;
}

std::vector<std::uint8_t> rawRecord(const recordlayer::RecordLayer& pkt, const std::vector<std::uint8_t>& payload) {
  auto [hb, err] = pkt.Header.Marshal();
  EXPECT_FALSE(err);
  hb.insert(hb.end(), payload.begin(), payload.end());
  return hb;
}

std::vector<std::uint8_t> expectedDecrypt(const std::vector<std::uint8_t>& encrypted,
                                          const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> r(encrypted.begin(), encrypted.begin() + recordlayer::HeaderSize);
  r.insert(r.end(), payload.begin(), payload.end());
  return r;
}

}  // namespace

TEST(InternalCipherSuite, Properties) {
  ASSERT_EQ(suiteCases().size(), 14u);
  for (const auto& c : suiteCases()) {
    SCOPED_TRACE(c.idStr);
    auto s = c.make();
    EXPECT_EQ(s->ID(), c.id);
    EXPECT_EQ(static_cast<std::uint16_t>(s->ID()), c.idValue);
    EXPECT_EQ(s->String(), c.str);
    EXPECT_EQ(ciphersuite::String(s->ID()), c.idStr);
    EXPECT_EQ(s->CertificateType(), c.certificateType);
    EXPECT_EQ(s->KeyExchangeAlgorithm(), c.keyExchangeAlgorithm);
    EXPECT_EQ(s->ECC(), c.ecc);
    EXPECT_EQ(s->AuthenticationType(), c.authenticationType);
    auto h = s->HashFunc();
    ASSERT_TRUE(h);
    EXPECT_EQ(h()->output_length(), c.hashSize);
    EXPECT_FALSE(s->IsInitialized());
  }
}

TEST(InternalCipherSuite, IDString) {
  EXPECT_EQ(ciphersuite::String(static_cast<ciphersuite::ID>(0x1234)), "unknown(4660)");
  EXPECT_EQ(ciphersuite::String(static_cast<ciphersuite::ID>(0)), "unknown(0)");
  EXPECT_EQ(ciphersuite::String(ciphersuite::TLS_PSK_WITH_AES_128_CCM), "TLS_PSK_WITH_AES_128_CCM");
}

TEST(InternalCipherSuite, TypeAliases) {
  EXPECT_EQ(ciphersuite::AuthenticationTypeCertificate, 1);
  EXPECT_EQ(ciphersuite::AuthenticationTypePreSharedKey, 2);
  EXPECT_EQ(ciphersuite::AuthenticationTypeAnonymous, 3);
  EXPECT_EQ(ciphersuite::KeyExchangeAlgorithmNone, 0);
  EXPECT_EQ(ciphersuite::KeyExchangeAlgorithmPsk, 2);
  EXPECT_EQ(ciphersuite::KeyExchangeAlgorithmEcdhe, 4);
  auto s = ciphersuite::NewTLSEcdhePskWithAes128CbcSha256();
  EXPECT_TRUE(dtls::internal::ciphersuite::types::Has(s->KeyExchangeAlgorithm(), ciphersuite::KeyExchangeAlgorithmPsk));
  EXPECT_TRUE(
      dtls::internal::ciphersuite::types::Has(s->KeyExchangeAlgorithm(), ciphersuite::KeyExchangeAlgorithmEcdhe));
}

TEST(InternalCipherSuite, NotInitialized) {
  for (const auto& c : suiteCases()) {
    SCOPED_TRACE(c.idStr);
    auto s = c.make();
    auto pkt = makeRecord(3, 1);
    auto [enc, err] = s->Encrypt(pkt, rawRecord(pkt, {1, 2, 3}));
    EXPECT_TRUE(go::errors::Is(err, ciphersuite::errCipherSuiteNotInit));
    EXPECT_EQ(err.Error(), "dtls temporary: CipherSuite has not been initialized, unable to encrypt");
    EXPECT_TRUE(enc.empty());
    auto [dec, derr] = s->Decrypt(hexDecode(c.pionRecord));
    EXPECT_TRUE(go::errors::Is(derr, ciphersuite::errCipherSuiteNotInit));
    EXPECT_EQ(derr.Error(), "dtls temporary: CipherSuite has not been initialized, unable to decrypt");
  }
}

// Pion's client-side encryption, decrypted by the port's server side: checks the key block
// layout (prf.GenerateEncryptionKeys parameters), the client/server key choice and the record
// protection of every suite against the original.
TEST(InternalCipherSuite, DecryptPionRecords) {
  const std::vector<std::uint8_t> payload(pionPayload.begin(), pionPayload.end());
  for (const auto& c : suiteCases()) {
    SCOPED_TRACE(c.idStr);
    auto server = c.make();
    ASSERT_FALSE(server->Init(masterSecret(), clientRandom(), serverRandom(), false));
    EXPECT_TRUE(server->IsInitialized());
    const auto rec = hexDecode(c.pionRecord);
    auto [dec, err] = server->Decrypt(rec);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(dec, expectedDecrypt(rec, payload));

    // A client initialized with the same secrets cannot open it (it reads with the server keys).
    auto client = c.make();
    ASSERT_FALSE(client->Init(masterSecret(), clientRandom(), serverRandom(), true));
    auto [dec2, err2] = client->Decrypt(rec);
    EXPECT_TRUE(err2);
    EXPECT_TRUE(dec2.empty());
  }
}

TEST(InternalCipherSuite, ClientServerRoundTripTamperTruncate) {
  for (const auto& c : suiteCases()) {
    SCOPED_TRACE(c.idStr);
    auto client = c.make();
    auto server = c.make();
    ASSERT_FALSE(client->Init(masterSecret(), clientRandom(), serverRandom(), true));
    ASSERT_FALSE(server->Init(masterSecret(), clientRandom(), serverRandom(), false));

    for (std::size_t n : {0u, 1u, 16u, 47u, 300u}) {
      SCOPED_TRACE(n);
      std::vector<std::uint8_t> payload(n);
      for (std::size_t i = 0; i < n; i++) payload[i] = static_cast<std::uint8_t>(i ^ 0x5c);
      auto pkt = makeRecord(n, 100 + n);
      const auto raw = rawRecord(pkt, payload);

      auto [enc, err] = client->Encrypt(pkt, raw);
      ASSERT_FALSE(err) << err.Error();
      if (c.aeadTag != 0) {
        EXPECT_EQ(enc.size(), raw.size() + 8 + c.aeadTag);
      } else {
        EXPECT_EQ((enc.size() - recordlayer::HeaderSize) % 16, 0u);
      }
      auto [dec, derr] = server->Decrypt(enc);
      ASSERT_FALSE(derr) << derr.Error();
      EXPECT_EQ(dec, expectedDecrypt(enc, payload));

      auto [enc2, err2] = server->Encrypt(pkt, raw);
      ASSERT_FALSE(err2);
      auto [dec2, derr2] = client->Decrypt(enc2);
      ASSERT_FALSE(derr2) << derr2.Error();
      EXPECT_EQ(dec2, expectedDecrypt(enc2, payload));

      // Tampering anywhere in the protected body is detected with the cipher's error.
      for (std::size_t i = recordlayer::HeaderSize; i < enc.size(); i++) {
        auto bad = enc;
        bad[i] ^= 0x04;
        auto [d, e] = server->Decrypt(bad);
        if (c.aeadTag != 0) {
          EXPECT_TRUE(go::errors::Is(e, cryptociphersuite::errDecryptPacket)) << i;
        } else {
          EXPECT_EQ(e, cryptociphersuite::errInvalidMAC) << i;
        }
        EXPECT_TRUE(d.empty());
      }
      // Every truncation fails.
      for (std::size_t len = 0; len < enc.size(); len++) {
        auto [d, e] = server->Decrypt(std::span(enc).first(len));
        EXPECT_TRUE(e) << len;
        EXPECT_TRUE(d.empty());
      }
    }
  }
}

// Re-initialization replaces the keys (Pion stores a new cipher in the atomic.Value).
TEST(InternalCipherSuite, ReInit) {
  auto client = ciphersuite::NewTLSPskWithAes128Ccm8();
  auto server = ciphersuite::NewTLSPskWithAes128Ccm8();
  ASSERT_FALSE(client->Init(masterSecret(), clientRandom(), serverRandom(), true));
  ASSERT_FALSE(server->Init(masterSecret(), clientRandom(), serverRandom(), false));
  auto other = masterSecret();
  other[0] ^= 1;
  ASSERT_FALSE(server->Init(other, clientRandom(), serverRandom(), false));
  auto pkt = makeRecord(4, 9);
  auto [enc, err] = client->Encrypt(pkt, rawRecord(pkt, {1, 2, 3, 4}));
  ASSERT_FALSE(err);
  auto [dec, derr] = server->Decrypt(enc);
  EXPECT_TRUE(go::errors::Is(derr, cryptociphersuite::errDecryptPacket));
}
