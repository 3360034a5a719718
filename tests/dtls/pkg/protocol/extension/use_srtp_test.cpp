// pion: pkg/protocol/extension/use_srtp_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"

namespace extension = dtls::pkg::protocol::extension;

// pion: pkg/protocol/extension/use_srtp_test.go TestExtensionUseSRTP
TEST(ExtensionUseSRTP, ExtensionUseSRTP) {
  const std::vector<std::uint8_t> rawUseSRTP{0x00, 0x0e, 0x00, 0x05, 0x00, 0x02, 0x00, 0x01, 0x00};
  extension::UseSRTP parsedUseSRTP;
  parsedUseSRTP.ProtectionProfiles = {extension::SRTP_AES128_CM_HMAC_SHA1_80};

  auto [raw, err] = parsedUseSRTP.Marshal();
  ASSERT_FALSE(err) << err.Error();
  EXPECT_EQ(raw, rawUseSRTP) << "extensionUseSRTP marshal";
}

// Identity, truncations, bad lengths, unknown profiles (beyond Pion).
TEST(ExtensionUseSRTP, RoundTripAndBadInput) {
  extension::UseSRTP ext;
  ext.ProtectionProfiles = {extension::SRTP_AEAD_AES_128_GCM, extension::SRTP_AES128_CM_HMAC_SHA1_32};
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (std::vector<std::uint8_t>{0x00, 0x0e, 0x00, 0x07, 0x00, 0x04, 0x00, 0x07, 0x00, 0x02, 0x00}));
  EXPECT_EQ(ext.TypeValue(), extension::UseSRTPTypeValue);

  extension::UseSRTP back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_EQ(back.ProtectionProfiles, ext.ProtectionProfiles);
  EXPECT_EQ(back.Marshal().first, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::UseSRTP e;
    auto uerr = e.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    if (n <= extension::useSRTPHeaderSize) {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errBufferTooSmall)) << n;
    } else if (n < raw.size() - 1) {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errLengthMismatch)) << n;
    } else {
      // Pion does not require the trailing MKI length byte: dropping it still parses.
      EXPECT_FALSE(uerr) << n;
      EXPECT_EQ(e.ProtectionProfiles, ext.ProtectionProfiles);
    }
  }
  // Declared profile list longer than the data.
  auto bad = raw;
  bad[5] = 0x08;
  extension::UseSRTP e;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errLengthMismatch));
  // Wrong type.
  bad = raw;
  bad[1] = 0x0f;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errInvalidExtensionType));
  // Unknown profiles are skipped.
  extension::UseSRTP u;
  ASSERT_FALSE(u.Unmarshal(std::vector<std::uint8_t>{0x00, 0x0e, 0x00, 0x07, 0x00, 0x04, 0x00, 0x05, 0x00, 0x08, 0x00}));
  EXPECT_EQ(u.ProtectionProfiles, std::vector<extension::SRTPProtectionProfile>{extension::SRTP_AEAD_AES_256_GCM});
}
