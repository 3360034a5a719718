// Helpers shared by the pkg/crypto/ciphersuite tests (not a Pion file).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "chan/error.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace ciphersuite_test {

namespace protocol = dtls::pkg::protocol;
namespace recordlayer = dtls::pkg::protocol::recordlayer;

inline std::vector<std::uint8_t> hexDecode(const std::string& s) {
  std::vector<std::uint8_t> r;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    r.push_back(static_cast<std::uint8_t>(std::stoi(s.substr(i, 2), nullptr, 16)));
  }
  return r;
}

inline std::vector<std::uint8_t> seq(std::size_t n, std::uint8_t start) {
  std::vector<std::uint8_t> b(n);
  for (std::size_t i = 0; i < n; i++) b[i] = static_cast<std::uint8_t>(start + i);
  return b;
}

inline recordlayer::RecordLayer makeRecord(protocol::ContentType ct, std::uint16_t epoch, std::uint64_t seqNum,
                                           std::size_t payloadLen) {
  recordlayer::RecordLayer pkt;
  pkt.Header.ContentType = ct;
  pkt.Header.Version = protocol::Version1_2;
  pkt.Header.Epoch = epoch;
  pkt.Header.SequenceNumber = seqNum;
  pkt.Header.ContentLen = static_cast<std::uint16_t>(payloadLen);
  return pkt;
}

// header || payload, as conn.go hands it to CipherSuite.Encrypt.
inline std::vector<std::uint8_t> rawRecord(const recordlayer::RecordLayer& pkt,
                                           const std::vector<std::uint8_t>& payload) {
  auto [hb, err] = pkt.Header.Marshal();
  EXPECT_FALSE(err) << err.Error();
  hb.insert(hb.end(), payload.begin(), payload.end());
  return hb;
}

// Expected plaintext returned by Decrypt: the record's 13 header bytes as received, then the payload.
inline std::vector<std::uint8_t> expectedDecrypt(const std::vector<std::uint8_t>& encrypted,
                                                 const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> r(encrypted.begin(), encrypted.begin() + recordlayer::HeaderSize);
  r.insert(r.end(), payload.begin(), payload.end());
  return r;
}

// Encrypt with `local`, decrypt with `remote` (the peer), for many payload lengths; checks the
// record framing (length field), and that decryption restores the payload.
template <class C>
void roundTrip(C& local, C& remote, std::size_t expectedOverheadMin) {
  for (std::size_t n : {0u, 1u, 2u, 15u, 16u, 17u, 31u, 32u, 33u, 100u, 255u, 256u, 1000u}) {
    SCOPED_TRACE(n);
    auto pkt = makeRecord(protocol::ContentTypeApplicationData, 1, 42 + n, n);
    const auto payload = seq(n, static_cast<std::uint8_t>(n));
    const auto raw = rawRecord(pkt, payload);
    auto [enc, err] = local.Encrypt(pkt, raw);
    ASSERT_FALSE(err) << err.Error();
    ASSERT_GE(enc.size(), raw.size() + expectedOverheadMin);
    // The header is kept, with the length updated to the encrypted size.
    EXPECT_TRUE(std::equal(raw.begin(), raw.begin() + 11, enc.begin()));
    EXPECT_EQ((std::size_t{enc[11]} << 8) | enc[12], enc.size() - recordlayer::HeaderSize);
    auto [dec, derr] = remote.Decrypt(enc);
    ASSERT_FALSE(derr) << derr.Error();
    EXPECT_EQ(dec, expectedDecrypt(enc, payload));
    // Two encryptions of the same record differ (random explicit nonce / IV).
    auto [enc2, err2] = local.Encrypt(pkt, raw);
    ASSERT_FALSE(err2);
    EXPECT_NE(enc, enc2);
  }
}

// Every truncation of a valid record fails (never crashes / reads out of bounds).
template <class C>
void truncations(C& remote, const std::vector<std::uint8_t>& enc) {
  for (std::size_t n = 0; n < enc.size(); n++) {
    std::vector<std::uint8_t> cut(enc.begin(), enc.begin() + static_cast<std::ptrdiff_t>(n));
    auto [dec, err] = remote.Decrypt(cut);
    EXPECT_TRUE(err) << "truncated to " << n;
    EXPECT_TRUE(dec.empty());
    if (n < recordlayer::HeaderSize) {
      EXPECT_TRUE(go::errors::Is(err, recordlayer::errBufferTooSmall)) << n << ": " << err.Error();
    }
  }
}

}  // namespace ciphersuite_test
