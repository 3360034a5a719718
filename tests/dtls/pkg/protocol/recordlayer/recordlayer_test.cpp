// pion: pkg/protocol/recordlayer/recordlayer_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dtls/pkg/protocol/alert/alert.hpp"
#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/change_cipher_spec.hpp"
#include "dtls/pkg/protocol/errors.hpp"
#include "dtls/pkg/protocol/recordlayer/errors.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"

namespace protocol = dtls::pkg::protocol;
namespace alert = dtls::pkg::protocol::alert;
namespace recordlayer = dtls::pkg::protocol::recordlayer;

using bytes = std::vector<std::uint8_t>;

// pion: pkg/protocol/recordlayer/recordlayer_test.go TestUDPDecode
TEST(RecordLayer, UDPDecode) {
  struct test {
    std::string Name;
    bytes Data;
    std::vector<bytes> Want;
    go::error WantError;
  };
  for (const auto& tc : std::vector<test>{
           {
               "Change Cipher Spec, single packet",
               {0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x01},
               {
                   {0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x01},
               },
               nullptr,
           },
           {
               "Change Cipher Spec, multi packet",
               {
                   0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x01,  //
                   0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x13, 0x00, 0x01, 0x01,
               },
               {
                   {0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x01},
                   {0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x13, 0x00, 0x01, 0x01},
               },
               nullptr,
           },
           {
               "Invalid packet length",
               {0x14, 0xfe},
               {},
               recordlayer::errInvalidPacketLength,
           },
           {
               "Packet declared invalid length",
               {0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0xFF, 0x01},
               {},
               recordlayer::errInvalidPacketLength,
           },
       }) {
    auto [dtlsPkts, err] = recordlayer::UnpackDatagram(tc.Data);
    if (!go::errors::Is(err, tc.WantError)) {
      ADD_FAILURE() << "Unexpected Error " << tc.Name << ": exp: " << tc.WantError.Error() << " got: " << err.Error();
    } else {
      EXPECT_EQ(dtlsPkts, tc.Want) << tc.Name << " UDP decode";
    }
  }
}

// pion: pkg/protocol/recordlayer/recordlayer_test.go TestRecordLayerRoundTrip
TEST(RecordLayer, RecordLayerRoundTrip) {
  struct test {
    std::string Name;
    bytes Data;
    recordlayer::RecordLayer Want;
    go::error WantMarshalError;
    go::error WantUnmarshalError;
  };
  for (auto tc : std::vector<test>{
           {
               "Change Cipher Spec, single packet",
               {0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x01},
               recordlayer::RecordLayer{
                   recordlayer::Header{
                       protocol::ContentTypeChangeCipherSpec,
                       0,
                       protocol::Version{0xfe, 0xff},
                       0,
                       18,
                   },
                   std::make_shared<protocol::ChangeCipherSpec>(),
               },
               nullptr,
               nullptr,
           },
       }) {
    recordlayer::RecordLayer r;
    auto err = r.Unmarshal(tc.Data);
    if (!go::errors::Is(err, tc.WantUnmarshalError)) {
      ADD_FAILURE() << "Unexpected Error " << tc.Name << ": exp: " << tc.WantUnmarshalError.Error()
                    << " got: " << err.Error();
    } else {
      // reflect.DeepEqual: header fields and the dynamic content value.
      EXPECT_EQ(r.Header, tc.Want.Header) << tc.Name << " recordLayer.unmarshal";
      auto* got = dynamic_cast<protocol::ChangeCipherSpec*>(r.Content.get());
      auto* want = dynamic_cast<protocol::ChangeCipherSpec*>(tc.Want.Content.get());
      ASSERT_NE(got, nullptr) << tc.Name;
      ASSERT_NE(want, nullptr);
      EXPECT_EQ(*got, *want);
    }

    auto [data, marshalErr] = r.Marshal();
    if (!go::errors::Is(marshalErr, tc.WantMarshalError)) {
      ADD_FAILURE() << "Unexpected Error " << tc.Name << ": exp: " << tc.WantMarshalError.Error()
                    << " got: " << marshalErr.Error();
    } else {
      EXPECT_EQ(data, tc.Data) << tc.Name << " recordLayer.marshal";
    }
  }
}

// Header: byte layout, identity, truncations, version check, sequence overflow (beyond Pion).
TEST(RecordLayer, HeaderWireFormatAndBadInput) {
  recordlayer::Header h{protocol::ContentTypeAlert, 0x0203, protocol::Version1_2, 0x0405, 0x060708090a0b};
  auto [raw, err] = h.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (bytes{0x15, 0xfe, 0xfd, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x02, 0x03}));

  recordlayer::Header back;
  ASSERT_FALSE(back.Unmarshal(raw));
  // Header.Unmarshal does not read ContentLen (as in Pion).
  EXPECT_EQ(back.ContentLen, 0);
  back.ContentLen = h.ContentLen;
  EXPECT_EQ(back, h);
  EXPECT_EQ(back.Marshal().first, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    recordlayer::Header e;
    auto uerr = e.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    EXPECT_TRUE(go::errors::Is(uerr, recordlayer::errBufferTooSmall)) << n;
    EXPECT_NE(go::errors::As<protocol::TemporaryError>(uerr), nullptr);
  }
  auto bad = raw;
  bad[2] = 0xfe;  // DTLS 1.1 is not supported
  recordlayer::Header e;
  auto verr = e.Unmarshal(bad);
  EXPECT_TRUE(go::errors::Is(verr, recordlayer::errUnsupportedProtocolVersion));
  EXPECT_NE(go::errors::As<protocol::FatalError>(verr), nullptr);

  recordlayer::Header big{protocol::ContentTypeAlert, 0, protocol::Version1_2, 0, recordlayer::MaxSequenceNumber};
  EXPECT_FALSE(big.Marshal().second);
  big.SequenceNumber = recordlayer::MaxSequenceNumber + 1;
  auto [o, oerr] = big.Marshal();
  EXPECT_TRUE(go::errors::Is(oerr, recordlayer::errSequenceNumberOverflow));
  EXPECT_NE(go::errors::As<protocol::InternalError>(oerr), nullptr);
  EXPECT_TRUE(o.empty());
}

