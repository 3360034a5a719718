// pion: pkg/protocol/extension/renegotiation_info_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"

namespace extension = dtls::pkg::protocol::extension;

// pion: pkg/protocol/extension/renegotiation_info_test.go TestRenegotiationInfo
TEST(ExtensionRenegotiationInfo, RenegotiationInfo) {
  extension::RenegotiationInfo ext;
  ext.RenegotiatedConnection = 0;

  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err) << err.Error();

  extension::RenegotiationInfo newExtension;
  auto uerr = newExtension.Unmarshal(raw);
  ASSERT_FALSE(uerr) << uerr.Error();

  EXPECT_EQ(newExtension.RenegotiatedConnection, ext.RenegotiatedConnection)
      << "extensionRenegotiationInfo marshal";
}

// Byte layout, identity, truncations, wrong type (beyond Pion).
TEST(ExtensionRenegotiationInfo, WireFormatAndBadInput) {
  extension::RenegotiationInfo ext;
  ext.RenegotiatedConnection = 7;
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (std::vector<std::uint8_t>{0xff, 0x01, 0x00, 0x01, 0x07}));
  EXPECT_EQ(ext.TypeValue(), extension::RenegotiationInfoTypeValue);

  extension::RenegotiationInfo back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_EQ(back.RenegotiatedConnection, 7);
  EXPECT_EQ(back.Marshal().first, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::RenegotiationInfo e;
    EXPECT_TRUE(go::errors::Is(e.Unmarshal(std::span<const std::uint8_t>(raw).first(n)), extension::errBufferTooSmall))
        << n;
  }
  auto bad = raw;
  bad[1] = 0x02;
  extension::RenegotiationInfo e;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errInvalidExtensionType));
}
