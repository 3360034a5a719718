// pion: pkg/protocol/extension/server_name_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"

namespace extension = dtls::pkg::protocol::extension;

// pion: pkg/protocol/extension/server_name_test.go TestServerName
TEST(ExtensionServerName, ServerName) {
  extension::ServerName ext;
  ext.ServerName = "test.domain";

  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err) << err.Error();

  extension::ServerName newExtension;
  auto uerr = newExtension.Unmarshal(raw);
  ASSERT_FALSE(uerr) << uerr.Error();

  EXPECT_EQ(newExtension.ServerName, ext.ServerName) << "extensionServerName marshal";
}

// Byte layout, marshal -> unmarshal -> marshal identity, truncations and bad lengths (beyond Pion).
TEST(ExtensionServerName, WireFormatAndBadInput) {
  extension::ServerName ext;
  ext.ServerName = "a.b";
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  const std::vector<std::uint8_t> want{0x00, 0x00, 0x00, 0x08, 0x00, 0x06, 0x00, 0x00, 0x03, 'a', '.', 'b'};
  EXPECT_EQ(raw, want);
  EXPECT_EQ(ext.TypeValue(), extension::ServerNameTypeValue);

  extension::ServerName back;
  ASSERT_FALSE(back.Unmarshal(raw));
  auto [raw2, err2] = back.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_EQ(raw2, raw);

  // Every truncation: the type 0 is read as 0 even when missing, so all fail with the SNI format error.
  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::ServerName e;
    EXPECT_TRUE(go::errors::Is(e.Unmarshal(std::span<const std::uint8_t>(raw).first(n)), extension::errInvalidSNIFormat))
        << n;
  }
  for (auto [idx, delta] : std::vector<std::pair<std::size_t, int>>{{3, 1}, {3, -1}, {5, 1}, {5, -1}, {8, 1}, {8, -1}}) {
    auto bad = raw;
    bad[idx] = static_cast<std::uint8_t>(bad[idx] + delta);
    extension::ServerName e;
    EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::errInvalidSNIFormat)) << idx << " " << delta;
  }

  // Trailing dot, empty name, two host names, wrong type.
  auto withName = [](const std::string& n) {
    extension::ServerName s;
    s.ServerName = n;
    return s.Marshal().first;
  };
  extension::ServerName e1;
  EXPECT_TRUE(go::errors::Is(e1.Unmarshal(withName("a.b.")), extension::errInvalidSNIFormat));
  extension::ServerName e2;
  EXPECT_TRUE(go::errors::Is(e2.Unmarshal(withName("")), extension::errInvalidSNIFormat));
  const std::vector<std::uint8_t> two{0x00, 0x00, 0x00, 0x0a, 0x00, 0x08, 0x00, 0x00, 0x01, 'a', 0x00, 0x00, 0x01, 'b'};
  extension::ServerName e3;
  EXPECT_TRUE(go::errors::Is(e3.Unmarshal(two), extension::errInvalidSNIFormat));
  // A non-DNS name type is skipped.
  const std::vector<std::uint8_t> otherType{0x00, 0x00, 0x00, 0x0a, 0x00, 0x08, 0x01, 0x00, 0x01, 'a', 0x00, 0x00, 0x01, 'b'};
  extension::ServerName e4;
  ASSERT_FALSE(e4.Unmarshal(otherType));
  EXPECT_EQ(e4.ServerName, "b");
  extension::ServerName e5;
  EXPECT_TRUE(go::errors::Is(e5.Unmarshal(std::vector<std::uint8_t>{0x00, 0x01, 0x00, 0x00}),
                             extension::errInvalidExtensionType));
}
