// pion: handshake_cache_test.go
#include "dtls/handshake_cache.hpp"

#include <botan/hash.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/pkg/protocol/handshake/message_client_key_exchange.hpp"
#include "dtls/pkg/protocol/handshake/message_finished.hpp"
#include "dtls/pkg/protocol/handshake/message_server_hello_done.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace handshake = dtls::pkg::protocol::handshake;
namespace ciphersuite = dtls::internal::ciphersuite;
using dtls::handshakeCacheItem;
using dtls::handshakeCachePullRule;

handshake::Type T(int v) { return static_cast<handshake::Type>(v); }

// pion: handshake_cache_test.go TestHandshakeCacheSinglePush
TEST(HandshakeCache, TestHandshakeCacheSinglePush) {
  struct testCase {
    std::string Name;
    std::vector<handshakeCachePullRule> Rule;
    std::vector<handshakeCacheItem> Input;
    bytes Expected;
  };
  const std::vector<testCase> tests = {
      {
          "Single Push",
          {{T(0), 0, true, false}},
          {{T(0), true, 0, 0, {0x00}}},
          {0x00},
      },
      {
          "Multi Push",
          {{T(0), 0, true, false}, {T(1), 0, true, false}, {T(2), 0, true, false}},
          {{T(0), true, 0, 0, {0x00}}, {T(1), true, 0, 1, {0x01}}, {T(2), true, 0, 2, {0x02}}},
          {0x00, 0x01, 0x02},
      },
      {
          "Multi Push, Rules set order",
          {{T(0), 0, true, false}, {T(1), 0, true, false}, {T(2), 0, true, false}},
          {{T(2), true, 0, 2, {0x02}}, {T(0), true, 0, 0, {0x00}}, {T(1), true, 0, 1, {0x01}}},
          {0x00, 0x01, 0x02},
      },
      {
          "Multi Push, Dupe Seqnum",
          {{T(0), 0, true, false}, {T(1), 0, true, false}},
          {{T(0), true, 0, 0, {0x00}}, {T(1), true, 0, 1, {0x01}}, {T(1), true, 0, 1, {0x01}}},
          {0x00, 0x01},
      },
      {
          "Multi Push, Dupe Seqnum Client/Server",
          {{T(0), 0, true, false}, {T(1), 0, true, false}, {T(1), 0, false, false}},
          {{T(0), true, 0, 0, {0x00}}, {T(1), true, 0, 1, {0x01}}, {T(1), false, 0, 1, {0x02}}},
          {0x00, 0x01, 0x02},
      },
      {
          "Multi Push, Dupe Seqnum with Unique HandshakeType",
          {{T(1), 0, true, false}, {T(2), 0, true, false}, {T(3), 0, false, false}},
          {{T(1), true, 0, 0, {0x00}}, {T(2), true, 0, 1, {0x01}}, {T(3), false, 0, 0, {0x02}}},
          {0x00, 0x01, 0x02},
      },
      {
          "Multi Push, Wrong epoch",
          {{T(1), 0, true, false}, {T(2), 1, true, false}, {T(3), 0, false, false}},
          {
              {T(1), true, 0, 0, {0x00}},
              {T(2), true, 1, 1, {0x01}},
              {T(2), true, 0, 2, {0x11}},
              {T(3), false, 0, 0, {0x02}},
              {T(3), false, 1, 0, {0x12}},
              {T(3), false, 2, 0, {0x12}},
          },
          {0x00, 0x01, 0x02},
      },
  };

  for (const auto& test : tests) {
    dtls::handshakeCache h;
    for (const auto& i : test.Input) {
      h.push(i.data, i.epoch, i.messageSequence, i.typ, i.isClient);
    }
    auto verifyData = h.pullAndMerge(test.Rule);
    EXPECT_EQ(verifyData, test.Expected) << "handshakeCache '" << test.Name << "'";
  }
}

