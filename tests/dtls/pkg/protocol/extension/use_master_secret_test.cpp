// Tests for pkg/protocol/extension/use_master_secret.go (Pion has no test file for it).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"

namespace extension = dtls::pkg::protocol::extension;

TEST(ExtensionUseExtendedMasterSecret, WireFormatAndBadInput) {
  extension::UseExtendedMasterSecret ext;
  EXPECT_EQ(ext.TypeValue(), extension::UseExtendedMasterSecretTypeValue);
  // Not supported: marshals to nothing.
  auto [none, err0] = ext.Marshal();
  ASSERT_FALSE(err0);
  EXPECT_TRUE(none.empty());

  ext.Supported = true;
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(raw, (std::vector<std::uint8_t>{0x00, 0x17, 0x00, 0x00}));

  extension::UseExtendedMasterSecret back;
  ASSERT_FALSE(back.Unmarshal(raw));
  EXPECT_TRUE(back.Supported);
  EXPECT_EQ(back.Marshal().first, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::UseExtendedMasterSecret e;
    EXPECT_TRUE(go::errors::Is(e.Unmarshal(std::span<const std::uint8_t>(raw).first(n)), extension::errBufferTooSmall))
        << n;
    EXPECT_FALSE(e.Supported);
  }
  extension::UseExtendedMasterSecret e;
  EXPECT_TRUE(go::errors::Is(e.Unmarshal(std::vector<std::uint8_t>{0x00, 0x18, 0x00, 0x00}),
                             extension::errInvalidExtensionType));
}
