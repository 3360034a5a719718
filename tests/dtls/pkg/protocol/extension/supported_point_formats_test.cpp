// pion: pkg/protocol/extension/supported_point_formats_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/supported_point_formats.hpp"

namespace extension = dtls::pkg::protocol::extension;
namespace elliptic = dtls::pkg::crypto::elliptic;

// pion: pkg/protocol/extension/supported_point_formats_test.go TestExtensionSupportedPointFormats
TEST(ExtensionSupportedPointFormats, ExtensionSupportedPointFormats) {
  const std::vector<std::uint8_t> rawExtensionSupportedPointFormats{0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};
  extension::SupportedPointFormats parsedExtensionSupportedPointFormats;
  parsedExtensionSupportedPointFormats.PointFormats = {elliptic::CurvePointFormatUncompressed};

  auto [raw, err] = parsedExtensionSupportedPointFormats.Marshal();
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(raw, rawExtensionSupportedPointFormats) << "extensionSupportedPointFormats marshal";
}

// Pion v2.2.6's Unmarshal reads the format count as a uint16 from data[4:6] (the 1-byte list length
// followed by the first format), so it rejects its own encoding with errLengthMismatch. Pion never
// reaches this path (extension.Unmarshal does not dispatch SupportedPointFormats); the port keeps the
// behaviour and this test pins it, plus truncations and the inputs it does accept.
TEST(ExtensionSupportedPointFormats, UnmarshalAsPion) {
  const std::vector<std::uint8_t> raw{0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};
  extension::SupportedPointFormats s;
  EXPECT_EQ(s.TypeValue(), extension::SupportedPointFormatsTypeValue);
  EXPECT_TRUE(go::errors::Is(s.Unmarshal(raw), extension::errLengthMismatch));
  EXPECT_TRUE(s.PointFormats.empty());

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::SupportedPointFormats e;
    EXPECT_TRUE(go::errors::Is(e.Unmarshal(std::span<const std::uint8_t>(raw).first(n)), extension::errBufferTooSmall))
        << n;
  }
  extension::SupportedPointFormats wrongType;
  EXPECT_TRUE(go::errors::Is(wrongType.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0c, 0x00, 0x02, 0x01, 0x00}),
                             extension::errInvalidExtensionType));

  // data[4:6] == 0x0000: zero formats, accepted.
  extension::SupportedPointFormats zero;
  ASSERT_FALSE(zero.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0b, 0x00, 0x02, 0x00, 0x00}));
  EXPECT_TRUE(zero.PointFormats.empty());
  // data[4:6] == 0x0001 and one more byte: reads data[5] (0x01, not uncompressed, skipped).
  extension::SupportedPointFormats one;
  ASSERT_FALSE(one.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0b, 0x00, 0x02, 0x00, 0x01, 0x00}));
  EXPECT_TRUE(one.PointFormats.empty());
  // data[4:6] == 0x0002 and two more bytes: data[5]=0x02 skipped, data[6]=0x00 uncompressed kept.
  extension::SupportedPointFormats two;
  ASSERT_FALSE(two.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0b, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00}));
  EXPECT_EQ(two.PointFormats, std::vector<elliptic::CurvePointFormat>{elliptic::CurvePointFormatUncompressed});
  // Count larger than the data.
  extension::SupportedPointFormats big;
  EXPECT_TRUE(go::errors::Is(big.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0b, 0x00, 0x03, 0x00, 0x03, 0x00, 0x00}),
                             extension::errLengthMismatch));
}