// pion: handshake_cache_test.go TestHandshakeCacheSessionHash
TEST(HandshakeCache, TestHandshakeCacheSessionHash) {
  struct testCase {
    std::string Name;
    std::vector<handshakeCacheItem> Input;
    bytes Expected;
  };
  const std::vector<testCase> tests = {
      {
          "Standard Handshake",
          {
              {handshake::TypeClientHello, true, 0, 0, {0x00}},
              {handshake::TypeServerHello, false, 0, 1, {0x01}},
              {handshake::TypeCertificate, false, 0, 2, {0x02}},
              {handshake::TypeServerKeyExchange, false, 0, 3, {0x03}},
              {handshake::TypeServerHelloDone, false, 0, 4, {0x04}},
              {handshake::TypeClientKeyExchange, true, 0, 5, {0x05}},
          },
          {0x17, 0xe8, 0x8d, 0xb1, 0x87, 0xaf, 0xd6, 0x2c, 0x16, 0xe5, 0xde, 0xbf, 0x3e, 0x65, 0x27, 0xcd,
           0x00, 0x6b, 0xc0, 0x12, 0xbc, 0x90, 0xb5, 0x1a, 0x81, 0x0c, 0xd8, 0x0c, 0x2d, 0x51, 0x1f, 0x43},
      },
      {
          "Handshake With Client Cert Request",
          {
              {handshake::TypeClientHello, true, 0, 0, {0x00}},
              {handshake::TypeServerHello, false, 0, 1, {0x01}},
              {handshake::TypeCertificate, false, 0, 2, {0x02}},
              {handshake::TypeServerKeyExchange, false, 0, 3, {0x03}},
              {handshake::TypeCertificateRequest, false, 0, 4, {0x04}},
              {handshake::TypeServerHelloDone, false, 0, 5, {0x05}},
              {handshake::TypeClientKeyExchange, true, 0, 6, {0x06}},
          },
          {0x57, 0x35, 0x5a, 0xc3, 0x30, 0x3c, 0x14, 0x8f, 0x11, 0xae, 0xf7, 0xcb, 0x17, 0x94, 0x56, 0xb9,
           0x23, 0x2c, 0xde, 0x33, 0xa8, 0x18, 0xdf, 0xda, 0x2c, 0x2f, 0xcb, 0x93, 0x25, 0x74, 0x9a, 0x6b},
      },
      {
          "Handshake Ignores after ClientKeyExchange",
          {
              {handshake::TypeClientHello, true, 0, 0, {0x00}},
              {handshake::TypeServerHello, false, 0, 1, {0x01}},
              {handshake::TypeCertificate, false, 0, 2, {0x02}},
              {handshake::TypeServerKeyExchange, false, 0, 3, {0x03}},
              {handshake::TypeCertificateRequest, false, 0, 4, {0x04}},
              {handshake::TypeServerHelloDone, false, 0, 5, {0x05}},
              {handshake::TypeClientKeyExchange, true, 0, 6, {0x06}},
              {handshake::TypeCertificateVerify, true, 0, 7, {0x07}},
              {handshake::TypeFinished, true, 1, 7, {0x08}},
              {handshake::TypeFinished, false, 1, 7, {0x09}},
          },
          {0x57, 0x35, 0x5a, 0xc3, 0x30, 0x3c, 0x14, 0x8f, 0x11, 0xae, 0xf7, 0xcb, 0x17, 0x94, 0x56, 0xb9,
           0x23, 0x2c, 0xde, 0x33, 0xa8, 0x18, 0xdf, 0xda, 0x2c, 0x2f, 0xcb, 0x93, 0x25, 0x74, 0x9a, 0x6b},
      },
      {
          "Handshake Ignores wrong epoch",
          {
              {handshake::TypeClientHello, true, 0, 0, {0x00}},
              {handshake::TypeServerHello, false, 0, 1, {0x01}},
              {handshake::TypeCertificate, false, 0, 2, {0x02}},
              {handshake::TypeServerKeyExchange, false, 0, 3, {0x03}},
              {handshake::TypeCertificateRequest, false, 0, 4, {0x04}},
              {handshake::TypeServerHelloDone, false, 0, 5, {0x05}},
              {handshake::TypeClientKeyExchange, true, 0, 6, {0x06}},
              {handshake::TypeCertificateVerify, true, 0, 7, {0x07}},
              {handshake::TypeFinished, true, 0, 7, {0xf0}},
              {handshake::TypeFinished, false, 0, 7, {0xf1}},
              {handshake::TypeFinished, true, 1, 7, {0x08}},
              {handshake::TypeFinished, false, 1, 7, {0x09}},
              {handshake::TypeFinished, true, 0, 7, {0xf0}},
              {handshake::TypeFinished, false, 0, 7, {0xf1}},
          },
          {0x57, 0x35, 0x5a, 0xc3, 0x30, 0x3c, 0x14, 0x8f, 0x11, 0xae, 0xf7, 0xcb, 0x17, 0x94, 0x56, 0xb9,
           0x23, 0x2c, 0xde, 0x33, 0xa8, 0x18, 0xdf, 0xda, 0x2c, 0x2f, 0xcb, 0x93, 0x25, 0x74, 0x9a, 0x6b},
      },
  };

  for (const auto& test : tests) {
    dtls::handshakeCache h;
    for (const auto& i : test.Input) {
      h.push(i.data, i.epoch, i.messageSequence, i.typ, i.isClient);
    }

    ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256 cipherSuite;
    auto [verifyData, err] = h.sessionHash(cipherSuite.HashFunc(), 0);
    EXPECT_EQ(err, nullptr);
    EXPECT_EQ(verifyData, test.Expected) << "handshakeCacheSesssionHassh '" << test.Name << "'";
  }
}

