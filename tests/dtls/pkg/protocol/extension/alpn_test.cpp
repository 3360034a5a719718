// pion: pkg/protocol/extension/alpn_test.go
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace protocol = dtls::pkg::protocol;
namespace extension = dtls::pkg::protocol::extension;

// pion: pkg/protocol/extension/alpn_test.go TestALPN
TEST(ExtensionALPN, ALPN) {
  extension::ALPN ext;
  ext.ProtocolNameList = {"http/1.1", "spdy/1", "spdy/2", "spdy/3"};

  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err) << err.Error();

  extension::ALPN newExtension;
  auto uerr = newExtension.Unmarshal(raw);
  ASSERT_FALSE(uerr) << uerr.Error();

  EXPECT_EQ(newExtension.ProtocolNameList, ext.ProtocolNameList) << "extensionALPN marshal";
}

// pion: pkg/protocol/extension/alpn_test.go TestALPNProtocolSelection
TEST(ExtensionALPN, ALPNProtocolSelection) {
  {
    auto [s, err] = extension::ALPNProtocolSelection({"http/1.1", "spd/1"}, {"spd/1"});
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(s, "spd/1");
  }
  {
    auto [s, err] = extension::ALPNProtocolSelection({"http/1.1"}, {"spd/1"});
    ASSERT_TRUE(go::errors::Is(err, extension::errALPNNoAppProto))
        << "expected to fail negotiating an application protocol";
  }
  {
    auto [s, err] = extension::ALPNProtocolSelection({"http/1.1", "spd/1"}, {});
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(s, "") << "expected not to negotiate a protocol";
  }
}

// Byte layout, marshal -> unmarshal -> marshal identity, truncations and bad lengths (beyond Pion).
TEST(ExtensionALPN, WireFormatAndBadInput) {
  extension::ALPN ext;
  ext.ProtocolNameList = {"h2", "abc"};
  auto [raw, err] = ext.Marshal();
  ASSERT_FALSE(err);
  const std::vector<std::uint8_t> want{0x00, 0x10, 0x00, 0x09, 0x00, 0x07, 0x02, 'h', '2', 0x03, 'a', 'b', 'c'};
  EXPECT_EQ(raw, want);
  EXPECT_EQ(ext.TypeValue(), extension::ALPNTypeValue);

  extension::ALPN back;
  ASSERT_FALSE(back.Unmarshal(raw));
  auto [raw2, err2] = back.Marshal();
  ASSERT_FALSE(err2);
  EXPECT_EQ(raw2, raw);

  for (std::size_t n = 0; n < raw.size(); ++n) {
    extension::ALPN e;
    auto uerr = e.Unmarshal(std::span<const std::uint8_t>(raw).first(n));
    if (n < 2) {
      EXPECT_TRUE(go::errors::Is(uerr, extension::errInvalidExtensionType)) << n;
    } else {
      EXPECT_TRUE(go::errors::Is(uerr, extension::ErrALPNInvalidFormat)) << n;
    }
  }

  // Length fields that disagree with the data.
  for (auto [idx, delta] : std::vector<std::pair<std::size_t, int>>{{3, 1}, {3, -1}, {5, 1}, {5, -1}, {6, 1}, {9, 1}}) {
    auto bad = raw;
    bad[idx] = static_cast<std::uint8_t>(bad[idx] + delta);
    extension::ALPN e;
    EXPECT_TRUE(go::errors::Is(e.Unmarshal(bad), extension::ErrALPNInvalidFormat)) << idx << " " << delta;
  }
  // Empty protocol name and empty list are invalid.
  extension::ALPN e1;
  EXPECT_TRUE(go::errors::Is(e1.Unmarshal(std::vector<std::uint8_t>{0x00, 0x10, 0x00, 0x03, 0x00, 0x01, 0x00}),
                             extension::ErrALPNInvalidFormat));
  extension::ALPN e2;
  EXPECT_TRUE(go::errors::Is(e2.Unmarshal(std::vector<std::uint8_t>{0x00, 0x10, 0x00, 0x02, 0x00, 0x00}),
                             extension::ErrALPNInvalidFormat));
  // Wrong type.
  extension::ALPN e3;
  EXPECT_TRUE(go::errors::Is(e3.Unmarshal(std::vector<std::uint8_t>{0x00, 0x11, 0x00, 0x00}),
                             extension::errInvalidExtensionType));
  EXPECT_NE(go::errors::As<protocol::FatalError>(extension::ErrALPNInvalidFormat), nullptr);

  // A protocol name longer than its 1-byte length prefix cannot be marshalled (cryptobyte error).
  extension::ALPN tooLong;
  tooLong.ProtocolNameList = {std::string(256, 'x')};
  auto [tl, tlErr] = tooLong.Marshal();
  EXPECT_TRUE(tlErr);
  EXPECT_TRUE(tl.empty());
}
