// Port addition: Pion has no util_test.go or flight_test.go; these pin util.go's and flight.go's
// behaviour.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "dtls/flight.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_ecdsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/internal/ciphersuite/tls_psk_with_aes_128_ccm8.hpp"
#include "dtls/internal/ciphersuite/tls_ecdhe_rsa_with_aes_128_gcm_sha256.hpp"
#include "dtls/util.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace ciphersuite = dtls::internal::ciphersuite;

// util.go splitBytes
TEST(Util, SplitBytes) {
  const bytes in = {1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(dtls::splitBytes(in, 3), (std::vector<bytes>{{1, 2, 3}, {4, 5, 6}, {7}}));
  EXPECT_EQ(dtls::splitBytes(in, 7), (std::vector<bytes>{{1, 2, 3, 4, 5, 6, 7}}));
  EXPECT_EQ(dtls::splitBytes(in, 100), (std::vector<bytes>{{1, 2, 3, 4, 5, 6, 7}}));
  EXPECT_EQ(dtls::splitBytes(in, 1).size(), 7u);
  EXPECT_EQ(dtls::splitBytes(bytes{1, 2, 3, 4}, 2), (std::vector<bytes>{{1, 2}, {3, 4}}));
  // Go: make([][]byte, 0) — no chunks for empty input.
  EXPECT_TRUE(dtls::splitBytes(bytes{}, 3).empty());
  // Go loops forever (splitLen 0) or panics (negative); the port returns one chunk.
  EXPECT_EQ(dtls::splitBytes(in, 0), (std::vector<bytes>{in}));
  EXPECT_EQ(dtls::splitBytes(in, -1), (std::vector<bytes>{in}));
}

// util.go findMatchingSRTPProfile: the first of a (in a's order) that b also has.
TEST(Util, FindMatchingSRTPProfile) {
  const std::vector<dtls::SRTPProtectionProfile> a = {dtls::SRTP_AEAD_AES_128_GCM, dtls::SRTP_AES128_CM_HMAC_SHA1_80};
  const std::vector<dtls::SRTPProtectionProfile> b = {dtls::SRTP_AES128_CM_HMAC_SHA1_80, dtls::SRTP_AEAD_AES_128_GCM};
  auto [p, ok] = dtls::findMatchingSRTPProfile(a, b);
  EXPECT_TRUE(ok);
  EXPECT_EQ(p, dtls::SRTP_AEAD_AES_128_GCM);

  const std::vector<dtls::SRTPProtectionProfile> c = {dtls::SRTP_AES128_CM_HMAC_SHA1_32};
  auto [p2, ok2] = dtls::findMatchingSRTPProfile(a, c);
  EXPECT_FALSE(ok2);
  EXPECT_EQ(p2, dtls::SRTPProtectionProfile{});
  auto [p3, ok3] = dtls::findMatchingSRTPProfile({}, b);
  EXPECT_FALSE(ok3);
  (void)p3;
}

// util.go findMatchingCipherSuite: matches by ID, returns a's suite, in a's order.
TEST(Util, FindMatchingCipherSuite) {
  std::vector<std::shared_ptr<dtls::CipherSuite>> a = {
      ciphersuite::NewTLSPskWithAes128Ccm8(),
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>(),
  };
  std::vector<std::shared_ptr<dtls::CipherSuite>> b = {
      std::make_shared<ciphersuite::TLSEcdheEcdsaWithAes128GcmSha256>(),
      ciphersuite::NewTLSPskWithAes128Ccm8(),
  };
  auto [s, ok] = dtls::findMatchingCipherSuite(a, b);
  EXPECT_TRUE(ok);
  EXPECT_EQ(s, a[0]);

  std::vector<std::shared_ptr<dtls::CipherSuite>> c = {std::make_shared<ciphersuite::TLSEcdheRsaWithAes128GcmSha256>()};
  auto [s2, ok2] = dtls::findMatchingCipherSuite(a, c);
  EXPECT_FALSE(ok2);
  EXPECT_EQ(s2, nullptr);
}

// flight.go flightVal.String / isLastSendFlight / isLastRecvFlight
TEST(Flight, String) {
  EXPECT_EQ(dtls::String(dtls::flight0), "Flight 0");
  EXPECT_EQ(dtls::String(dtls::flight1), "Flight 1");
  EXPECT_EQ(dtls::String(dtls::flight2), "Flight 2");
  EXPECT_EQ(dtls::String(dtls::flight3), "Flight 3");
  EXPECT_EQ(dtls::String(dtls::flight4), "Flight 4");
  EXPECT_EQ(dtls::String(dtls::flight4b), "Flight 4b");
  EXPECT_EQ(dtls::String(dtls::flight5), "Flight 5");
  EXPECT_EQ(dtls::String(dtls::flight5b), "Flight 5b");
  EXPECT_EQ(dtls::String(dtls::flight6), "Flight 6");
  EXPECT_EQ(dtls::String(static_cast<dtls::flightVal>(0)), "Invalid Flight");
  EXPECT_EQ(dtls::String(static_cast<dtls::flightVal>(200)), "Invalid Flight");
  EXPECT_TRUE(dtls::isLastSendFlight(dtls::flight6));
  EXPECT_TRUE(dtls::isLastSendFlight(dtls::flight5b));
  EXPECT_FALSE(dtls::isLastSendFlight(dtls::flight5));
  EXPECT_TRUE(dtls::isLastRecvFlight(dtls::flight5));
  EXPECT_TRUE(dtls::isLastRecvFlight(dtls::flight4b));
  EXPECT_FALSE(dtls::isLastRecvFlight(dtls::flight6));
}

}  // namespace