// ---- Port additions ----

bytes sha256(const bytes& in) {
  auto h = Botan::HashFunction::create_or_throw("SHA-256");
  h->update(in.data(), in.size());
  auto d = h->final();
  return bytes(d.begin(), d.end());
}

TEST(HandshakeCache, SessionHashAdditionalAndLatestSequence) {
  dtls::handshakeCache h;
  // Two ClientHellos (the second after a HelloVerifyRequest): the higher messageSequence is used.
  h.push(bytes{0xa0}, 0, 0, handshake::TypeClientHello, true);
  h.push(bytes{0xa1}, 0, 1, handshake::TypeClientHello, true);
  h.push(bytes{0xb0}, 0, 2, handshake::TypeServerHello, false);
  h.push(bytes{0xc0}, 0, 3, handshake::TypeCertificate, true);
  const std::vector<bytes> additional = {{0x01, 0x02}, {}, {0x03}};
  ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256 cipherSuite;
  auto [got, err] = h.sessionHash(cipherSuite.HashFunc(), 0, additional);
  ASSERT_EQ(err, nullptr);
  EXPECT_EQ(got, sha256(bytes{0xa1, 0xb0, 0xc0, 0x01, 0x02, 0x03}));

  // Nothing for epoch 5: the hash of just the additional data.
  auto [got5, err5] = h.sessionHash(cipherSuite.HashFunc(), 5, additional);
  ASSERT_EQ(err5, nullptr);
  EXPECT_EQ(got5, sha256(bytes{0x01, 0x02, 0x03}));
}

TEST(HandshakeCache, PullReturnsNullForUnsatisfiedRules) {
  dtls::handshakeCache h;
  h.push(bytes{0x01}, 0, 0, handshake::TypeClientHello, true);
  const std::vector<handshakeCachePullRule> rules = {
      {handshake::TypeServerHello, 0, false, false},
      {handshake::TypeClientHello, 0, true, false},
      {handshake::TypeClientHello, 0, false, false},
  };
  auto out = h.pull(rules);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], nullptr);
  ASSERT_NE(out[1], nullptr);
  EXPECT_EQ(out[1]->data, bytes{0x01});
  EXPECT_EQ(out[2], nullptr);
  // push copies the data.
  bytes src = {0x07};
  h.push(src, 0, 1, handshake::TypeServerHello, false);
  src[0] = 0x08;
  EXPECT_EQ(h.pullAndMerge(rules), (bytes{0x07, 0x01}));
}