// RecordLayer with each non-handshake content type: identity, truncations, bad content (beyond Pion).
TEST(RecordLayer, ContentTypesRoundTripAndBadInput) {
  std::vector<std::shared_ptr<protocol::Content>> contents{
      std::make_shared<protocol::ChangeCipherSpec>(),
      std::make_shared<alert::Alert>(alert::Fatal, alert::BadRecordMac),
      std::make_shared<protocol::ApplicationData>(bytes{0xde, 0xad, 0xbe, 0xef}),
  };
  for (const auto& c : contents) {
    recordlayer::RecordLayer r{recordlayer::Header{{}, 0, protocol::Version1_2, 3, 77}, c};
    auto [raw, err] = r.Marshal();
    ASSERT_FALSE(err);
    EXPECT_EQ(r.Header.ContentType, c->ContentType());
    EXPECT_EQ(raw[0], static_cast<std::uint8_t>(c->ContentType()));
    EXPECT_EQ(r.Header.ContentLen, raw.size() - recordlayer::HeaderSize);

    recordlayer::RecordLayer back;
    ASSERT_FALSE(back.Unmarshal(raw));
    ASSERT_NE(back.Content, nullptr);
    EXPECT_EQ(back.Content->ContentType(), c->ContentType());
    auto [raw2, err2] = back.Marshal();
    ASSERT_FALSE(err2);
    EXPECT_EQ(raw2, raw);

    for (std::size_t n = 0; n < recordlayer::HeaderSize; ++n) {
      recordlayer::RecordLayer t;
      EXPECT_TRUE(go::errors::Is(t.Unmarshal(std::span<const std::uint8_t>(raw).first(n)), recordlayer::errBufferTooSmall))
          << n;
    }
    for (std::size_t n = recordlayer::HeaderSize; n < raw.size(); ++n) {
      recordlayer::RecordLayer t;
      auto terr = t.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
      if (c->ContentType() == protocol::ContentTypeApplicationData) {
        // Application data is opaque: any length is valid.
        EXPECT_FALSE(terr) << n;
      } else if (c->ContentType() == protocol::ContentTypeAlert) {
        EXPECT_TRUE(go::errors::Is(terr, alert::errBufferTooSmall)) << n;
      } else {
        EXPECT_TRUE(go::errors::Is(terr, protocol::errInvalidCipherSpec)) << n;
      }
    }
  }

  // Unknown content type.
  bytes unknown{0x18, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1};
  recordlayer::RecordLayer r;
  EXPECT_TRUE(go::errors::Is(r.Unmarshal(unknown), recordlayer::errInvalidContentType));
  // Unsupported version wins over the content type (Header.Unmarshal runs first).
  unknown[2] = 0x00;
  EXPECT_TRUE(go::errors::Is(r.Unmarshal(unknown), recordlayer::errUnsupportedProtocolVersion));

  // Marshal without content (Go would panic on the nil interface).
  recordlayer::RecordLayer empty;
  EXPECT_TRUE(go::errors::Is(empty.Marshal().second, recordlayer::errInvalidContentType));

  // Sequence number overflow surfaces from RecordLayer.Marshal.
  recordlayer::RecordLayer over{recordlayer::Header{{}, 0, protocol::Version1_2, 0, recordlayer::MaxSequenceNumber + 1},
                                std::make_shared<protocol::ChangeCipherSpec>()};
  EXPECT_TRUE(go::errors::Is(over.Marshal().second, recordlayer::errSequenceNumberOverflow));
}

// UnpackDatagram: every truncation of a two-record datagram (beyond Pion).
TEST(RecordLayer, UnpackDatagramTruncations) {
  const bytes two{
      0x14, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x01,  //
      0x17, 0xfe, 0xfd, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x13, 0x00, 0x02, 0xaa, 0xbb,
  };
  auto [pkts, err] = recordlayer::UnpackDatagram(two);
  ASSERT_FALSE(err);
  ASSERT_EQ(pkts.size(), 2u);
  EXPECT_EQ(pkts[1], bytes(two.begin() + 14, two.end()));

  auto [none, err0] = recordlayer::UnpackDatagram(bytes{});
  EXPECT_FALSE(err0);
  EXPECT_TRUE(none.empty());

  for (std::size_t n = 1; n < two.size(); ++n) {
    if (n == 14) continue;  // exactly the first record
    auto [p, e] = recordlayer::UnpackDatagram(std::span<const std::uint8_t>(two).first(n));
    EXPECT_TRUE(go::errors::Is(e, recordlayer::errInvalidPacketLength)) << n;
    EXPECT_TRUE(p.empty()) << n;
  }
  // A record of exactly HeaderSize bytes (content length 0) is rejected, as in Pion (<= HeaderSize).
  const bytes headerOnly{0x17, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(go::errors::Is(recordlayer::UnpackDatagram(headerOnly).second, recordlayer::errInvalidPacketLength));
}
