// pion: fragment_buffer_test.go
#include "dtls/fragment_buffer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"

namespace {

using bytes = std::vector<std::uint8_t>;
namespace handshake = dtls::pkg::protocol::handshake;
namespace recordlayer = dtls::pkg::protocol::recordlayer;

// pion: fragment_buffer_test.go TestFragmentBuffer
TEST(FragmentBuffer, TestFragmentBuffer) {
  struct testCase {
    std::string Name;
    std::vector<bytes> In;
    std::vector<bytes> Expected;
    std::uint16_t Epoch;
  };
  const std::vector<testCase> tests = {
      {
          "Single Fragment",
          {
              {0x16, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0F, 0x03,
               0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xfe, 0xff, 0x00},
          },
          {
              {0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xfe, 0xff, 0x00},
          },
          0,
      },
      {
          "Single Fragment Epoch 3",
          {
              {0x16, 0xfe, 0xff, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0F, 0x03,
               0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xfe, 0xff, 0x00},
          },
          {
              {0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xfe, 0xff, 0x00},
          },
          3,
      },
      {
          "Multiple Fragments",
          {
              {0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x0b, 0x00,
               0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x02, 0x03, 0x04},
              {0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x0b, 0x00,
               0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x05, 0x05, 0x06, 0x07, 0x08, 0x09},
              {0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x0b, 0x00,
               0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x05, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E},
          },
          {
              {0x0b, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x01,
               0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e},
          },
          0,
      },
      {
          "Multiple Unordered Fragments",
          {
              {0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x0b, 0x00,
               0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x02, 0x03, 0x04},
              {0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x0b, 0x00,
               0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x05, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E},
              {0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x81, 0x0b, 0x00,
               0x00, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x05, 0x05, 0x06, 0x07, 0x08, 0x09},
          },
          {
              {0x0b, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x00, 0x01,
               0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e},
          },
          0,
      },
      {
          "Multiple Handshakes in Single Fragment",
          {
              {
                  0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x30, /* record header */
                  0x03, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xfe, 0xff, 0x01, 0x01, /*handshake msg 1*/
                  0x03, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xfe, 0xff, 0x01, 0x01, /*handshake msg 2*/
                  0x03, 0x00, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xfe, 0xff, 0x01, 0x01, /*handshake msg 3*/
              },
          },
          {
              {0x03, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xfe, 0xff, 0x01, 0x01},
              {0x03, 0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xfe, 0xff, 0x01, 0x01},
              {0x03, 0x00, 0x00, 0x04, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0xfe, 0xff, 0x01, 0x01},
          },
          0,
      },
      // Assert that a zero length fragment doesn't cause the fragmentBuffer to enter an infinite loop
      {
          "Zero Length Fragment",
          {
              {
                  0x16, 0xfe, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x00,
                  0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
              },
          },
          {
              {0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00},
          },
          0,
      },
  };

  for (const auto& test : tests) {
    auto fragmentBuffer = dtls::newFragmentBuffer();
    for (const auto& frag : test.In) {
      auto [status, err] = fragmentBuffer.push(frag);
      if (err) {
        ADD_FAILURE() << test.Name << ": " << err.Error();
      } else if (!status) {
        ADD_FAILURE() << "fragmentBuffer didn't accept fragments for '" << test.Name << "'";
      }
    }

    for (const auto& expected : test.Expected) {
      auto [out, epoch] = fragmentBuffer.pop();
      EXPECT_EQ(out, expected) << "fragmentBuffer '" << test.Name << "' push/pop";
      EXPECT_EQ(epoch, test.Epoch) << "fragmentBuffer returned wrong epoch for '" << test.Name << "'";
    }

    auto [frag, epoch] = fragmentBuffer.pop();
    EXPECT_TRUE(frag.empty()) << "fragmentBuffer popped single buffer multiple times for '" << test.Name << "'";
  }
}

// pion: fragment_buffer_test.go TestFragmentBuffer_Overflow
TEST(FragmentBuffer, TestFragmentBuffer_Overflow) {
  auto fragmentBuffer = dtls::newFragmentBuffer();

  // Push a buffer that doesn't exceed size limits
  {
    auto [ok, err] = fragmentBuffer.push(bytes{0x16, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                               0x00, 0x00, 0x0F, 0x03, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
                                               0x00, 0x00, 0x00, 0x00, 0x03, 0xfe, 0xff, 0x00});
    ASSERT_EQ(err, nullptr) << err.Error();
  }

  // Allocate a buffer that exceeds cache size
  bytes largeBuffer(dtls::fragmentBufferMaxSize);
  auto [ok, err] = fragmentBuffer.push(largeBuffer);
  ASSERT_TRUE(go::errors::Is(err, dtls::errFragmentBufferOverflow))
      << "Pushing a large buffer returned (" << (err ? err.Error() : "nil") << ") expected("
      << dtls::errFragmentBufferOverflow.Error() << ")";
  EXPECT_FALSE(ok);
}

// ---- Port additions: hostile input ----

// A handshake record with one handshake fragment.
bytes record(std::uint16_t epoch, std::uint8_t typ, std::uint32_t length, std::uint16_t messageSequence,
             std::uint32_t fragmentOffset, std::uint32_t fragmentLength, const bytes& data) {
  bytes out = {0x16, 0xfe, 0xfd, static_cast<std::uint8_t>(epoch >> 8), static_cast<std::uint8_t>(epoch), 0, 0, 0, 0,
               0, 0, 0, 0};
  const std::size_t contentLen = handshake::HeaderLength + data.size();
  out[11] = static_cast<std::uint8_t>(contentLen >> 8);
  out[12] = static_cast<std::uint8_t>(contentLen);
  handshake::Header h;
  h.Type = static_cast<handshake::Type>(typ);
  h.Length = length;
  h.MessageSequence = messageSequence;
  h.FragmentOffset = fragmentOffset;
  h.FragmentLength = fragmentLength;
  auto [raw, err] = h.Marshal();
  EXPECT_EQ(err, nullptr);
  out.insert(out.end(), raw.begin(), raw.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

bytes seqBytes(std::uint8_t from, std::size_t n) {
  bytes out(n);
  for (std::size_t i = 0; i < n; i++) out[i] = static_cast<std::uint8_t>(from + i);
  return out;
}

bytes expectedMessage(std::uint8_t typ, std::uint32_t length, std::uint16_t messageSequence, const bytes& body) {
  handshake::Header h;
  h.Type = static_cast<handshake::Type>(typ);
  h.Length = length;
  h.MessageSequence = messageSequence;
  h.FragmentOffset = 0;
  h.FragmentLength = length;
  auto [out, err] = h.Marshal();
  EXPECT_EQ(err, nullptr);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

void mustPush(dtls::fragmentBuffer& fb, const bytes& buf) {
  auto [ok, err] = fb.push(buf);
  ASSERT_EQ(err, nullptr) << err.Error();
  ASSERT_TRUE(ok);
}

TEST(FragmentBuffer, OverlappingFragmentsFollowTheFirstChain) {
  auto fb = dtls::newFragmentBuffer();
  // [0,5), an overlapping [3,8), then [5,15): the chain 0 -> 5 -> end is taken, [3,8) is ignored.
  mustPush(fb, record(0, 0x0b, 15, 0, 0, 5, seqBytes(0, 5)));
  mustPush(fb, record(0, 0x0b, 15, 0, 3, 5, bytes(5, 0xee)));
  auto [none, e0] = fb.pop();
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(e0, 0);
  mustPush(fb, record(0, 0x0b, 15, 0, 5, 10, seqBytes(5, 10)));
  auto [out, epoch] = fb.pop();
  EXPECT_EQ(out, expectedMessage(0x0b, 15, 0, seqBytes(0, 15)));
  EXPECT_EQ(epoch, 0);
  EXPECT_EQ(fb.size(), 0u);
}

TEST(FragmentBuffer, OverlapWithoutBoundaryNeverCompletes) {
  auto fb = dtls::newFragmentBuffer();
  // [0,5) and [3,15) cover the message, but nothing starts at 5: Pion's pop never completes it.
  mustPush(fb, record(0, 0x0b, 15, 0, 0, 5, seqBytes(0, 5)));
  mustPush(fb, record(0, 0x0b, 15, 0, 3, 12, seqBytes(3, 12)));
  for (int i = 0; i < 3; i++) {
    auto [out, epoch] = fb.pop();
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(epoch, 0);
  }
  // The fragment at 5 arrives later: the message completes from 0 and 5.
  mustPush(fb, record(0, 0x0b, 15, 0, 5, 10, seqBytes(5, 10)));
  auto [out, epoch] = fb.pop();
  EXPECT_EQ(out, expectedMessage(0x0b, 15, 0, seqBytes(0, 15)));
}

TEST(FragmentBuffer, DuplicateFragmentFirstCopyWins) {
  auto fb = dtls::newFragmentBuffer();
  mustPush(fb, record(0, 0x0b, 4, 0, 0, 4, bytes{1, 2, 3, 4}));
  mustPush(fb, record(0, 0x0b, 4, 0, 0, 4, bytes{9, 9, 9, 9}));
  auto [out, epoch] = fb.pop();
  EXPECT_EQ(out, expectedMessage(0x0b, 4, 0, bytes{1, 2, 3, 4}));
  // Both copies are dropped with the message.
  EXPECT_EQ(fb.size(), 0u);
  auto [again, e2] = fb.pop();
  EXPECT_TRUE(again.empty());
}

TEST(FragmentBuffer, FragmentBeyondDeclaredLengthNeverCompletes) {
  auto fb = dtls::newFragmentBuffer();
  // Length 5, but the second fragment claims [3,8): its end is not Length, so pop looks for 8.
  mustPush(fb, record(0, 0x0b, 5, 0, 0, 3, bytes{1, 2, 3}));
  mustPush(fb, record(0, 0x0b, 5, 0, 3, 5, bytes{4, 5}));
  auto [out, epoch] = fb.pop();
  EXPECT_TRUE(out.empty());
  // A fragment starting beyond Length is stored but never reached either.
  mustPush(fb, record(0, 0x0b, 5, 0, 100, 5, bytes{}));
  auto [out2, e2] = fb.pop();
  EXPECT_TRUE(out2.empty());
}

TEST(FragmentBuffer, BodyLongerThanDeclaredLength) {
  auto fb = dtls::newFragmentBuffer();
  // Length 5 and 10 bytes of body: Pion keeps 5 bytes and parses the rest as the next handshake
  // header, which is too short.
  auto buf = record(0, 0x0b, 5, 0, 0, 10, seqBytes(0, 10));
  auto [ok, err] = fb.push(buf);
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, handshake::errBufferTooSmall);

  // With exactly 12 extra bytes they form a (zero-length) handshake header of their own.
  auto fb2 = dtls::newFragmentBuffer();
  auto buf2 = record(0, 0x0b, 5, 0, 0, 5, seqBytes(0, 17));
  mustPush(fb2, buf2);
  auto [out, epoch] = fb2.pop();
  EXPECT_EQ(out, expectedMessage(0x0b, 5, 0, seqBytes(0, 5)));
}

TEST(FragmentBuffer, BodyShorterThanFragmentLength) {
  auto fb = dtls::newFragmentBuffer();
  // FragmentLength and Length 10 but only 4 bytes present: Pion keeps what is there and reads
  // nothing beyond the record.
  mustPush(fb, record(0, 0x0b, 10, 0, 0, 10, bytes{1, 2, 3, 4}));
  auto [out, epoch] = fb.pop();
  EXPECT_EQ(out, expectedMessage(0x0b, 10, 0, bytes{1, 2, 3, 4}));
}

TEST(FragmentBuffer, EveryTruncation) {
  const auto valid = record(0, 0x0b, 5, 0, 0, 5, seqBytes(0, 5));
  for (std::size_t n = 0; n < valid.size(); n++) {
    auto fb = dtls::newFragmentBuffer();
    bytes cut(valid.begin(), valid.begin() + static_cast<std::ptrdiff_t>(n));
    auto [ok, err] = fb.push(cut);
    if (n < recordlayer::HeaderSize) {
      EXPECT_FALSE(ok) << n;
      EXPECT_EQ(err, recordlayer::errBufferTooSmall) << n;
    } else if (n == recordlayer::HeaderSize) {
      // An empty handshake record: accepted, nothing stored.
      EXPECT_TRUE(ok);
      EXPECT_EQ(err, nullptr);
      EXPECT_EQ(fb.size(), 0u);
    } else if (n < recordlayer::HeaderSize + handshake::HeaderLength) {
      EXPECT_FALSE(ok) << n;
      EXPECT_EQ(err, handshake::errBufferTooSmall) << n;
    } else {
      EXPECT_TRUE(ok) << n;
      EXPECT_EQ(err, nullptr) << n;
      // Whatever is present is kept; no read past the record.
      auto [out, epoch] = fb.pop();
      const std::size_t bodyLen = n - recordlayer::HeaderSize - handshake::HeaderLength;
      EXPECT_EQ(out, expectedMessage(0x0b, 5, 0, seqBytes(0, bodyLen))) << n;
    }
  }
}

TEST(FragmentBuffer, NonHandshakeAndBadVersion) {
  auto fb = dtls::newFragmentBuffer();
  bytes appData = {0x17, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0xaa, 0xbb};
  auto [ok, err] = fb.push(appData);
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, nullptr);
  EXPECT_EQ(fb.size(), 0u);

  auto bad = record(0, 0x0b, 1, 0, 0, 1, bytes{1});
  bad[1] = 0x03;
  bad[2] = 0x03;
  auto [ok2, err2] = fb.push(bad);
  EXPECT_FALSE(ok2);
  EXPECT_EQ(err2, recordlayer::errUnsupportedProtocolVersion);
}

TEST(FragmentBuffer, LaterHandshakesInARecordHaveNoRecordHeader) {
  // Pion makes a fresh fragment for every handshake in a record: only the first carries the
  // record layer header, so the second message pops with epoch 0 even in a record of epoch 2.
  auto fb = dtls::newFragmentBuffer();
  auto buf = record(2, 0x03, 1, 0, 0, 1, bytes{0x41});
  auto second = record(2, 0x03, 1, 1, 0, 1, bytes{0x42});
  buf.insert(buf.end(), second.begin() + recordlayer::HeaderSize, second.end());
  mustPush(fb, buf);
  auto [m0, e0] = fb.pop();
  EXPECT_EQ(m0, expectedMessage(0x03, 1, 0, bytes{0x41}));
  EXPECT_EQ(e0, 2);
  auto [m1, e1] = fb.pop();
  EXPECT_EQ(m1, expectedMessage(0x03, 1, 1, bytes{0x42}));
  EXPECT_EQ(e1, 0);
}

TEST(FragmentBuffer, FloodOfIncompleteFragmentsStaysBounded) {
  auto fb = dtls::newFragmentBuffer();
  // Fragments of a message that never completes (sequence 7 while 0 is expected), 1000 bytes each.
  const bytes body(1000, 0x5a);
  int accepted = 0;
  go::error last;
  for (int i = 0; i < 5000; i++) {
    auto [ok, err] = fb.push(record(0, 0x0b, 0xffffff, 7, static_cast<std::uint32_t>(i) * 1000, 1000, body));
    if (err) {
      last = err;
      EXPECT_FALSE(ok);
      break;
    }
    accepted++;
    ASSERT_LT(fb.size(), dtls::fragmentBufferMaxSize);
  }
  EXPECT_TRUE(go::errors::Is(last, dtls::errFragmentBufferOverflow));
  EXPECT_LE(static_cast<std::size_t>(accepted) * 1000, dtls::fragmentBufferMaxSize);
  EXPECT_GT(accepted, 1900);
  // Still full: pushes of that size keep failing and the garbage of sequence 7 is never popped.
  for (int i = 0; i < 3; i++) {
    auto [ok, err] = fb.push(record(0, 0x0b, 1000, 0, 0, 1000, body));
    EXPECT_FALSE(ok);
    EXPECT_TRUE(go::errors::Is(err, dtls::errFragmentBufferOverflow));
    auto [out, epoch] = fb.pop();
    EXPECT_TRUE(out.empty());
  }
  // A record small enough for the room left is still accepted (Pion's check is size()+len(buf)).
  const std::size_t before = fb.size();
  auto [ok, err] = fb.push(record(0, 0x0b, 1, 0, 0, 1, bytes{1}));
  EXPECT_TRUE(ok);
  EXPECT_EQ(err, nullptr);
  EXPECT_EQ(fb.size(), before + handshake::HeaderLength + 1);
  EXPECT_LT(fb.size(), dtls::fragmentBufferMaxSize);
  auto [out, epoch] = fb.pop();
  EXPECT_EQ(out, expectedMessage(0x0b, 1, 0, bytes{1}));
  EXPECT_EQ(fb.size(), before);
}

TEST(FragmentBuffer, FloodOfZeroLengthFragmentsStaysBounded) {
  // Port deviation: every stored fragment costs handshake.HeaderLength in size(), so records full of
  // empty handshake headers cannot grow the buffer without limit (in Pion they count as 0 bytes).
  auto fb = dtls::newFragmentBuffer();
  bytes rec = {0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 100; i++) {
    handshake::Header h;
    h.Type = handshake::TypeCertificate;
    h.MessageSequence = 9;  // never the expected sequence
    auto [raw, err] = h.Marshal();
    ASSERT_EQ(err, nullptr);
    rec.insert(rec.end(), raw.begin(), raw.end());
  }
  std::size_t pushes = 0;
  for (;; pushes++) {
    auto [ok, err] = fb.push(rec);
    if (err) {
      EXPECT_TRUE(go::errors::Is(err, dtls::errFragmentBufferOverflow));
      break;
    }
    ASSERT_TRUE(ok);
    ASSERT_LT(fb.size(), dtls::fragmentBufferMaxSize);
    ASSERT_LT(pushes, 10000u) << "zero-length fragments are not bounded";
  }
  EXPECT_EQ(fb.size(), pushes * 100 * handshake::HeaderLength);
}

TEST(FragmentBuffer, PopFreesSpace) {
  auto fb = dtls::newFragmentBuffer();
  const bytes body(1000, 0x11);
  // Fill with fragments of message 0 that chain up to completion at the very end.
  const std::uint32_t n = 1900;
  for (std::uint32_t i = 0; i < n; i++) {
    mustPush(fb, record(0, 0x0b, n * 1000, 0, i * 1000, 1000, body));
  }
  EXPECT_GT(fb.size(), n * 1000u);
  auto [full, ferr] = fb.push(record(0, 0x0b, 1, 1, 0, 1, bytes(100000, 1)));
  EXPECT_TRUE(go::errors::Is(ferr, dtls::errFragmentBufferOverflow));
  auto [out, epoch] = fb.pop();
  ASSERT_EQ(out.size(), handshake::HeaderLength + n * 1000u);
  EXPECT_EQ(dtls::internal::util::BigEndianUint24(std::span<const std::uint8_t>(out).subspan(1)), n * 1000u);
  EXPECT_EQ(fb.size(), 0u);
  mustPush(fb, record(0, 0x0b, 1, 1, 0, 1, bytes{7}));
  auto [m1, e1] = fb.pop();
  EXPECT_EQ(m1, expectedMessage(0x0b, 1, 1, bytes{7}));
}

TEST(FragmentBuffer, LongChainOfTinyFragments) {
  // A message of 100000 one-byte fragments pushed in reverse order: the chain walk is iterative and
  // indexed, so this neither overflows the stack nor takes quadratic time.
  auto fb = dtls::newFragmentBuffer();
  const std::uint32_t n = 100000;
  for (std::uint32_t i = n; i-- > 0;) {
    mustPush(fb, record(0, 0x0b, n, 0, i, 1, bytes{static_cast<std::uint8_t>(i)}));
    if (i == 1) {
      auto [none, e] = fb.pop();
      EXPECT_TRUE(none.empty());
    }
  }
  auto [out, epoch] = fb.pop();
  ASSERT_EQ(out.size(), handshake::HeaderLength + n);
  for (std::uint32_t i = 0; i < n; i++) {
    ASSERT_EQ(out[handshake::HeaderLength + i], static_cast<std::uint8_t>(i));
  }
}

TEST(FragmentBuffer, PseudoRandomInput) {
  std::mt19937 rng(20230511);
  auto fb = dtls::newFragmentBuffer();
  for (int iter = 0; iter < 20000; iter++) {
    bytes buf;
    if (rng() % 2 == 0) {
      // A plausible record with random header fields and a small random body.
      const std::uint32_t length = rng() % 64;
      const std::uint32_t off = rng() % 80;
      const std::uint32_t flen = rng() % 80;
      bytes body(rng() % 40);
      for (auto& b : body) b = static_cast<std::uint8_t>(rng());
      buf = record(static_cast<std::uint16_t>(rng() % 3), 0x0b, length, static_cast<std::uint16_t>(rng() % 4), off,
                   flen, body);
      buf.resize(rng() % (buf.size() + 1));
    } else {
      buf.resize(rng() % 80);
      for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
      if (buf.size() >= 3 && rng() % 2 == 0) {
        buf[0] = 0x16;
        buf[1] = 0xfe;
        buf[2] = 0xfd;
      }
    }
    auto [ok, err] = fb.push(buf);
    if (err) {
      EXPECT_FALSE(ok);
    }
    ASSERT_LT(fb.size(), dtls::fragmentBufferMaxSize);
    auto [out, epoch] = fb.pop();
    if (!out.empty()) {
      handshake::Header h;
      ASSERT_EQ(h.Unmarshal(out), nullptr);
      EXPECT_EQ(h.FragmentOffset, 0u);
      EXPECT_EQ(h.FragmentLength, h.Length);
    }
  }
}

}  // namespace
