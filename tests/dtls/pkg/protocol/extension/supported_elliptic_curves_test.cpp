// pion: pkg/protocol/extension/supported_elliptic_curves_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/crypto/elliptic/elliptic.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"

namespace extension = dtls::pkg::protocol::extension;
namespace elliptic = dtls::pkg::crypto::elliptic;

// pion: pkg/protocol/extension/supported_elliptic_curves_test.go TestExtensionSupportedGroups
TEST(ExtensionSupportedEllipticCurves, ExtensionSupportedGroups) {
  const std::vector<std::uint8_t> rawSupportedGroups{0x0, 0xa, 0x0, 0x4, 0x0, 0x2, 0x0, 0x1d};
  extension::SupportedEllipticCurves parsedSupportedGroups;
  parsedSupportedGroups.EllipticCurves = {elliptic::X25519};

  auto [raw, err] = parsedSupportedGroups.Marshal();
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(raw, rawSupportedGroups) << "extensionSupportedGroups marshal";
}

// Identity, truncations, bad lengths, unknown curves (beyond Pion).
TEST(ExtensionSupportedEllipticCurves, RoundTripAndBadInput) {
  extension::SupportedEllipticCurves ext;
  ext.EllipticCurves = {elliptic::X25519, elliptic::P256, elliptic::P384};
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (std::vector<std::uint8_t>{0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18}));
  EXPECT_EQ(ext.TypeValue(), extension::SupportedEllipticCurvesTypeValue);

  extension::SupportedEllipticCurves back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_EQ(back.EllipticCurves, ext.EllipticCurves);
  EXPECT_EQ(back.Marshal().first, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::SupportedEllipticCurves e;
    auto uerr = e.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    if (n <= extension::supportedGroupsHeaderSize) {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errBufferTooSmall)) << n;
    } else {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errLengthMismatch)) << n;
    }
  }
  auto bad = raw;
  bad[5] = 0x0a;
  extension::SupportedEllipticCurves e;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errLengthMismatch));
  bad = raw;
  bad[1] = 0x0b;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errInvalidExtensionType));
  // Unknown curves are skipped.
  extension::SupportedEllipticCurves u;
  ASSERT_FALSE(u.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x19, 0x00, 0x17}));
  EXPECT_EQ(u.EllipticCurves, std::vector<elliptic::Curve>{elliptic::P256});
}
