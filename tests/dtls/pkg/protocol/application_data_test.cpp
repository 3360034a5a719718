// Tests for pkg/protocol/application_data.go and version.go (Pion has no test files for them).
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "dtls/pkg/protocol/application_data.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace protocol = dtls::pkg::protocol;

TEST(ApplicationData, RoundTrip) {
  std::vector<std::uint8_t> raw{0x01, 0x02, 0x03, 0xff};
  protocol::ApplicationData a;
  EXPECT_EQ(a.ContentType(), protocol::ContentTypeApplicationData);
  ASSERT_FALSE(a.Unmarshal(raw));
  EXPECT_EQ(a.Data, raw);
  auto [out, err] = a.Marshal();
  ASSERT_FALSE(err);
  EXPECT_EQ(out, raw);
  // Unmarshal copies (Go appends to a fresh slice).
  raw[0] = 0x55;
  EXPECT_EQ(a.Data[0], 0x01);

  ASSERT_FALSE(a.Unmarshal({}));
  EXPECT_TRUE(a.Data.empty());
  auto [empty, err2] = a.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_TRUE(empty.empty());
}

TEST(Version, Equal) {
  EXPECT_TRUE(protocol::Version1_0.Equal(protocol::Version{0xfe, 0xff}));
  EXPECT_TRUE(protocol::Version1_2.Equal(protocol::Version{0xfe, 0xfd}));
  EXPECT_FALSE(protocol::Version1_0.Equal(protocol::Version1_2));
  EXPECT_FALSE((protocol::Version{0xfd, 0xff}).Equal(protocol::Version1_0));
}
