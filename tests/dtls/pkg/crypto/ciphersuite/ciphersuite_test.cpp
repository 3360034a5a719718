// Tests for pkg/crypto/ciphersuite/ciphersuite.go (Pion has none for this package).
#include "dtls/pkg/crypto/ciphersuite/ciphersuite.hpp"

#include <gtest/gtest.h>

#include "record_test_util.hpp"

namespace cs = dtls::pkg::crypto::ciphersuite;
using namespace ciphersuite_test;  // NOLINT

TEST(CryptoCipherSuite, Errors) {
  EXPECT_EQ(cs::errNotEnoughRoomForNonce.Error(), "dtls internal: buffer not long enough to contain nonce");
  EXPECT_NE(go::errors::As<protocol::InternalError>(cs::errNotEnoughRoomForNonce), nullptr);
  EXPECT_EQ(cs::errDecryptPacket.Error(), "dtls temporary: failed to decrypt packet");
  EXPECT_NE(go::errors::As<protocol::TemporaryError>(cs::errDecryptPacket), nullptr);
  EXPECT_EQ(cs::errInvalidMAC.Error(), "dtls temporary: invalid mac");
  EXPECT_NE(go::errors::As<protocol::TemporaryError>(cs::errInvalidMAC), nullptr);
  EXPECT_EQ(cs::errFailedToCast.Error(), "dtls fatal: failed to cast");
  EXPECT_NE(go::errors::As<protocol::FatalError>(cs::errFailedToCast), nullptr);
}

TEST(CryptoCipherSuite, GenerateAEADAdditionalData) {
  recordlayer::Header h;
  h.ContentType = protocol::ContentTypeApplicationData;
  h.Version = protocol::Version1_2;
  h.Epoch = 0x0102;
  h.SequenceNumber = 0x0000a1a2a3a4a5a6;
  EXPECT_EQ(cs::generateAEADAdditionalData(h, 0x1234),
            (std::array<std::uint8_t, 13>{0x01, 0x02, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 23, 0xfe, 0xfd, 0x12, 0x34}));
  // The epoch clobbers the top two bytes of the 64-bit sequence number; the length is truncated
  // to 16 bits (a negative length wraps, as Go's uint16(int) does).
  h.SequenceNumber = 0xffff000000000001;
  h.Epoch = 0;
  EXPECT_EQ(cs::generateAEADAdditionalData(h, -1),
            (std::array<std::uint8_t, 13>{0, 0, 0, 0, 0, 0, 0, 1, 23, 0xfe, 0xfd, 0xff, 0xff}));
}

TEST(CryptoCipherSuite, ExaminePadding) {
  // Empty payload.
  {
    auto [toRemove, good] = cs::examinePadding({});
    EXPECT_EQ(toRemove, 0);
    EXPECT_EQ(good, 0);
  }
  // Every valid padding length for a 300-byte payload.
  for (int pad = 0; pad < 256; pad++) {
    std::vector<std::uint8_t> p(300, 0xee);
    for (int i = 0; i <= pad; i++) p[p.size() - 1 - static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(pad);
    auto [toRemove, good] = cs::examinePadding(p);
    EXPECT_EQ(good, 255) << pad;
    EXPECT_EQ(toRemove, pad + 1) << pad;
    // One wrong padding byte anywhere in the padding makes it bad.
    for (int i = 1; i <= pad; i++) {
      auto q = p;
      q[q.size() - 1 - static_cast<std::size_t>(i)] ^= 0x01;
      auto [tr, g] = cs::examinePadding(q);
      EXPECT_EQ(g, 0) << pad << " " << i;
      EXPECT_EQ(tr, pad + 1);
    }
  }
  // Padding longer than the payload.
  for (std::size_t n = 1; n < 20; n++) {
    std::vector<std::uint8_t> p(n, static_cast<std::uint8_t>(n));  // claims n+1 bytes
    auto [toRemove, good] = cs::examinePadding(p);
    EXPECT_EQ(good, 0) << n;
    EXPECT_EQ(toRemove, static_cast<int>(n) + 1);
    std::vector<std::uint8_t> q(n, static_cast<std::uint8_t>(n - 1));  // exactly the payload
    auto [toRemove2, good2] = cs::examinePadding(q);
    EXPECT_EQ(good2, 255) << n;
    EXPECT_EQ(toRemove2, static_cast<int>(n));
  }
}