bytes rawHandshake(std::uint16_t messageSequence, std::shared_ptr<handshake::Message> msg) {
  handshake::Handshake hs;
  hs.Header.MessageSequence = messageSequence;
  hs.Message = std::move(msg);
  auto [raw, err] = hs.Marshal();
  EXPECT_EQ(err, nullptr);
  return raw;
}

TEST(HandshakeCache, FullPullMap) {
  dtls::handshakeCache h;
  auto finished = std::make_shared<handshake::MessageFinished>();
  finished->VerifyData = {1, 2, 3, 4};
  h.push(rawHandshake(3, std::make_shared<handshake::MessageServerHelloDone>()), 0, 3,
         handshake::TypeServerHelloDone, false);
  h.push(rawHandshake(4, finished), 1, 4, handshake::TypeFinished, true);

  const std::vector<handshakeCachePullRule> rules = {
      {handshake::TypeServerHelloDone, 0, false, false},
      {handshake::TypeCertificate, 0, true, true},  // optional and absent
      {handshake::TypeFinished, 1, true, false},
  };
  {
    auto [seq, msgs, ok] = h.fullPullMap(3, nullptr, rules);
    ASSERT_TRUE(ok);
    EXPECT_EQ(seq, 5);
    ASSERT_EQ(msgs.size(), 2u);
    ASSERT_NE(msgs[handshake::TypeServerHelloDone], nullptr);
    EXPECT_EQ(msgs[handshake::TypeServerHelloDone]->Type(), handshake::TypeServerHelloDone);
    auto f = std::dynamic_pointer_cast<handshake::MessageFinished>(msgs[handshake::TypeFinished]);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->VerifyData, (bytes{1, 2, 3, 4}));
  }
  {
    // A gap: the first message must carry startSeq.
    auto [seq, msgs, ok] = h.fullPullMap(2, nullptr, rules);
    EXPECT_FALSE(ok);
    EXPECT_EQ(seq, 2);
    EXPECT_TRUE(msgs.empty());
  }
  {
    // A mandatory message missing.
    std::vector<handshakeCachePullRule> r2 = rules;
    r2[1].optional = false;
    auto [seq, msgs, ok] = h.fullPullMap(3, nullptr, r2);
    EXPECT_FALSE(ok);
    EXPECT_EQ(seq, 3);
    EXPECT_TRUE(msgs.empty());
  }
}

TEST(HandshakeCache, FullPullMapUsesCipherSuiteAndRejectsBadData) {
  dtls::handshakeCache h;
  auto cke = std::make_shared<handshake::MessageClientKeyExchange>();
  cke->PublicKey = bytes{9, 8, 7};
  h.push(rawHandshake(0, cke), 0, 0, handshake::TypeClientKeyExchange, true);
  const std::vector<handshakeCachePullRule> rules = {{handshake::TypeClientKeyExchange, 0, true, false}};

  // Without a cipher suite ClientKeyExchange cannot be parsed.
  {
    auto [seq, msgs, ok] = h.fullPullMap(0, nullptr, rules);
    EXPECT_FALSE(ok);
    EXPECT_EQ(seq, 0);
  }
  {
    auto suite = std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>();
    auto [seq, msgs, ok] = h.fullPullMap(0, suite, rules);
    ASSERT_TRUE(ok);
    EXPECT_EQ(seq, 1);
    auto m = std::dynamic_pointer_cast<handshake::MessageClientKeyExchange>(msgs[handshake::TypeClientKeyExchange]);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->PublicKey, (bytes{9, 8, 7}));
  }

  // Every truncation of a cached message fails cleanly.
  auto full = rawHandshake(0, std::make_shared<handshake::MessageServerHelloDone>());
  for (std::size_t n = 0; n < full.size(); n++) {
    dtls::handshakeCache hc;
    hc.push(std::span<const std::uint8_t>(full).first(n), 0, 0, handshake::TypeServerHelloDone, false);
    const std::vector<handshakeCachePullRule> r = {{handshake::TypeServerHelloDone, 0, false, false}};
    auto [seq, msgs, ok] = hc.fullPullMap(0, nullptr, r);
    EXPECT_FALSE(ok) << n;
    EXPECT_EQ(seq, 0) << n;
  }
}

}  // namespace
